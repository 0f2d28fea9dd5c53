/**
 * Shape of `account-checks.yaml`: what each owner-started account check reads, the trace it leaves, who could see
 * it, what credential it needs, and the vendor knowledge its mapper uses. Validated with zod at load time.
 */
import { z } from 'zod';
import { LangMapSchema } from '../../device-profiles/schema.ts';

export const NOTICE_LEVELS = ['N0', 'N1', 'N2', 'N3'] as const;

export const AccountCheckSchema = z
  .object({
    /** Stable id, also the `source` of the entries it finds. */
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case'),
    name: LangMapSchema,
    /** login: uses a credential once; link-button: the owner presses a button on the device; guidance: no network. */
    mode: z.enum(['login', 'link-button', 'guidance']),
    /** ACCOUNTS.md notice level of running this check as designed. */
    notice: z.enum(NOTICE_LEVELS),
    /** Notice level of what HomeSweep avoids (e.g. logging in to a single-admin router). */
    avoidedNotice: z.enum(NOTICE_LEVELS).optional(),
    credential: z.object({ kind: z.enum(['token', 'password', 'link-button', 'none']), ask: LangMapSchema }).strict(),
    reads: z.array(LangMapSchema).min(1),
    trace: LangMapSchema,
    whoCanSee: LangMapSchema,
    /** What a wrong credential causes on the device. */
    onFailure: LangMapSchema.optional(),
    /** What stays behind and how the owner removes it later. */
    leavesBehind: LangMapSchema.optional(),
    /** Guidance-only checks: what to look at, step by step. */
    steps: z.array(LangMapSchema).optional(),
    /** Named lists the check's mapper reads (globs or plain values). */
    knowledge: z.record(z.string(), z.array(z.string().min(1))).optional(),
    sources: z.array(z.string().min(1)).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.mode === 'guidance' && !c.steps?.length) ctx.addIssue({ code: 'custom', message: 'a guidance check needs steps' });
    if (c.mode !== 'guidance' && c.credential.kind === 'none') ctx.addIssue({ code: 'custom', message: 'a check that logs in needs a credential' });
  });
export type AccountCheck = z.infer<typeof AccountCheckSchema>;

export const AccountCatalogSchema = z
  .object({ version: z.literal(1), checks: z.array(AccountCheckSchema).min(1) })
  .strict()
  .superRefine((cat, ctx) => {
    const seen = new Set<string>();
    for (const c of cat.checks) {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate check id "${c.id}"` });
      seen.add(c.id);
    }
  });
export type AccountCatalog = z.infer<typeof AccountCatalogSchema>;
