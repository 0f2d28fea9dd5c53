/**
 * Account checks the owner starts (issue 8, explicit mode): the catalogue cards the page shows before she
 * confirms, and one run of one check on one device of an audit. A check runs only with `confirm: true`, uses the
 * credential once and is never retried (a second wrong Home Assistant token warns every user). Only the access
 * entries are kept, on the device; the credential and any app key the check created are never stored or logged.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AccessEntry } from '../../contract.ts';
import { builtInCatalog, describeAccountCheck } from '../../accounts/catalog.ts';
import type { AccountCheck } from '../../accounts/catalog-schema.ts';
import { failure, type CheckOptions, type CheckResult } from '../../accounts/check-types.ts';
import { runAccountCheck } from '../../accounts/runners.ts';
import { stripBrackets } from '../../accounts/ip-scope.ts';
import { AuditError, type AuditManager } from '../../service/audits.ts';
import type { Store } from '../../store/store.ts';
import type { Env } from '../security.ts';
import { pickLang } from './audits.ts';
import { textIn } from '../../rules/render.ts';

export interface AccountRouteDeps {
  store: Store;
  audits: AuditManager;
  log(m: string): void;
  /** Limits and HTTP client of the checks (tests may shorten the deadline). */
  accountCheckOptions?: CheckOptions;
}

const Target = z.strictObject({
  baseUrl: z.string().min(1).max(300),
  deviceId: z.string().min(1).max(200).optional(),
  /** Hue only: where the bridge's CLIP v2 (HTTPS) answers, when not on port 443 of the same host. */
  clipBaseUrl: z.string().min(1).max(300).optional(),
});
const RunBody = z.strictObject({
  target: Target.optional(),
  credential: z.unknown().optional(),
  confirm: z.literal(true, { message: 'the owner must confirm first: send "confirm": true' }),
});
const UserPass = z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });
/** What each check's credential looks like (checked before anything is sent). */
const CREDENTIALS: Record<string, z.ZodType> = {
  'home-assistant': z.string().min(1).max(4096),
  // Nothing (the link button is the credential), or a key she already has; an empty form field counts as nothing.
  'hue-bridge': z
    .union([z.literal('').transform(() => undefined), z.strictObject({ appName: z.string().min(1).max(40).optional(), appKey: z.string().min(1).max(100).optional() })])
    .optional(),
  'openwrt-ubus': UserPass,
  'fritzbox-tr064': UserPass,
};

/** An access entry with its label and detail in `lang`, where its texts have them. */
function inLanguage(e: AccessEntry, lang: string): AccessEntry {
  const label = textIn(e.texts?.label, lang);
  const detail = textIn(e.texts?.detail, lang);
  return { ...e, ...(label ? { label } : {}), ...(detail && e.detail !== undefined ? { detail } : {}) };
}

export function accountRoutes(deps: AccountRouteDeps) {
  const app = new Hono<Env>();
  // One check at a time per audit: two at once could present the same credential twice.
  const busy = new Set<string>();

  app.get('/account-checks', (c) => {
    const lang = pickLang(c);
    return c.json(builtInCatalog().checks.map((check) => describeAccountCheck(check, lang)));
  });

  app.post('/audits/:id/account-checks/:checkId', async (c) => {
    const id = c.req.param('id');
    const checkId = c.req.param('checkId');
    const lang = pickLang(c);
    const check: AccountCheck | undefined = builtInCatalog().checks.find((x) => x.id === checkId);
    if (!check) return c.json({ error: `no account check "${checkId}"` }, 404);
    const raw = await c.req.json().catch(() => undefined);
    if (raw === undefined) return c.json({ error: 'the body must be JSON' }, 400);
    const parsed = RunBody.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json({ error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` }, 400);
    }
    const body = parsed.data;
    const rec = deps.store.get(id);
    if (!rec) return c.json({ error: `no audit "${id}"` }, 404);
    if (rec.readOnly) return c.json({ error: textIn(failure('review-copy').errorTexts, lang) }, 409);
    if (check.mode === 'guidance') {
      // Nothing is sent: the answer is the steps she follows herself.
      return c.json(await runAccountCheck(checkId as 'asus-router', undefined, undefined, { lang }));
    }
    if (!body.target) return c.json({ error: 'target: say where the device is, e.g. {"baseUrl": "http://192.168.1.5:8123"}' }, 400);
    const credentialSchema = CREDENTIALS[checkId];
    const cred = credentialSchema ? credentialSchema.safeParse(body.credential) : { success: false as const };
    if (!cred.success) return c.json({ error: textIn(failure('credential-wrong', { name: check.name, ask: check.credential.ask }).errorTexts, lang) }, 400);

    let host = '';
    try {
      host = stripBrackets(new URL(body.target.baseUrl).hostname);
    } catch {
      // The check's own target guard explains a bad address in plain words.
    }
    const device = body.target.deviceId
      ? rec.devices.find((d) => d.id === body.target!.deviceId)
      : rec.devices.find((d) => d.ips.includes(host));
    if (!device) {
      return c.json({ error: body.target.deviceId ? `no device "${body.target.deviceId}" in this audit` : 'target.deviceId: say which device of the audit this is' }, body.target.deviceId ? 404 : 400);
    }
    if (busy.has(id)) return c.json({ error: textIn(failure('check-busy').errorTexts, lang) }, 409);
    busy.add(id);
    let result: CheckResult;
    try {
      const target = { ...body.target, deviceId: device.id };
      result = await runAccountCheck(checkId as 'home-assistant', target, cred.data as never, deps.accountCheckOptions);
    } catch (err) {
      // A runner reports failures in `error`; a throw is a bug, reported the same way and never retried.
      deps.log(`accounts: ${checkId} on ${device.id}: ${(err as Error).message}`);
      result = { entries: [], facts: {}, ...failure('internal-problem') };
    } finally {
      busy.delete(id);
    }
    deps.log(`accounts: ${checkId} on ${device.id}: ${result.entries.length} entries${result.error ? `, stopped: ${result.error}` : ''}`);

    let findings: string[] = [];
    if (result.entries.length) {
      try {
        findings = (await deps.audits.addAccess(id, device.id, result.entries as AccessEntry[])).findings;
      } catch (err) {
        if (err instanceof AuditError) return c.json({ error: err.message, entries: result.entries }, err.status);
        throw err;
      }
    }
    const created = (result.facts as { createdApp?: unknown }).createdApp;
    const removeLater = created ? textIn(check.leavesBehind, lang) : undefined;
    return c.json({
      // The entries in the reader's language (the stored ones keep every language in `texts`).
      entries: (result.entries as AccessEntry[]).map((e) => inLanguage(e, lang)),
      // Facts are answered once and never stored: an app key the check created (Hue) is shown here only.
      facts: result.facts,
      // Why the check stopped, in the reader's language.
      ...(result.error ? { error: textIn(result.errorTexts, lang) ?? result.error } : {}),
      findings,
      ...(removeLater ? { removeLater } : {}),
    });
  });

  return app;
}
