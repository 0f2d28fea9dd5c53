/** One finding: plain summary, when, evidence, advice, and whether acting on it may be noticed. */
import { LitElement, css, html } from 'lit';
import type { Finding } from '../../gateway/contract.ts';
import { I18nController, formatDateTime, hasMessage, localTimesIn, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import './hs-risk-badge.ts';

export class HsFindingCard extends LitElement {
  static properties = { finding: { attribute: false }, deviceName: { type: String }, level: { type: Number } };
  declare finding: Finding & { noticeRisk?: string };
  /** Shown when the finding is listed away from its device (report). */
  declare deviceName: string;
  /** Heading level of the title, so it follows the page's outline (3 under a section's h2). */
  declare level: 3 | 4;

  static styles = [
    shared,
    css`
      .top { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.25rem 0.75rem; align-items: baseline; }
      .title { margin: 0; font-size: 1rem; overflow-wrap: anywhere; }
      dl { margin: 0.25rem 0; }
      dt { font-weight: 600; margin-top: 0.4rem; }
      dd { margin: 0; }
      ul { margin: 0.25rem 0; padding-left: 1.25rem; }
      details summary { cursor: pointer; }
    `,
  ];

  constructor() {
    super();
    this.deviceName = '';
    this.level = 3;
    new I18nController(this);
  }

  render() {
    const f = this.finding;
    const kind = (k: string): string => (hasMessage(`evidence.${k}`) ? t(`evidence.${k}`) : k);
    return html`<article class="card">
      <div class="top">
        ${this.level === 4 ? html`<h4 class="title break">${f.title}</h4>` : html`<h3 class="title break">${f.title}</h3>`}
        <hs-risk-badge .level=${f.severity}></hs-risk-badge>
      </div>
      ${this.deviceName ? html`<p class="muted break"><bdi>${this.deviceName}</bdi></p>` : ''}
      <p class="break">${localTimesIn(f.summary, f.firstSeen)}</p>
      <p class="muted">
        ${t('finding.when', { first: formatDateTime(f.firstSeen), last: formatDateTime(f.lastSeen) })} ·
        ${tp('finding.count', f.count)}
      </p>
      ${f.evidence.length
        ? html`<details>
            <summary>${t('finding.evidence')}</summary>
            <ul>
              ${f.evidence.map((e) => html`<li class="break">${formatDateTime(e.at)} · ${kind(e.kind)}: ${localTimesIn(e.detail, e.at)}</li>`)}
            </ul>
          </details>`
        : ''}
      <dl>
        ${f.advice ? html`<dt>${t('finding.advice')}</dt><dd class="break">${f.advice}</dd>` : ''}
        ${f.noticeRisk ? html`<dt>${t('notice.label')}</dt><dd class="break">${f.noticeRisk}</dd>` : ''}
      </dl>
    </article>`;
  }
}
customElements.define('hs-finding-card', HsFindingCard);
