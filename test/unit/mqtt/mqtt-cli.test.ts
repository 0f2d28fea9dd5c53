/** `homesweep mqtt-audit`: one-line user errors naming the input, the text and JSON output against aedes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { command } from '../../../gateway/cli/mqtt-audit.ts';
import { UserError } from '../../../gateway/cli/errors.ts';
import type { CliIo } from '../../../gateway/cli/io.ts';
import { homeTopics } from '../../fixtures/mqtt/home-topics.ts';
import { startTestBroker } from './aedes-broker.ts';

const tmp = mkdtempSync(join(tmpdir(), 'hs-mqtt-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function io(argv: string[]): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  return { argv, stdout, stderr, env: {}, stopSignal: new AbortController().signal, out: () => out, err: () => err };
}

describe('homesweep mqtt-audit: input errors', () => {
  it.each([
    [['http://x'], /only mqtt:\/\/ and mqtts:\/\//],
    [['mqtt://u:p@x'], /password-file/],
    [[], /exactly one broker address/],
    [['mqtt://x', '--seconds', 'abc'], /--seconds abc: give a number of seconds from 1 to 600/],
    [['mqtt://x', '--seconds', '601'], /from 1 to 600/],
    [['mqtt://x', '--password-file', '/nonexistent/pw'], /^\/nonexistent\/pw: cannot read the password file \(no such file\)$/],
    [['mqtt://x', '--password-file', tmpdir()], /is a folder/],
    [['mqtt://x', '--bogus'], /Unknown option '--bogus'/],
  ])('%j → UserError', async (argv, why) => {
    const p = command.run(io(argv));
    await expect(p).rejects.toThrow(UserError);
    await expect(p).rejects.toThrow(why);
  });

  it('an empty password file is refused', async () => {
    const f = join(tmp, 'empty');
    writeFileSync(f, '\n');
    await expect(command.run(io(['mqtt://x', '--password-file', f]))).rejects.toThrow(/the password file is empty/);
  });
});

describe('homesweep mqtt-audit: output', () => {
  it('plain text, grouped, calm; exit 0', async () => {
    const b = await startTestBroker();
    try {
      for (const m of homeTopics()) await b.publish(m.topic, m.payload, m.retain);
      const x = io([`mqtt://127.0.0.1:${b.port}`, '--seconds', '1']);
      expect(await command.run(x)).toBe(0);
      const text = x.out();
      for (const heading of ['Access', 'Devices announced through the broker (10)', 'Location, camera, lock and alarm topics', 'What this means']) expect(text).toContain(heading);
      expect(text).toContain('It accepts clients without a user name or password.');
      expect(text).toMatch(/lock +Front door lock — Yale YRD256HA20BP \(zigbee2mqtt\)/);
      expect(text).toMatch(/location "sam\/phone" on owntracks\/sam\/phone \(kept by the broker for every new client; last reported 2025-11-27T19:00:00.000Z\)/);
      expect(text).not.toMatch(/spy ?ware|stalker|malware|hacked/i);
      expect(x.err()).toMatch(/^listening to mqtt:\/\/127\.0\.0\.1:\d+ for 1 s/);
    } finally {
      await b.close();
    }
  });

  it('--json with a password file; a refused password exits 1 with the clear message', async () => {
    const b = await startTestBroker({ user: { username: 'ha', password: 'right' }, anonymous: false });
    try {
      const good = join(tmp, 'good');
      const bad = join(tmp, 'bad');
      writeFileSync(good, 'right\n');
      writeFileSync(bad, 'wrong\n');
      const x = io([`mqtt://127.0.0.1:${b.port}`, '--username', 'ha', '--password-file', good, '--seconds', '1', '--json']);
      expect(await command.run(x)).toBe(0);
      const doc = JSON.parse(x.out());
      expect(doc).toMatchObject({ connected: true, published: 0, facts: { anonymous: false, tls: false } });
      expect(JSON.stringify(doc)).not.toContain('right');
      const y = io([`mqtt://127.0.0.1:${b.port}`, '--username', 'ha', '--password-file', bad, '--seconds', '1']);
      expect(await command.run(y)).toBe(1);
      expect(y.out()).toContain('could not listen: the broker refused the user name or password.');
    } finally {
      await b.close();
    }
  });
});
