/** One finding: plain summary, when, evidence, advice, and whether acting on it may be noticed. */
import { LitElement, css, html } from 'lit';
import type { Finding } from '../../gateway/contract.ts';
import { I18nController, formatDateTime, hasMessage, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import './hs-risk-badge.ts';

export class HsFindingCard extends LitElement {
  static properties = { finding: { attribute: false }, deviceName: { type: String } };
  declare finding: Finding & { noticeRisk?: string };
  /** Shown when the finding is listed away from its device (report). */
  declare deviceName: string;

  static styles = [
    shared,
    css`
      .top { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.25rem 0.75rem; align-items: baseline; }
      h4 { margin: 0; font-size: 1rem; overflow-wrap: anywhere; }
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
    new I18nController(this);
  }

  render() {
    const f = this.finding;
    const kind = (k: string): string => (hasMessage(`evidence.${k}`) ? t(`evidence.${k}`) : k);
    return html`<article class="card">
      <div class="top">
        <h4 class="break">${f.title}</h4>
        <hs-risk-badge .level=${f.severity}></hs-risk-badge>
      </div>
      ${this.deviceName ? html`<p class="muted break"><bdi>${this.deviceName}</bdi></p>` : ''}
      <p class="break">${f.summary}</p>
      <p class="muted">
        ${t('finding.when', { first: formatDateTime(f.firstSeen), last: formatDateTime(f.lastSeen) })} ·
        ${tp('finding.count', f.count)}
      </p>
      ${f.evidence.length
        ? html`<details>
            <summary>${t('finding.evidence')}</summary>
            <ul>
              ${f.evidence.map((e) => html`<li class="break">${formatDateTime(e.at)} · ${kind(e.kind)}: ${e.detail}</li>`)}
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
