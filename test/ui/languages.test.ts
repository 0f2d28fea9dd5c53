/**
 * Every page of the demo home, of the planted home (test/fixtures/lab-planted.pcap, uploaded) and of the demo
 * home's helper copy exported in English and imported into a second gateway (review mode), and the one-page
 * report, walked in English, Spanish and Brazilian Portuguese in Chromium against the real gateway
 * (issue 15 item 6). In Spanish and Portuguese no English may be left once the names of products and devices,
 * addresses and host names are taken out (english-words.ts says how English is found). In English the same
 * method must find plenty, which shows it can fail.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AccessEntry, AuditExport, AuditView, Device, MdnsData, Observation, SessionInfo } from '../../gateway/contract.ts';
import { buildAuditExport } from '../../gateway/audit/export.ts';
import { kasaEntries } from '../../discovery/access/kasa-local.ts';
import { parseKasaDiscovery } from '../../discovery/access/kasa-discovery.ts';
import { matterEntries } from '../../discovery/access/matter-fabrics.ts';
import { portMappingEntries } from '../../discovery/access/port-mapping-entries.ts';
import { parseShellyGen1 } from '../../discovery/access/shelly-gen1.ts';
import { parseShellyGen2 } from '../../discovery/access/shelly-gen2.ts';
import { tasmotaEntries } from '../../discovery/access/tasmota-info.ts';
import { builtInProfileNames } from '../../device-profiles/load.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { chooseFirstPasscode } from './first-run.ts';
import { startGateway, type GatewayProcess } from './gateway-process.ts';
import { findEnglish, type AllowList } from './english-words.ts';

const PLANTED = new URL('../fixtures/lab-planted.pcap', import.meta.url).pathname;

/** Brands, products and model names that are written the same in every language. */
const PRODUCT_NAMES = [
  'Google Home', 'Home Assistant', 'Apple Home', 'Home Connect', 'Honeywell Home', 'Yale Home', 'Aqara Home', 'Mi Home',
  'Echo Show', 'Echo Dot', 'Fire TV', 'Nest Hub', 'Nest Cam', 'Nest Aware', 'Nest Doorbell', 'Sync Module', 'Stick Up',
  'Apple Watch', 'Galaxy Watch', 'Smart Life', 'Drop In', 'Total Connect Comfort', 'Surveillance Station', 'home check',
  'Chrome Remote Desktop', 'Sonos Voice', 'Owlet Cam', 'Alexa', 'TeamViewer', 'AnyDesk', 'RustDesk', 'HomeSweep',
  'Yale Access', 'Hik-Connect', 'Hubble Connected', 'Ring Alarm', 'Netatmo (Welcome',
];

/**
 * Raw text that issue 15 item 7 (plain words, another branch) replaces: the identification signals
 * ("dhcpHostname:laptop-*") and evidence kind labels. Remove these entries when that work is merged.
 */
/** Raw texts still allowed in the walk (none: issue 15 item 7 made them plain words). */
const RAW_ALLOWED: RegExp[] = [];

/**
 * The demo home with what the quiet access checks (discovery/access/) write on devices, made by those checks'
 * own parsers from device answers: neither the demo nor the planted capture shows any, since the checks ask
 * devices on a live network. Opened on the helper's gateway, so its device pages and report show every kind.
 */
