import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assertActiveDiscoveryAllowed, DiscoveryGuardError, inLabNamespace, type NetnsProbe } from '../../../discovery/guard.ts';

const probe = (self: number | null, labs: number[]): NetnsProbe => ({ selfInode: () => self, labInodes: () => labs });

describe('assertActiveDiscoveryAllowed', () => {
  it.each([
    ['no interface, not in a lab', {}, probe(4026531840, [4026532300]), false],
    ['no interface, no lab namespaces at all', {}, probe(4026531840, []), false],
    ['no interface, /proc unreadable', {}, probe(null, [4026532300]), false],
    ['empty interface name', { interface: '' }, probe(4026531840, []), false],
    ['no interface, inside a lab namespace', {}, probe(4026532300, [4026532299, 4026532300]), true],
    ['interface named explicitly', { interface: 'eth0' }, probe(4026531840, []), true],
  ])('%s', (_name, opts, p, allowed) => {
    if (allowed) {
      expect(() => assertActiveDiscoveryAllowed(opts, p)).not.toThrow();
    } else {
      expect(() => assertActiveDiscoveryAllowed(opts, p)).toThrow(DiscoveryGuardError);
      try {
        assertActiveDiscoveryAllowed(opts, p);
      } catch (err) {
        expect((err as DiscoveryGuardError).code).toBe('NO_INTERFACE');
        expect((err as Error).message).toMatch(/--interface/);
      }
    }
  });

  it('refuses in the namespace this test runs in unless `ip netns identify` names an hl-* namespace', () => {
    // An independent oracle: iproute2 finds the name of our namespace by comparing /run/netns entries itself.
    const name = execFileSync('ip', ['netns', 'identify'], { encoding: 'utf8' }).trim();
    const inLab = name.split(/\s+/).some((n) => n.startsWith('hl-'));
    expect(inLabNamespace()).toBe(inLab);
    if (inLab) expect(() => assertActiveDiscoveryAllowed({})).not.toThrow();
    else expect(() => assertActiveDiscoveryAllowed({})).toThrow(DiscoveryGuardError);
  });

  it('refuses in a child process in a fresh unnamed namespace, and allows it there with --interface', () => {
    // PID 1's namespace is not reachable here (EACCES), so the child gets a brand-new namespace: not a lab one.
    const guard = new URL('../../../discovery/guard.ts', import.meta.url).pathname;
    const run = (opts: string) =>
      execFileSync('unshare', ['--net', process.execPath, '--import', 'tsx', '-e',
        `import('${guard}').then((g) => { try { g.assertActiveDiscoveryAllowed(${opts}); console.log('allowed'); } catch (e) { console.log(e.code); } })`,
      ], { encoding: 'utf8' }).trim();
    expect(run('{}')).toBe('NO_INTERFACE');
    expect(run("{ interface: 'lo' }")).toBe('allowed');
  });
});
