import { createHash } from 'node:crypto';
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
    expect(report.text).not.toMatch(/src="http|href="http/i);
    // One inline script (the quick exit: link and Esc), allowed by its hash and by nothing broader.
    const scripts = [...report.text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(report.text.match(/<script/g)).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    expect(report.headers.get('Content-Security-Policy')).toContain(`script-src 'sha256-${hash}';`);
    // The policy and X-Frame-Options agree: nothing may frame the report.
    expect(report.headers.get('Content-Security-Policy')).toMatch(/; frame-ancestors 'none'$/);
    expect(report.headers.get('X-Frame-Options')).toBe('DENY');
    expect(report.text).toContain('<a class="quick-exit" href="/neutral.html" rel="noreferrer">Salida rápida</a>');
    const diff = await c.call('GET', `/api/diff?a=${a.id}&b=${b.id}`);
    expect(diff.json.newDevices).toEqual([]);
    expect(diff.json.goneDevices).toEqual([]);
  });

  it.each([
    ['pt-BR', 'Pode'],
    ['es', 'Puede'],
  ])('writes the report in %s: findings, steps, device names and evidence as the page shows them', async (lang, can) => {
    const g = await makeHarness();
    const c = client(g);
    await c.call('POST', '/api/setup', { passcode: 'survivor pass' });
    const a = (await c.call('POST', '/api/audits', { kind: 'demo' })).json;
    const view: AuditView = (await c.call('GET', `/api/audits/${a.id}?lang=${lang}`)).json;
    const english: AuditView = (await c.call('GET', `/api/audits/${a.id}?lang=en`)).json;
    const report = (await c.call('GET', `/api/audits/${a.id}/report?lang=${lang}`)).text;
    const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    expect(report).toContain(`<html lang="${lang}">`);
    expect(report).toContain(`<strong>${can}:</strong>`);
    expect(view.findings.length).toBeGreaterThan(0);
    for (const f of view.findings) {
      expect(report).toContain(esc(f.title));
      expect(report).toContain(esc(f.summary));
      // The report writes times in local time and byte counts in units: compare up to the first of either.
      for (const e of f.evidence) expect(report).toContain(esc(e.detail.split(/\d{4}-\d{2}-\d{2}T|\d+ B\b/)[0]!));
    }
    for (const i of view.checklist) expect(report).toContain(esc(i.text));
    for (const d of view.devices) if (d.profile) expect(report).toContain(esc(d.profile.name));
    // Nothing of it is left in English where the reader's language has a text.
    for (const f of english.findings) {
      const local = view.findings.find((x) => x.id === f.id)!;
      if (local.summary !== f.summary) expect(report).not.toContain(esc(f.summary));
    }
    expect(english.devices.filter((d) => d.profile).some((d) => !report.includes(esc(d.profile!.name)))).toBe(true);
  });

  it('shows an imported audit in the reviewer\'s language: titles, advice and steps from the rules and profiles', async () => {
    const survivor = await makeHarness();
    const helper = await makeHarness();
    const s = client(survivor);
    const h = client(helper);
    await s.call('POST', '/api/setup', { passcode: 'survivor pass' });
    await h.call('POST', '/api/setup', { passcode: 'helper pass!' });
    const demo = (await s.call('POST', '/api/audits', { kind: 'demo' })).json;
    const own: AuditView = (await s.call('GET', `/api/audits/${demo.id}?lang=pt-BR`)).json;
    const out = await exported(s, demo.id, { redact: 'none' });
    expect((await h.call('POST', '/api/audits/import', out.bytes)).status).toBe(201);
    const review: AuditView = (await h.call('GET', `/api/audits/${demo.id}?lang=pt-BR`)).json;
    expect(review.audit.readOnly).toBe(true);
    expect(review.findings.map((f) => f.title).sort()).toEqual(own.findings.map((f) => f.title).sort());
    expect(review.findings.map((f) => f.advice).sort()).toEqual(own.findings.map((f) => f.advice).sort());
    expect(review.findings.every((f) => f.noticeRisk !== '')).toBe(true);
    // Profile steps read the same as on the survivor's own gateway.
    const steps = (v: AuditView) => v.checklist.filter((i) => !i.id.startsWith('finding@') && !i.id.startsWith('access@')).map((i) => `${i.text}|${i.why}`).sort();
    expect(steps(review).length).toBeGreaterThan(0);
    expect(steps(review)).toEqual(steps(own));
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
