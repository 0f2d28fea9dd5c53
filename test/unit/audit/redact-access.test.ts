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

describe('helper redaction of access entries in every language', () => {
  it('masks in Spanish and Portuguese the account words it masks in English, in the entry and where its label is quoted', () => {
    const e: AccessEntry = {
      id: 'shelly-mqtt:plug', kind: 'broker', source: 'shelly-gen2', notice: 'N0', outside: true, at,
      label: 'Reports to and can be switched through an MQTT server outside the home (mqtt.example.net)',
      detail: 'server: mqtt.example.net:1883; user: maria; client id: plug-1',
      texts: {
        label: { en: 'Reports to and can be switched through an MQTT server outside the home (mqtt.example.net)', es: 'Informa a un servidor MQTT fuera de casa (mqtt.example.net), usuario maria', 'pt-BR': 'Informa um servidor MQTT fora de casa (mqtt.example.net)' },
        detail: { en: 'server: mqtt.example.net:1883; user: maria; client id: plug-1', es: 'servidor: mqtt.example.net:1883; usuario: maria; id de cliente: plug-1', 'pt-BR': 'servidor: mqtt.example.net:1883; usuário: maria; id de cliente: plug-1' },
      },
    };
    const plug = device('aa:bb:cc:00:00:0a', { category: 'smart-plug', access: [e] });
    const doc = smallAudit({
      devices: [plug],
      checklist: [{ id: 'access@shelly-mqtt:plug', device: plug.id, text: `Do you know this? ${e.label}`, why: 'x', noticeRisk: '', status: 'todo', updatedAt: at }],
      texts: { findings: [], checklist: [{ id: 'access@shelly-mqtt:plug', text: { en: `Do you know this? ${e.label}`, es: `¿Lo conoce? ${e.texts!.label.es}` }, why: { en: 'x' }, noticeRisk: { en: '' } }] },
    });
    const red = redactAudit(doc, 'helper');
    const out = red.devices[0]!.access![0]!;
    expect(out.detail).toContain('user: ***');
    expect(out.texts!.detail!.es).toBe('servidor: mqtt.example.net:1883; usuario: ***; id de cliente: plug-1');
    expect(out.texts!.detail!['pt-BR']).toContain('usuário: ***');
    expect(JSON.stringify(red)).not.toMatch(/maria/i);
    expect(red.texts!.checklist[0]!.text.es).toBe('¿Lo conoce? Informa a un servidor MQTT fuera de casa (***), usuario ***');
    expect(red.redactions.join(' ')).toMatch(/Account names and e-mail addresses masked in/);
  });
});
