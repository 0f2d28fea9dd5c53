/** Through the HTTP API, as the page reads it: a device's hint comes back in words in the asked language (issue 12). */
import { describe, expect, it } from 'vitest';
import type { AuditView } from '../../../gateway/contract.ts';
import { device, smallAudit } from '../audit/small-audit.ts';
import { client, makeHarness } from './app-harness.ts';

describe('GET /api/audits/:id with a hinted device', () => {
  it('gives hintText in English, Spanish and Brazilian Portuguese', async () => {
    const h = await makeHarness();
    const c = client(h);
    await c.call('POST', '/api/setup', { passcode: 'a passcode here' });
    const hinted = device('aa:bb:cc:00:00:09', {
      category: 'unknown', capabilities: [], ips: ['192.168.1.29'],
      hint: { category: 'camera', level: 'possible', confidence: 0.6, reasons: [{ kind: 'protocol', detail: 'rtsp-554' }] },
    });
    const doc = smallAudit({ devices: [hinted], findings: [], checklist: [] });
    const imp = await c.call('POST', '/api/audits/import', new TextEncoder().encode(JSON.stringify(doc)));
    expect(imp.status).toBe(201);
    const text = async (lang: string) => ((await c.call('GET', `/api/audits/${doc.audit.id}?lang=${lang}`)).json as AuditView).devices[0]!.hintText;
    expect(await text('en')).toBe('Could be a camera: it serves a video stream (RTSP) on port 554');
    expect(await text('es')).toBe('Podría ser una cámara: sirve un flujo de vídeo (RTSP) en el puerto 554');
    expect(await text('pt-BR')).toBe('Pode ser uma câmera: ele serve um fluxo de vídeo (RTSP) na porta 554');
  });
});
