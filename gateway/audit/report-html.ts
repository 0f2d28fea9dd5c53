/**
 * The printable report of an audit: ONE self-contained HTML file (no scripts, no external resources, its CSS in
 * one <style> element) that an advocate can leave behind or print. Every text that came from a device or a
 * person is HTML-escaped: a device can name itself anything.
 */
import { createHash } from 'node:crypto';
import type { AuditExport, ChecklistItem, Comment, Device, Finding, Severity } from '../contract.ts';
import { ownName } from '../rules/render.ts';
import { reportText, type ReportLang, type ReportText } from './report-text.ts';
import { capabilityWord, categoryWord } from '../rules/phrases.ts';

export interface ReportOptions {
  lang?: ReportLang;
  /**
   * When the gateway serves the report: a fixed "leave this page" link to this neutral page (hidden in print),
   * which with the Esc key ends the session and replaces the history entry, as the app's quick exit does.
   */
  quickExitHref?: string;
  /** The time zone for times (default: the gateway's own, the home's local time). */
  timeZone?: string;
}

/**
 * The served report's only script: the quick exit (link and Esc) ends the session, blanks the page and replaces
 * the history entry with the neutral page, so Back does not lead to the report. Allowed by its hash (REPORT_SCRIPT_HASH).
 */
export const REPORT_SCRIPT = `(function () {
  var a = document.querySelector('a.quick-exit');
  if (!a) return;
  var href = a.href;
  function leave(e) {
    if (e) e.preventDefault();
    fetch('/api/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', credentials: 'same-origin', keepalive: true }).catch(function () {});
    try { sessionStorage.clear(); } catch (x) {}
    document.title = 'Easy recipes';
    document.body.replaceChildren();
    location.replace(href);
  }
  a.addEventListener('click', leave);
  addEventListener('keydown', function (e) { if (e.key === 'Escape' && !e.isComposing) leave(e); }, true);
})();`;

/** The CSP source that allows REPORT_SCRIPT and nothing else. */
export const REPORT_SCRIPT_HASH = `'sha256-${createHash('sha256').update(REPORT_SCRIPT).digest('base64')}'`;

/**
 * The report's own policy, carried in a meta element so that a copy opened from a file is locked down too: one inline
 * style element, images only as data: URLs, the quick-exit script by its hash (it logs out on this origin), nothing
 * else. The served report adds `frame-ancestors 'none'` as a header (browsers ignore that directive in a meta element).
 */
