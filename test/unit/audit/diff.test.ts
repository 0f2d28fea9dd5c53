import { describe, expect, it } from 'vitest';
import { diffAudits } from '../../../gateway/audit/diff.ts';
import { describeDiff } from '../../../gateway/cli/diff.ts';
import { device, finding, smallAudit } from './small-audit.ts';

describe('diffAudits', () => {
  const a = smallAudit();
  const cam = a.devices[0]!;
  const lock = device('aa:bb:cc:00:00:03', { category: 'lock', capabilities: ['lock'], names: ['Front door'] });
  const b = smallAudit({
    devices: [{ ...cam, category: 'doorbell', ips: [...cam.ips, '192.168.1.50'] }, lock],
    findings: [finding('HS-DEVICE-0001', cam.id, { id: 'other-id' }), finding('HS-STREAM-0001', cam.id), finding('HS-REMOTE-0001', lock.id)],
  });

  it('matches devices by id and findings by rule and device', () => {
    const d = diffAudits(a, b);
    expect(d.newDevices.map((x) => x.id)).toEqual([lock.id]);
    expect(d.goneDevices.map((x) => x.id)).toEqual(['mac-aabbcc000002']);
    expect(d.newFindings.map((f) => f.rule)).toEqual(['HS-STREAM-0001', 'HS-REMOTE-0001']);
    expect(d.resolvedFindings.map((f) => f.rule)).toEqual(['HS-REMOTE-0004']);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]!.changes).toEqual(['category: camera → doorbell', 'new address: 192.168.1.50']);
  });

  it.each([
    ['es', ['categoría: cámara → timbre', 'ahora puede: ubicación', 'dirección nueva: 192.168.1.50']],
    ['pt-BR', ['categoria: câmera → campainha', 'agora pode: localização', 'endereço novo: 192.168.1.50']],
  ])('says the changes in %s (the words of the reader\'s language)', (lang, lines) => {
    const moved = smallAudit({ devices: [{ ...cam, category: 'doorbell', ips: [...cam.ips, '192.168.1.50'], capabilities: [...cam.capabilities, 'location'] }] });
    expect(diffAudits(a, moved, lang).changed[0]!.changes).toEqual(lines);
  });

  it('finds nothing between an audit and itself', () => {
    const d = diffAudits(a, a);
    expect([d.newDevices, d.goneDevices, d.newFindings, d.resolvedFindings, d.changed].every((l) => l.length === 0)).toBe(true);
    expect(describeDiff(d)).toContain('New devices: none');
  });

  it('describes the changes in plain words', () => {
    const text = describeDiff(diffAudits(a, b));
    expect(text).toContain('New devices:\n  • lock (Front door)');
    expect(text).toContain('Findings no longer seen:\n  • [medium] Summary of HS-REMOTE-0004');
  });
});
