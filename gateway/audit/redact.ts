/**
 * Redaction of an audit export for a remote helper (DESIGN.md, "Private by design"; issue 6). At the `helper`
 * level the copy keeps what a helper needs to give advice (what each device is, what it did, when in the day, for
 * how long) and drops what identifies the household: MAC and IP addresses become stable made-up ones, owners'
 * names leave device names, serial numbers and MAC fragments leave names, times move so the audit starts on the
 * hour, account names are masked. Every string of the document goes through the same replacements, so a device
 * quoted in a finding's summary or an evidence line is replaced there too.
 */
import type { AuditExport } from '../contract.ts';
import { buildAuditExport } from './export.ts';
import { macTails, stripDeviceSerials, stripOwnerName } from './personal-names.ts';
import { createPseudonyms, type Pseudonyms } from './pseudonyms.ts';
import { redactionNotes } from './redaction-notes.ts';

/** `none`: the survivor's own full copy. `helper`: the default when sharing. */
export type RedactionLevel = 'none' | 'helper';

export const REDACTION_LEVELS: readonly RedactionLevel[] = ['none', 'helper'];

export interface RedactOptions {
  /** Further personal names to remove everywhere (e.g. the household's names, typed in by the survivor). */
  personalNames?: string[];
  /**
   * Domain suffixes under which a host name leads to the home itself (dynamic DNS, tunnels; from the rules marked
   * `hostsLeadHome`, see pcap-rules/load.ts homeNameSuffixes). The labels before the suffix are replaced.
   */
  homeNameSuffixes?: readonly string[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const TIME_KEYS = new Set(['at', 'firstSeen', 'lastSeen', 'startedAt', 'endedAt', 'updatedAt', 'lastUsed', 'firstPacket', 'lastPacket']);
// Author fields that name a role, not a person, stay as they are.
const ROLES = new Set(['helper', 'advocate', 'survivor', 'me', 'homesweep', 'owner', 'admin', 'user', 'someone']);

// One pass over free text finds every address and time; the alternation order decides ties at one position.
const TOKENS = new RegExp(
  [
    String.raw`(?<iso>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)`,
    String.raw`(?<email>[\w.+*-]+@(?:[\w-]+\.)+[a-z]{2,})`,
    String.raw`(?<mac>(?<![0-9a-f:-])[0-9a-f]{2}(?<sep>[:-])[0-9a-f]{2}(?:\k<sep>[0-9a-f]{2}){4}(?![0-9a-f:-]))`,
    String.raw`(?<clock>(?<![\d:])(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?![\d:]))`,
    String.raw`(?<ip6>(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{1,4})?(?:%[\w.-]+)?(?![\w:]))`,
    String.raw`(?<ip4>(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?!\d|\.\d))`,
  ].join('|'),
  'giu',
);
const EMAIL = /[\w.+*-]+@(?:[\w-]+\.)+[a-z]{2,}/giu;
const FINDING_ID = /\bf-[0-9a-f]{20}\b/g;
// In access entries: "user maria", "account j***", "login: bob". The word after such a keyword is masked
// unless it is an ordinary word of the sentence.
const ACCOUNT_WORD = /\b(user(?:name)?|login|account|owner|member|person|by|administrator|admin)(\s*:?\s+)(["“']?)([^\s"”',;()]+)\3/giu;
const ORDINARY = new Set(['a', 'an', 'the', 'code', 'from', 'on', 'in', 'of', 'with', 'to', 'at', 'for', 'that', 'this', 'is', 'was', 'has', 'and', 'or', 'outside', 'inside']);

/**
 * Returns a redacted copy of `doc` with a new digest; `redactions` says in plain words what was done. Level
 * `none` returns the document as it is (digest recomputed).
 */
export function redactAudit(doc: AuditExport, level: RedactionLevel, opts: RedactOptions = {}): AuditExport {
  // A copy that was already redacted (a helper's copy on its way back) keeps its stand-ins: redacting it again
  // would give devices new ids and sign the helper's comments "person 1".
  if (level === 'none' || doc.redactions.length > 0) return buildAuditExport(doc);
  return redactForHelper(doc, opts);
}

function redactForHelper(doc: AuditExport, opts: RedactOptions): AuditExport {
  const ps = createPseudonyms(addressesIn(doc));
  // Devices first, in document order, so device 1 gets the first stand-ins.
  for (const d of doc.devices) {
    if (d.mac) ps.mac(d.mac);
    for (const ip of d.ips) ps.ip(ip);
  }
  const names = cleanNames(doc, opts.personalNames ?? []);
  const offset = Number.isFinite(Date.parse(doc.audit.startedAt)) ? Date.parse(doc.audit.startedAt) % HOUR : 0;
  const findingIds = new Map<string, string>();
  const knownMacs = doc.devices.flatMap((d) => (d.mac ? [d.mac.replace(/:/g, '')] : []));
  const bareMac = knownMacs.length ? new RegExp(`(?<![0-9a-f])(?:${knownMacs.join('|')})(?![0-9a-f])`, 'gi') : null;
  const authors = new Map<string, string>();
  const homeNames = homeNameReplacer(opts.homeNameSuffixes ?? []);
  let masked = 0;

  const shiftIso = (t: string): string => {
    const ms = Date.parse(t);
    return Number.isFinite(ms) ? new Date(ms - offset).toISOString() : text(t);
  };
  // The account words masked in an entry's English ("user: maria") are masked in its other languages too, where
  // the keyword before them is another word ("usuario: maria").
  const accountWords = accountWordsIn(doc);
  const maskAll = (s: string): string => (accountWords ? maskAccount(s).replace(accountWords, '***') : maskAccount(s));
  // An access entry's label, in any language, also stands inside finding summaries and checklist questions ("Do
  // you know this person? …"): the masked label replaces it there too, longest first so none is cut in half.
  const labelSwaps = [...new Set(doc.devices.flatMap((d) => (d.access ?? []).flatMap((a) => [a.label, ...Object.values(a.texts?.label ?? {})])))]
    .map((l) => [l, maskAll(l)] as const)
    .filter(([l, m]) => l !== m)
    .sort((a, b) => b[0].length - a[0].length);
  const text = (s: string): string => {
    let out = s;
    for (const [label, maskedLabel] of labelSwaps) if (out.includes(label)) out = out.split(label).join(maskedLabel);
    out = names.replaceNames(out);
    out = homeNames.replace(out);
    out = out.replace(TOKENS, (m, ...args) => replaceToken(m, args.at(-1) as Record<string, string | undefined>, ps, offset));
    if (bareMac) out = out.replace(bareMac, (m) => ps.mac(m));
    return out.replace(FINDING_ID, (m) => {
      let id = findingIds.get(m);
      if (!id) findingIds.set(m, (id = `f-${(findingIds.size + 1).toString(16).padStart(20, '0')}`));
      return id;
    });
  };
  const accountText = (s: string, count: boolean): string => {
    const out = maskAll(s);
    if (count && out !== s) masked++;
    return text(out);
  };
  const author = (a: string): string => {
    if (ROLES.has(a.trim().toLowerCase())) return a;
    let p = authors.get(a);
    if (!p) authors.set(a, (p = `person ${authors.size + 1}`));
    return p;
  };

  // `account`: inside an access entry's label or detail, in any language (its `texts`).
  const walk = (value: unknown, key: string, inAccess: boolean, account = false): unknown => {
    if (typeof value === 'string') {
      if (TIME_KEYS.has(key)) return shiftIso(value);
      if (key === 'author') return author(value);
      if (inAccess && (key === 'label' || key === 'detail')) return accountText(value, true);
      if (account) return accountText(value, false);
      return text(value);
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key, inAccess, account));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = k === 'digest' || k === 'redactions' ? v : walk(v, k, inAccess || k === 'access', account || (inAccess && (k === 'label' || k === 'detail')));
      }
      return out;
    }
    return value;
  };

  const body = walk(doc, '', false) as AuditExport;
  const counts = ps.counts();
  const notes = redactionNotes({
    macs: counts.macs,
    ips: counts.ips,
    people: names.people,
    namesChanged: names.changed,
    homeNames: homeNames.count(),
    maskedAccess: masked,
    authors: authors.size,
    captureFile: Boolean(doc.audit.capture?.file),
  });
  // Only a copy not redacted before gets here (see redactAudit), so its notes are exactly these.
  const texts = { ...(body.texts ?? { findings: [], checklist: [] }), redactions: notes };
  return buildAuditExport({ ...body, redactions: notes.map((n) => n.en), texts });
}

/**
 * Replaces host names under the given suffixes (`homecam-4821.duckdns.org` → `[home-1].duckdns.org`), each name
 * always the same way. The provider's own web site (`www.` + suffix) names no home and stays.
 */
function homeNameReplacer(suffixes: readonly string[]): { replace(s: string): string; count(): number } {
  const seen = new Map<string, string>();
  if (suffixes.length === 0) return { replace: (s) => s, count: () => 0 };
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const sorted = [...new Set(suffixes.map((x) => x.toLowerCase()))].sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![\\w.-])((?:[a-z0-9_-]+\\.)+)(${sorted.map(esc).join('|')})(?![\\w-]|\\.[a-z0-9])`, 'giu');
  return {
    replace(s) {
      return s.replace(re, (whole, labels: string, suffix: string) => {
        if (labels.toLowerCase() === 'www.') return whole;
        const key = whole.toLowerCase();
        let stand = seen.get(key);
        if (!stand) seen.set(key, (stand = `[home-${seen.size + 1}]`));
        return `${stand}.${suffix}`;
      });
    },
    count: () => seen.size,
  };
}

/** The account words `maskAccount` masks in the English labels and details of the access entries, as one pattern. */
function accountWordsIn(doc: AuditExport): RegExp | null {
  const words = new Set<string>();
  for (const d of doc.devices) {
    for (const a of d.access ?? []) {
      for (const m of `${a.label}\n${a.detail ?? ''}`.matchAll(ACCOUNT_WORD)) {
        const w = m[4]!;
        if (!ORDINARY.has(w.toLowerCase()) && w !== '***' && !w.startsWith('***@')) words.add(w);
      }
    }
  }
  if (!words.size) return null;
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${[...words].sort((a, b) => b.length - a.length).map(esc).join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
}

/** Masks account names in an access entry's text: e-mail local parts, the word after "user", "admin"…, and a
 * login name in brackets ("Alex (alex)"). */
function maskAccount(s: string): string {
  return s
    .replace(EMAIL, (m) => `***${m.slice(m.lastIndexOf('@'))}`)
    .replace(/\b\w\*{2,}/g, '***')
    .replace(ACCOUNT_WORD, (m, key: string, gap: string, q: string, word: string) =>
      ORDINARY.has(word.toLowerCase()) || word === '***' || word.startsWith('***@') ? m : `${key}${gap}${q}***${q}`,
    )
    .replace(/\((?!\*)[^()\s]{1,64}\)/g, '(***)');
}

function replaceToken(m: string, g: Record<string, string | undefined>, ps: Pseudonyms, offset: number): string {
  if (g.iso) {
    const ms = Date.parse(m);
    return Number.isFinite(ms) ? new Date(ms - offset).toISOString() : m;
  }
  if (g.email) return `***${m.slice(m.lastIndexOf('@'))}`;
  if (g.mac) return ps.mac(m);
  if (g.clock) {
    const [h, min, s] = m.split(':').map(Number) as [number, number, number];
    const ms = ((((h * 3600 + min * 60 + s) * 1000 - offset) % DAY) + DAY) % DAY;
    return new Date(ms).toISOString().slice(11, 19);
  }
  if (g.ip6) {
    const bare = m.split('%')[0]!;
    // The candidate pattern is loose (any hex and colons); only what node accepts as IPv6 is an address.
    return isIpv6(bare) ? ps.ip(bare) : m;
  }
  return ps.ip(m);
}

function isIpv6(s: string): boolean {
  return /:.*:/.test(s) && URL.canParse(`http://[${s}]/`);
}

