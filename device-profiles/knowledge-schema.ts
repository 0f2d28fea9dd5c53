/**
 * The shape of the identification knowledge beside the profiles (`device-profiles/knowledge/*.yaml`): what a
 * category can do and its fallback checklist, makers' model-number series, a brand lexicon, cloud domains, name
 * keywords in several languages, and the meaning of generic protocol facts and behaviour. Validated with zod at
 * load; the engine (`discovery/clues.ts`) names no vendor.
 */
import { z } from 'zod';
import { lazySchema } from '../gateway/util/lazy-schema.ts';
import { CAPABILITIES, CATEGORIES } from '../gateway/contract.ts';
import { ChecklistStepSchema, DomainSchema, GlobSchema, LangMapSchema, MdnsTypeSchema } from './schema.ts';

const weight = lazySchema(() => z.number().min(0).max(1));
const category = lazySchema(() => z.enum(CATEGORIES));
const maker = lazySchema(() => z.string().trim().min(1).max(60));

/** `categories.yaml`. */
export const CategoriesFileSchema = lazySchema(() =>
  z.strictObject({
    categories: z.record(
      category,
      z.strictObject({
        capabilities: z.array(z.enum(CAPABILITIES)),
        /** "a camera" / "una cámara" / "uma câmera": the category with its article, for "could be a camera". */
        noun: LangMapSchema,
        checklist: z.array(ChecklistStepSchema).optional(),
      }),
    ),
    default: z.strictObject({ checklist: z.array(ChecklistStepSchema).min(1) }),
  }),
);

/**
 * A model-number pattern: `#` one digit, `@` one letter, `?` any one character, `*` any run of characters that
 * are not spaces; everything else literal, case-insensitive. It must start where a word starts.
 */
export const ModelPatternSchema = lazySchema(() =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 _!#@?*.-]{1,40}$/, 'model pattern: start with a letter or digit; use # @ ? * as wildcards')
    .refine(
      (p) => (p.match(/[A-Za-z0-9 _!.-]/g) ?? []).length >= 2 && p.replace(/[*?]/g, '').length >= 3,
      'model pattern needs two literal characters and three that are not * or ?',
    ),
);

/** `models.yaml`: makers' published model-number series. */
export const ModelsFileSchema = lazySchema(() =>
  z.strictObject({
    weight: weight.meta({ description: 'Default weight of a model-number match.' }),
    series: z.array(
      z.strictObject({
        maker,
        category,
        patterns: z.array(ModelPatternSchema).min(1),
        weight: weight.optional(),
      }),
    ),
  }),
);

/** A name token: lower-case letters and digits. */
const token = lazySchema(() => z.string().regex(/^[\p{Ll}\p{N}]{2,30}$/u, 'a token is 2–30 lower-case letters or digits'));

/** `brands.yaml`: makers and platforms, with the kinds of device they mainly make. */
export const BrandsFileSchema = lazySchema(() =>
  z.strictObject({
    weight: weight.meta({ description: 'A brand that makes one kind of device, named in a host, mDNS, SSDP or MAC maker name.' }),
    brands: z.array(
      z.strictObject({
        maker,
        /** Tokens that name it in a host or device name; a token of 5+ letters also counts at the start of a longer word. */
        tokens: z.array(token).min(1),
        /** Main kinds, most common first. Only a brand with one main kind says the category on its own. */
        categories: z.array(category).min(1),
        /** OUI organisation names (IEEE registry) that are this maker. */
        ouiVendors: z.array(GlobSchema).optional(),
        parent: maker.optional(),
        /** A white-label platform many small brands share. */
        platform: z.boolean().optional(),
      }),
    ),
  }),
);

/** `clouds.yaml`: cloud domains → the maker or platform that runs them. */
export const CloudsFileSchema = lazySchema(() =>
  z.strictObject({
    weight,
    clouds: z.array(z.strictObject({ maker, domains: z.array(DomainSchema).min(1), categories: z.array(category).min(1) })),
    /** A registered domain no cloud lists is read for a brand name, on devices that talk to few sites. */
    siteBrands: z.strictObject({
      maxSites: z.number().int().min(1).max(1000).meta({ description: 'At most this many registered domains on the device, or no site is read.' }),
      /** Words a maker puts before or after its name in a site's name ("my" in myfoscam, "cloud" in lorexcloud). */
      prefixes: z.array(token),
      suffixes: z.array(token),
    }),
  }),
);

