/**
 * The shape of a detection rule file (`pcap-rules/<family>/<rule-id>.yaml`, one rule per file), validated with
 * zod at load time; `gen-json-schema.ts` turns it into `rule.schema.json` for editors. A rule's condition is a
 * named matcher from `gateway/rules/matchers/` whose params are validated by that matcher's own schema.
 */
import { z } from 'zod';
import { lazySchema } from '../gateway/util/lazy-schema.ts';
import { CAPABILITIES, CATEGORIES } from '../gateway/contract.ts';
import { MATCHERS } from '../gateway/rules/matchers/index.ts';
import { LangMapSchema } from '../device-profiles/schema.ts';

export { LangMapSchema };

/** `HS-<FAMILY>-<4 digits>`; never reused or renamed. */
export const RULE_ID = /^HS-([A-Z]+)-(\d{4})$/;

export const MatchSchema = lazySchema(() => {
  const matchOptions = [...MATCHERS.values()].map((m) =>
    z
      .object({
        matcher: z.literal(m.name).meta({ description: m.description }),
        params: m.params as z.ZodType,
      })
      .strict(),
  );
  return z
    .discriminatedUnion('matcher', matchOptions as unknown as [z.ZodObject, ...z.ZodObject[]])
    .meta({ description: 'The condition: a named matcher and its params (validated by that matcher).' });
});

export const ScopeSchema = lazySchema(() =>
  z
    .object({
      categories: z.array(z.enum(CATEGORIES)).min(1).optional().meta({ description: 'Only devices of these categories.' }),
      capabilities: z.array(z.enum(CAPABILITIES)).min(1).optional().meta({ description: 'Only devices with at least one of these capabilities.' }),
      notCategories: z.array(z.enum(CATEGORIES)).min(1).optional().meta({ description: 'Never devices of these categories.' }),
      notCapabilities: z.array(z.enum(CAPABILITIES)).min(1).optional().meta({ description: 'Never devices with any of these capabilities.' }),
    })
    .strict()
    .meta({ description: 'Which devices the rule applies to, decided after identification.' }),
);

export const AggregateSchema = lazySchema(() =>
  z
    .object({
      evidence: z.number().int().min(1).max(100).default(5).meta({ description: 'Evidence items kept per finding (the first ones).' }),
      gapSeconds: z
        .number()
        .int()
        .min(1)
        .optional()
        .meta({ description: 'When set, a hit this long after the previous one of the same device and key starts a new finding (an episode).' }),
    })
    .strict()
    .meta({ description: 'Hits are grouped per device and key into one finding (first/last seen, count, evidence).' }),
);

export const RuleSchema = lazySchema(() =>
  z
    .object({
      id: z.string().regex(RULE_ID, 'must look like HS-FAMILY-0001'),
      title: LangMapSchema,
      summary: LangMapSchema.meta({ description: 'Template: {device} and the matcher\'s placeholders are replaced by plain text.' }),
      advice: LangMapSchema,
      noticeRisk: LangMapSchema.meta({ description: 'What the abuser may notice if the advice is followed.' }),
      severity: z.enum(['high', 'medium', 'low', 'info']),
      status: z.enum(['stable', 'experimental']),
      references: z.array(z.url()).default([]),
      hostsLeadHome: z
        .boolean()
        .optional()
        .meta({ description: 'Host names this rule matches lead to the home itself (dynamic DNS, tunnels): copies for a helper hide them.' }),
      scope: ScopeSchema.optional(),
      match: MatchSchema,
      aggregate: AggregateSchema.default({ evidence: 5 }),
    })
    .strict(),
);

/** A validated rule. `match.params` has the shape of the named matcher's params schema. */
export type Rule = Omit<z.infer<typeof RuleSchema>, 'match'> & { match: { matcher: string; params: unknown } };
export type RuleScope = z.infer<typeof ScopeSchema>;
