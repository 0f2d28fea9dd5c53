import { describe, expect, it } from 'vitest';
import type { AccessEntry } from '../../../gateway/contract.ts';
import { redactAudit } from '../../../gateway/audit/redact.ts';
import { device, finding, smallAudit } from './small-audit.ts';

const at = '2026-03-01T10:30:00.000Z';
const entry = (label: string, kind: AccessEntry['kind']): AccessEntry => ({ id: `e-${label.length}`, kind, label, source: 'home-assistant', notice: 'N1', at });

describe('helper redaction of access entries', () => {
  it('masks account names in labels and wherever the label is quoted (findings, checklist)', () => {
    const admin = 'Home Assistant administrator Alex (alex)';
    const session = 'Session of user maria from 203.0.113.7';
    const hub = device('aa:bb:cc:00:00:09', { category: 'hub', access: [entry(admin, 'user'), entry(session, 'session')] });
    const doc = smallAudit({
      devices: [hub],
      findings: [finding('HS-ACCESS-0004', hub.id, { summary: `Hub has a user who may log in from outside: ${admin}.` })],
      checklist: [{ id: 'access@e-1', device: hub.id, text: `Do you know this person? ${admin}`, why: 'Answer Yes, No or Not sure.', noticeRisk: '', status: 'todo', updatedAt: at }],
    });
    const out = JSON.stringify(redactAudit(doc, 'helper'));
    expect(out).not.toMatch(/alex/i);
    expect(out).not.toMatch(/maria/i);
    expect(out).not.toContain('203.0.113.7');
    expect(out).toContain('administrator ***');
    expect(out).toContain('Do you know this person? Home Assistant administrator *** (***)');
  });
});
