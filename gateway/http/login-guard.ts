/**
 * What slows passcode guessing down (issue 14, items 1 and 2).
 *
 * - Each client has its own backoff: every wrong passcode doubles the wait before that client's next try (1 s,
 *   2 s, 4 s … at most 5 minutes); a right one resets it. A client is one IPv4 address, one IPv6 /64 (a LAN
 *   device can pick any address in its /64; link-local addresses count one by one, as every device shares
 *   fe80::/64), or "loopback" for every loopback address together (127.0.0.0/8 has 16 million of them, all on
 *   this computer).
 * - A client gets its slot before anything is verified, and has at most one try in flight: a burst of parallel
 *   requests gets one verification, the rest a 429.
 * - Verifications run one at a time (scrypt takes its time and memory; a queue keeps a burst from many
 *   clients from running them side by side).
 * - Clients other than loopback also share one budget (10 tries a minute). Many addresses together stay slow,
 *   while the owner at this computer's own screen is never held up by what other addresses do.
 */

export interface LoginGuard {
  /** Milliseconds this client must wait before another try (0: go ahead). */
  waitMs(client: string): number;
  /**
   * Takes the client's slot for one try, before the passcode is even read. `wait` when it must wait (backoff, a
   * try of its own still running, or the shared budget used up).
   */
  reserve(client: string): Attempt | { wait: number };
}

export interface Attempt {
  /** Runs the verification in the queue (one at a time) and records the result. */
  check(verify: () => Promise<boolean>): Promise<{ ok: boolean; retryAfterMs: number }>;
  /** Gives the slot back unused (the request was malformed; nothing was verified). */
  cancel(): void;
}

export const MAX_WAIT_MS = 5 * 60_000;
/** Tries a minute shared by every client that is not loopback (a bucket that refills one every 6 s). */
export const SHARED_TRIES_PER_MINUTE = 10;
/** A client's record is forgotten this long after its last wrong try. */
const FORGET_MS = 24 * 3600_000;
const MAX_CLIENTS = 10_000;
/** The answer while a client's own try is still being verified. */
const IN_FLIGHT_WAIT_MS = 1000;

interface ClientState {
  failures: number;
  blockedUntil: number;
  lastFailure: number;
  inFlight: boolean;
}

/** Wait after `failures` wrong tries in a row. */
export function backoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(MAX_WAIT_MS, 1000 * 2 ** (failures - 1));
}

/**
 * The client key of a remote address (as node's socket gives it): "loopback", the IPv4 address, the IPv6 /64,
 * or "unknown". Unknown addresses count as not loopback.
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  let a = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1]!;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(a)) return a.startsWith('127.') ? 'loopback' : a;
  if (!a.includes(':')) return 'unknown';
  a = a.replace(/%.*$/, '');
  if (a === '::1') return 'loopback';
  // Expand "::" so the first four groups are the /64.
  const [head, tail] = a.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  const short = groups.map((g) => g.replace(/^0+(?=.)/, ''));
  // Link-local (fe80::/10): every device shares the prefix, so the whole address is the client.
  if (/^fe[89ab]/.test(short[0] ?? '')) return short.join(':');
  return `${short.slice(0, 4).join(':')}::/64`;
}

export function createLoginGuard(opts: { now?: () => number } = {}): LoginGuard {
  const now = opts.now ?? Date.now;
  const clients = new Map<string, ClientState>();
  const refillMs = 60_000 / SHARED_TRIES_PER_MINUTE;
  let tokens = SHARED_TRIES_PER_MINUTE;
  let refilledAt = now();
  let queue: Promise<unknown> = Promise.resolve();

  const refill = () => {
    const t = now();
    if (tokens >= SHARED_TRIES_PER_MINUTE) {
      refilledAt = t;
      return;
    }
    const add = Math.floor((t - refilledAt) / refillMs);
    if (add > 0) {
      tokens = Math.min(SHARED_TRIES_PER_MINUTE, tokens + add);
      refilledAt = tokens === SHARED_TRIES_PER_MINUTE ? t : refilledAt + add * refillMs;
    }
  };
  const sharedWait = (client: string) => {
    if (client === 'loopback') return 0;
    refill();
    return tokens > 0 ? 0 : Math.max(1, refilledAt + refillMs - now());
  };
  const stateOf = (client: string): ClientState | undefined => {
    const s = clients.get(client);
    if (s && !s.inFlight && s.failures && now() - s.lastFailure > FORGET_MS) {
      clients.delete(client);
      return undefined;
    }
    return s;
  };
  const prune = () => {
    if (clients.size < MAX_CLIENTS) return;
    for (const [k, s] of clients) if (!s.inFlight && s.blockedUntil <= now()) clients.delete(k);
    // Still full: the oldest records go first (a flood of addresses must not grow memory without end).
    for (const [k, s] of clients) {
      if (clients.size < MAX_CLIENTS) break;
      if (!s.inFlight) clients.delete(k);
    }
  };

  return {
    waitMs(client) {
      const s = stateOf(client);
      return Math.max(s ? s.blockedUntil - now() : 0, s?.inFlight ? IN_FLIGHT_WAIT_MS : 0, sharedWait(client), 0);
    },
    reserve(client) {
      let s = stateOf(client);
      if (s?.inFlight) return { wait: IN_FLIGHT_WAIT_MS };
      if (s && s.blockedUntil > now()) return { wait: s.blockedUntil - now() };
      const shared = sharedWait(client);
      if (shared > 0) return { wait: shared };
      if (!s) {
        prune();
        s = { failures: 0, blockedUntil: 0, lastFailure: 0, inFlight: false };
        clients.set(client, s);
      }
      const st = s;
      st.inFlight = true;
      if (client !== 'loopback') tokens--;
      let done = false;
      return {
        cancel() {
          if (done) return;
          done = true;
          st.inFlight = false;
          if (client !== 'loopback') tokens = Math.min(SHARED_TRIES_PER_MINUTE, tokens + 1);
        },
        async check(verify) {
          if (done) throw new Error('login-guard: attempt already used');
          done = true;
          const run = queue.then(verify);
          queue = run.catch(() => undefined);
          try {
            const ok = await run;
            if (ok) {
              clients.delete(client);
              return { ok, retryAfterMs: 0 };
            }
            st.failures++;
            st.lastFailure = now();
            const wait = backoffMs(st.failures);
            st.blockedUntil = now() + wait;
            return { ok, retryAfterMs: wait };
          } finally {
            st.inFlight = false;
          }
        },
      };
    },
  };
}
