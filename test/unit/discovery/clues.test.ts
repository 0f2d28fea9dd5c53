/**
 * The clue engine over the built-in knowledge (device-profiles/knowledge/): model-number series, brand lexicon,
 * cloud domains, name keywords, protocol facts and upload behaviour, each table-driven; and how clues join the
 * profile identification (a brand profile wins, a device no profile names gets a category or a "could be").
 */
import { describe, expect, it } from 'vitest';
import type { DhcpData, MdnsData, SsdpData } from '../../../gateway/contract.ts';
import { compileModelPattern } from '../../../device-profiles/knowledge.ts';
import { loadProfiles } from '../../../device-profiles/load.ts';
import { createClueMatcher, nameTokens, registeredDomain } from '../../../discovery/clues.ts';
import { createIdentifier, type DeviceEvidence } from '../../../discovery/identify.ts';
import { describeHint } from '../../../gateway/audit/hint-text.ts';

const library = loadProfiles();
const clues = library.clues!;
const match = createClueMatcher(clues);
const identify = createIdentifier(library);

function ev(over: Partial<DeviceEvidence> = {}): DeviceEvidence {
  return { hostnames: [], dhcp: [], mdns: [], ssdp: [], domains: [], ports: [], ...over };
}
const host = (hostname: string): Partial<DeviceEvidence> => ({ dhcp: [{ hostname } as DhcpData] });
const ssdpModel = (modelName: string, manufacturer?: string): Partial<DeviceEvidence> => ({
  ssdp: [{ kind: 'response', description: { modelName, ...(manufacturer ? { manufacturer } : {}) } } as SsdpData],
});

describe('knowledge', () => {
  it('loads without problems', () => {
    expect(library.problems).toEqual([]);
    expect(clues.models.size).toBeGreaterThan(10);
  });
});

describe('model patterns', () => {
  it.each([
    ['DS-2CD#*', 'DS-2CD2142FWD-I', true],
    ['DS-2CD#*', 'DS-2CDX', false],
    ['C#00', 'C200', true],
    ['C#00', 'C2000', false],
    ['RLC-#*', 'RLC-510A', true],
    ['Tapo?C#*', 'Tapo_C310', true],
    ['AXIS M####*', 'AXIS M3106-L', true],
  ])('%s on %s → %s', (pattern, text, want) => {
    const re = compileModelPattern(pattern);
    re.lastIndex = 0;
    expect(re.test(text)).toBe(want);
  });
});

describe('clues from names', () => {
  it.each([
    ['model series in a DHCP name', host('DS-2CD2142FWD-I'), 'camera', 'Hikvision', 'model'],
    ['model series in an SSDP model name', ssdpModel('IPC-HFW2431S-S-S2', 'General'), 'camera', 'Dahua', 'model'],
    ['doorbell series', ssdpModel('DS-KB6003-WIP'), 'doorbell', 'Hikvision', 'model'],
    ['plug series', host('HS110'), 'smart-plug', 'TP-Link Kasa', 'model'],
    ['thermostat series', ssdpModel('RTH9585WF'), 'thermostat', 'Honeywell', 'model'],
    ['router series', host('RT-AX88U-1A2B'), 'router', 'ASUS', 'model'],
    ['brand that makes one kind', host('reolinkfrontyard'), 'camera', 'Reolink', 'brand'],
    ['parent company of a lock brand', host('Allegion-7f2a'), 'lock', 'Allegion', 'brand'],
    ['white-label lock platform', host('TTLock-Gateway'), 'lock', 'TTLock (Sciener)', 'brand'],
    ['keyword, English', host('frontdoorcam'), 'camera', undefined, 'keyword'],
    ['keyword, Spanish', host('cerradura-entrada'), 'lock', undefined, 'keyword'],
    ['keyword, Portuguese', host('fechadura-porta'), 'lock', undefined, 'keyword'],
    ['keyword, French', host('serrure-porte'), 'lock', undefined, 'keyword'],
    ['keyword, German', host('Haustuer-Schloss'), 'lock', undefined, 'keyword'],
    ['keyword, Spanish plug', host('enchufe-salon'), 'smart-plug', undefined, 'keyword'],
    ['keyword, Portuguese plug', host('tomada-sala'), 'smart-plug', undefined, 'keyword'],
    ['keyword in camel case', host('BackYardCam'), 'camera', undefined, 'keyword'],
    ['description in words (zigbee2mqtt)', { descriptions: ['Smart door lock with keypad'] }, 'lock', undefined, 'keyword'],
  ] as const)('%s', (_label, over, category, maker, kind) => {
    const r = match(ev(over as Partial<DeviceEvidence>));
    expect(r?.category).toBe(category);
    expect(r?.maker).toBe(maker);
    expect(r?.reasons[0]?.kind).toBe(kind);
  });

  it('a word inside another word does not count ("clock" is no lock, "scamp" no camera)', () => {
    expect(match(ev(host('kitchen-clock')))?.category).not.toBe('lock');
    expect(match(ev(host('scamp')))).toBeNull();
  });

  it('splits names into words and camel-case parts', () => {
    expect(nameTokens('Front-DoorCam_01')).toEqual(expect.arrayContaining(['front', 'doorcam', 'door', 'cam', '01']));
    expect(nameTokens('Cámara-Jardín')).toEqual(['cámara', 'jardín']);
  });

  it('a brand of several kinds names the maker but only hints its first kind', () => {
    const r = match(ev(host('tapo-device')))!;
    expect(r.maker).toBe('Tapo');
    expect(r.score).toBeLessThan(clues.categoryAt);
  });
});

