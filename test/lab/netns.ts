/** Thin wrappers around iproute2 for the lab: run `ip`, list and tear down `hl-*` namespaces. */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** Every lab namespace starts with this; the project's stop hook looks for leftovers by it. */
export const LAB_NS_PREFIX = 'hl-';

/** Runs `ip ARGS`; throws with ip's own message on failure. */
export async function ip(args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileP('ip', args, { encoding: 'utf8' });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`ip ${args.join(' ')}: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** Runs several `ip` commands in one process (`ip [-n NS] -batch -`), one per line. */
export async function ipBatch(ns: string | null, lines: string[]): Promise<void> {
  if (!lines.length) return;
  const args = [...(ns ? ['-n', ns] : []), '-batch', '-'];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ip', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ip ${args.join(' ')}: ${stderr.trim()}`))));
    child.stdin.end(lines.join('\n') + '\n');
  });
}

/** Runs a command inside a namespace and waits for it. */
export async function nsExec(ns: string, cmd: string[]): Promise<string> {
  return ip(['netns', 'exec', ns, ...cmd]);
}

/** Names of the existing lab namespaces. */
export async function listLabNamespaces(): Promise<string[]> {
  const out = await ip(['netns', 'list']);
  return out
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(LAB_NS_PREFIX));
}

/** PIDs of the processes running in a namespace (a tsx program also has its esbuild helper). */
export async function namespacePids(ns: string): Promise<number[]> {
  const out = await ip(['netns', 'pids', ns]).catch(() => '');
  return out
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Stops every process in the namespaces: SIGTERM, then SIGKILL after `graceMs`. */
export async function killNamespaceProcesses(namespaces: string[], graceMs = 2000): Promise<number> {
  const all = (await Promise.all(namespaces.map(namespacePids))).flat();
  all.forEach((pid) => signal(pid, 'SIGTERM'));
  const deadline = Date.now() + graceMs;
  let left = all;
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
  }
  left.forEach((pid) => signal(pid, 'SIGKILL'));
  return all.length;
}
