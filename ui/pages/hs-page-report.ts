/**
 * The report, made for printing: the audit, its devices and findings, the answers, and what HomeSweep cannot see;
 * with a link to the gateway's self-contained report, sharing (export) and "what changed since another check".
 */
import { LitElement, css, html } from 'lit';
import type { AuditView, ChecklistItem } from '../../gateway/contract.ts';
import { reportUrl } from '../data/api.ts';
import { I18nController, formatDateTime, formatNumber, getLanguage, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import '../components/hs-cannot-see.ts';
import '../components/hs-visibility-note.ts';
import '../components/hs-capability-icons.ts';
import '../components/hs-comments.ts';
import '../components/hs-compare-panel.ts';
import '../components/hs-export-panel.ts';
import '../components/hs-finding-card.ts';
import '../components/hs-risk-badge.ts';
import { auditTitle } from '../i18n/audit-title.ts';

export class HsPageReport extends LitElement {
  static properties = { audit: { attribute: false } };
  declare audit: AuditView;

  static styles = [
    shared,
    css`
      table { border-collapse: collapse; width: 100%; }
      /* break-word (not anywhere): a long address may wrap, but a column is never squeezed below its longest word. */
      th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.4rem; border-bottom: 1px solid var(--hs-line); overflow-wrap: break-word; hyphens: manual; }
      th { white-space: nowrap; }
      th:first-child { width: 50%; }
      /* On a phone each step becomes a small block of labelled lines instead of four narrow columns. */
      @media screen and (max-width: 40rem) {
        table, tbody, tr, td { display: block; width: auto; }
        thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
        tr { border-bottom: 1px solid var(--hs-line); padding: 0.3rem 0; }
        td { border: none; padding: 0.1rem 0; }
        td:empty { display: none; }
        td[data-label]::before { content: attr(data-label) ': '; font-weight: 600; }
      }
      .device { break-inside: avoid; }
      @media print {
        :host { font-size: 11pt; }
        h1 { font-size: 16pt; }
        .note { border: 1px solid #999; background: none; }
        .card { border: none; padding: 0; }
      }
    `,
  ];

  constructor() {
    super();
    new I18nController(this);
  }

  /** Opens the file report in this tab without adding a history entry (router.ts: one entry for the whole app). */
  private openFile(ev: Event): void {
    ev.preventDefault();
    location.replace((ev.currentTarget as HTMLAnchorElement).href);
  }

  private answers(items: ChecklistItem[]) {
    if (items.length === 0) return '';
    return html`<table>
      <thead>
        <tr><th scope="col">${t('report.step')}</th><th scope="col">${t('checklist.status')}</th><th scope="col">${t('checklist.answer')}</th><th scope="col">${t('checklist.note')}</th></tr>
      </thead>
      <tbody>
        ${items.map(
          (c) =>
            html`<tr data-item=${c.id}><td>${c.text}</td><td data-label=${t('checklist.status')}>${t(`status.${c.status}`)}</td><td data-label=${t('checklist.answer')}>${c.answer ?? ''}</td><td data-label=${t('checklist.note')}>${c.note ?? ''}</td></tr>`,
        )}
      </tbody>
    </table>`;
  }

  render() {
    const { audit, devices, findings, checklist, comments } = this.audit;
    const general = checklist.filter((c) => !c.device);
    return html`<h1 tabindex="-1">${t('report.title')}</h1>
      <div class="actions no-print">
        <button type="button" @click=${() => window.print()}>${t('report.print')}</button>
        <a class="button secondary" id="report-file" href=${reportUrl(audit.id, getLanguage())} @click=${this.openFile}>${t('report.fileLink')}</a>
      </div>
      <p class="muted no-print">${t('report.fileExplain')}</p>
      <section aria-labelledby="about">
        <h2 id="about">${t('report.about')}</h2>
        <p class="break">${auditTitle(audit)}</p>
        <p>${t(`mode.${audit.mode}`)} · ${t('report.period', { start: formatDateTime(audit.startedAt), end: formatDateTime(audit.endedAt) || '…' })}</p>
        <p>${tp('devices.count', devices.length)} ${tp('devices.findingsTotal', findings.length)}
          ${t('checklist.progress', { done: formatNumber(checklist.filter((c) => c.status !== 'todo').length), total: checklist.length })}</p>
        <p class="note">${t('report.printedAt', { time: formatDateTime(new Date().toISOString()) })} ${t('report.keepSafe')}</p>
      </section>
      <hs-visibility-note .visibility=${audit.visibility}></hs-visibility-note>
      <hs-cannot-see .notes=${this.audit.cannotSee ?? []} .visibility=${this.audit.audit.visibility}></hs-cannot-see>
      ${general.length ? html`<section aria-labelledby="home-steps"><h2 id="home-steps">${t('checklist.home')}</h2>${this.answers(general)}</section>` : ''}
      <section aria-labelledby="devs">
        <h2 id="devs">${t('report.devices')}</h2>
        ${devices.map((d) => {
          const fs = findings.filter((f) => f.device === d.id || d.findingIds?.includes(f.id));
          const steps = checklist.filter((c) => c.device === d.id);
          return html`<article class="device card" aria-labelledby=${`r-${d.id}`}>
            <h3 id=${`r-${d.id}`} class="break"><bdi>${d.displayName}</bdi> <hs-risk-badge .level=${d.risk?.level ?? 'none'}></hs-risk-badge></h3>
            <p class="muted break">${t(`category.${d.category}`)}${d.profile ? ` · ${d.profile.name}` : ''}${d.ips.length ? ` · ${d.ips.join(', ')}` : ''}${d.mac ? ` · ${d.mac}` : ''}</p>
            <hs-capability-icons .capabilities=${d.capabilities}></hs-capability-icons>
            ${(d.access ?? []).length || (d.portMappings ?? []).length
              ? html`<p><strong>${t('device.outside')}:</strong></p>
                  <ul>
                    ${(d.portMappings ?? []).map((m) => html`<li>${t('device.portMapping', { protocol: m.protocol, external: m.externalPort, internal: m.internalPort })}</li>`)}
                    ${(d.access ?? []).map((a) => html`<li class="break">${a.label}${a.detail ? ` · ${a.detail}` : ''}</li>`)}
                  </ul>`
              : ''}
            ${fs.map((f) => html`<hs-finding-card .finding=${f} .level=${4}></hs-finding-card>`)} ${this.answers(steps)}
          </article>`;
        })}
      </section>
      ${comments.length
        ? html`<section aria-labelledby="comments">
            <h2 id="comments">${t('report.comments')}</h2>
            <ul>${comments.map((c) => html`<li class="break">${formatDateTime(c.at)} · ${c.author}: ${c.text}</li>`)}</ul>
          </section>`
        : ''}
      <hs-comments
        class="no-print"
        .auditId=${audit.id}
        .target=${{ kind: 'audit' }}
        .comments=${[]}
        ?canAdd=${audit.readOnly}
        .defaultAuthor=${audit.readOnly ? t('comments.helperAuthor') : ''}
      ></hs-comments>
      <hs-export-panel .auditId=${audit.id} ?readOnly=${audit.readOnly}></hs-export-panel>
      <hs-compare-panel .auditId=${audit.id}></hs-compare-panel>`;
  }
}
customElements.define('hs-page-report', HsPageReport);
