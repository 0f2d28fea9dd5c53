import { describe, expect, it } from 'vitest';
import type { PeerSummary } from '../../../../../gateway/contract.ts';
import { uploadPeerEvidence } from '../../../../../gateway/rules/matchers/upload-peers.ts';
import { AT, device } from './obs.ts';

const peer = (ip: string, bytesUp: number, name?: string): PeerSummary => ({ ip, name, bytesUp, bytesDown: 10, packets: 5, ports: [443], firstSeen: AT, lastSeen: AT });

describe('uploadPeerEvidence', () => {
  it('names the peers the device sent most to, largest first, by DNS name when known', () => {
    const d = device({ traffic: { bytesUp: 0, bytesDown: 0, peers: [peer('198.51.100.7', 4_000), peer('198.51.100.1', 12_500_000, 'video.example.com'), peer('198.51.100.2', 900_000), peer('198.51.100.3', 0)] } });
    expect(uploadPeerEvidence(d)).toMatchObject({
      kind: 'upload-peer',
      detail: 'most of its upload in this capture went to video.example.com (198.51.100.1), 12.5 MB; 198.51.100.2, 900 kB',
    });
    // The same line in the other languages, with the same peers.
    expect(uploadPeerEvidence(d)!.texts?.['pt-BR']).toBe('a maior parte do que enviou nesta captura foi para video.example.com (198.51.100.1), 12,5 MB; 198.51.100.2, 900 kB');
    expect(uploadPeerEvidence(d, 1)!.detail).not.toContain('198.51.100.2');
  });

  it.each([
    ['no peers', []],
    ['peers it only received from', [peer('198.51.100.1', 0)]],
  ])('gives nothing for a device with %s', (_what, peers) => {
    expect(uploadPeerEvidence(device({ traffic: { bytesUp: 0, bytesDown: 0, peers } }))).toBeUndefined();
  });
});
