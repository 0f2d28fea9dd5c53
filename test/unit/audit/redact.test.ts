import { beforeAll, describe, expect, it } from 'vitest';
import { isIP } from 'node:net';
import type { AuditExport } from '../../../gateway/contract.ts';
import { redactAudit } from '../../../gateway/audit/redact.ts';
import { homeNameSuffixes, loadRules } from '../../../pcap-rules/load.ts';
import { parseAuditDocument } from '../../../gateway/audit/schema.ts';
import { analyzeLabCapture, HOUSEHOLD_NAMES, withHousehold } from './fixture-audit.ts';

let original: AuditExport;
let redacted: AuditExport;
let text: string;

beforeAll(() => {
  original = withHousehold(analyzeLabCapture());
  redacted = redactAudit(original, 'helper', { personalNames: ['Jorge'] });
  text = JSON.stringify(redacted);
});

/** Every IP address written anywhere in the original document. */
function originalIps(doc: AuditExport): string[] {
  const found = new Set<string>();
  for (const d of doc.devices) {
    d.ips.forEach((ip) => found.add(ip));
    d.traffic.peers.forEach((p) => p.ip !== '*' && found.add(p.ip));
  }
  for (const m of JSON.stringify(doc).matchAll(/\d{1,3}(?:\.\d{1,3}){3}/g)) if (isIP(m[0])) found.add(m[0]);
  return [...found];
}

describe('redactAudit helper level on a real analysed capture', () => {
  it('is a valid export with a new, correct digest', () => {
    expect(redacted.digest).not.toBe(original.digest);
    expect(() => parseAuditDocument(text)).not.toThrow();
  });

  it('leaves no original MAC address in any spelling', () => {
    const macs = original.devices.flatMap((d) => (d.mac ? [d.mac] : []));
    expect(macs.length).toBeGreaterThan(10);
    const low = text.toLowerCase();
    for (const mac of macs) {
      for (const form of [mac, mac.replace(/:/g, '-'), mac.replace(/:/g, '')]) expect(low, form).not.toContain(form);
    }
  });

  it('leaves no MAC fragment that vendors put into device names', () => {
    const low = text.toLowerCase();
    for (const d of original.devices) if (d.mac) expect(low, d.mac).not.toContain(d.mac.replace(/:/g, '').slice(6));
  });

  it('leaves no original IP address (IPv4 and IPv6)', () => {
    const ips = originalIps(original);
    expect(ips.length).toBeGreaterThan(30);
    for (const ip of ips) {
      const re = new RegExp(`(?<![\\d.:a-f])${ip.replace(/[.]/g, '\\.')}(?![\\d:a-f]|\\.\\d)`, 'i');
      expect(re.test(text), ip).toBe(false);
    }
  });

  it('leaves no personal name, account e-mail or user name', () => {
    for (const n of [...HOUSEHOLD_NAMES, 'lucia.garcia']) expect(text.toLowerCase(), n).not.toContain(n.toLowerCase());
  });

  it('turns owners names in device names into the plain device name', () => {
    const names = redacted.devices.flatMap((d) => [...d.names, ...d.hostnames]);
    expect(names).toContain('Galaxy S21');
    expect(names).toContain('Galaxy-S21');
    expect(names).toContain('iPhone');
  });

  it('gives each device one pseudonym used everywhere, including inside findings and evidence', () => {
    const ids = new Set(redacted.devices.map((d) => d.id));
    expect(ids.size).toBe(original.devices.length);
    for (const f of redacted.findings) if (f.device) expect(ids.has(f.device), f.device).toBe(true);
    for (const c of redacted.checklist) if (c.device) expect(ids.has(c.device)).toBe(true);
    const i = original.devices.findIndex((d) => d.category === 'camera');
    const cam = redacted.devices[i]!;
    expect(cam.id).toBe(`mac-${cam.mac!.replace(/:/g, '')}`);
    const live = redacted.findings.find((f) => f.rule === 'HS-STREAM-0002')!;
    expect(live.device).toBe(cam.id);
    expect(live.summary).toContain(`(${cam.mac}, ${cam.ips[0]})`);
    // Upper-case and dash spellings of the same MAC get the same stand-in, in their own spelling.
    expect(live.evidence[0]!.detail).toContain(cam.mac!.toUpperCase());
    expect(live.evidence[0]!.detail).toContain(cam.mac!.replace(/:/g, '-'));
    const note = redacted.checklist.find((c) => c.id === 'check-ring-shared')!.note!;
    expect(note).toBe(`The camera was at ${cam.ips[0]} and answered from ${cam.mac}.`);
    // A peer IP named in evidence is the same stand-in as in the device's traffic table.
    const v380 = redacted.devices[original.devices.findIndex((d) => d.hostnames.includes('IPCAM'))]!;
    const push = v380.traffic.peers.find((p) => p.name === 'push.av380.net')!;
    const flow = redacted.findings.find((f) => f.device === v380.id && f.summary.includes('port 34567'))!;
    expect(flow.evidence[0]!.detail).toContain(`(${push.ip})`);
  });

  it('keeps the findings understandable: same rules, titles, advice and services named', () => {
    expect(redacted.findings.map((f) => [f.rule, f.severity, f.title, f.advice, f.count])).toEqual(
      original.findings.map((f) => [f.rule, f.severity, f.title, f.advice, f.count]),
    );
    expect(redacted.findings.some((f) => f.summary.includes('p2p1.av380.net'))).toBe(true);
    expect(redacted.findings.some((f) => f.summary.includes('"Galaxy S21"'))).toBe(true);
  });

  it('moves every time by the same amount so the audit starts on the hour', () => {
    expect(redacted.audit.startedAt).toMatch(/T\d\d:00:00\.000Z$/);
    const shift = Date.parse(original.audit.startedAt) - Date.parse(redacted.audit.startedAt);
    expect(shift).toBeGreaterThan(0);
    expect(shift).toBeLessThan(3_600_000);
    expect(Date.parse(redacted.audit.endedAt!) - Date.parse(redacted.audit.startedAt)).toBe(Date.parse(original.audit.endedAt!) - Date.parse(original.audit.startedAt));
    original.findings.forEach((f, i) => {
      expect(Date.parse(f.firstSeen) - Date.parse(redacted.findings[i]!.firstSeen)).toBe(shift);
    });
    // Times of day inside summaries move too.
    const live = redacted.findings.find((f) => f.rule === 'HS-STREAM-0002')!;
    const clock = (hms: string) => new Date(Date.parse(`1970-01-01T${hms}Z`) - shift).toISOString().slice(11, 19);
    expect(live.summary).toContain(`(${clock('19:25:03')} to ${clock('19:27:13')} UTC)`);
    expect(live.summary).toContain('130 seconds');
  });

  it('masks account names in access entries and replaces comment authors', () => {
    const iphone = redacted.devices.at(-1)!;
    expect(iphone.access![0]!.label).toBe('Signed in to the Apple account ***@example.com');
    expect(iphone.access![1]!.label).toBe('Home Assistant user ***');
    expect(redacted.comments.map((c) => c.author)).toEqual(['person 1', 'advocate']);
    expect(redacted.comments[0]!.target.id).toBe(redacted.devices[original.devices.findIndex((d) => d.category === 'camera')]!.id);
    // The comment on a finding still points at that finding's (new) id.
    expect(redacted.findings.some((f) => f.id === redacted.comments[1]!.target.id)).toBe(true);
  });

  it('says what was done, and does not change the original', () => {
    expect(redacted.redactions.join(' ')).toMatch(/MAC addresses replaced/);
    expect(redacted.redactions.join(' ')).toMatch(/Personal names removed/);
    expect(JSON.stringify(original)).toContain("Maria's Galaxy S21");
  });

  it('level none returns the same document', () => {
    const same = redactAudit(original, 'none');
    expect(same).toEqual(original);
  });
});

