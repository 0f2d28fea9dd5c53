import { describe, expect, it } from 'vitest';
import type { Comment } from '../../../gateway/contract.ts';
import { mergeComments } from '../../../gateway/audit/comments.ts';
import { buildAuditExport } from '../../../gateway/audit/export.ts';
import { AuditImportError } from '../../../gateway/audit/import-error.ts';
import { redactAudit } from '../../../gateway/audit/redact.ts';
import { parseAuditDocument } from '../../../gateway/audit/schema.ts';
import { smallAudit } from './small-audit.ts';

const mine: Comment = { id: 'c-own', target: { kind: 'audit' }, author: 'me', text: 'Visit one.', at: '2026-03-01T10:10:00.000Z' };

describe('mergeComments', () => {
  it('takes only the new comments of a reviewed copy, deduplicated by id', () => {
    const original = smallAudit({ comments: [mine] });
    const helperCopy = redactAudit(original, 'helper');
    const advice: Comment = { id: 'c-help', target: { kind: 'device', id: helperCopy.devices[0]!.id }, author: 'helper', text: 'Check shared users first.', at: '2026-03-01T10:20:00.000Z' };
    const reviewed = buildAuditExport({ ...helperCopy, comments: [...helperCopy.comments, advice, advice], devices: [] });
    const { doc, added } = mergeComments(original, reviewed);
    expect(added.map((c) => c.id)).toEqual(['c-help']);
    expect(doc.comments.map((c) => c.id)).toEqual(['c-own', 'c-help']);
    // Nothing else is taken from the reviewed copy: devices stay the original's, and the digest is valid.
    expect(doc.devices).toEqual(original.devices);
    expect(() => parseAuditDocument(JSON.stringify(doc))).not.toThrow();
    expect(mergeComments(doc, reviewed).added).toEqual([]);
  });

  it('refuses a reviewed copy of another audit', () => {
    const other = smallAudit({ audit: { ...smallAudit().audit, id: 'audit-2' } });
    expect(() => mergeComments(smallAudit(), other)).toThrow(AuditImportError);
    expect(() => mergeComments(smallAudit(), other)).toThrow(/another audit \(audit\.id audit-2, not audit-1\)/);
  });
});
