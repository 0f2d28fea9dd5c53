/** Finds a process by its command name among those running in a network namespace (e.g. the gateway's tcpdump). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The pid of the first process named `comm` in namespace `ns`, or null. */
export function pidInNamespace(ns: string, comm: string): number | null {
  const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  for (const pid of pids.split('\n').filter(Boolean)) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) return Number(pid);
    } catch {
      // exited meanwhile
    }
  }
  return null;
}
