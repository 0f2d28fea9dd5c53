/**
 * The request log every account simulation keeps, so tests can assert what a check did to the device: how often
 * a credential was presented, that nothing was written, that nothing was retried after a failure.
 */

/** What a request did, from the device's point of view. */
export type SimLogKind =
  | 'connect' // a connection or a request that needs no credential
  | 'auth' // a credential was presented (see `credential`)
  | 'read' // an authenticated read
  | 'write' // anything that changes the device (the checks must never cause one, except Hue's app creation)
  | 'refused' // refused for lack of rights, or by a single-admin rule
  | 'notification' // something users are shown (HA's "Login attempt failed")
  | 'event-log'; // a line the device writes in its own log

export interface SimLogEntry {
  at: string;
  from: string;
  kind: SimLogKind;
  what: string;
  credential?: 'valid' | 'invalid';
}

/** An append-only log with a helper to add entries. */
export class SimLog {
  readonly entries: SimLogEntry[] = [];
  add(from: string | undefined, kind: SimLogKind, what: string, credential?: 'valid' | 'invalid'): void {
    this.entries.push({ at: new Date().toISOString(), from: from ?? '?', kind, what, ...(credential ? { credential } : {}) });
  }
  /** Entries of one kind. */
  of(kind: SimLogKind): SimLogEntry[] {
    return this.entries.filter((e) => e.kind === kind);
  }
}

/** Failure modes every simulation supports. */
export interface SimFailureModes {
  /** Delay before each answer, in ms (the "slow answer" mode). */
  slowMs?: number;
  /** Pad the largest answer to at least this many bytes (the "huge answer" mode). */
  hugeBytes?: number;
}

/** Resolves after `ms` (0: at once). */
export function pause(ms: number | undefined): Promise<void> {
  return ms && ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