export const REPORT_CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${REPORT_SCRIPT_HASH}; connect-src 'self'; base-uri 'none'; form-action 'none'`;

const SEVERITY_WEIGHT: Record<Severity, number> = { high: 100, medium: 30, low: 8, info: 1 };
const SEVERITIES: Severity[] = ['high', 'medium', 'low', 'info'];

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Device-supplied text, escaped and isolated from the text around it: a name with bidirectional controls
 * (`evil\u202egnp.exe`) cannot reorder the words beside it.
 */
function isolated(s: string): string {
  return `<bdi>${escapeHtml(s)}</bdi>`;
}

/** A device's rank for the report: its findings by severity, then what it can do and who can reach it. */
export function deviceRiskScore(d: Device, findings: Finding[]): number {
  let score = findings.reduce((s, f) => s + SEVERITY_WEIGHT[f.severity], 0);
  score += d.capabilities.length * 3 + (d.portMappings?.length ?? 0) * 20 + (d.access?.filter((a) => a.outside).length ?? 0) * 10;
  return score;
}

/** Renders the whole report. Pure: the same document and options give the same text. */
export function renderReportHtml(doc: AuditExport, opts: ReportOptions = {}): string {
  const lang = opts.lang ?? 'en';
  const t = reportText(lang);
  const byDevice = new Map<string, Finding[]>();
  for (const f of doc.findings) byDevice.set(f.device ?? '', [...(byDevice.get(f.device ?? '') ?? []), f]);
  const ranked = doc.devices
    .map((d) => ({ d, fs: sortFindings(byDevice.get(d.id) ?? []) }))
    .sort((a, b) => deviceRiskScore(b.d, b.fs) - deviceRiskScore(a.d, a.fs));
  const deviceIds = new Set(doc.devices.map((d) => d.id));
  const loose = sortFindings(doc.findings.filter((f) => !f.device || !deviceIds.has(f.device)));
  const e = escapeHtml;
  const a = doc.audit;
  const when = localTimes(lang, opts.timeZone);
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<title>${e(t.heading)}</title>
<style>${STYLE}</style>
</head>
<body>
${opts.quickExitHref ? `<a class="quick-exit" href="${e(opts.quickExitHref)}" rel="noreferrer">${e(t.quickExit)}</a><script>${REPORT_SCRIPT}</script>` : ''}
<main>
<header>
<h1>${e(t.heading)}</h1>
<p class="meta"><strong>${e(t.audit)}:</strong> ${e(a.mode === 'demo' ? t.demoTitle : a.title)} · ${e(t.from)} ${e(when(a.startedAt))}${a.endedAt ? ` ${e(t.to)} ${e(when(a.endedAt))}` : ''} · ${e(t.mode)}: ${e(t.modes[a.mode as keyof ReportText['modes']] ?? a.mode)}</p>
<p class="meta"><strong>${e(t.digest)}:</strong> <code>${e(doc.digest)}</code></p>
${a.visibility ? `<p class="meta visibility" data-placement="${e(a.visibility.placement)}">${e(t.visibility(a.visibility))}</p>` : ''}
${doc.redactions.length ? `<div class="redacted"><p>${e(t.redacted)}</p><ul>${doc.redactions.map((r) => `<li>${e(r)}</li>`).join('')}</ul></div>` : ''}
</header>
<section class="safety">
<h2>${e(t.safetyTitle)}</h2>
<ul>${t.safety.map((s) => `<li>${e(s)}</li>`).join('')}</ul>
</section>
<section>
<h2>${e(t.devicesTitle)}</h2>
${ranked.length ? ranked.map(({ d, fs }) => deviceHtml(d, fs, t, when, lang)).join('\n') : `<p>${e(t.noDevices)}</p>`}
${loose.length ? `<h3>${e(t.otherFindings)}</h3>${loose.map((f) => findingHtml(f, t, when)).join('')}` : ''}
</section>
<section class="page">
<h2>${e(t.checklistTitle)}</h2>
${doc.checklist.length ? `<ol class="checklist">${doc.checklist.map((c) => checklistHtml(c, t, doc, when)).join('')}</ol>` : `<p>${e(t.noChecklist)}</p>`}
</section>
<section>
<h2>${e(t.commentsTitle)}</h2>
${doc.comments.length ? `<ul class="comments">${doc.comments.map((c) => commentHtml(c, t, doc, when)).join('')}</ul>` : `<p>${e(t.noComments)}</p>`}
</section>
<section class="cannot">
<h2>${e(t.cannotSeeTitle)}</h2>
<ul>${[...(a.visibility && a.visibility.placement !== 'in-path' ? [`${t.visibility(a.visibility)} ${t.seeTraffic}`] : []), ...t.cannotSee].map((s) => `<li>${e(s)}</li>`).join('')}</ul>
</section>
</main>
<footer><p>${e(t.footer)}</p></footer>
</body>
</html>
`;
}

type When = (iso: string) => string;

/**
 * ISO-8601 times said as a reader says them, in local time; inside a text too, with "12:34:56 … UTC" clock times
 * (of the day of `at`) in local time and byte counts ("11645214 B") in readable units, as the app shows them.
 */
function localTimes(lang: string, timeZone?: string): When & { inText(s: string, at?: string): string } {
  const locale = lang === 'en' ? 'en-GB' : lang;
  const zone = timeZone ? { timeZone } : {};
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', ...zone });
  const clock = new Intl.DateTimeFormat(locale, { timeStyle: 'medium', ...zone });
  const size = (n: number) => {
    for (const [unit, base] of [['gigabyte', 1e9], ['megabyte', 1e6], ['kilobyte', 1e3]] as const) {
      if (n >= base) return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(n / base);
    }
    return `${n} bytes`;
  };
  const when = (iso: string): string => {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? fmt.format(ms) : iso;
  };
  const inText = (s: string, at?: string): string => {
    let out = s;
    const day = at?.slice(0, 10);
    if (day && /\bUTC\b/.test(out)) {
      out = out
        .replace(/(?<![\dT:])(\d{2}:\d{2}:\d{2})(?![\d:.])/g, (hms) => {
          const ms = Date.parse(`${day}T${hms}Z`);
          return Number.isFinite(ms) ? clock.format(ms) : hms;
        })
        .replace(/\s*\bUTC\b/g, '');
    }
    return out.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, when).replace(/\b(\d+) B\b/g, (_, n: string) => size(Number(n)));
  };
  return Object.assign(when, { inText });
}

