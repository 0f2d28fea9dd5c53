/**
 * The identification scorer's arithmetic on a small made-up set, with a stand-in identifier: right / wrong / unknown,
 * the signal subset, the camera-doorbell-lock recall, an optional "could be" hint, and the report's tables.
 */
import { describe, expect, it } from 'vitest';
import type { Category } from '../../../gateway/contract.ts';
import type { DeviceEvidence, Identification } from '../../../gateway/inventory/inventory.ts';
import { besideRouter, calibrationLines, formatReport, hintCategories, scoreRecords, summarise } from '../../bench/identify-eval.ts';
import type { DeviceRecord } from '../../bench/identify-eval/dataset.ts';

const empty = (host: string): DeviceEvidence => ({ hostnames: [host], dhcp: [], mdns: [], ssdp: [], domains: [], ports: [] });

function rec(id: string, source: string, category: Category, signal: boolean, alsoRight?: Category[]): DeviceRecord {
  return {
    id, source, sourceLabel: id, label: { category, ...(alsoRight ? { alsoRight } : {}) }, signals: signal ? ['dhcp-name'] : [], captures: 1,
    evidence: empty(id),
  };
}

// The stand-in identifier answers by host name.
const answers: Record<string, Identification> = {
  cam1: { category: 'camera', capabilities: [] },
  cam2: { category: 'unknown', capabilities: [], hint: { category: 'camera' } } as unknown as Identification,
  lock1: { category: 'smart-plug', capabilities: [] },
  plug1: { category: 'smart-plug', capabilities: [] },
  scale: { category: 'appliance', capabilities: [] },
  tv1: { category: 'unknown', capabilities: [] },
  bridge1: { category: 'hub', capabilities: [] },
};
const identify = (e: DeviceEvidence): Identification => answers[e.hostnames[0]!]!;

const records = [
  rec('cam1', 'a', 'camera', true),
  rec('cam2', 'a', 'camera', false),
  rec('lock1', 'b', 'lock', true),
  rec('plug1', 'b', 'smart-plug', true),
  rec('scale', 'b', 'sensor', true, ['appliance']),
  rec('tv1', 'a', 'tv-streamer', true),
  rec('bridge1', 'b', 'lock', true, ['hub']),
];