function withAccessEntries(doc: AuditExport): AuditExport {
  const at = doc.audit.startedAt;
  const devices = doc.devices.filter((d) => d.id !== 'unattributed' && !d.isGateway);
  const [a, b, c, d, e] = devices as [Device, Device, Device, Device, Device];
  const add = new Map<string, AccessEntry[]>();
  const put = (dev: Device, entries: AccessEntry[]) => add.set(dev.id, [...(add.get(dev.id) ?? []), ...entries]);
  put(a, kasaEntries({ bound: true, username: 'vecina@example.com', server: 'n-devs.tplinkcloud.com', connected: true }, a.id, at));
  put(a, parseKasaDiscovery(new TextEncoder().encode(JSON.stringify({ result: { owner: '0123456789ABCDEF0123456789ABCDEF' } })), a.id, at));
  put(b, parseShellyGen2({
    config: {
      cloud: { enable: true, server: 'shelly-13-eu.shelly.cloud:6022/jrpc' },
      mqtt: { enable: true, server: 'broker.example.net:1883', user: 'casa7', client_id: 'enchufe-7' },
      ws: { enable: true, server: 'ws://control.example.net/ws' },
      sys: { debug: { udp: { addr: 'logs.example.net:514' } } },
    },
    cloudStatus: { connected: false },
    webhooks: { hooks: [{ enable: true, name: 'entrada', event: 'input.toggle_on', urls: ['https://hooks.example.net/k7'] }, { enable: true, urls: ['https://hooks.example.org/z'] }] },
    scripts: { scripts: [{ name: 'luz_jardin', enable: true, running: false }] },
  }, b.id, at));
  put(c, parseShellyGen1({ cloud: { enabled: true }, mqtt: { enable: false }, relays: [{ btn_on_url: 'http://198.51.100.20/rele/1' }] }, undefined, c.id, at));
  put(c, tasmotaEntries({ version: '13.1.0', mqttHost: 'mqtt.example.com', mqttPort: 8883, mqttUser: 'tas7', mqttClient: 'DVES_7', mqttTopic: 'tasmota_7', mqttEnabled: true }, c.id, at));
  put(d, portMappingEntries({ ...d, portMappings: [
    { protocol: 'TCP', externalPort: 8554, internalClient: d.ips[0] ?? '192.168.1.50', internalPort: 554, enabled: true, description: 'rtsp', remoteHost: '203.0.113.40' },
    { protocol: 'UDP', externalPort: 32100, internalClient: d.ips[0] ?? '192.168.1.50', internalPort: 32100, enabled: false, leaseDuration: 3600 },
  ] }, at));
  const mdns = (dev: Device, instance: string, type: string): Observation<MdnsData> => ({ source: 'mdns', at, ...(dev.mac ? { mac: dev.mac } : {}), ...(dev.ips[0] ? { ip: dev.ips[0] } : {}), data: { instance, type } as MdnsData });
  const shared = '1111222233334444';
  const matter = matterEntries(devices, [
    mdns(d, `${shared}-00000000000000A1._matter._tcp.local`, '_matter._tcp'),
    mdns(e, `${shared}-00000000000000A2._matter._tcp.local`, '_matter._tcp'),
    mdns(e, `99998888AAAABBBB-00000000000000B2._matter._tcp.local`, '_matter._tcp'),
    mdns(e, 'DD11AA22._matterc._udp.local', '_matterc._udp'),
  ]);
  for (const [id, entries] of matter) add.set(id, [...(add.get(id) ?? []), ...entries]);
  return buildAuditExport({
    ...doc,
    audit: { ...doc.audit, id: `${doc.audit.id}-access`, title: 'Casa 7' },
    devices: doc.devices.map((x) => (add.has(x.id) ? { ...x, access: [...(x.access ?? []), ...add.get(x.id)!] } : x)),
  });
}

/** A decimal number written the English way before a unit ("1.2 Mbit/s", "2.5×"): es and pt-BR write "1,2". */
const ENGLISH_DECIMAL = /(?<![\d.])\d+\.\d+(?![\d.])\s?(?:[kMG]bit\/s|[kMG]B\b|×|%)/g;

/** The English-style decimals in `text`, each with a little context. */
function englishDecimals(text: string): string[] {
  return [...text.matchAll(ENGLISH_DECIMAL)].map((m) => `decimal point in … ${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 10)} …`);
}

let gw: GatewayProcess;
let helperGw: GatewayProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The helper's side: a second gateway where the exported copy is opened for review. */
let helperSide: { context: BrowserContext; page: Page };
type Which = 'demo' | 'planted' | 'imported' | 'access';
const audits: { name: Which; id: string; context: BrowserContext; page: Page }[] = [];

/** Every text node of the document, through shadow roots, plus the labels a screen reader says. */
async function allText(p: Page): Promise<string> {
  return p.evaluate(`(function text(n) {
    if (n.nodeType === 3) return n.textContent;
    if (['STYLE', 'SCRIPT', 'TEMPLATE', 'NOSCRIPT'].includes(n.nodeName)) return '';
    let s = '';
    if (n.nodeType === 1) for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (n.getAttribute(a)) s += ' ' + n.getAttribute(a);
    if (n.shadowRoot) s += ' ' + text(n.shadowRoot);
    for (const c of n.childNodes) s += ' ' + text(c);
    return s;
  })(document.documentElement).replace(/\\s+/g, ' ')`) as Promise<string>;
}

async function api<T>(path: string, ctx = context): Promise<T> {
  const res = await ctx.request.get(path);
  if (!res.ok()) throw new Error(`${path}: ${res.status()}`);
  return (await res.json()) as T;
}