describe('clues from clouds, MAC makers and protocols', () => {
  it.each([
    ['cloud of a white-label camera platform', { domains: ['p2p.gwell.cc'] }, 'camera', 'Gwell (Yoosee)'],
    ['cloud of a lock platform', { domains: ['api.ttlock.com'] }, 'lock', 'TTLock (Sciener)'],
    ['MAC registered to a camera maker', { mac: '44:19:b6:00:00:01', vendor: 'Hangzhou Hikvision Digital Technology Co.,Ltd.' }, 'camera', 'Hikvision'],
    ['UPnP internet gateway', { ssdp: [{ kind: 'notify', nt: 'urn:schemas-upnp-org:device:InternetGatewayDevice:1' } as SsdpData] }, 'router', undefined],
    ['UPnP media renderer', { ssdp: [{ kind: 'notify', nt: 'urn:schemas-upnp-org:device:MediaRenderer:1' } as SsdpData] }, 'tv-streamer', undefined],
    ['mDNS RTSP', { mdns: [{ type: '_rtsp._tcp', instance: 'x._rtsp._tcp.local' } as MdnsData] }, 'camera', undefined],
    ['serves RTSP on 554', { ports: [{ proto: 'tcp', port: 554, direction: 'in' }] }, 'camera', undefined],
    ['P2P camera protocol', { ports: [{ proto: 'udp', port: 32100, direction: 'out' }] }, 'camera', undefined],
    ['TUTK/Kalay', { ports: [{ proto: 'udp', port: 32761, direction: 'out' }] }, 'camera', undefined],
    ['Xiongmai port', { ports: [{ proto: 'tcp', port: 34567, direction: 'in' }] }, 'camera', undefined],
  ] as const)('%s', (_label, over, category, maker) => {
    const r = match(ev(over as Partial<DeviceEvidence>));
    expect(r?.category).toBe(category);
    expect(r?.maker).toBe(maker);
  });

  it('a site no cloud lists names its owner by its registered name, only on a device that talks to few sites', () => {
    // Annke is in the brand lexicon (brands.yaml), not in the cloud list.
    expect(clues.clouds.has('annke.com')).toBe(false);
    const one = match(ev({ domains: ['apis.annke.com.', 'ntp.pool.org'] }))!;
    expect(one.category).toBe('camera');
    expect(one.maker).toBe('Annke');
    expect(one.reasons[0]).toEqual({ kind: 'cloud', detail: 'annke.com', maker: 'Annke' });
    expect(match(ev({ domains: ['cdn.annke.co.uk'] }))?.maker).toBe('Annke');
    // A phone or computer visits dozens of sites: one maker's site among them says nothing.
    const many = Array.from({ length: clues.siteMaxSites }, (_, i) => `www.site${i}.example`);
    expect(match(ev({ domains: [...many, 'www.annke.com'] }))).toBeNull();
    expect(match(ev({ domains: ['www.notabrandword.com'] }))).toBeNull();
  });

  it('a site named with a word added to the maker\'s name ("my…", "…cloud") still names the maker', () => {
    expect(clues.clouds.has('myannke.com')).toBe(false);
    expect(match(ev({ domains: ['api.myannke.com'] }))?.maker).toBe('Annke');
    expect(match(ev({ domains: ['annkecloud.net'] }))?.maker).toBe('Annke');
    expect(match(ev({ domains: ['www.getannkecloud.io'] }))?.maker).toBe('Annke');
    // At least four letters must remain: "my" + "tv" is no brand "tv".
    expect(match(ev({ domains: ['www.mynotabrand.com'] }))).toBeNull();
  });

  it('a word in the name of a service the device talks to is a "could be"; a brand of the same kind makes it likely', () => {
    const alone = match(ev({ domains: ['camera-api.example-iot.com', 'p2p.camera.example-iot.com'] }))!;
    expect(alone.category).toBe('camera');
    // One registered domain is one piece of evidence, however many of its names say "camera".
    expect(alone.score).toBe(clues.serviceWeight);
    expect(alone.reasons[0]!.kind).toBe('service');
    expect(identify(ev({ domains: ['camera-api.example-iot.com'] })).category).toBe('unknown');
    expect(identify(ev({ domains: ['camera-api.example-iot.com'] })).hint?.level).toBe('possible');
    // A camera brand's site outweighs a lock word in another service's name.
    expect(match(ev({ domains: ['lock.example-iot.com', 'x.annke.com'] }))?.category).toBe('camera');
    expect(match(ev({ domains: ['lock.example-iot.com', 'x.annke.com'] }))?.score).toBeCloseTo(clues.cloudWeight);
    // Whole words only: "clock", "padlocked", "webcamtoy" and sockets say nothing.
    expect(match(ev({ domains: ['clock.example.com', 'socket.example.org', 'www.webcamtoy.com'] }))).toBeNull();
    expect(describeHint(identify(ev({ domains: ['camera-api.example-iot.com'] })).hint!, clues)).toBe(
      'Could be a camera: it talks to camera-api.example-iot.com, a service named for this kind of device',
    );
  });

  it.each([
    ['signal.mydlink.com', 'mydlink.com', 'mydlink'],
    ['api.example.co.uk', 'example.co.uk', 'example'],
    ['a.b.u-tec.com', 'u-tec.com', 'utec'],
    ['example.de', 'example.de', 'example'],
  ])('registered domain of %s', (host, domain, label) => {
    expect(registeredDomain(host)).toEqual({ domain, label });
  });

  it.each(['192.168.1.20', 'localhost', 'co.uk', 'fe80::1'])('no registered domain for %s', (host) => {
    expect(registeredDomain(host)).toBeNull();
  });

  it('a steady video-like upload is a "could be a camera"; a small or two-way one is not', () => {
    const video = match(ev({ upload: { bytesUp: 1_000_000 * 120 / 8, bytesDown: 100_000, seconds: 120 } }))!;
    expect(video.category).toBe('camera');
    expect(video.score).toBeGreaterThanOrEqual(clues.hintAt);
    expect(video.score).toBeLessThan(clues.categoryAt);
    expect(video.reasons[0]).toEqual({ kind: 'upload', detail: '1.0 Mbit/s' });
    expect(match(ev({ upload: { bytesUp: 10_000, bytesDown: 0, seconds: 120 } }))).toBeNull();
    expect(match(ev({ upload: { bytesUp: 15_000_000, bytesDown: 15_000_000, seconds: 120 } }))).toBeNull();
    expect(match(ev({ upload: { bytesUp: 15_000_000, bytesDown: 0, seconds: 20 } }))).toBeNull();
  });

  it('two clues from one name count once; clues from different evidence add up', () => {
    const one = match(ev(host('reolink-cam')))!;
    const two = match(ev({ ...host('reolink-cam'), ports: [{ proto: 'tcp', port: 554, direction: 'in' }] }))!;
    expect(one.score).toBeCloseTo(0.7, 5);
    expect(two.score).toBeCloseTo(1 - 0.3 * 0.4, 5);
  });
});