/** Every MAC and IP written anywhere in the document, so no stand-in equals one of them. */
function addressesIn(doc: AuditExport): string[] {
  const out: string[] = [];
  const json = JSON.stringify(doc);
  for (const m of json.matchAll(TOKENS)) {
    const g = m.groups!;
    if (g.mac || g.ip4 || (g.ip6 && isIpv6(m[0].split('%')[0]!))) out.push(m[0]);
  }
  for (const d of doc.devices) if (d.mac) out.push(d.mac);
  return out;
}

interface NameTable {
  replaceNames(s: string): string;
  people: number;
  changed: number;
}

/**
 * Cleans every device name, host name, port-mapping description, the title and the capture file name; the
 * cleaned forms then replace the originals wherever they are quoted, and the owners' names found (plus
 * `extraPeople`) are removed from all text.
 */
function cleanNames(doc: AuditExport, extraPeople: string[]): NameTable {
  const tails = new Set(doc.devices.flatMap((d) => (d.mac ? macTails(d.mac) : [])));
  const people = new Set(extraPeople.map((p) => p.trim()).filter((p) => p.length >= 2));
  const map = new Map<string, string>();
  const clean = (n: string, serials: boolean) => {
    const c = stripOwnerName(n);
    for (const p of c.people) people.add(p);
    const out = serials ? stripDeviceSerials(c.name, tails) : c.name;
    if (out !== n) map.set(n, out);
  };
  for (const d of doc.devices) {
    for (const n of [...d.names, ...d.hostnames]) clean(n, true);
    for (const m of d.portMappings ?? []) if (m.description) clean(m.description, false);
  }
  clean(doc.audit.title, false);
  for (const c of doc.comments) {
    // A comment signed with a first name ("Maria", "Ana López") is a personal name to remove from text too.
    if (/^\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?$/u.test(c.author.trim()) && !ROLES.has(c.author.trim().toLowerCase())) people.add(c.author.trim());
  }
  const file = doc.audit.capture?.file;
  if (file) map.set(file, `capture${/\.[a-z0-9]{1,8}$/i.exec(file)?.[0] ?? ''}`);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const byLength = (a: string, b: string) => b.length - a.length;
  const nameRe = map.size ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...map.keys()].sort(byLength).map(esc).join('|')})(?![\\p{L}\\p{N}])`, 'gu') : null;
  // Each person's name, its possessive, and for "Marias-…" host names the form without the "s".
  const personRe = people.size ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...people].sort(byLength).map(esc).join('|')})(?:['’]s)?(?![\\p{L}])`, 'giu') : null;
  return {
    replaceNames(s) {
      let out = nameRe ? s.replace(nameRe, (m) => map.get(m) ?? m) : s;
      if (personRe) out = out.replace(personRe, '[name]');
      return out;
    },
    people: people.size,
    changed: map.size,
  };
}
