import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRecord } from '../../../gateway/audit/record.ts';
import { createStore } from '../../../gateway/store/store.ts';

const meta = (id: string, startedAt = new Date().toISOString()) => ({ id, title: `Audit ${id}`, startedAt, mode: 'demo' as const, sources: [] });

describe('store', () => {
  it('keeps audits across restarts and lists them newest first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-store-'));
    const a = createStore({ dir });
    await a.start();
    await a.put(newRecord(meta('old', '2026-01-01T00:00:00.000Z'), { status: 'done' }));
    await a.put(newRecord(meta('new', '2026-02-01T00:00:00.000Z'), { status: 'done' }));
    const b = createStore({ dir });
    await b.start();
    expect(b.list().map((r) => r.meta.id)).toEqual(['new', 'old']);
  });

  it('moves a damaged audit file aside, reports it, and keeps the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-store-'));
    const a = createStore({ dir });
    await a.start();
    await a.put(newRecord(meta('good'), { status: 'done' }));
    writeFileSync(join(dir, 'audits', 'bad.json'), '{"schema":1,"meta":{"id":"bad"');
    writeFileSync(join(dir, 'audits', 'other.json'), '{"hello":"world"}');
    const b = createStore({ dir });
    await b.start();
    expect(b.list().map((r) => r.meta.id)).toEqual(['good']);
    expect(b.problems).toHaveLength(2);
    expect(b.problems.join('\n')).toMatch(/bad\.json: not valid JSON/);
    expect(readdirSync(join(dir, 'audits')).filter((f) => f.includes('.corrupt-'))).toHaveLength(2);
  });

  it('marks an audit that was running when the gateway stopped as done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-store-'));
    const a = createStore({ dir });
    await a.start();
    await a.put(newRecord(meta('live'), { status: 'running' }));
    const b = createStore({ dir });
    await b.start();
    expect(b.get('live')!.status).toBe('done');
    expect(b.get('live')!.meta.endedAt).toBeDefined();
  });

  it('refuses ids that could name another path, and a store made by a newer version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-store-'));
    const a = createStore({ dir });
    await a.start();
    await expect(a.put(newRecord(meta('../../etc/x')))).rejects.toThrow(/not a plain id/);
    writeFileSync(join(dir, 'store.json'), JSON.stringify({ schema: 99, createdAt: 'x' }));
    await expect(createStore({ dir }).start()).rejects.toThrow(/newer HomeSweep/);
  });

  it('never leaves a half-written file when the process is killed while writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-store-'));
    // A child process rewrites one big audit in a loop; it is killed with SIGKILL part-way through.
    const script = `
      import { createStore } from ${JSON.stringify(new URL('../../../gateway/store/store.ts', import.meta.url).pathname)};
      import { newRecord } from ${JSON.stringify(new URL('../../../gateway/audit/record.ts', import.meta.url).pathname)};
      const s = createStore({ dir: ${JSON.stringify(dir)} });
      await s.start();
      const rec = newRecord({ id: 'big', title: 'x', startedAt: new Date().toISOString(), mode: 'demo', sources: [] }, { status: 'done' });
      rec.comments = Array.from({ length: 20000 }, (_, i) => ({ id: 'c' + i, target: { kind: 'audit' }, author: 'a', text: 'note '.repeat(20), at: 'now' }));
      for (let n = 0; n < 200; n++) { rec.meta.title = 'write ' + n; await s.put(rec); if (n === 2) process.stdout.write('go\\n'); }
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((r) => child.stdout.once('data', () => r()));
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    const text = readFileSync(join(dir, 'audits', 'big.json'), 'utf8');
    const rec = JSON.parse(text);
    expect(rec.meta.title).toMatch(/^write \d+$/);
    expect(rec.comments).toHaveLength(20000);
    const b = createStore({ dir });
    await b.start();
    expect(b.problems).toEqual([]);
    expect(readdirSync(join(dir, 'audits')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