/** What may stay as written in an audit: its devices' own names, makers and addresses, and product names. */
async function allowListFor(id: string, ctx = context): Promise<AllowList> {
  const view = await api<AuditView>(`/api/audits/${id}?lang=en`, ctx);
  const strings = new Set<string>(PRODUCT_NAMES);
  for (const d of view.devices) {
    for (const s of [d.displayName, ...d.names, ...d.hostnames, d.vendor, d.id]) if (s) strings.add(s);
    for (const p of d.traffic.peers) if (p.name) strings.add(p.name);
  }
  // A profile's name is a product name where its translations keep it (e.g. "Apple iPhone", "Google Chromecast").
  for (const name of builtInProfileNames().values()) if (name.es === name.en || name['pt-BR'] === name.en) strings.add(name.en);
  strings.add(view.audit.title.replace(/^Capture /, ''));
  return { strings: [...strings], patterns: RAW_ALLOWED };
}

/** The app's pages of one audit: the device list, each device, the checklist and the report view. */
async function pagesOf(id: string, ctx = context): Promise<string[]> {
  const view = await api<AuditView>(`/api/audits/${id}?lang=en`, ctx);
  const base = `/audits/${encodeURIComponent(id)}`;
  return [`${base}/devices`, ...view.devices.map((d) => `${base}/devices/${encodeURIComponent(d.id)}`), `${base}/checklist`, `${base}/report`];
}

/** Opens an app page in `lang` and waits until its audit (or the start page) has been drawn. */
async function visit(path: string, lang: string, p = page): Promise<string> {
  const page = p;
  await page.evaluate((l) => localStorage.setItem('hs-lang', l), lang);
  await page.goto(path);
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
  await page.locator('h1').first().waitFor();
  // The audit loads after the page frame: wait for the text to stop changing.
  let before = '';
  for (let i = 0; i < 50; i++) {
    const now = await allText(page);
    if (now === before && now.length > 200) return now;
    before = now;
    await page.waitForTimeout(100);
  }
  return before;
}

