import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../gateway/contract.ts';
import { createNeighbourScanner, parseIpNeigh, parseProcNetArp } from '../../../discovery/neighbours.ts';

// Layout as printed by net/ipv4/arp.c (arp_seq_show): fixed-width columns, flags in hex.
const PROC = [
  'IP address       HW type     Flags       HW address            Mask     Device',
  '192.168.1.1      0x1         0x2         3C:84:6A:12:34:56     *        wlan0',
  '192.168.1.23     0x1         0x0         00:00:00:00:00:00     *        wlan0',
  '192.168.1.40     0x1         0x6         b8:27:eb:aa:bb:cc     *        eth0',
  '192.168.1.41     0x1         0x2         not-a-mac             *        eth0',
  '',
].join('\n');

describe('parseProcNetArp', () => {
  it.each([
    [
      'complete and permanent rows, incomplete and bad rows dropped',
      PROC,
      [
        { ip: '192.168.1.1', mac: '3c:84:6a:12:34:56', state: 'complete', dev: 'wlan0' },
        { ip: '192.168.1.40', mac: 'b8:27:eb:aa:bb:cc', state: 'permanent', dev: 'eth0' },
      ],
    ],
    ['header only', PROC.split('\n')[0] + '\n', []],
    ['not the arp table', 'Inter-|   Receive\n face |bytes packets', null],
    ['empty', '', null],
    ['short rows ignored', PROC.split('\n')[0] + '\n10.0.0.1 0x1\n', []],
  ])('%s', (_name, text, want) => expect(parseProcNetArp(text)).toEqual(want));
});

// Shape of iproute2's `ip -j neigh show` (print_neigh in ip/ipneigh.c): state is an array of flag names.
const IP_NEIGH = JSON.stringify([
  { dst: '10.78.0.2', dev: 'eth0', lladdr: '02:AA:bb:cc:dd:02', state: ['REACHABLE'] },
  { dst: '10.78.0.9', dev: 'eth0', state: ['FAILED'] },
  { dst: '10.78.0.10', dev: 'eth0', lladdr: '02:aa:bb:cc:dd:0a', state: ['STALE'] },
  { dst: 'fe80::aa:bbff:fecc:dd02', dev: 'eth0', lladdr: '02:aa:bb:cc:dd:02', router: null, state: ['DELAY'] },
  { dst: '10.78.0.11', dev: 'eth0', lladdr: 'ff:ff:ff:ff:ff:ff', state: ['PERMANENT'] },
  'junk',
  null,
]);

describe('parseIpNeigh', () => {
  it.each([
    [
      'entries with a MAC, failed and broadcast dropped',
      IP_NEIGH,
      [
        { ip: '10.78.0.2', mac: '02:aa:bb:cc:dd:02', state: 'reachable', dev: 'eth0' },
        { ip: '10.78.0.10', mac: '02:aa:bb:cc:dd:0a', state: 'stale', dev: 'eth0' },
        { ip: 'fe80::aa:bbff:fecc:dd02', mac: '02:aa:bb:cc:dd:02', state: 'delay', dev: 'eth0' },
      ],
    ],
    ['empty array', '[]', []],
    ['object instead of array', '{"dst":"10.0.0.1"}', null],
    ['not JSON', 'Error: ENOENT', null],
    ['missing state', '[{"dst":"10.0.0.5","lladdr":"02:00:00:00:00:05"}]', [{ ip: '10.0.0.5', mac: '02:00:00:00:00:05', state: 'unknown' }]],
  ])('%s', (_name, json, want) => expect(parseIpNeigh(json)).toEqual(want));
});

describe('createNeighbourScanner', () => {
  it('emits each (ip, mac) once across both tables, filtered by interface, as arp/ndp observations', async () => {
    const seen: Observation[] = [];
    const logs: string[] = [];
    const scanner = createNeighbourScanner(
      { interface: 'eth0', intervalMs: 60_000, onObservation: (o) => seen.push(o) },
      {
        readProcNetArp: async () =>
          PROC.replace('192.168.1.40     0x1         0x6         b8:27:eb:aa:bb:cc     *        eth0', '10.78.0.2        0x1         0x2         02:aa:bb:cc:dd:02     *        eth0'),
        runIpNeigh: async () => IP_NEIGH,
        now: () => new Date('2024-05-01T10:00:00Z'),
        log: (m) => logs.push(m),
      },
    );
    await scanner.start();
    await scanner.stop();
    expect(seen.map((o) => [o.source, o.ip, o.mac])).toEqual([
      ['arp', '10.78.0.2', '02:aa:bb:cc:dd:02'],
      ['arp', '10.78.0.10', '02:aa:bb:cc:dd:0a'],
      ['ndp', 'fe80::aa:bbff:fecc:dd02', '02:aa:bb:cc:dd:02'],
    ]);
    expect(seen[0]).toMatchObject({ at: '2024-05-01T10:00:00.000Z', data: { state: 'complete', via: 'proc-net-arp' } });
    expect(logs).toEqual([]);
  });

  it('logs an unreadable table once and carries on with the other', async () => {
    const seen: Observation[] = [];
    const logs: string[] = [];
    const scanner = createNeighbourScanner(
      { onObservation: (o) => seen.push(o) },
      {
        readProcNetArp: async () => PROC,
        runIpNeigh: async () => {
          throw new Error('spawn ip ENOENT');
        },
        now: () => new Date(0),
        log: (m) => logs.push(m),
      },
    );
    await scanner.start();
    await scanner.stop();
    expect(seen).toHaveLength(2);
    expect(logs).toEqual(['cannot read ip -j neigh: spawn ip ENOENT']);
  });
});
