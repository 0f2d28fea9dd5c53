/**
 * A child cgroup that limits its processes to a share of one core, for benchmarks of a small machine: cgroup v2's
 * `cpu.max` where /sys/fs/cgroup is the unified hierarchy with the cpu controller, else cgroup v1's
 * `cpu.cfs_quota_us` (plus a cpuacct group for the CPU time used). A process joins it by writing its pid to
 * `procsFiles` before it execs (its children, e.g. tcpdump, inherit it). `remove()` deletes the groups.
 * The group also gets the highest weight (cpu.weight / cpu.shares): on a machine shared with other work it gets
 * its share first, so what is measured is the limit, not how busy the other processes keep the core.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = '/sys/fs/cgroup';

export interface CpuLimit {
  /** 'v2 cpu.max' or 'v1 cpu.cfs_quota_us'. */
  kind: string;
  /** The cgroup.procs files a pid is written to (one per hierarchy). */
  procsFiles: string[];
  /** CPU time (user+sys) used by every process that was in the group, in seconds. */
  usageS(): number;
  /** Periods in which the group ran out of quota, and the total time it was held back (s). */
  throttled(): { periods: number; throttledS: number };
  remove(): void;
}

function stat(file: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [k, v] = line.split(' ');
    if (k && v !== undefined) m.set(k, Number(v));
  }
  return m;
}

/**
 * Creates `name` with `share` of a core (e.g. 1/3) enforced every `periodUs`. Throws with the reason when neither
 * hierarchy can be written (not root, or a container without cgroup delegation).
 */
export function createCpuLimit(name: string, share: number, periodUs = 100_000): CpuLimit {
  const quotaUs = Math.round(share * periodUs);
  const v2 = existsSync(join(ROOT, 'cgroup.controllers')) && readFileSync(join(ROOT, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('cpu');
  if (v2) {
    const dir = join(ROOT, name);
    if (!readFileSync(join(ROOT, 'cgroup.subtree_control'), 'utf8').includes('cpu')) writeFileSync(join(ROOT, 'cgroup.subtree_control'), '+cpu');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cpu.max'), `${quotaUs} ${periodUs}`);
    writeFileSync(join(dir, 'cpu.weight'), '10000');
    return {
      kind: `v2 cpu.max "${quotaUs} ${periodUs}"`,
      procsFiles: [join(dir, 'cgroup.procs')],
      usageS: () => (stat(join(dir, 'cpu.stat')).get('usage_usec') ?? NaN) / 1e6,
      throttled: () => {
        const s = stat(join(dir, 'cpu.stat'));
        return { periods: s.get('nr_throttled') ?? NaN, throttledS: (s.get('throttled_usec') ?? NaN) / 1e6 };
      },
      remove: () => rmdirSync(dir),
    };
  }
  const cpu = join(ROOT, 'cpu', name);
  const acct = join(ROOT, 'cpuacct', name);
  if (!existsSync(join(ROOT, 'cpu', 'cpu.cfs_quota_us'))) throw new Error(`no writable cgroup cpu controller under ${ROOT} (neither v2 cpu.max nor v1 cpu.cfs_quota_us)`);
  mkdirSync(cpu, { recursive: true });
  writeFileSync(join(cpu, 'cpu.cfs_period_us'), String(periodUs));
  writeFileSync(join(cpu, 'cpu.cfs_quota_us'), String(quotaUs));
  writeFileSync(join(cpu, 'cpu.shares'), '262144');
  const hasAcct = existsSync(join(ROOT, 'cpuacct', 'cpuacct.usage'));
  if (hasAcct) mkdirSync(acct, { recursive: true });
  return {
    kind: `v1 cpu.cfs_quota_us ${quotaUs} / cpu.cfs_period_us ${periodUs}`,
    procsFiles: [join(cpu, 'cgroup.procs'), ...(hasAcct ? [join(acct, 'cgroup.procs')] : [])],
    usageS: () => (hasAcct ? Number(readFileSync(join(acct, 'cpuacct.usage'), 'utf8')) / 1e9 : NaN),
    throttled: () => {
      const s = stat(join(cpu, 'cpu.stat'));
      return { periods: s.get('nr_throttled') ?? NaN, throttledS: (s.get('throttled_time') ?? NaN) / 1e9 };
    },
    remove: () => {
      rmdirSync(cpu);
      if (hasAcct) rmdirSync(acct);
    },
  };
}
