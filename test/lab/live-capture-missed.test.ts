/**
 * A live audit tells when its capture missed packets. The gateway (`homesweep start --interface lo`) runs in a
 * namespace of its own (hs-lcap, loopback only); its tcpdump is paused (SIGSTOP) while a burst larger than tcpdump's
 * kernel ring is sent on that loopback, so the kernel has to drop packets, as it does when a slow gateway falls
 * behind. Once tcpdump runs again, the running audit's saved progress (what the page shows) carries tcpdump's drop
 * count as `missedPackets`; once stopped, the final count is tcpdump's own closing figure, and the packets the
 * engine read are exactly those tcpdump handed on. Root only.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditProgress } from '../../gateway/contract.ts';
import { longRunningBufferMiB } from '../../gateway/capture/tcpdump-source.ts';
import { pidInNamespace } from './ns-process.ts';

const NS = 'hs-lcap';
const ROOT = new URL('../../', import.meta.url).pathname;
const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** 1400-byte datagrams; each takes about 3 KiB of the ring on loopback (seen going out and coming in). */
const DATAGRAMS = Math.ceil((longRunningBufferMiB() * 1024 * 1024 * 2) / 2800);

function teardown(): void {
  let pids: string[] = [];
  try {
    pids = ip('netns', 'pids', NS).split('\n').filter(Boolean);
  } catch {
    return; // no such namespace
  }
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  ip('netns', 'del', NS);
}

function waitFor(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = setInterval(() => {
      if (check()) {
        clearInterval(tick);
        resolve();
      } else if (Date.now() - t0 > ms) {
        clearInterval(tick);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 50);
  });
}

describe('a live audit whose capture fell behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hs-lcap-'));
  let gateway: ChildProcess | undefined;
  let log = '';

  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root (network namespaces, tcpdump)');
    teardown();
    ip('netns', 'add', NS);
    ip('-n', NS, 'link', 'set', 'lo', 'up');
  });

  afterAll(() => {
    gateway?.kill('SIGKILL');
    teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says in its progress how many packets tcpdump dropped', async () => {
    // Capture only: no discovery rounds, so the only traffic is the burst below.
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ discoveryEverySeconds: 0 }));
    gateway = spawn('ip', ['netns', 'exec', NS, process.execPath, join(ROOT, 'bin/homesweep.js'), 'start', '--port', '0', '--data', join(dir, 'data'), '--interface', 'lo', '--config', join(dir, 'config.json')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    gateway.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const closed = new Promise<number | null>((r) => gateway!.once('close', (code) => r(code)));
    await waitFor(() => /tcpdump: listening on lo/.test(log), 'the gateway to start capturing');
    const td = pidInNamespace(NS, 'tcpdump');
    expect(td).not.toBeNull();
    process.kill(td!, 'SIGSTOP');
    // The burst: a bounded number of datagrams to a socket of the same program, on the namespace's loopback.
    const burst = `const s=require('node:dgram').createSocket('udp4');s.bind(0,'127.0.0.1',async()=>{const p=s.address().port,b=Buffer.alloc(1400);` +
      `for(let i=0;i<${DATAGRAMS};i++){await new Promise(r=>s.send(b,p,'127.0.0.1',r));}s.close();});`;
    execFileSync('ip', ['netns', 'exec', NS, process.execPath, '-e', burst], { timeout: 60_000 });
    process.kill(td!, 'SIGCONT');
    // While it listens: the audit asks tcpdump for its counters at each refresh (every 5 s) and saves them in its
    // progress, which the page shows.
    const audits = join(dir, 'data', 'audits');
    const progress = (): AuditProgress | undefined => {
      const file = readdirSync(audits).find((f) => f.endsWith('.json'));
      try {
        return file ? (JSON.parse(readFileSync(join(audits, file), 'utf8')) as { progress: AuditProgress }).progress : undefined;
      } catch {
        return undefined; // being replaced
      }
    };
    await waitFor(() => (progress()?.missedPackets ?? 0) > 0, 'the running audit to report missed packets');
    expect(progress()?.status).toBe('running');
    gateway.kill('SIGTERM');
    expect(await closed).toBe(0);

    const rec = { progress: progress()! };
    expect(rec.progress.status).toBe('done');
    const counters = /(\d+) packets? captured\n.*?(\d+) packets? received by filter\n.*?(\d+) packets? dropped by kernel/s.exec(log);
    expect(counters).not.toBeNull();
    const [captured, received, dropped] = counters!.slice(1).map(Number) as [number, number, number];
    expect(dropped).toBeGreaterThan(0);
    expect(rec.progress.missedPackets).toBe(dropped);
    // What tcpdump handed on is what the engine read; the dropped ones are not in it.
    expect(rec.progress.packets).toBe(captured);
    expect(captured + dropped).toBeLessThanOrEqual(received);
  });
});
