/**
 * The shape of a device-profile YAML file (one device family) and of `weights.yaml` (how much each kind of
 * evidence counts). Validated with zod at load time; `gen-json-schema.ts` turns these into
 * `profile.schema.json` and `weights.schema.json` for editors.
 */
import { z } from 'zod';
import { lazySchema } from '../gateway/util/lazy-schema.ts';
import { CAPABILITIES, CATEGORIES } from '../gateway/contract.ts';
import { checkGlob } from './glob.ts';

const text = lazySchema(() => z.string().trim().min(1));

/** A user-facing text in several languages: `{ en: "…", es: "…" }`. English is required. */
export const LangMapSchema = lazySchema(() =>
  z
    .object({ en: text })
    .catchall(text)
    .superRefine((map, ctx) => {
      for (const key of Object.keys(map)) {
        // BCP 47 language, optionally with a region: "es", "pt-BR".
        if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(key)) {
          ctx.addIssue({ code: 'custom', message: `"${key}" is not a language code like "en" or "pt-BR"` });
        }
      }
    })
    .meta({ description: 'Text by language code; "en" is required.' }),
);
export type LangMap = z.infer<typeof LangMapSchema>;

/** Glob pattern: `*` any run, `?` one character, case-insensitive, matched against the whole value. */
export const GlobSchema = lazySchema(() =>
  z
    .string()
    .superRefine((p, ctx) => {
      const why = checkGlob(p);
      if (why) ctx.addIssue({ code: 'custom', message: `${why}: "${p}"` });
    })
    .meta({ description: 'Glob: * matches any text, ? one character; case-insensitive; whole value.' }),
);

export const OuiSchema = lazySchema(() =>
  z
    .string()
    .regex(/^(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{7}|[0-9A-Fa-f]{9})$/, 'OUI must be 6 (MA-L), 7 (MA-M) or 9 (MA-S) hex digits')
    .meta({ description: 'MAC prefix in hex without separators: 6, 7 or 9 digits.' }),
);

export const MdnsTypeSchema = lazySchema(() =>
  z
    .string()
    .regex(/^_[A-Za-z0-9][A-Za-z0-9_-]{0,62}\._(?:tcp|udp)$/, 'mDNS type must look like "_googlecast._tcp"'),
);

export const SSDP_FIELDS = [
  'st', 'nt', 'server', 'deviceType', 'manufacturer', 'modelName', 'modelDescription', 'friendlyName',
] as const;
export type SsdpField = (typeof SSDP_FIELDS)[number];

export const DomainSchema = lazySchema(() =>
  z
    .string()
    .regex(
      /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'domain must be a lower-case name with at least two labels, like "ring.com"',
    )
    .meta({ description: 'Matches this host name and every name under it.' }),
);

export const MatchSchema = lazySchema(() =>
  z
    .object({
      oui: z.array(OuiSchema).optional(),
      dhcpHostname: z
        .array(
          z.union([
            GlobSchema,
            z.strictObject({
              pattern: GlobSchema,
              oui: z.array(OuiSchema).min(1).meta({ description: 'Counts only when the MAC also starts with one of these.' }),
            }),
          ]),
        )
        .optional()
        .meta({ description: 'Globs on the DHCP / mDNS host name; an entry with `oui` needs both to match.' }),
      dhcpVendorClass: z.array(GlobSchema).optional(),
      mdnsType: z.array(MdnsTypeSchema).optional(),
      mdnsName: z.array(GlobSchema).optional().meta({ description: 'Globs on the instance label, e.g. "irobot-*".' }),
      mdnsTxt: z
        .array(
          z.strictObject({
            key: z.string().min(1).max(64),
            pattern: GlobSchema,
            type: MdnsTypeSchema.optional().meta({ description: 'Only TXT records of this service type.' }),
          }),
        )
        .optional(),
      homekitCategory: z.array(z.int().min(1).max(64)).optional().meta({ description: 'HAP TXT "ci" values.' }),
      ssdp: z.array(z.strictObject({ field: z.enum(SSDP_FIELDS), pattern: GlobSchema })).optional(),
      domains: z.array(DomainSchema).optional(),
      ports: z
        .array(
          z.strictObject({
            proto: z.enum(['tcp', 'udp']),
            port: z.int().min(1).max(65535),
            direction: z.enum(['in', 'out']).optional().meta({ description: 'in = device serves it; out = device calls it.' }),
          }),
        )
        .optional(),
    })
    .strict()
    .refine((m) => Object.values(m).some((v) => Array.isArray(v) && v.length > 0), 'match needs at least one signal'),
);
export type ProfileMatchSpec = z.infer<typeof MatchSchema>;

