import { describe, expect, it } from 'vitest';
import { accountErrorPhrase, capabilityWord, categoryWord, deviceLabelText, joinWords, phrase, phraseEvidence, wrapped } from '../../../../gateway/rules/phrases.ts';
import { loadPhrases, PHRASES_FILE } from '../../../../pcap-rules/phrases.ts';
import { CAPABILITIES, CATEGORIES, type Device } from '../../../../gateway/contract.ts';

const device = (over: Partial<Device>): Device => ({
  id: 'mac-aabbccddeeff', mac: 'aa:bb:cc:dd:ee:ff', randomizedMac: false, ips: ['192.168.1.20'], hostnames: [], vendor: undefined,
  names: [], category: 'unknown', capabilities: [], firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: '2026-01-01T00:00:00.000Z',
  traffic: { bytesUp: 0, bytesDown: 0, peers: [] }, ...over,
} as Device);

describe('evidence phrases', () => {
  it('fills a template in every language with the same values', () => {
    const t = phrase('dns-question', { resolver: '192.168.1.1', host: 'relay.example.net', qtype: 'A' });
    expect(t).toEqual({
      en: 'asked 192.168.1.1 for relay.example.net (A)',
      es: 'preguntó a 192.168.1.1 por relay.example.net (A)',
      'pt-BR': 'perguntou a 192.168.1.1 por relay.example.net (A)',
    });
  });

  it('keeps English as the evidence detail', () => {
    const e = phraseEvidence('flow', 'inbound-flow', { ip: '203.0.113.9', remotePort: '40000', port: '554', up: '10', down: '20' });
    expect(e.kind).toBe('flow');
    expect(e.detail).toBe('TCP from 203.0.113.9:40000 to port 554, 10 B sent, 20 B received');
    expect(e.texts['pt-BR']).toBe('TCP de 203.0.113.9:40000 para a porta 554, 10 B enviados, 20 B recebidos');
  });

  it('uses a value given by language in that language', () => {
    const t = phrase('identified', { profile: { en: 'Wyze camera', 'pt-BR': 'Câmera Wyze' } });
    expect(t.en).toBe('identified as Wyze camera');
    expect(t['pt-BR']).toBe('identificado como Câmera Wyze');
    expect(t.es).toBe('identificado como Wyze camera');
  });

  it('builds a line from optional clauses and lists joined by a word of each language', () => {
    const spans = joinWords(
      [phrase('mac-span', { mac: 'aa:aa:aa:aa:aa:aa', first: 't1', last: 't2' }), phrase('mac-span', { mac: 'bb:bb:bb:bb:bb:bb', first: 't3', last: 't4' })],
      wrapped(phrase('then', {}), ', ', ' '),
    );
    const line = phrase('mac-change', { label: 'cam', spans });
    expect(line.en).toBe('cam from aa:aa:aa:aa:aa:aa (t1 to t2), then bb:bb:bb:bb:bb:bb (t3 to t4)');
    expect(line['pt-BR']).toBe('cam a partir de aa:aa:aa:aa:aa:aa (t1 a t2), depois bb:bb:bb:bb:bb:bb (t3 a t4)');
    const mapping = phrase('port-mapping', {
      router: '192.168.1.1', proto: 'TCP', port: '8554', from: wrapped(phrase('port-mapping-from', { host: '203.0.113.5' }), ' '),
      client: '192.168.1.20', internalPort: '554', description: '',
    });
    expect(mapping.en).toBe('router 192.168.1.1 forwards TCP port 8554 from 203.0.113.5 only to 192.168.1.20:554');
    expect(mapping.es).toBe('el router 192.168.1.1 reenvía el puerto TCP 8554 solo desde 203.0.113.5 a 192.168.1.20:554');
  });

  it('refuses an unknown phrase id', () => {
    expect(() => phrase('no-such-phrase', {})).toThrow(/no evidence phrase "no-such-phrase"/);
  });

  it('has a word for every capability and category of the contract, in three languages', () => {
    for (const c of CAPABILITIES) expect(Object.keys(capabilityWord(c)).sort(), c).toEqual(['en', 'es', 'pt-BR']);
    for (const c of CATEGORIES) expect(Object.keys(categoryWord(c)).sort(), c).toEqual(['en', 'es', 'pt-BR']);
    expect(joinWords(['camera', 'mic'].map(capabilityWord))).toEqual({ en: 'camera, mic', es: 'cámara, micrófono', 'pt-BR': 'câmera, microfone' });
  });

  it('has every account-check error message in three languages, with the same placeholders in each', () => {
    const templates = loadPhrases()['account-errors'];
    expect(Object.keys(templates).length).toBeGreaterThan(20);
    for (const [id, t] of Object.entries(templates)) {
      const texts = t as Record<string, string>;
      expect(Object.keys(texts).sort(), id).toEqual(['en', 'es', 'pt-BR']);
      const holes = (x: string) => (x.match(/\{[a-zA-Z]+\}/g) ?? []).sort();
      for (const lang of ['es', 'pt-BR']) {
        expect(texts[lang]!.trim(), `${id} ${lang}`).not.toBe('');
        expect(holes(texts[lang]!), `${id} ${lang}`).toEqual(holes(texts.en!));
      }
    }
    expect(accountErrorPhrase('unreachable', { what: accountErrorPhrase('what-login') })).toEqual({
      en: 'The device could not be reached while reading the login.',
      es: 'No se pudo llegar al dispositivo al leer el inicio de sesión.',
      'pt-BR': 'Não foi possível alcançar o dispositivo ao ler o login.',
    });
    expect(() => accountErrorPhrase('no-such-message')).toThrow(/no account-errors phrase "no-such-message"/);
  });

  it('names a device by its profile name in each language, else by its category word', () => {
    const names = (id: string) => (id === 'wyze.camera' ? { en: 'Wyze camera', es: 'Cámara Wyze', 'pt-BR': 'Câmera Wyze' } : undefined);
    const cam = device({ names: ['Porch'], profile: { id: 'wyze.camera', name: 'Wyze camera', confidence: 0.9, matchedBy: [] } });
    expect(deviceLabelText(cam, 'a device', names)).toEqual({ en: 'Wyze camera "Porch"', es: 'Cámara Wyze "Porch"', 'pt-BR': 'Câmera Wyze "Porch"' });
    expect(deviceLabelText(device({ category: 'computer' }), 'a device')['pt-BR']).toBe('computador aa:bb:cc:dd:ee:ff');
    expect(deviceLabelText(undefined, '10.0.0.9')).toEqual({ en: '10.0.0.9' });
  });

  // The one place a device is named in a sentence: the English text is what the CLI prints (motion-test).
  it.each([
    ['profile and name', { names: ['Porch'], profile: { id: 'a.b', name: 'Wyze camera', confidence: 1, matchedBy: [] } }, 'Wyze camera "Porch"', 'Wyze camera "Porch"'],
    ['hostname only', { hostnames: ['IPCAM'], category: 'camera' as const }, 'camera "IPCAM"', 'câmera "IPCAM"'],
    ['an address name is no name', { names: ['3e:8a:00:11:22:33@fe80::1'], hostnames: ['Janes-iPhone'], category: 'phone' as const }, 'phone "Janes-iPhone"', 'celular "Janes-iPhone"'],
    ['nothing but a MAC', {}, 'device aa:bb:cc:dd:ee:ff', 'dispositivo aa:bb:cc:dd:ee:ff'],
  ])('labels a device: %s', (_what, d, en, pt) => {
    const label = deviceLabelText(device(d as Partial<Device>), '192.168.1.9');
    expect(label.en).toBe(en);
    expect(label['pt-BR'] ?? label.en).toBe(pt);
  });

  it('reports a phrases file with a missing category word, naming the file and the field', async () => {
    const { writeFileSync, mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const bad = join(mkdtempSync(join(tmpdir(), 'hs-phrases-')), 'phrases.yaml');
    writeFileSync(bad, readFileSync(PHRASES_FILE, 'utf8').replace(/^  printer: .*\n/m, ''));
    expect(() => loadPhrases(bad)).toThrow(`${bad}: categories.printer:`);
  });
});
