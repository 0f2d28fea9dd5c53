/**
 * `access-entry`: one way someone or something outside the home can reach a device (an AccessEntry found by a
 * quiet check or an account check the owner started), as an `access` observation. A rule picks entries by kind
 * and by the `outside` / `unexpected` marks the check set; each matching entry is one hit, keyed by the entry id,
 * on the device the observation names.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { AccessEntry } from '../../contract.ts';
import { defineMatcher, refOf } from './types.ts';
import { phrase, phraseEvidence, wrapped } from '../phrases.ts';
import type { LangText } from '../render.ts';

/** Every AccessEntry kind (contract.ts), for rule params. */
export const ACCESS_KINDS = [
  'port-mapping', 'ecosystem', 'cloud-account', 'app', 'user', 'session', 'remote-admin', 'tunnel', 'webhook', 'broker', 'vpn-peer', 'location-tracker',
] as const satisfies readonly AccessEntry['kind'][];

export const AccessEntryParams = lazySchema(() =>
  z
    .object({
      kinds: z.array(z.enum(ACCESS_KINDS)).min(1).optional().meta({ description: 'Entry kinds this rule reports (any kind when absent).' }),
      outside: z.boolean().optional().meta({ description: 'When set, only entries whose `outside` mark equals this (absent counts as false).' }),
      unexpected: z.boolean().optional().meta({ description: 'When set, only entries whose `unexpected` mark equals this (absent counts as false).' }),
    })
    .strict()
    .refine((p) => p.kinds !== undefined || p.outside !== undefined || p.unexpected !== undefined, {
      message: 'name at least one of kinds, outside, unexpected',
    }),
);
export type AccessEntryParams = z.infer<typeof AccessEntryParams>;

const KIND_SET = new Set<string>(ACCESS_KINDS);
const text = (v: unknown, max = 300): string => (typeof v === 'string' ? v.slice(0, max) : '');

/** `t` bounded like the entry's English, when it is a text by language whose English is `en`; else `en` alone. */
function langText(t: unknown, en: string): LangText {
  if (!t || typeof t !== 'object' || text((t as { en?: unknown }).en) !== en) return { en };
  const out: Record<string, string> = {};
  for (const [lang, v] of Object.entries(t as Record<string, unknown>).slice(0, 8)) if (typeof v === 'string') out[lang] = text(v);
  return { ...out, en } as LangText;
}

/** The entry inside an access observation, or null when the data is not one (never throws). */
export function accessEntryOf(data: unknown): (AccessEntry & { device?: string }) | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (typeof d.id !== 'string' || d.id === '' || typeof d.kind !== 'string' || !KIND_SET.has(d.kind) || typeof d.label !== 'string') return null;
  return d as unknown as AccessEntry & { device?: string };
}

export const accessEntry = defineMatcher<AccessEntryParams>({
  name: 'access-entry',
  description: 'A way in from outside the home found by an access check (an app, a user, a session, a tunnel, a cloud link …), by kind and its outside/unexpected marks.',
  params: AccessEntryParams,
  sources: ['access'],
  placeholders: ['label', 'kind', 'source', 'detail', 'lastUsed'],
  compile(params) {
    const kinds = params.kinds ? new Set<string>(params.kinds) : undefined;
    return {
      observe(obs) {
        const e = accessEntryOf(obs.data);
        if (!e) return undefined;
        if (kinds && !kinds.has(e.kind)) return undefined;
        if (params.outside !== undefined && (e.outside === true) !== params.outside) return undefined;
        if (params.unexpected !== undefined && (e.unexpected === true) !== params.unexpected) return undefined;
        const label = text(e.label);
        const detail = text(e.detail);
        const lastUsed = text(e.lastUsed, 40);
        const source = text(e.source, 60);
        // The entry's words in every language when the check wrote them (discovery/access), else its English.
        const labels = langText(e.texts?.label, label);
        const details = langText(e.texts?.detail, detail);
        return [{
          ref: refOf(obs),
          key: e.id.slice(0, 300),
          at: obs.at,
          vars: { label, kind: e.kind, source, detail, lastUsed },
          langVars: { label: labels, detail: details },
          evidence: phraseEvidence('access', 'access-entry', {
            label: labels,
            detail: detail ? wrapped(details, ' (', ')') : '',
            source: source || phrase('a-check', {}),
            notice: e.notice ? wrapped(phrase('notice-level', { level: text(e.notice, 4) }), ' (', ')') : '',
          }),
        }];
      },
    };
  },
});