describe('identification with clues', () => {
  it('a brand profile wins and gets no hint', () => {
    const r = identify(ev(host('RingStickUpCam-1a2b')));
    expect(r.profile?.id).toBe('ring.camera');
    expect(r.hint).toBeUndefined();
  });

  it('a vendor\'s shared cloud alone names the kind weakly: its domains count once, at half a domain\'s weight', () => {
    const r = identify(ev({ domains: ['fw.ring.com', 'api.ring.com', 'es.ring.com'] }));
    expect(r.category).toBe('doorbell');
    expect(r.profile?.confidence).toBeCloseTo(0.3);
    expect(r.profile?.matchedBy).toEqual(['shared:domains:ring.com']);
    // A product's own domain still counts in full.
    expect(identify(ev({ domains: ['camera.home.nest.com', 'wyzecam.com'] })).profile?.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('a weak brand profile gives way to clues that say another kind; clues that agree join it', () => {
    const other = identify(ev({ domains: ['fw.ring.com'], ...host('Front-Door-Lock') }));
    expect(other.category).toBe('lock');
    expect(other.profile).toBeUndefined();
    expect(other.hint).toMatchObject({ category: 'lock', level: 'likely' });
    const same = identify(ev({ domains: ['fw.ring.com'], ...host('porch-doorbell') }));
    expect(same.profile?.id).toBe('ring.doorbell');
    expect(same.hint).toMatchObject({ category: 'doorbell' });
    // A strong profile is not second-guessed by a name.
    expect(identify(ev({ ...host('RingStickUpCam-1a2b'), domains: ['fw.ring.com'] })).profile?.id).toBe('ring.camera');
    expect(identify(ev({ ...host('RingStickUpCam-1a2b'), domains: ['fw.ring.com'] })).hint).toBeUndefined();
  });

  it('a device named only by its model series is given the category, with the maker', () => {
    const r = identify(ev(host('DS-2CD2142FWD-I')));
    expect(r).toMatchObject({ category: 'camera', hint: { level: 'likely', maker: 'Hikvision', category: 'camera' } });
    expect(r.capabilities).toEqual(expect.arrayContaining(['camera', 'mic']));
    expect(r.profile).toBeUndefined();
  });

  it('a device with a weak clue stays unknown and says what it could be', () => {
    const r = identify(ev({ upload: { bytesUp: 15_000_000, bytesDown: 0, seconds: 120 } }));
    expect(r.category).toBe('unknown');
    expect(r.hint).toMatchObject({ category: 'camera', level: 'possible' });
  });

  it('a kind-only profile keeps its category and gains the clues that agree', () => {
    const r = identify(ev({ ...host('lorex-garden'), ports: [{ proto: 'tcp', port: 554, direction: 'in' }] }));
    expect(r.category).toBe('camera');
    expect(r.profile?.id).toBe('generic.rtsp-camera');
    expect(r.hint?.maker).toBe('Lorex');
  });

  it('a generated profile identifies a brand no hand-written profile covers, with its category checklist', () => {
    const r = identify(ev({ mdns: [{ type: '_http._tcp', instance: 'LOQED-1234._http._tcp.local' } as MdnsData] }));
    expect(r.category).toBe('lock');
    const p = library.profiles.find((x) => x.id === r.profile?.id)!;
    expect(p.generated).toBe(true);
    expect(p.checklist.map((s) => s.id)).toEqual(['category-lock-access']);
  });
});

describe('hint texts', () => {
  const hint = { category: 'camera' as const, level: 'possible' as const, confidence: 0.6, reasons: [{ kind: 'protocol' as const, detail: 'rtsp-554' }] };
  it.each([
    ['en', 'Could be a camera: it serves a video stream (RTSP) on port 554'],
    ['es', 'Podría ser una cámara: sirve un flujo de vídeo (RTSP) en el puerto 554'],
    ['pt-BR', 'Pode ser uma câmera: ele serve um fluxo de vídeo (RTSP) na porta 554'],
  ])('%s', (lang, text) => {
    expect(describeHint(hint, clues, lang)).toBe(text);
  });

  it('names the maker and fills model, cloud and upload reasons', () => {
    const text = describeHint({ category: 'lock', level: 'likely', confidence: 0.8, maker: 'TTLock (Sciener)', reasons: [
      { kind: 'cloud', detail: 'api.ttlock.com', maker: 'TTLock (Sciener)' }, { kind: 'upload', detail: '1.2 Mbit/s' }] }, clues, 'en');
    expect(text).toBe('Probably a smart lock by TTLock (Sciener): it talks to api.ttlock.com, a cloud service of TTLock (Sciener); it sends a steady 1.2 Mbit/s to the internet, like a video stream');
  });
});

describe('brand names inside longer words', () => {
  it.each([
    ['reolinkcam', 'Reolink'],
    ['hikvisionnvr', 'Hikvision'],
    ['brothers-laptop', undefined],
    ['augusto-pc', undefined],
  ])('%s → maker %s', (name, maker) => {
    expect(match(ev(host(name)))?.maker).toBe(maker);
  });
});

describe('a profile that names only the maker', () => {
  it('keeps the maker and takes the kind from the clues', () => {
    const r = identify(ev({ mac: '10:5a:17:00:00:01', vendor: 'Tuya Smart Inc.', ...host('enchufe-cocina') }));
    expect(r.profile?.id).toBe('tuya.ha-tuya');
    expect(r.category).toBe('smart-plug');
    expect(r.hint?.reasons[0]?.kind).toBe('keyword');
  });
});

describe('clues from the generated catalogue tables', () => {
  // Tables of invented names, so the tests say what the engine does whatever the committed tables hold.
  const generated = {
    nameFactor: 1,
    words: new Map([['zorbit', { category: 'smart-light' as const, weight: 0.8 }], ['quiet', { category: 'sensor' as const, weight: 0.4 }]]),
    brands: new Map([['quuxcorp', { maker: 'Quux Corp', category: 'lock' as const, weight: 0.9 }]]),
    models: new Map([['qxlk', { maker: 'Quux Corp', category: 'lock' as const, weight: 0.85 }]]),
  };
  const k = { ...clues, generated };
  const m = createClueMatcher(k);
  const id = createIdentifier({ ...library, clues: k });

  it.each([
    ['a word', host('zorbit-12'), 'smart-light', undefined, 'keyword'],
    ['a brand', host('quuxcorp'), 'lock', 'Quux Corp', 'brand'],
    ['a brand at the start of a longer word', host('quuxcorpfront'), 'lock', 'Quux Corp', 'brand'],
    ['a model-number stem', ssdpModel('QXLK-200'), 'lock', 'Quux Corp', 'model'],
    ['the MAC maker', { vendor: 'QuuxCorp Inc.' }, 'lock', 'Quux Corp', 'oui'],
  ] as const)('%s', (_what, over, category, maker, kind) => {
    const r = m(ev(over));
    expect(r?.category).toBe(category);
    expect(r?.maker).toBe(maker);
    expect(r?.reasons[0]?.kind).toBe(kind);
  });

  it('a brand key inside a word needs three more characters', () => {
    expect(m(ev(host('quuxcorpab')))).toBeNull();
  });

  it('say nothing for a name the hand-written knowledge already reads', () => {
    // "cam" is a hand-written keyword: the generated word in the same name is not counted.
    const r = m(ev(host('zorbit-cam')));
    expect(r?.category).toBe('camera');
    expect(r?.score).toBe(clues.keywordWeight);
  });

  it('combine with other evidence by the same noisy-or', () => {
    const r = m(ev({ ...host('quuxcorp'), ...ssdpModel('QXLK-200') }));
    expect(r?.category).toBe('lock');
    expect(r?.score).toBeCloseTo(1 - 0.1 * 0.15, 3);
  });

  it('give a category at categoryAt, and only a "could be" below it', () => {
    expect(id(ev(host('zorbit-12')))).toMatchObject({ category: 'smart-light', hint: { level: 'likely' } });
    expect(id(ev(host('quiet-12')))).toMatchObject({ category: 'unknown', hint: { category: 'sensor', level: 'possible' } });
  });

  it.each([
    ['en', 'Probably a smart lock by Quux Corp: the name “quuxcorp” names the maker Quux Corp'],
    ['es', 'Probablemente una cerradura inteligente de Quux Corp: el nombre «quuxcorp» indica el fabricante Quux Corp'],
    ['pt-BR', 'Provavelmente uma fechadura inteligente de Quux Corp: o nome “quuxcorp” indica o fabricante Quux Corp'],
  ])('are explained in %s like the hand-written clues', (lang, text) => {
    const hint = id(ev(host('quuxcorp'))).hint!;
    expect(describeHint(hint, k, lang)).toBe(text);
  });

  it('names on the network scale the weights by the transfer factor; descriptions in words do not', () => {
    const scaled = createClueMatcher({ ...clues, generated: { ...generated, nameFactor: 0.5 } });
    expect(scaled(ev(host('zorbit-12')))?.score).toBeCloseTo(0.4, 3);
    expect(scaled(ev({ descriptions: ['Zorbit ceiling unit'] }))?.score).toBeCloseTo(0.8, 3);
    expect(scaled(ev({ vendor: 'QuuxCorp Inc.' }))?.score).toBeCloseTo(0.45, 3);
  });

  it('the committed tables load with the knowledge', () => {
    expect(clues.generated.words.size).toBeGreaterThan(20);
    expect(clues.generated.brands.size).toBeGreaterThan(20);
    expect(clues.generated.models.size).toBeGreaterThan(5);
    expect(clues.generated.nameFactor).toBeGreaterThan(0);
    expect(clues.generated.nameFactor).toBeLessThanOrEqual(1);
  });

  it('a zigbee2mqtt description in the catalogue\'s words is read at the catalogue\'s weight', () => {
    const plug = clues.generated.words.get('socket');
    expect(plug?.category).toBe('smart-plug');
    expect(match(ev({ descriptions: ['Zigbee wall socket'] }))?.category).toBe('smart-plug');
  });
});
