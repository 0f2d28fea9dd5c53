/**
 * A password for the system ssh client without storing it: ssh runs SSH_ASKPASS (SSH_ASKPASS_REQUIRE=force), a tiny
 * helper that reads the password from a Unix socket in a private temporary folder; the socket gives it once and
 * closes. Nothing is written to disk but the socket and a two-line wrapper, both removed when the session ends.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HELPER = fileURLToPath(new URL('./askpass.mjs', import.meta.url));

/** The environment for ssh and a cleanup; the password is served to one asker only. */
export async function createAskpass(password: string): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hs-askpass-'));
  await chmod(dir, 0o700);
  const socket = join(dir, 's');
  const wrapper = join(dir, 'askpass');
  await writeFile(wrapper, `#!/bin/sh\nexec '${process.execPath.replace(/'/g, '')}' '${HELPER.replace(/'/g, '')}'\n`, { mode: 0o700 });
  const server = createServer((conn) => {
    conn.end(password);
    server.close();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  return {
    env: { SSH_ASKPASS: wrapper, SSH_ASKPASS_REQUIRE: 'force', HOMESWEEP_ASKPASS_SOCKET: socket },
    async close() {
      server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
