/** The audit view puts a device's hint in plain words in the reader's language (issue 12), and the checklist helps find it. */
import { describe, expect, it } from 'vitest';
import type { Device, DeviceHint } from '../../../gateway/contract.ts';
import { newRecord } from '../../../gateway/audit/record.ts';
import { loadRiskWeights } from '../../../gateway/audit/risk.ts';
import { buildAuditView } from '../../../gateway/audit/view.ts';
import { buildChecklist } from '../../../gateway/audit/checklist.ts';
import { checklistFor } from '../../../device-profiles/knowledge.ts';
import { loadProfiles } from '../../../device-profiles/load.ts';
import { describeDevice } from '../../../gateway/cli/device-text.ts';
import { describeHint } from '../../../gateway/audit/hint-text.ts';

const AT = '2026-11-27T10:00:00.000Z';
const clues = loadProfiles().clues!;
const hint: DeviceHint = { category: 'camera', level: 'possible', confidence: 0.5, reasons: [{ kind: 'upload', detail: '1.2 Mbit/s' }] };
const device: Device = {
  id: 'mac-1', randomizedMac: false, ips: ['10.0.0.5'], hostnames: [], names: [], category: 'unknown', capabilities: [], hint,
  firstSeen: AT, lastSeen: AT, traffic: { bytesUp: 0, bytesDown: 0, peers: [] },
};

describe('device hints in the view, the checklist and the CLI', () => {
  it.each([
    ['en', 'Could be a camera: it sends a steady 1.2 Mbit/s to the internet, like a video stream'],
    ['es', 'Podría ser una cámara: envía un flujo constante de 1.2 Mbit/s a internet, como un vídeo'],
    ['pt-BR', 'Pode ser uma câmera: ele envia um fluxo constante de 1.2 Mbit/s para a internet, como um vídeo'],
  ])('view in %s', (lang, text) => {
    const rec = newRecord({ id: 'a1', title: 't', startedAt: AT, mode: 'capture', sources: [] }, { status: 'done' });
    rec.devices = [device];
    const view = buildAuditView(rec, { lang, profiles: new Map(), risk: loadRiskWeights(), cannotSee: [], clues });
    expect(view.devices[0]!.hintText).toBe(text);
  });

  it('no hint text without clue knowledge', () => {
    const rec = newRecord({ id: 'a1', title: 't', startedAt: AT, mode: 'capture', sources: [] }, { status: 'done' });
    rec.devices = [device];
    expect(buildAuditView(rec, { lang: 'en', profiles: new Map(), risk: loadRiskWeights(), cannotSee: [] }).devices[0]!.hintText).toBeUndefined();
  });

  it('a "could be" device gets the steps to find it; a likely one its kind\'s steps', () => {
    const steps = (c: Parameters<typeof checklistFor>[1]) => checklistFor(clues, c);
    const possible = buildChecklist([device], [], new Map(), [], AT, undefined, steps).items.map((i) => i.id);
    expect(possible).toEqual(['category-device-access@mac-1']);
    const likely = buildChecklist([{ ...device, category: 'camera', hint: { ...hint, level: 'likely' } }], [], new Map(), [], AT, undefined, steps).items.map((i) => i.id);
    expect(likely).toEqual(['category-camera-find@mac-1']);
  });

  it('the CLI prints the hint under the device', () => {
    const lines = describeDevice(device, { hintText: (h) => describeHint(h, clues) });
    expect(lines[1]).toBe('    Could be a camera: it sends a steady 1.2 Mbit/s to the internet, like a video stream');
  });
});
