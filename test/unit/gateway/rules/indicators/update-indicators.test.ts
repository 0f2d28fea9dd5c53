/** The update against a local HTTP server on 127.0.0.1 (the only network this test touches). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkIndicatorSource, IndicatorUpdateError, updateIndicators } from '../../../../../gateway/rules/indicators/update-indicators.ts';
import { command } from '../../../../../gateway/cli/indicators.ts';
import { UserError } from '../../../../../gateway/cli/errors.ts';

const OLD_YAML = '- name: OldApp\n  c2: {domains: [old.example]}\n';
const OLD_CSV = 'type,indicator,app\ndomain,old.example,OldApp\n';
const NEW_YAML = '- name: NewApp\n  websites: [new.example]\n  c2:\n    domains: [api.new.example]\n    ips: [198.51.100.7]\n';
const NEW_CSV = 'type,indicator,app\ndomain,api.new.example,NewApp\nipv4,198.51.100.7,NewApp\n';

/** What the server answers per path: status and body, or 'cut' to close the connection mid-body. */
let routes: Record<string, { status: number; body: string } | 'cut'> = {};
let server: Server;
let base: string;
const root = mkdtempSync(join(tmpdir(), 'hs-ind-update-'));
let dir: string;
let n = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (route === 'cut') {
      res.writeHead(200, { 'content-length': '100000' });
      res.write(NEW_YAML);
      setTimeout(() => res.destroy(), 10);
      return;
    }
    if (!route) {
      res.writeHead(404).end('Not Found');
      return;
    }
    res.writeHead(route.status, { 'content-type': 'text/plain' }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  dir = join(root, `copy-${n++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'ioc.yaml'), OLD_YAML);
  writeFileSync(join(dir, 'network.csv'), OLD_CSV);
  routes = { '/repo/ioc.yaml': { status: 200, body: NEW_YAML }, '/repo/generated/network.csv': { status: 200, body: NEW_CSV } };
});

const kept = () => {
  expect(readFileSync(join(dir, 'ioc.yaml'), 'utf8')).toBe(OLD_YAML);
  expect(readFileSync(join(dir, 'network.csv'), 'utf8')).toBe(OLD_CSV);
  // No temporary file is left behind.
  expect(readdirSync(dir).sort()).toEqual(['ioc.yaml', 'network.csv']);
};

async function expectFailure(code: IndicatorUpdateError['code'], message: RegExp): Promise<void> {
  const err = await updateIndicators({ dir, source: base, fetch }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IndicatorUpdateError);
  expect((err as IndicatorUpdateError).code).toBe(code);
  expect((err as Error).message).toMatch(message);
  expect((err as Error).message).not.toContain('\n');
}

describe('updateIndicators', () => {
  it('replaces both files when both download and validate', async () => {
    const files = await updateIndicators({ dir, source: base, fetch });
    expect(files.map((f) => [f.name, f.result.entries.length, f.url])).toEqual([
      ['ioc.yaml', 3, `${base}ioc.yaml`],
      ['network.csv', 2, `${base}generated/network.csv`],
    ]);
    expect(readFileSync(join(dir, 'ioc.yaml'), 'utf8')).toBe(NEW_YAML);
    expect(readFileSync(join(dir, 'network.csv'), 'utf8')).toBe(NEW_CSV);
    expect(readdirSync(dir).sort()).toEqual(['ioc.yaml', 'network.csv']);
  });

  it('creates the folder on first use', async () => {
    const fresh = join(dir, 'a', 'b');
    await updateIndicators({ dir: fresh, source: base.slice(0, -1), fetch });
    expect(readdirSync(fresh).sort()).toEqual(['ioc.yaml', 'network.csv']);
  });

  it('keeps the previous copy on a 404', async () => {
    delete routes['/repo/generated/network.csv'];
    await expectFailure('download', /generated\/network\.csv: HTTP 404/);
    kept();
  });

  it('keeps the previous copy on a server error', async () => {
    routes['/repo/ioc.yaml'] = { status: 500, body: 'oops' };
    await expectFailure('download', /ioc\.yaml: HTTP 500/);
    kept();
  });

  it.each([
    ['invalid YAML', '- name: A\n  c2: [unclosed\n', /invalid YAML/],
    ['an empty file', '', /the file is empty/],
    ['an HTML error page', '<html><body>rate limited</body></html>\n', /expected a YAML list/],
    ['apps without network indicators', '- name: A\n  packages: [x]\n', /no network indicator/],
  ])('keeps the previous copy when ioc.yaml is %s', async (_what, body, message) => {
    routes['/repo/ioc.yaml'] = { status: 200, body };
    await expectFailure('invalid', message);
    kept();
  });

  it('keeps the previous copy when network.csv is bad even though ioc.yaml was fine', async () => {
    routes['/repo/generated/network.csv'] = { status: 200, body: 'garbage\n' };
    await expectFailure('invalid', /network\.csv: not a valid indicator file/);
    kept();
  });

  it('keeps the previous copy when the download breaks off mid-file (no half file is written)', async () => {
    routes['/repo/ioc.yaml'] = 'cut';
    await expectFailure('download', /broke off/);
    kept();
  });

  it('keeps both files when one target cannot be replaced (checked before any rename)', async () => {
    rmSync(join(dir, 'network.csv'));
    mkdirSync(join(dir, 'network.csv'));
    await expectFailure('write', /network\.csv: exists and is not a file/);
    expect(readFileSync(join(dir, 'ioc.yaml'), 'utf8')).toBe(OLD_YAML);
    expect(readdirSync(dir).sort()).toEqual(['ioc.yaml', 'network.csv']);
  });

  it('keeps the previous copy when the server is not there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await updateIndicators({ dir, source: `http://127.0.0.1:${port}/`, fetch }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'download', message: expect.stringMatching(/ECONNREFUSED/) });
    kept();
  });
});

