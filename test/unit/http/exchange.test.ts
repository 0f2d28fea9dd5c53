import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditView } from '../../../gateway/contract.ts';
import { buildAuditExport } from '../../../gateway/audit/export.ts';
import { serializeAudit } from '../../../gateway/audit/load-audit.ts';
import { smallAudit } from '../audit/small-audit.ts';
import { client, makeHarness } from './app-harness.ts';

async function exported(c: ReturnType<typeof client>, id: string, body: object) {
  const res = await c.call('POST', `/api/audits/${id}/export`, body);
  return { ...res, bytes: new TextEncoder().encode(res.text) };
}

// These run age's scrypt at its default work factor (seconds of CPU each); on a loaded machine that takes minutes.
const SCRYPT_TIMEOUT_MS = 240_000;

describe('export → helper review → comments back', () => {
  it('runs the remote-helper journey between two gateways', async () => {
    const survivor = await makeHarness();
    const helper = await makeHarness();
    const s = client(survivor);
    const h = client(helper);
    await s.call('POST', '/api/setup', { passcode: 'survivor pass' });
    await h.call('POST', '/api/setup', { passcode: 'helper pass' });
    const demo = (await s.call('POST', '/api/audits', { kind: 'demo' })).json;
    const original: AuditView = (await s.call('GET', `/api/audits/${demo.id}`)).json;

    // Exported for a helper (the default), encrypted with a passphrase.
    const out = await exported(s, demo.id, { passphrase: 'correct horse battery' });
    expect(out.status).toBe(200);
    expect(out.text).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    const wrong = await h.call('POST', '/api/audits/import', out.bytes, { 'X-HomeSweep-Passphrase': Buffer.from('not it at all').toString('base64') });
    expect(wrong.status).toBe(400);
    expect(wrong.json.code).toBe('wrong-passphrase');
    expect(helper.store.list()).toEqual([]);
    const imp = await h.call('POST', '/api/audits/import', out.bytes, { 'X-HomeSweep-Passphrase': Buffer.from('correct horse battery').toString('base64') });
    expect(imp.status).toBe(201);
    expect(imp.json).toMatchObject({ kind: 'review', audit: { id: demo.id, readOnly: true, mode: 'import' } });

    // The helper sees no address of the home, cannot change answers, and comments on a device.
    const review: AuditView = (await h.call('GET', `/api/audits/${demo.id}`)).json;
    const macs = original.devices.map((d) => d.mac).filter(Boolean) as string[];
    const text = JSON.stringify(review);
    for (const mac of macs) expect(text).not.toContain(mac);
    expect((await h.call('PATCH', `/api/audits/${demo.id}/checklist/${encodeURIComponent(review.checklist[0]!.id)}`, { status: 'done' })).status).toBe(409);
    const top = review.devices[0]!;
    expect((await h.call('POST', `/api/audits/${demo.id}/comments`, { target: { kind: 'device', id: top.id }, text: 'Ask who set up this camera.', author: 'helper' })).status).toBe(201);

    // Sent back (plain JSON), merged into the survivor's audit, on the right device.
    const back = await exported(h, demo.id, { redact: 'none' });
    const merged = await s.call('POST', '/api/audits/import', back.bytes);
    expect(merged.json).toMatchObject({ kind: 'merged', added: 1 });
    const after: AuditView = (await s.call('GET', `/api/audits/${demo.id}`)).json;
    const comment = after.comments.find((x) => x.text === 'Ask who set up this camera.')!;
    expect(comment.author).toBe('helper');
    expect(after.devices.map((d) => d.id)).toContain(comment.target.id);
    expect(comment.target.id).toBe(original.devices[0]!.id);
  }, SCRYPT_TIMEOUT_MS);

  it('refuses an altered document and stores nothing', async () => {
    const g = await makeHarness();
    const c = client(g);
    await c.call('POST', '/api/setup', { passcode: 'survivor pass' });
    const demo = (await c.call('POST', '/api/audits', { kind: 'demo' })).json;
    const doc = JSON.parse((await exported(c, demo.id, { redact: 'none' })).text);
    doc.findings[0].severity = 'info';
    doc.audit.id = 'another-audit';
    const res = await c.call('POST', '/api/audits/import', new TextEncoder().encode(JSON.stringify(doc)));
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('digest-mismatch');
    expect(g.store.list().map((r) => r.meta.id)).toEqual([demo.id]);
  });

  it.each([
    ['climbs out of a folder', '../../x'],
    ['has 200 characters', 'x'.repeat(200)],
  ])('refuses an audit id that %s with a 400 naming the field', async (_what, id) => {
    const g = await makeHarness();
    const c = client(g);
    await c.call('POST', '/api/setup', { passcode: 'survivor pass' });
    const demo = (await c.call('POST', '/api/audits', { kind: 'demo' })).json;
    const doc = JSON.parse((await exported(c, demo.id, { redact: 'none' })).text);
    const res = await c.call('POST', '/api/audits/import', new TextEncoder().encode(JSON.stringify(buildAuditExport({ ...doc, audit: { ...doc.audit, id } }))));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'invalid', error: expect.stringMatching(/^The field audit\.id is not a plain id/) });
    expect(g.store.list().map((r) => r.meta.id)).toEqual([demo.id]);
  });

  it('serves a self-contained report with its own strict policy, and compares two audits', async () => {
    const g = await makeHarness();
    const c = client(g);
    await c.call('POST', '/api/setup', { passcode: 'survivor pass' });
    const a = (await c.call('POST', '/api/audits', { kind: 'demo' })).json;
    const b = (await c.call('POST', '/api/audits', { kind: 'demo' })).json;
    const report = await c.call('GET', `/api/audits/${a.id}/report?lang=es`);
    expect(report.headers.get('Content-Type')).toMatch(/text\/html/);
    expect(report.headers.get('Content-Security-Policy')).toMatch(/^default-src 'none'/);
    // The policy and X-Frame-Options agree: nothing may frame the report.
    expect(report.headers.get('Content-Security-Policy')).toMatch(/; frame-ancestors 'none'$/);
    expect(report.headers.get('X-Frame-Options')).toBe('DENY');
    expect(report.text).not.toMatch(/<script|src="http|href="http/i);
    expect(report.text).toContain('<a class="quick-exit" href="/neutral.html" rel="noreferrer">Salida rápida</a>');
    const diff = await c.call('GET', `/api/diff?a=${a.id}&b=${b.id}`);
    expect(diff.json.newDevices).toEqual([]);
    expect(diff.json.goneDevices).toEqual([]);
  });
});

