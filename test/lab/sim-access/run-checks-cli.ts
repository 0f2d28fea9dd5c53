/**
 * Runs the quiet access checks from a JSON file `{ devices, observations, limits? }` and prints
 * `{ entries: {deviceId: AccessEntry[]}, errors: string[] }` as one JSON line. For the access lab test, which
 * runs it inside its own `hs-acc-*` network namespace; it refuses to run anywhere else, so it can never send
 * to a real network.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createAccessIo } from '../../../discovery/access/access-io.ts';
import { runQuietChecks } from '../../../discovery/access/run-quiet-checks.ts';
import type { Device, Observation } from '../../../gateway/contract.ts';
import type { CheckLimits } from '../../../discovery/access/access-io.ts';

/** Namespace prefix of the access lab test. */
export const ACCESS_NS_PREFIX = 'hs-acc';

function inAccessNamespace(): boolean {
  try {
    const self = statSync('/proc/self/ns/net').ino;
    return readdirSync('/run/netns')
      .filter((n) => n.startsWith(ACCESS_NS_PREFIX))
      .some((n) => statSync(`/run/netns/${n}`).ino === self);
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  if (!inAccessNamespace()) {
    process.stderr.write(`run-checks-cli: refusing to run outside an ${ACCESS_NS_PREFIX}* network namespace\n`);
    process.exit(2);
  }
  const input = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as { devices: Device[]; observations: Observation[]; limits?: CheckLimits };
  const errors: string[] = [];
  const got = await runQuietChecks(input.devices, input.observations, createAccessIo(), {
    ...(input.limits ? { limits: input.limits } : {}),
    onError: (d, c, m) => errors.push(`${d} ${c}: ${m}`),
  });
  process.stdout.write(`${JSON.stringify({ entries: Object.fromEntries(got), errors })}\n`);
}

void main();
