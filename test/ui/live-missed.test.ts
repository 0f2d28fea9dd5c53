/**
 * The progress page says when the live capture missed packets. The real gateway runs with tcpdump inside a network
 * namespace this test creates (its loopback and a veth pair with both ends inside); the live audit is started from
 * the page; its tcpdump is paused (SIGSTOP) while a bounded burst of broadcasts larger than tcpdump's kernel ring
 * leaves the namespace's own veth, so the kernel drops packets, as when a slow gateway falls behind. Once tcpdump
 * runs again, the next progress update carries its drop count and the page explains it, in English and in Spanish.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longRunningBufferMiB } from '../../gateway/capture/tcpdump-source.ts';
import { pidInNamespace } from '../lab/ns-process.ts';
import { setUpLiveNamespace, startListening, type LiveNamespace } from './live-namespace.ts';

const NS = `hs-uim-${process.pid}`;
const IFACE = 'hsum0';
const PASSCODE = 'quiet-harbour-5';
/** 1400-byte broadcasts, each about 1.5 KiB of the ring: twice what it holds. */
const BURST = Math.ceil((longRunningBufferMiB() * 1048576 * 2) / 1500);
let live: LiveNamespace;
const tcpdumpPid = () => pidInNamespace(NS, 'tcpdump');

describe('progress page when the capture missed packets (Chromium, real gateway and tcpdump, private namespace)', () => {
  beforeAll(async () => {
    live = await setUpLiveNamespace(NS, IFACE, '10.214.0.1/24', { capture: true });
  });

  afterAll(async () => {
    await live?.close();
  });

  it('tells how many packets the capture missed', async () => {
    const { page, guards } = live;
    await startListening(page, IFACE, PASSCODE);
    await expect.poll(tcpdumpPid, { timeout: 30_000 }).not.toBeNull();
    // Nothing missed yet: no such note.
    expect(await page.locator('[data-note="missed"]').count()).toBe(0);
    const td = tcpdumpPid()!;
    process.kill(td, 'SIGSTOP');
    try {
      const burst = `const s=require('node:dgram').createSocket('udp4');s.bind(0,'10.214.0.1',async()=>{s.setBroadcast(true);const b=Buffer.alloc(1400);` +
        `for(let i=0;i<${BURST};i++){await new Promise(r=>s.send(b,9,'10.214.0.255',r));}s.close();});`;
      execFileSync('ip', ['netns', 'exec', NS, process.execPath, '-e', burst], { timeout: 60_000 });
    } finally {
      process.kill(td, 'SIGCONT');
    }
    const note = page.locator('[data-note="missed"]');
    await note.waitFor({ timeout: 60_000 });
    expect(await note.innerText()).toMatch(/^The capture missed [\d,.\s]+ packets: they came faster than this computer could read them\./);
    await page.evaluate(() => localStorage.setItem('hs-lang', 'es'));
    await page.reload();
    // The Spanish catalog loads after the page frame; the note is redrawn in Spanish once it has.
    await page.waitForFunction(`document.documentElement.lang === 'es'`);
    await expect.poll(() => note.innerText(), { timeout: 10_000 }).toMatch(/^La captura perdió [\d,.\s]+ paquetes: llegaron más rápido/);
    expect(guards.pageErrors).toEqual([]);
    expect(guards.cspViolations).toEqual([]);
  });
});