describe('encrypted imports', () => {
  const passHeader = (p: string) => ({ 'X-HomeSweep-Passphrase': Buffer.from(p).toString('base64') });

  it('refuse a file that asks for too much scrypt work (400), and say "busy" (429) beyond two at once', async () => {
    const g = await makeHarness();
    const c = client(g);
    await c.call('POST', '/api/setup', { passcode: 'survivor pass' });
    const costly = await c.call('POST', '/api/audits/import', new Uint8Array(readFileSync(new URL('../../fixtures/age/work-factor-19.age', import.meta.url))), passHeader('orange piano 7'));
    expect(costly.status).toBe(400);
    expect(costly.json).toMatchObject({ code: 'too-costly', error: expect.stringMatching(/scrypt work factor is 19/) });
    const sealed = await serializeAudit(smallAudit(), { passphrase: 'plum lantern 9', workFactor: 14 });
    const all = await Promise.all([1, 2, 3].map(() => c.call('POST', '/api/audits/import', sealed, passHeader('plum lantern 9'))));
    const busy = all.filter((r) => r.status === 429);
    expect(busy).toHaveLength(1);
    expect(busy[0]!.json).toMatchObject({ code: 'busy' });
    expect(busy[0]!.headers.get('Retry-After')).toBe('5');
  });
});
