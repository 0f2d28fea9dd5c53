import { describe, expect, it } from 'vitest';
import { buildAuditExport } from '../../../gateway/audit/export.ts';
import { AuditImportError } from '../../../gateway/audit/import-error.ts';
import { MAX_AUDIT_BYTES, parseAuditDocument } from '../../../gateway/audit/schema.ts';
import { smallAudit } from './small-audit.ts';

function refusal(input: string | Uint8Array): AuditImportError {
  try {
    parseAuditDocument(input);
  } catch (err) {
    if (err instanceof AuditImportError) return err;
    throw err;
  }
  throw new Error('parseAuditDocument accepted the input');
}

/** Applies `change` to a copy of a valid document and recomputes its digest, so only the change is wrong. */
function changed(change: (d: Record<string, any>) => void): string {
  const d = structuredClone(smallAudit()) as Record<string, any>;
  change(d);
  return JSON.stringify(buildAuditExport(d as never));
}

const VISIBILITY = { placement: 'in-path', devicesWithTraffic: 1, devicesTotal: 2, sawDevices: ['mac-001a11000001'], reason: 'saw-traffic' };

describe('parseAuditDocument', () => {
  it('accepts the audit\'s visibility (version 1 stays: the member is optional) and keeps it', () => {
    const doc = parseAuditDocument(changed((d) => (d.audit.visibility = VISIBILITY)));
    expect(doc.audit.visibility).toEqual(VISIBILITY);
    expect(doc.version).toBe(1);
  });

  it('accepts a device hint (issue 12) and refuses one of an unknown level', () => {
    const hint = { category: 'camera', level: 'possible', confidence: 0.5, reasons: [{ kind: 'protocol', detail: 'rtsp-554' }] };
    const ok = changed((d) => { d.devices[0].hint = hint; });
    expect(parseAuditDocument(ok).devices[0]!.hint).toEqual(hint);
    expect(refusal(changed((d) => { d.devices[0].hint = { ...hint, level: 'certain' }; })).message).toMatch(/hint/);
  });

  it('accepts a valid export, as text and as bytes', () => {
    const doc = smallAudit();
    expect(parseAuditDocument(JSON.stringify(doc))).toEqual(doc);
    expect(parseAuditDocument(new TextEncoder().encode(JSON.stringify(doc, null, 2)))).toEqual(doc);
  });

  it('refuses a document over 64 MB before parsing it', () => {
    const big = new Uint8Array(MAX_AUDIT_BYTES + 1);
    const err = refusal(big);
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/64 MB/);
  });

  it.each([
    ['not JSON', '{"format": ', 'malformed', /not valid JSON/],
    ['an array', '[1,2]', 'unknown-format', /not a HomeSweep audit export/],
    ['another format', '{"format":"other","version":1}', 'unknown-format', /format/],
    ['version 2', JSON.stringify({ ...smallAudit(), version: 2 }), 'unknown-version', /version 2/],
  ])('refuses %s', (_name, input, code, message) => {
    const err = refusal(input as string);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message as RegExp);
  });

  it.each([
    ['a bad MAC', (d: any) => (d.devices[1].mac = 'AA-BB'), /^The field devices\[1\]\.mac is not a MAC address/],
    ['a missing field', (d: any) => delete d.devices[0].randomizedMac, /^The field devices\[0\]\.randomizedMac is missing\.$/],
    ['an unknown category', (d: any) => (d.devices[0].category = 'spy'), /^The field devices\[0\]\.category has a value that is not allowed\.$/],
    ['a fractional byte count', (d: any) => (d.devices[0].traffic.bytesUp = 1.5), /devices\[0\]\.traffic\.bytesUp should be a whole number/],
    ['a bad time', (d: any) => (d.findings[0].evidence[0].at = 'yesterday'), /findings\[0\]\.evidence\[0\]\.at is not an ISO-8601 UTC time/],
    ['a bad IP', (d: any) => (d.devices[0].ips = ['999.1.1.1']), /devices\[0\]\.ips\[0\] is not an IP address/],
    ['an unexpected member', (d: any) => (d.audit.extra = 1), /audit has an unexpected member "extra"/],
    ['a huge string', (d: any) => (d.findings[0].summary = 'x'.repeat(30_000)), /findings\[0\]\.summary is longer than 20000 characters/],
    ['an unknown placement', (d: any) => (d.audit.visibility = { ...VISIBILITY, placement: 'nearby' }), /^The field audit\.visibility\.placement has a value that is not allowed\.$/],
    ['a negative device count in visibility', (d: any) => (d.audit.visibility = { ...VISIBILITY, devicesTotal: -1 }), /audit\.visibility\.devicesTotal is smaller than 0/],
    ['a visibility without its reason', (d: any) => (d.audit.visibility = { placement: 'beside', devicesWithTraffic: 0, devicesTotal: 3, sawDevices: [] }), /audit\.visibility\.reason is missing/],
    ['an audit id that climbs out of a folder', (d: any) => (d.audit.id = '../../x'), /^The field audit\.id is not a plain id/],
    ['an audit id of 200 characters', (d: any) => (d.audit.id = 'a'.repeat(200)), /^The field audit\.id is not a plain id/],
    ['a NUL in an audit id', (d: any) => (d.audit.id = 'a\u0000b'), /^The field audit\.id is not a plain id/],
    ['a NUL in a device name', (d: any) => (d.devices[0].names = ['cam\u0000']), /^The field devices\[0\]\.names\[0\] has a control character/],
    ['an escape sequence in a host name', (d: any) => (d.devices[0].hostnames = ['x\u001b[2J']), /^The field devices\[0\]\.hostnames\[0\] has a control character/],
    ['a NUL in a note', (d: any) => (d.checklist[0].note = 'ok\u0000'), /^The field checklist\[0\]\.note has a control character/],
    ['too many evidence items', (d: any) => (d.findings[0].evidence = Array(1001).fill(d.findings[0].evidence[0])), /findings\[0\]\.evidence has more than 1000 entries/],
  ])('refuses %s and names the field in one sentence', (_name, change, message) => {
    const err = refusal(changed(change));
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(message);
    expect(err.message.split('. ').length).toBe(1);
  });

  it('refuses a document changed after export (digest mismatch)', () => {
    const doc = smallAudit();
    const text = JSON.stringify({ ...doc, findings: doc.findings.slice(1) });
    expect(refusal(text).code).toBe('digest-mismatch');
  });
});
