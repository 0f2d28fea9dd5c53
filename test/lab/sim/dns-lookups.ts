/** Resolves the device's cloud names against its resolver with real DNS queries (c-ares, UDP 53). */
import { Resolver } from 'node:dns/promises';

/** Looks each name up once; names that fail are left out. */
export async function lookupAll(resolver: string, names: string[]): Promise<Map<string, string>> {
  const r = new Resolver({ timeout: 1500, tries: 1 });
  r.setServers([resolver]);
  const out = new Map<string, string>();
  await Promise.all(
    names.map(async (name) => {
      try {
        const [addr] = await r.resolve4(name);
        if (addr) out.set(name, addr);
      } catch (err) {
        console.error(`dns ${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }),
  );
  return out;
}