function sortFindings(fs: Finding[]): Finding[] {
  return [...fs].sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || x.firstSeen.localeCompare(y.firstSeen));
}

/** The name a person would recognise: announced name, else host name, else what it is. */
function displayName(d: Device): string {
  return ownName(d) ?? d.profile?.name ?? d.vendor ?? d.id;
}

function deviceHtml(d: Device, fs: Finding[], t: ReportText, when: ReturnType<typeof localTimes>, lang: string): string {
  const e = escapeHtml;
  const top = fs[0]?.severity;
  const word = (w: { en: string } & Record<string, string>): string => w[lang] ?? w.en;
  const what = [d.profile?.name, word(categoryWord(d.category)), d.vendor].filter(Boolean).map((x) => e(x!)).join(' · ');
  const facts: string[] = [];
  if (d.capabilities.length) facts.push(`<li><strong>${e(t.can)}:</strong> ${d.capabilities.map((c) => e(word(capabilityWord(c)))).join(', ')}</li>`);
  const addrs = [d.mac, ...d.ips].filter(Boolean) as string[];
  if (addrs.length) facts.push(`<li><strong>${e(t.addresses)}:</strong> ${addrs.map(e).join(', ')}</li>`);
  for (const m of d.portMappings ?? []) {
    facts.push(`<li><strong>${e(t.reachable)}:</strong> ${e(`${m.protocol} ${m.externalPort} → ${m.internalPort}`)}${m.description ? ` (${isolated(m.description)})` : ''}</li>`);
  }
  if (d.access?.length) facts.push(`<li><strong>${e(t.access)}:</strong><ul>${d.access.map((x) => `<li>${e(when.inText(x.label))}${x.detail ? ` — ${e(when.inText(x.detail))}` : ''}</li>`).join('')}</ul></li>`);
  return `<article class="device${top ? ` sev-${top}` : ''}">
<h3>${isolated(displayName(d))}${top ? ` <span class="badge sev-${top}">${e(t.severity[top])}</span>` : ''}</h3>
<p class="what">${what}</p>
${facts.length ? `<ul class="facts">${facts.join('')}</ul>` : ''}
<h4>${e(t.findings)}</h4>
${fs.length ? fs.map((f) => findingHtml(f, t, when)).join('') : `<p class="quiet">${e(t.noFindings)}</p>`}
</article>`;
}

function findingHtml(f: Finding, t: ReportText, when: ReturnType<typeof localTimes>): string {
  const e = escapeHtml;
  const kind = (k: string) => t.kinds?.[k] ?? reportText('en').kinds?.[k] ?? k;
  return `<div class="finding sev-${f.severity}">
<p><span class="badge sev-${f.severity}">${e(t.severity[f.severity])}</span> <strong>${e(f.title)}</strong></p>
<p>${e(when.inText(f.summary, f.firstSeen))}</p>
<p class="quiet">${e(t.seen(f.count, when(f.firstSeen), when(f.lastSeen)))}</p>
${f.evidence.length ? `<details open><summary>${e(t.evidence)}</summary><ul class="evidence">${f.evidence.map((x) => `<li><time datetime="${e(x.at)}">${e(when(x.at))}</time> <span class="kind">${e(kind(x.kind))}:</span> ${isolated(when.inText(x.detail, x.at))}</li>`).join('')}</ul></details>` : ''}
${f.advice ? `<p><strong>${e(t.advice)}:</strong> ${e(f.advice)}</p>` : ''}
</div>`;
}

