/** Audits: list, start (demo, live, uploaded capture), view, progress events, stop, checklist, comments, motion. */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AuditProgress } from '../../contract.ts';
import { summarise } from '../../audit/record.ts';
import { buildAuditView, type ViewContext } from '../../audit/view.ts';
import { AuditError, type AuditManager } from '../../service/audits.ts';
import type { Store } from '../../store/store.ts';
import type { Env } from '../security.ts';

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
export const LANGS = ['en', 'es', 'pt-BR'] as const;

/** A router to capture on (the page's "How can HomeSweep see this home's traffic?"); the password is never kept. */
const CaptureFromBody = z.strictObject({
  url: z.string().regex(/^(ssh|fritzbox):\/\/[^\s]{1,200}$/, 'must be ssh://user@router or fritzbox://router'),
  sshKey: z.string().min(1).max(500).optional(),
  remoteInterface: z.string().regex(/^[A-Za-z0-9_.:@][A-Za-z0-9_.:@-]{0,31}$/, 'not an interface name').optional(),
  acceptHostKey: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'not a SHA256 key fingerprint').optional(),
  password: z.string().min(1).max(200).optional(),
});
const StartBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('demo') }),
  z
    .strictObject({
      kind: z.literal('live'),
      interface: z.string().regex(/^[A-Za-z0-9_.:@][A-Za-z0-9_.:@-]{0,14}$/, 'not an interface name').optional(),
      captureFrom: CaptureFromBody.optional(),
      minutes: z.number().int().min(1).max(24 * 60).optional(),
    })
    .refine((b) => b.interface !== undefined || b.captureFrom !== undefined, { message: 'choose an interface or a router to capture from', path: ['interface'] }),
]);
const AnswerBody = z.strictObject({
  status: z.enum(['todo', 'done', 'skipped', 'not-applicable']).optional(),
  answer: z.string().max(2000).optional(),
  note: z.string().max(10_000).optional(),
});
const CommentBody = z.strictObject({
  target: z.strictObject({ kind: z.enum(['device', 'finding', 'checklist', 'audit']), id: z.string().max(200).optional() }),
  text: z.string().min(1).max(10_000),
  author: z.string().max(100).optional(),
});

export interface AuditRouteDeps {
  store: Store;
  audits: AuditManager;
  view: Omit<ViewContext, 'lang' | 'previous'>;
  uploadsDir: string;
  interfaces(): { name: string; addresses: string[] }[];
}

function problem(err: unknown): { status: 400 | 404 | 409 | 500; error: string; code?: string; fingerprint?: string } {
  // A router key to confirm: the page shows the fingerprint and a button that starts again with it accepted.
  if (err instanceof AuditError && err.hostKey) return { status: err.status, error: err.message, code: err.hostKey.changed ? 'host-key-changed' : 'host-key-unknown', fingerprint: err.hostKey.fingerprint };
  if (err instanceof AuditError) return { status: err.status, error: err.message, ...(err.code ? { code: err.code } : {}) };
  return { status: 500, error: (err as Error).message };
}

