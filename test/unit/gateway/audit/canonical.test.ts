import { describe, expect, it } from 'vitest';
import { canonicalJson, digestOf } from '../../../../gateway/audit/canonical.ts';
import { buildAuditExport } from '../../../../gateway/audit/export.ts';

describe('canonical JSON and digest', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":"é","z":1}]},"b":1}');
  });

  it('gives the same digest whatever the key order, and another one when a value changes', () => {
    const a = digestOf({ x: 1, y: [1, 2], digest: 'ignored' });
    expect(digestOf({ y: [1, 2], x: 1 })).toBe(a);
    expect(digestOf({ y: [2, 1], x: 1 })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('builds an export whose digest checks out', () => {
    const doc = buildAuditExport({ audit: { id: 'a1', title: 't', startedAt: '2026-01-01T00:00:00.000Z', mode: 'capture', sources: ['capture'] }, devices: [] });
    expect(doc).toMatchObject({ format: 'homesweep.audit', version: 1, findings: [], checklist: [], comments: [], redactions: [] });
    expect(digestOf(doc as unknown as Record<string, unknown>)).toBe(doc.digest);
  });
});
