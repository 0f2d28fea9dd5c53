import { describe, expect, it } from 'vitest';
import { LargeUploadParams, largeUpload } from '../../../../../gateway/rules/matchers/large-upload.ts';
import { flow } from './obs.ts';

const compile = () => largeUpload.compile(LargeUploadParams.parse({ minBytes: 20_000_000 }), {});
const MB = 1_000_000;

describe('large-upload', () => {
  it.each([
    ['one ended flow of 25 MB', [{ bytesUp: 25 * MB }], 1],
    ['one ended flow of exactly 20 MB (not more)', [{ bytesUp: 20 * MB }], 0],
    ['an open flow reported as deltas of 8 MB (24 MB in all)', [{ bytesUp: 8 * MB, ongoing: true }, { bytesUp: 8 * MB, ongoing: true }, { bytesUp: 8 * MB }], 1],
    ['deltas that stay under 20 MB', [{ bytesUp: 8 * MB, ongoing: true }, { bytesUp: 8 * MB }], 0],
    ['two separate connections of 15 MB (other local ports)', [{ bytesUp: 15 * MB, localPort: 1 }, { bytesUp: 15 * MB, localPort: 2 }], 0],
    ['the same ports reused by a later connection (other start)', [{ bytesUp: 15 * MB, ongoing: true }, { bytesUp: 15 * MB, firstSeen: '2025-01-15T22:00:00.000Z' }], 0],
    ['a 25 MB transfer to another device in the home', [{ bytesUp: 25 * MB, remoteIsLocal: true }], 0],
    ['an open flow past 20 MB keeps growing: reported once', [{ bytesUp: 21 * MB, ongoing: true }, { bytesUp: 5 * MB, ongoing: true }, { bytesUp: 5 * MB }], 1],
    ['odd data: negative or missing byte counts', [{ bytesUp: -5 }, { bytesUp: Number.NaN }], 0],
  ] as Array<[string, Array<Parameters<typeof flow>[0]>, number]>)('%s', (_what, flows, expected) => {
    const m = compile();
    const hits = flows.flatMap((f) => m.observe!(flow(f)) ?? []);
    expect(hits).toHaveLength(expected);
  });

  it('says the total, the peer and the connection', () => {
    const m = compile();
    m.observe!(flow({ bytesUp: 12 * MB, ongoing: true, name: 'upload.example' }));
    const [h] = m.observe!(flow({ bytesUp: 13 * MB, name: 'upload.example' }))!;
    expect(h!.vars).toMatchObject({ bytes: '25.0 MB', host: 'upload.example', port: '443', proto: 'TCP' });
    expect(h!.key).toBe('tcp/198.51.100.1/443');
    expect(h!.evidence.detail).toContain('25000000 B sent');
  });
});
