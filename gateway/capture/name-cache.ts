/**
 * The names DNS gave each client for each address, so a flow to that address can say which name it was reached
 * by. Bounded like TwoGenerationMap (the older half dropped at once), with one entry per (client, address) pair.
 * An IPv4 client's IPv4 addresses are kept under their numbers, so the per-flow look-up builds no string; any
 * other pair is kept under the text `client>address`. The two forms name distinct pairs, so the cache holds and
 * forgets exactly what a map keyed by `client>address` would.
 */
import { ipv4ToString } from './decode.ts';

class Generation {
  readonly v4 = new Map<number, Map<number, string>>();
  readonly text = new Map<string, string>();
  size = 0;

  set4(client: number, address: number, name: string): void {
    let inner = this.v4.get(client);
    if (!inner) this.v4.set(client, (inner = new Map()));
    if (!inner.has(address)) this.size++;
    inner.set(address, name);
  }

  setText(key: string, name: string): void {
    if (!this.text.has(key)) this.size++;
    this.text.set(key, name);
  }
}

/** The dotted quad `text` as a number when it is in canonical form (what the decoders write), else -1. */
export function canonicalIpv4(text: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 255 || parts === 4) return -1;
      n = n * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // A leading zero is not canonical ("01"), a lone zero is.
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else return -1;
  }
  return parts === 4 ? n : -1;
}

export class NameCache {
  private current = new Generation();
  private previous = new Generation();

  constructor(private readonly generationSize: number) {}

  private room(): Generation {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Generation();
    }
    return this.current;
  }

  /** Remembers that `client` (IPv4 as a number, else its text) was told `address` is `name`. */
  set(client: number | string, address: string, name: string): void {
    const gen = this.room();
    const a = typeof client === 'number' ? canonicalIpv4(address) : -1;
    if (a >= 0) gen.set4(client as number, a, name);
    else gen.setText(`${typeof client === 'number' ? ipv4ToString(client) : client}>${address}`, name);
  }

  /** The name an IPv4 client was given for an IPv4 address. */
  get4(client: number, address: number): string | undefined {
    return this.current.v4.get(client)?.get(address) ?? this.previous.v4.get(client)?.get(address);
  }

  /** The name a client was given for an address, both as text (IPv6). */
  getText(client: string, address: string): string | undefined {
    const key = `${client}>${address}`;
    return this.current.text.get(key) ?? this.previous.text.get(key);
  }
}