describe('redactAudit: names that lead to the home, and a copy that is already redacted', () => {
  const SUFFIXES = homeNameSuffixes(loadRules().rules);
  const withDdns = (doc: AuditExport): AuditExport => ({
    ...doc,
    findings: doc.findings.map((f, i) => (i === 0 ? { ...f, summary: `${f.summary} It looked up homecam-4821.duckdns.org and www.duckdns.org.`, evidence: [{ at: f.firstSeen, kind: 'dns', detail: 'asked 10.0.0.1 for HomeCam-4821.DuckDNS.org (A)' }] } : f)),
  });

  it('takes the dynamic-DNS list from the rules marked hostsLeadHome', () => {
    expect(SUFFIXES).toContain('duckdns.org');
    expect(SUFFIXES).toContain('ngrok.io');
  });

  it('replaces a dynamic-DNS name by one stand-in under the same service, and keeps the service\'s own site', () => {
    const out = JSON.stringify(redactAudit(withDdns(original), 'helper', { homeNameSuffixes: SUFFIXES }));
    expect(out.toLowerCase()).not.toContain('homecam-4821');
    expect(out).toContain('[home-1].duckdns.org and www.duckdns.org');
    expect(out).toContain('for [home-1].DuckDNS.org (A)');
    expect(out).toContain('Names that lead to this home');
  });

  it('does not redact a helper copy again: ids, comment authors and times stay as they are', () => {
    const once = redactAudit(original, 'helper', { homeNameSuffixes: SUFFIXES });
    const reviewed = { ...once, comments: [...once.comments, { id: 'c-helper', at: once.audit.startedAt, author: 'Ana López', target: { kind: 'device' as const, id: once.devices[0]!.id }, text: 'Ask who set this up.' }] };
    const twice = redactAudit(reviewed, 'helper', { homeNameSuffixes: SUFFIXES });
    expect(twice.devices.map((d) => d.id)).toEqual(once.devices.map((d) => d.id));
    expect(twice.comments.at(-1)).toEqual(reviewed.comments.at(-1));
    expect(twice.audit.startedAt).toBe(once.audit.startedAt);
    expect(twice.redactions).toEqual(once.redactions);
  });
});