/** `keywords.yaml`: words in names that say what a device is, in several languages. */
export const KeywordsFileSchema = lazySchema(() =>
  z.strictObject({
    weight,
    keywords: z.array(
      z.strictObject({
        category,
        /** Whole words ("cam", "cerradura"). */
        words: z.array(token).min(1),
        /** Word endings that say it too ("…cam" in "frontdoorcam"). */
        endings: z.array(token).optional(),
        weight: weight.optional(),
      }),
    ),
    /** Words in the names of the internet services a device talks to ("camera-api.example.com"), per category. */
    services: z.strictObject({ weight, words: z.partialRecord(category, z.array(token).min(1)) }),
  }),
);

/** `protocols.yaml`: generic protocol facts and behaviour, and what they suggest. */
export const ProtocolsFileSchema = lazySchema(() =>
  z.strictObject({
    facts: z.array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
        category,
        weight,
        /** Exactly one of these. */
        ssdpType: GlobSchema.optional().meta({ description: 'SSDP ST/NT or UPnP deviceType.' }),
        mdnsType: MdnsTypeSchema.optional(),
        port: z
          .strictObject({ proto: z.enum(['tcp', 'udp']), port: z.int().min(1).max(65535), direction: z.enum(['in', 'out']) })
          .optional(),
        /** Why, in plain words: "it serves a video stream (RTSP) on port 554". */
        text: LangMapSchema,
      }).refine((f) => [f.ssdpType, f.mdnsType, f.port].filter(Boolean).length === 1, 'a fact needs exactly one of ssdpType, mdnsType, port'),
    ),
    upload: z.strictObject({
      category,
      weight,
      minBitsPerSecond: z.number().positive(),
      minSeconds: z.number().positive(),
      /** Bytes sent per byte received, at least. */
      minRatio: z.number().positive(),
      /** `{rate}` is filled with the rate, e.g. "1.2 Mbit/s". */
      text: LangMapSchema,
    }),
  }),
);

/** `clues.yaml`: how clues become a category or a "could be" hint, and the words for it. */
export const CluesFileSchema = lazySchema(() =>
  z.strictObject({
    categoryAt: weight.meta({ description: 'At or above: the device is given the category.' }),
    hintAt: weight.meta({ description: 'At or above (and below categoryAt): a "could be" hint only.' }),
    /** Lead-ins: "probably {noun}", "could be {noun}"; `{maker}` phrase; reason templates per clue kind. */
    texts: z.strictObject({
      likely: LangMapSchema,
      possible: LangMapSchema,
      byMaker: LangMapSchema,
      model: LangMapSchema,
      brand: LangMapSchema,
      oui: LangMapSchema,
      cloud: LangMapSchema,
      keyword: LangMapSchema,
      service: LangMapSchema,
    }),
  }),
);

/**
 * `generated/clues/catalogues.json`, written by `generate/catalogues.ts`: clue tables learnt from public device
 * catalogues, each weight calibrated on a held-out part of them (see generated/SOURCES.md).
 */
export const GeneratedCluesFileSchema = lazySchema(() =>
  z.strictObject({
    sources: z.array(
      z.strictObject({
        name: z.string().min(1),
        url: z.url(),
        ref: z.string().min(1),
        commit: z.string().regex(/^[0-9a-f]{7,40}$/),
        licence: z.string().min(1),
        files: z.array(z.string().min(1)),
        devices: z.int().min(0),
      }),
    ).min(1),
    calibration: z.record(
      z.string(),
      z.strictObject({
        alpha: z.number(),
        minCount: z.int(),
        /** Platt map on the catalogue's held-out part: w = σ(a·logit(p) + b). */
        a: z.number(),
        b: z.number(),
        /** The factor every weight is then scaled by, from the check on home-network names. */
        transfer: z.number().min(0).max(1),
      }),
    ),
    /** Name word → [category, weight]. */
    words: z.record(token, z.tuple([category, weight])),
    /** Brand key (its name in lower-case letters and digits) → [maker, main category, weight]. */
    brands: z.record(token, z.tuple([maker, category, weight])),
    /** Model-number stem (the letters a model number starts with) → [maker, category, weight]. */
    models: z.record(z.string().regex(/^[a-z]{4,6}$/), z.tuple([maker, category, weight])),
  }),
);
export type GeneratedCluesFile = z.infer<typeof GeneratedCluesFileSchema>;