describe('every page in every language (Chromium, real gateway)', () => {
  beforeAll(async () => {
    [gw, helperGw] = await Promise.all([startGateway(), startGateway()]);
    browser = await launchBrowser();
    ({ context, page } = await openPage(browser, gw.url));
    await chooseFirstPasscode(page, 'walk-every-page-7');
    helperSide = await openPage(browser, helperGw.url);
    await chooseFirstPasscode(helperSide.page, 'walk-helper-side-8');
    const session = await api<SessionInfo>('/api/session');
    const headers = { 'X-HomeSweep-CSRF': session.csrf ?? '' };
    const demo = await context.request.post('/api/audits', { data: { kind: 'demo' }, headers });
    expect(demo.status(), await demo.text()).toBe(201);
    audits.push({ name: 'demo', id: ((await demo.json()) as { id: string }).id, context, page });
    const planted = await context.request.post('/api/audits/capture?name=lab-planted.pcap', {
      data: readFileSync(PLANTED),
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      timeout: 120_000,
    });
    expect(planted.status(), await planted.text()).toBe(201);
    audits.push({ name: 'planted', id: ((await planted.json()) as { id: string }).id, context, page });
    // The helper's copy, exported while the page is in English, opened on the helper's gateway for review.
    const copy = await context.request.post(`/api/audits/${encodeURIComponent(audits[0]!.id)}/export`, { data: { redact: 'helper' }, headers });
    expect(copy.status(), await copy.text()).toBe(200);
    const helperSession = await api<SessionInfo>('/api/session', helperSide.context);
    const opened = await helperSide.context.request.post('/api/audits/import', {
      data: await copy.body(),
      headers: { 'X-HomeSweep-CSRF': helperSession.csrf ?? '', 'Content-Type': 'application/json' },
    });
    expect(opened.status(), await opened.text()).toBe(201);
    const imported = (await opened.json()) as { kind: string; audit: { id: string; readOnly: boolean } };
    expect([imported.kind, imported.audit.readOnly]).toEqual(['review', true]);
    audits.push({ name: 'imported', id: imported.audit.id, ...helperSide });
    // The demo home with access entries on its devices, opened on the helper's gateway too.
    const full = await context.request.post(`/api/audits/${encodeURIComponent(audits[0]!.id)}/export`, { data: { redact: 'none' }, headers });
    expect(full.status(), await full.text()).toBe(200);
    const withAccess = withAccessEntries((await full.json()) as AuditExport);
    const accessKinds = new Set(withAccess.devices.flatMap((d) => (d.access ?? []).map((a) => a.kind)));
    expect([...accessKinds].sort()).toEqual(['app', 'broker', 'cloud-account', 'ecosystem', 'port-mapping', 'remote-admin', 'webhook']);
    const openedAccess = await helperSide.context.request.post('/api/audits/import', {
      data: JSON.stringify(withAccess),
      headers: { 'X-HomeSweep-CSRF': helperSession.csrf ?? '', 'Content-Type': 'application/json' },
    });
    expect(openedAccess.status(), await openedAccess.text()).toBe(201);
    audits.push({ name: 'access', id: ((await openedAccess.json()) as { audit: { id: string } }).audit.id, ...helperSide });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([gw?.stop(), helperGw?.stop()]);
  });

  it('finds English in English pages (the check can fail)', async () => {
    const allow = await allowListFor(audits[0]!.id);
    const start = await visit('/', 'en');
    expect(findEnglish(start, allow).length).toBeGreaterThan(20);
    const device = await visit((await pagesOf(audits[0]!.id))[1]!, 'en');
    const words = new Set(findEnglish(device, allow).map((h) => h.word));
    for (const w of ['the', 'and', 'can']) expect(words, `"${w}" on an English device page`).toContain(w);
    // And in the sentences the Spanish page once showed: "asked … for …", "sent 1.2 Mbit/s …", "tiene: camera, mic".
    expect(findEnglish('preguntó: asked 192.168.1.1 for a.b.example.com (A); envió: sent 1.2 Mbit/s; tiene: camera, mic', allow).map((h) => h.word)).toEqual(['asked', 'sent', 'camera']);
    expect(englishDecimals('envió 1.2 Mbit/s a 192.168.1.9, 12,5× lo habitual, 3.4 MB')).toHaveLength(2);
  });

  for (const lang of ['es', 'pt-BR'] as const) {
    it(`leaves no English on the start page in ${lang}`, async () => {
      const allow = await allowListFor(audits[0]!.id);
      const text = await visit('/', lang);
      const planted = await allowListFor(audits[1]!.id);
      expect(findEnglish(text, { strings: [...allow.strings, ...planted.strings], patterns: allow.patterns })).toEqual([]);
    });

    for (const which of ['demo', 'planted', 'imported', 'access'] as const) {
      it(`leaves no English on any page of the ${which} home in ${lang}`, async () => {
        const { id, context: ctx, page: p } = audits.find((a) => a.name === which)!;
        const allow = await allowListFor(id, ctx);
        const found: string[] = [];
        const paths = await pagesOf(id, ctx);
        expect(paths.length).toBeGreaterThan(5);
        let accessShown = 0;
        for (const path of paths) {
          const text = await visit(path, lang, p);
          accessShown += (await p.evaluate(`(function n(r) { let c = r.querySelectorAll('[data-access]').length; for (const e of r.querySelectorAll('*')) if (e.shadowRoot) c += n(e.shadowRoot); return c; })(document)`)) as number;
          for (const h of findEnglish(text, allow)) found.push(`${path}: "${h.word}" in … ${h.context} …`);
          for (const d of englishDecimals(text)) found.push(`${path}: ${d}`);
        }
        if (which === 'demo' && lang === 'pt-BR') {
          await visit(paths[1]!, lang);
          await screenshot(page, `lang-pt-BR-device`);
        }
        // The access fixture's entries are on its device pages (and the walk read them).
        if (which === 'access') expect(accessShown).toBeGreaterThan(12);
        expect(found).toEqual([]);
      }, 120_000);

      it(`writes the one-page report of the ${which} home in ${lang}`, async () => {
        const { id, context: ctx, page: p } = audits.find((a) => a.name === which)!;
        const allow = await allowListFor(id, ctx);
        await p.goto(`/api/audits/${encodeURIComponent(id)}/report?lang=${lang}`);
        expect(await p.evaluate('document.documentElement.lang')).toBe(lang);
        const text = (await p.evaluate('document.body.innerText')) as string;
        expect(text.length).toBeGreaterThan(2000);
        expect([...findEnglish(text, allow).map((h) => `"${h.word}" in … ${h.context} …`), ...englishDecimals(text)]).toEqual([]);
      });
    }
  }

  it('writes the one-page report in English when asked', async () => {
    await page.goto(`/api/audits/${encodeURIComponent(audits[0]!.id)}/report?lang=en`);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    expect(findEnglish((await page.evaluate('document.body.innerText')) as string, await allowListFor(audits[0]!.id)).length).toBeGreaterThan(50);
  });
});