async function body<T>(c: Context, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  const raw = await c.req.json().catch(() => undefined);
  if (raw === undefined) return { ok: false, error: 'the body must be JSON' };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` };
}

/** Chooses the content language from ?lang=, else Accept-Language, else English. */
export function pickLang(c: Context): string {
  const q = c.req.query('lang');
  if (q && (LANGS as readonly string[]).includes(q)) return q;
  const accept = (c.req.header('Accept-Language') ?? '').toLowerCase();
  if (accept.startsWith('pt')) return 'pt-BR';
  if (accept.startsWith('es')) return 'es';
  return 'en';
}

export function auditRoutes(deps: AuditRouteDeps) {
  const { store, audits } = deps;
  const app = new Hono<Env>();
  const wrap = async (c: Context, fn: () => Promise<Response>) => {
    try {
      return await fn();
    } catch (err) {
      const p = problem(err);
      return c.json({ error: p.error, ...(p.code ? { code: p.code } : {}), ...(p.fingerprint ? { fingerprint: p.fingerprint } : {}) }, p.status);
    }
  };

  app.get('/interfaces', (c) => c.json(deps.interfaces()));
  app.get('/audits', (c) => c.json(store.list().map(summarise)));

  app.post('/audits', (c) =>
    wrap(c, async () => {
      const b = await body(c, StartBody);
      if (!b.ok) return c.json({ error: b.error }, 400);
      const rec = b.value.kind === 'demo' ? await audits.openDemo() : await audits.startLive(b.value.interface, b.value.minutes, b.value.captureFrom);
      return c.json(summarise(rec), 201);
    }),
  );

  app.post('/audits/capture', (c) =>
    wrap(c, async () => {
      const name = (c.req.query('name') ?? 'capture.pcap').replace(/[^\w.\- ]/g, '_').slice(0, 100) || 'capture.pcap';
      const declared = Number(c.req.header('Content-Length') ?? '0');
      if (declared > MAX_UPLOAD_BYTES) return c.json({ error: `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` }, 413);
      const stream = c.req.raw.body;
      if (!stream) return c.json({ error: 'no file in the request' }, 400);
      await mkdir(deps.uploadsDir, { recursive: true, mode: 0o700 });
      const path = join(deps.uploadsDir, `${randomUUID()}.upload`);
      let seen = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          seen += chunk.length;
          cb(seen > MAX_UPLOAD_BYTES ? new Error('too large') : null, chunk);
        },
      });
      try {
        await pipeline(Readable.fromWeb(stream as import('node:stream/web').ReadableStream), limit, createWriteStream(path, { mode: 0o600 }));
      } catch (err) {
        await rm(path, { force: true });
        if (seen > MAX_UPLOAD_BYTES) return c.json({ error: `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` }, 413);
        throw err;
      }
      const rec = await audits.analyzeFile(path, name, { removeAfter: true });
      return c.json(summarise(rec), 201);
    }),
  );

  app.get('/audits/:id', (c) => {
    const rec = store.get(c.req.param('id'));
    if (!rec) return c.json({ error: 'no such audit' }, 404);
    const previous = audits.previousOf(rec);
    return c.json(buildAuditView(rec, { ...deps.view, lang: pickLang(c), ...(previous ? { previous } : {}) }));
  });

  app.get('/audits/:id/events', (c) => {
    const rec = store.get(c.req.param('id'));
    if (!rec) return c.json({ error: 'no such audit' }, 404);
    return streamSSE(c, async (stream) => {
      let last: AuditProgress = rec.progress;
      const queue: AuditProgress[] = [];
      let wake: (() => void) | undefined;
      const off = audits.subscribe(rec.meta.id, (p) => {
        queue.push(p);
        wake?.();
      });
      stream.onAbort(() => {
        off();
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'progress', data: JSON.stringify(last) });
        while (!stream.aborted && audits.isRunning(rec.meta.id)) {
          if (!queue.length) await new Promise<void>((r) => ((wake = r), setTimeout(r, 15_000)));
          wake = undefined;
          while (queue.length) {
            last = queue.shift()!;
            await stream.writeSSE({ event: 'progress', data: JSON.stringify(last) });
          }
        }
        const final = store.get(rec.meta.id)?.progress;
        if (!stream.aborted && final && final !== last) await stream.writeSSE({ event: 'progress', data: JSON.stringify(final) });
      } finally {
        off();
      }
    });
  });

  app.post('/audits/:id/stop', (c) => wrap(c, async () => c.json(summarise(await audits.stopAudit(c.req.param('id'))))));
  app.delete('/audits/:id', (c) =>
    wrap(c, async () => {
      await audits.remove(c.req.param('id'));
      return c.json({ ok: true });
    }),
  );

  app.patch('/audits/:id/checklist/:itemId', (c) =>
    wrap(c, async () => {
      const b = await body(c, AnswerBody);
      if (!b.ok) return c.json({ error: b.error }, 400);
      return c.json(await audits.answer(c.req.param('id'), c.req.param('itemId'), b.value));
    }),
  );

  app.post('/audits/:id/comments', (c) =>
    wrap(c, async () => {
      const b = await body(c, CommentBody);
      if (!b.ok) return c.json({ error: b.error }, 400);
      const comment = await audits.comment(c.req.param('id'), { target: b.value.target, text: b.value.text, author: b.value.author ?? 'me' });
      return c.json(comment, 201);
    }),
  );

  app.post('/audits/:id/motion/mark', (c) => wrap(c, async () => c.json({ at: await audits.markMotion(c.req.param('id')) })));
  app.get('/audits/:id/motion', (c) => wrap(c, async () => c.json({ marks: audits.motion(c.req.param('id')) })));
  return app;
}
