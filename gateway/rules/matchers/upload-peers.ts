/**
 * Where a device's upload went: rate rules read a per-device upload series, which knows no peer, so once the
 * device is known their findings name its largest upload peers from the device's traffic summary.
 */
import type { Device } from '../../contract.ts';
import { phraseEvidence } from '../phrases.ts';
import type { HitEvidence } from './types.ts';

function mb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** Evidence naming the `top` peers the device sent most to in this capture, or undefined when it sent nothing. */
export function uploadPeerEvidence(device: Device, top = 2): HitEvidence | undefined {
  const peers = device.traffic.peers.filter((p) => p.bytesUp > 0).sort((a, b) => b.bytesUp - a.bytesUp).slice(0, top);
  if (!peers.length) return undefined;
  const named = peers.map((p) => `${p.name ? `${p.name} (${p.ip})` : p.ip}, ${mb(p.bytesUp)}`);
  return phraseEvidence('upload-peer', 'upload-peers', { peers: named.join('; ') });
}