describe('identify-eval scorer', () => {
  const scored = scoreRecords(records, identify);

  it('sorts each device into right, wrong or unknown (an also-right category counts as right)', () => {
    expect(scored.map((s) => [s.record.id, s.outcome])).toEqual([
      ['cam1', 'right'], ['cam2', 'unknown'], ['lock1', 'wrong'], ['plug1', 'right'], ['scale', 'right'], ['tv1', 'unknown'], ['bridge1', 'right'],
    ]);
  });

  it('counts a camera as recognised by its category or, at worst, by a "could be" hint', () => {
    expect(scored.filter((s) => s.record.label.category === 'camera').map((s) => s.recognised)).toEqual(['category', 'hint']);
    expect(summarise(scored)).toEqual({ devices: 7, right: 4, withSignal: 6, rightWithSignal: 4, watching: 4, watchingRecognised: 2, watchingByHint: 1 });
  });

  it('does not count a lock bridge taken for a generic hub as a recognised lock, though hub is right for it', () => {
    const bridge = scored.find((s) => s.record.id === 'bridge1')!;
    expect([bridge.outcome, bridge.recognised]).toEqual(['right', false]);
  });

  it('reads hints from the identification or its profile, in any of the accepted shapes', () => {
    expect(hintCategories({ category: 'unknown', capabilities: [] })).toEqual([]);
    expect(hintCategories({ category: 'unknown', capabilities: [], hint: 'lock' } as unknown as Identification)).toEqual(['lock']);
    expect(hintCategories({ category: 'unknown', capabilities: [], maybe: [{ category: 'camera' }, 'not-a-category'] } as Identification)).toEqual(['camera']);
    const withProfile = { category: 'hub', capabilities: [], profile: { id: 'x.y', name: 'X', confidence: 0.5, matchedBy: [], maybe: { category: 'doorbell' } } } as Identification;
    expect(hintCategories(withProfile)).toEqual(['doorbell']);
  });

  it('reports per category, the confusion table, the misses and each source', () => {
    const text = formatReport(scored, ['a', 'b'], true).join('\n');
    expect(text).toMatch(/^camera\s+2 \(1\)\s+1 \(1\)\s+0 \(0\)\s+1 \(0\)$/m);
    expect(text).toMatch(/^lock\s+2 \(2\)\s+1 \(1\)\s+1 \(1\)\s+0 \(0\)$/m);
    expect(text).toMatch(/^lock(\s+\.)+\s+1\s+1(\s+\.)*$/m);
    expect(text).toContain('lock1 (lock1): lock → smart-plug');
    expect(text).toMatch(/^a\s+held out\s+3\s+1\/3 \(33\.3%\)\s+1\/2 \(50\.0%\)\s+2\/2 \(100\.0%\)$/m);
    expect(text).toMatch(/^b\s+held out\s+4\s+3\/4 \(75\.0%\)\s+3\/4 \(75\.0%\)\s+0\/2 \(0\.0%\)$/m);
    expect(text).toContain('4/6 (66.7%) of the devices that show an identifying signal');
    expect(text).toContain('camera/doorbell/lock recognised: 2/4 (50.0%) (1 only by a "could be" hint)');
  });

  it('sets the confidence each category was given with against how often it was right (calibration, Brier score)', () => {
    const sure = (category: Category, confidence: number): Identification => ({ category, capabilities: [], profile: { id: 'x.y', name: 'X', confidence, matchedBy: [] } });
    const byHint = (category: Category, confidence: number): Identification =>
      ({ category, capabilities: [], hint: { category, level: 'likely', confidence, reasons: [] } }) as Identification;
    const given: Record<string, Identification> = {
      cam1: sure('camera', 0.95), lock1: sure('smart-plug', 0.95), plug1: byHint('smart-plug', 0.65), scale: byHint('lock', 0.62),
      cam2: { category: 'unknown', capabilities: [] }, tv1: { category: 'unknown', capabilities: [] }, bridge1: sure('hub', 0.75),
    };
    const s2 = scoreRecords(records, (e) => given[e.hostnames[0]!]!);
    expect(s2.map((s) => s.confidence)).toEqual([0.95, undefined, 0.95, 0.65, 0.62, undefined, 0.75]);
    const text = calibrationLines(s2).join('\n');
    expect(text).toMatch(/^0\.6–0\.7\s+2\s+0\.64\s+1\/2 \(50\.0%\)$/m);
    expect(text).toMatch(/^0\.7–0\.8\s+1\s+0\.75\s+1\/1 \(100\.0%\)$/m);
    expect(text).toMatch(/^0\.9–1\.0\s+2\s+0\.95\s+1\/2 \(50\.0%\)$/m);
    // (0.05² + 0.95² + 0.35² + 0.62² + 0.25²) / 5
    expect(text).toContain('Brier score 0.295 over 5 devices');
    expect(calibrationLines(scoreRecords(records, () => ({ category: 'unknown', capabilities: [] })))).toEqual(['calibration: no device was given a category with a confidence']);
  });

  it('does not name the missed devices unless asked (knowledge must not be tuned to them)', () => {
    const text = formatReport(scored, ['a', 'b']).join('\n');
    expect(text).not.toContain('lock1 (lock1)');
    expect(text).toMatch(/^not right in held-out sources: \d+ devices \(not listed/m);
    expect(text).toContain('camera/doorbell/lock recognised: 2/4 (50.0%)');
  });

  it('lists the misses of a development source, reports it apart and leaves it out of the held-out figures', () => {
    const text = formatReport(scored, ['a', 'b'], false, new Set(['a'])).join('\n');
    expect(text).toMatch(/^a\s+development\s+3\s/m);
    expect(text).toMatch(/^b\s+held out\s+4\s/m);
    // Source a's misses are listed; source b's are only counted.
    const listed = text.split('\n').filter((l) => /^  \S+ \(/.test(l));
    expect(listed.length).toBeGreaterThan(0);
    for (const l of listed) expect(scored.find((s) => l.startsWith(`  ${s.record.id} (`))?.record.source).toBe('a');
    expect(text).toMatch(/^held out \(1 sources, misses never read\): category right for 3\/4 \(75\.0%\)/m);
    expect(text).toMatch(/^development \(a\): category right for 1\/3 \(33\.3%\)/m);
    expect(text).toMatch(/^overall: category right for 4\/7/m);
  });

  it('views a device as a gateway beside the router would: announcements and the MAC, no looked-up names, served ports or upload', () => {
    const r: DeviceRecord = {
      ...rec('cam9', 'a', 'camera', true),
      signals: ['dhcp-name', 'cloud-domain', 'served-port'],
      evidence: {
        ...empty('cam9'), mac: '00:11:22:33:44:55', dhcp: [{ hostname: 'cam9' }], domains: ['api.example-cam.com'],
        ports: [{ proto: 'tcp', port: 554, direction: 'in' }], upload: { bytesUp: 1e6, bytesDown: 1e4, seconds: 60 },
      },
    };
    const b = besideRouter(r);
    expect(b.evidence).toMatchObject({ mac: '00:11:22:33:44:55', domains: [], ports: [], dhcp: [{ hostname: 'cam9' }] });
    expect(b.evidence.upload).toBeUndefined();
    expect(b.signals).toEqual(['dhcp-name']);
    expect(r.evidence.domains).toEqual(['api.example-cam.com']);
  });
});
