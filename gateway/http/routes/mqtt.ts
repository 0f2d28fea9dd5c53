/**
 * POST /api/audits/:id/mqtt: the owner asks for a read-only audit of a broker in her home. The request waits for
 * the listening time (5–120 s). The password goes straight to the broker audit and is never stored or logged.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AuditError, type AuditManager } from '../../service/audits.ts';
import { auditBroker } from '../../service/mqtt.ts';
import type { Store } from '../../store/store.ts';
import type { Env } from '../security.ts';

const MqttBody = z.strictObject({
  url: z.string().min(1).max(300),
  username: z.string().min(1).max(256).optional(),
  password: z.string().min(1).max(1024).optional(),
  seconds: z.number().int().min(5).max(120).default(20),
});

export function mqttRoutes(deps: { store: Store; audits: AuditManager; log(m: string): void }) {
  const app = new Hono<Env>();
  app.post('/audits/:id/mqtt', async (c) => {
    const raw = await c.req.json().catch(() => undefined);
    if (raw === undefined) return c.json({ error: 'the body must be JSON' }, 400);
    const parsed = MqttBody.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json({ error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` }, 400);
    }
    try {
      const out = await auditBroker({ audits: deps.audits, store: deps.store, log: deps.log }, c.req.param('id'), { ...parsed.data, signal: c.req.raw.signal });
      return c.json(out);
    } catch (err) {
      if (err instanceof AuditError) return c.json({ error: err.message }, err.status);
      throw err;
    }
  });
  return app;
}