export const RemoteAccessSchema = lazySchema(() =>
  z.strictObject({
    feature: LangMapSchema,
    description: LangMapSchema,
    whereToCheck: LangMapSchema,
  }),
);

export const ChecklistStepSchema = lazySchema(() =>
  z.strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'checklist id must be kebab-case'),
    text: LangMapSchema,
    why: LangMapSchema,
    noticeRisk: LangMapSchema,
  }),
);

/** One device family, one YAML file at device-profiles/<vendor>/<family>.yaml. */
export const ProfileSchema = lazySchema(() =>
  z
    .strictObject({
      id: z
        .string()
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be "vendor.family" in kebab-case'),
      name: LangMapSchema,
      category: z.enum(CATEGORIES),
      capabilities: z.array(z.enum(CAPABILITIES)).refine((a) => new Set(a).size === a.length, 'duplicate capability'),
      priority: z.int().min(-100).max(100).default(0),
      fallback: z
        .boolean()
        .default(false)
        .meta({ description: 'Describes a kind of device, not a brand; its evidence supports brand profiles of the same category.' }),
      match: MatchSchema,
      shared: MatchSchema.optional().meta({
        description:
          "Signals every device of the vendor shows, whatever its kind (its cloud, its default host name): they name the maker, and the profile's kind only as the vendor's most common one. Counted at weights.yaml's sharedFactor.",
      }),
      origin: z
        .strictObject({ source: z.enum(['home-assistant']), integration: z.string().regex(/^[a-z0-9_]+$/) })
        .optional()
        .meta({ description: 'Set on generated profiles: where the data came from. Hand-written profiles of the same vendor keep priority.' }),
      remoteAccess: z.array(RemoteAccessSchema).default([]),
      checklist: z.array(ChecklistStepSchema).default([]),
      cannotSee: z.array(LangMapSchema).default([]),
    })
    .meta({ title: 'HomeSweep device profile' }),
);
export type Profile = z.infer<typeof ProfileSchema>;

/** A generated data file (`generated/*.json`): where it came from, and the profiles, each a normal profile. */
export const GeneratedFileSchema = lazySchema(() =>
  z.strictObject({
    source: z.strictObject({
      name: text,
      url: z.url(),
      ref: text,
      commit: z.string().regex(/^[0-9a-f]{7,40}$/),
      licence: text,
      files: z.array(text),
    }),
    profiles: z.array(ProfileSchema.refine((p) => p.origin !== undefined, 'a generated profile needs its origin')),
  }),
);

const weight = lazySchema(() => z.number().min(0).max(1));

/** `weights.yaml`: how much one matching signal of each kind counts, and what the engine treats as noise. */
export const WeightsSchema = lazySchema(() =>
  z
    .strictObject({
      signals: z.strictObject({
        oui: weight,
        dhcpHostname: weight,
        dhcpVendorClass: weight,
        mdnsType: weight,
        mdnsName: weight,
        mdnsTxt: weight,
        homekitCategory: weight,
        ssdp: z.strictObject(Object.fromEntries(SSDP_FIELDS.map((f) => [f, weight])) as Record<SsdpField, typeof weight>),
        domains: weight,
        ports: weight,
      }),
      sharedFactor: weight.meta({ description: "A profile's shared signals count at this share of their weight." }),
      minConfidence: weight.meta({ description: 'Below this, the device stays "unknown".' }),
      moduleVendors: z
        .array(GlobSchema)
        .meta({ description: 'OUI organisation names of Wi-Fi chip/module makers: their OUI says nothing about the brand.' }),
      homekitCategories: z
        .record(
          z.string().regex(/^[0-9]{1,2}$/),
          z.strictObject({ category: z.enum(CATEGORIES), capabilities: z.array(z.enum(CAPABILITIES)) }),
        )
        .meta({ description: 'HAP "ci" code → category, for accessories no profile names.' }),
    })
    .meta({ title: 'HomeSweep identification weights' }),
);
export type Weights = z.infer<typeof WeightsSchema>;
