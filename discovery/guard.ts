/**
 * Safety guard for active discovery (mDNS queries, SSDP M-SEARCH, IGD requests). Active discovery sends
 * packets, so it only runs when the user named an interface or when we are inside a HomeSweep lab namespace
 * (`/run/netns/hl-*`); a bare `homesweep discover` on a developer machine must not touch its real LAN.
 */
import { readdirSync, statSync } from 'node:fs';

/** Why active discovery was refused. */
export type GuardErrorCode = 'NO_INTERFACE';

/** Thrown by {@link assertActiveDiscoveryAllowed}. */
export class DiscoveryGuardError extends Error {
  constructor(
    readonly code: GuardErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DiscoveryGuardError';
  }
}

/** How the guard learns which network namespace it is in (injected in tests). */
export interface NetnsProbe {
  /** Inode of this process's network namespace (`/proc/self/ns/net`). */
  selfInode(): number | null;
  /** Inodes of the lab namespaces (`/run/netns/hl-*`). */
  labInodes(): number[];
}

/** The real probe: reads /proc/self/ns/net and /run/netns/hl-*. Missing files mean "not in a lab". */
export const procNetnsProbe: NetnsProbe = {
  selfInode() {
    try {
      return statSync('/proc/self/ns/net').ino;
    } catch {
      // No /proc (not Linux, or a locked-down container): we cannot prove we are in a lab.
      return null;
    }
  },
  labInodes() {
    let names: string[];
    try {
      names = readdirSync('/run/netns');
    } catch {
      return [];
    }
    const out: number[] = [];
    for (const n of names) {
      if (!n.startsWith('hl-')) continue;
      try {
        out.push(statSync(`/run/netns/${n}`).ino);
      } catch {
        // A namespace deleted between readdir and stat is simply not ours.
      }
    }
    return out;
  },
};

/** True when this process runs inside one of the lab's `hl-*` network namespaces. */
export function inLabNamespace(probe: NetnsProbe = procNetnsProbe): boolean {
  const self = probe.selfInode();
  return self !== null && probe.labInodes().includes(self);
}

/**
 * Throws {@link DiscoveryGuardError} unless active discovery is allowed: an interface was named explicitly, or
 * the process runs inside a lab namespace.
 */
export function assertActiveDiscoveryAllowed(opts: { interface?: string }, probe: NetnsProbe = procNetnsProbe): void {
  if (opts.interface !== undefined && opts.interface !== '') return;
  if (inLabNamespace(probe)) return;
  throw new DiscoveryGuardError(
    'NO_INTERFACE',
    'active discovery sends mDNS and SSDP queries on the network; name the interface to use with --interface IF ' +
      '(or run inside the HomeSweep lab namespace)',
  );
}