function checklistHtml(c: ChecklistItem, t: ReportText, doc: AuditExport, when: ReturnType<typeof localTimes>): string {
  const e = escapeHtml;
  const device = c.device ? doc.devices.find((d) => d.id === c.device) : undefined;
  // A step made from a finding says what to do: the finding's advice.
  const finding = c.id.startsWith('finding@') ? doc.findings.find((f) => `finding@${f.id}` === c.id) : undefined;
  const advice = finding?.advice;
  return `<li class="item status-${c.status}">
<p><span class="status">[${e(t.status[c.status])}]</span> <strong>${e(c.text)}</strong>${device ? ` — ${isolated(displayName(device))}` : ''}</p>
${advice ? `<p><strong>${e(t.advice)}:</strong> ${e(advice)}</p>` : ''}
${c.why ? `<p>${e(when.inText(c.why, finding?.firstSeen))}</p>` : ''}
${c.noticeRisk ? `<p class="quiet"><strong>${e(t.mayNotice)}:</strong> ${e(c.noticeRisk)}</p>` : ''}
${c.answer ? `<p><strong>${e(t.answer)}:</strong> ${e(c.answer)}</p>` : ''}
${c.note ? `<p><strong>${e(t.note)}:</strong> ${e(c.note)}</p>` : ''}
</li>`;
}

function commentHtml(c: Comment, t: ReportText, doc: AuditExport, when: When): string {
  const e = escapeHtml;
  let target = '';
  if (c.target.kind === 'device') {
    const d = doc.devices.find((x) => x.id === c.target.id);
    target = d ? displayName(d) : (c.target.id ?? '');
  } else if (c.target.kind === 'finding') target = doc.findings.find((x) => x.id === c.target.id)?.title ?? c.target.id ?? '';
  else if (c.target.kind === 'checklist') target = doc.checklist.find((x) => x.id === c.target.id)?.text ?? c.target.id ?? '';
  return `<li><p class="quiet">${e(c.author)} · <time datetime="${e(c.at)}">${e(when(c.at))}</time>${target ? ` · ${e(t.on)} ${isolated(target)}` : ''}</p><p>${e(c.text)}</p></li>`;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d1d1f; margin: 2rem auto; max-width: 52rem; padding: 0 1rem; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin-bottom: .3rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 0 0 .2rem; }
h4 { font-size: .95rem; margin: .8rem 0 .3rem; }
.meta, .quiet, .what { color: #555; margin: .15rem 0; }
code { font-size: .85em; word-break: break-all; }
.redacted { background: #f3f3f3; padding: .5rem 1rem; border-radius: 4px; }
.safety { background: #fff8e1; border-left: 4px solid #d4a017; padding: .2rem 1rem .5rem; }
.device { border: 1px solid #ddd; border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; }
.device.sev-high { border-left: 6px solid #b3261e; }
.device.sev-medium { border-left: 6px solid #c77700; }
.device.sev-low { border-left: 6px solid #4a6fa5; }
.facts { padding-left: 1.2rem; margin: .3rem 0; }
.finding { margin: .6rem 0; padding-left: .6rem; border-left: 2px solid #e0e0e0; }
.finding p { margin: .2rem 0; }
.badge { font-size: .8rem; padding: .05rem .45rem; border-radius: 3px; background: #eee; color: #333; white-space: nowrap; }
.badge.sev-high { background: #b3261e; color: #fff; }
/* #8a4f00 on white is 6.2:1 (the lighter orange was 3.5:1, below WCAG AA). */
.badge.sev-medium { background: #8a4f00; color: #fff; }
.badge.sev-low { background: #4a6fa5; color: #fff; }
.evidence { font-size: .9rem; padding-left: 1.2rem; }
.evidence time, .comments time { font-variant-numeric: tabular-nums; }
.kind { color: #555; font-style: italic; }
.checklist .item { margin: .6rem 0; }
.status { font-weight: 600; }
.cannot { background: #eef3f8; padding: .2rem 1rem .5rem; }
footer { margin-top: 2rem; color: #595959; font-size: .85rem; }
@page { size: A4; margin: 16mm 14mm; }
a.quick-exit { position: fixed; top: .5rem; right: .5rem; background: #333; color: #fff; padding: .5rem .8rem; border-radius: .4rem; text-decoration: none; font-weight: 600; }
/* On a phone the fixed quick exit would sit on the heading: leave it room. */
@media screen and (max-width: 40rem) { body:has(> a.quick-exit) { padding-top: 2.5rem; } }
@media print {
  a.quick-exit { display: none; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  .page { break-before: page; }
  .device, .finding, .checklist .item, .safety, .cannot { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  details > summary { list-style: none; }
  a { color: inherit; text-decoration: none; }
}
`;
