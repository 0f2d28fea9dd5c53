/** The quiet checks across discovery rounds: each device asked once, but only once it has said what it is. */
import { describe, expect, it } from 'vitest';
import type { DhcpData, Observation } from '../../../gateway/contract.ts';
import type { AccessIo } from '../../../discovery/access/access-io.ts';
import { kasaEncode } from '../../../discovery/access/kasa-local.ts';
import { createQuietAccess } from '../../../gateway/service/access.ts';
import { device } from '../access/helpers.ts';

const ANSWER = JSON.stringify({
  system: { get_sysinfo: { alias: 'Hall lamp', model: 'HS110(EU)' } },
  cnCloud: { get_info: { err_code: 0, binded: 1, username: 'mallory@example.com', server: 'n-devs.tplinkcloud.com', cld_connection: 1 } },
});

/** An io that answers every Kasa request and counts them (no socket). */
function fakeIo() {
  const asked: string[] = [];
  const io: AccessIo = {
    async httpGet() {
      throw new Error('no HTTP in this test');
    },
    async tcpRequest(host, port) {
      asked.push(`${host}:${port}`);
      return kasaEncode(ANSWER);
    },
    now: () => '2026-11-27T21:00:00.000Z',
  };
  return { io, asked };
}

describe('quiet access across rounds', () => {
  it('a device seen first by its address alone is checked once, in the round after it said what it is', async () => {
    const { io, asked } = fakeIo();
    const quiet = createQuietAccess(() => undefined, io);
    const plug = device('mac-50c7bf2e9144', '192.168.1.12');
    await quiet.run([plug], []);
    expect(asked).toEqual([]);
    const dhcp: Observation<DhcpData> = { source: 'dhcp', at: '2026-11-27T21:00:00.000Z', ip: '192.168.1.12', data: { hostname: 'HS110' } };
    await quiet.run([plug], [dhcp]);
    expect(asked).toEqual(['192.168.1.12:9999']);
    await quiet.run([plug], [dhcp]);
    expect(asked).toEqual(['192.168.1.12:9999']);
    const entries = quiet.entries().get('mac-50c7bf2e9144')!;
    expect(entries.map((e) => [e.kind, e.label])).toEqual([['cloud-account', 'Linked to the TP-Link account m***@example.com']]);
  });
});
