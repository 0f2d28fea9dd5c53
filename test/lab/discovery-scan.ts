/**
 * Runs one discovery round (discovery/run-discovery.ts) and prints each observation as a JSON line, then a
 * final `{"stats": …}` line. Used by test/lab/discovery-ns.test.ts inside its namespace.
 * Usage: node --import tsx discovery-scan.ts IF SECONDS
 */
import { runDiscovery } from '../../discovery/run-discovery.ts';

const [iface, seconds] = process.argv.slice(2);
const stats = await runDiscovery({
  interface: iface,
  seconds: Number(seconds ?? 3),
  onObservation: (obs) => process.stdout.write(JSON.stringify(obs) + '\n'),
  log: (m) => process.stderr.write(`${m}\n`),
});
process.stdout.write(JSON.stringify({ stats }) + '\n');
// node-ssdp leaves a timer running after stop(); the round is over, so leave now.
process.exit(0);