describe('checkIndicatorSource', () => {
  it.each(['https://mirror.example/lists/', 'http://127.0.0.1:8080/', 'http://localhost/x', 'http://[::1]:9/'])('accepts %s', (s) => expect(() => checkIndicatorSource(s)).not.toThrow());
  it.each(['http://mirror.example/', 'ftp://127.0.0.1/', 'file:///etc/', 'not a url'])('refuses %s', (s) =>
    expect(() => checkIndicatorSource(s)).toThrowError(expect.objectContaining({ code: 'bad-source' })),
  );
});

describe('homesweep indicators (CLI)', () => {
  function io(argv: string[], env: Record<string, string> = {}) {
    const out: string[] = [];
    const sink = { write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WritableStream;
    return { io: { argv, stdout: sink, stderr: sink, env, stopSignal: new AbortController().signal }, out };
  }

  it('update takes the source from HOMESWEEP_INDICATORS_URL, then show counts what it wrote', async () => {
    const u = io(['update', '--dir', dir], { HOMESWEEP_INDICATORS_URL: base });
    expect(await command.run(u.io)).toBe(0);
    expect(u.out.join('')).toContain(`updated ${dir}`);
    const s = io(['show', '--dir', dir]);
    expect(await command.run(s.io)).toBe(0);
    const text = s.out.join('');
    expect(text).toContain('ioc.yaml: 3 entries  domain 2, ip 1  c2 2, marketing 1');
    expect(text).toContain('network.csv: 2 entries');
    expect(text).toContain('distinct indicators: 2 domains, 1 IPs, 0 CIDR ranges');
    expect(text).toContain('CC BY 4.0');
  });

  it('a failed update is one user error line and the copy is kept', async () => {
    delete routes['/repo/ioc.yaml'];
    const u = io(['update', '--dir', dir, '--source', base]);
    const err = await command.run(u.io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^update failed, previous copy kept: .*ioc\.yaml: HTTP 404 Not Found$/);
    kept();
  });

  it('show reports refused entries and a bad file (exit 2)', async () => {
    writeFileSync(join(dir, 'extra.json'), JSON.stringify({ iocs: [{ type: 'domain', value: 'co.uk' }, { type: 'domain', value: 'x.example' }] }));
    writeFileSync(join(dir, 'broken.csv'), 'nothing useful\n');
    const s = io(['show', '--dir', dir]);
    expect(await command.run(s.io)).toBe(2);
    const text = s.out.join('');
    expect(text).toContain('refused (extra.json): "co.uk" is a public suffix');
    expect(text).toMatch(/broken\.csv: not loaded: broken\.csv: expected a CSV header/);
  });

  it.each([[['frobnicate']], [[]], [['show', '--dir', 'a', '--indicators', 'b']], [['update', '--indicators', 'x']], [['show', '--indicators', '/nonexistent/ioc.yaml']]])(
    'refuses %j with a user error',
    async (argv) => {
      await expect(command.run(io(argv).io)).rejects.toBeInstanceOf(UserError);
    },
  );
});
