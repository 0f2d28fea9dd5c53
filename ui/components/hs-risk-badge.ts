/** A calm label for a device's or finding's level: text first, colour only as a hint. */
import { LitElement, css, html } from 'lit';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsRiskBadge extends LitElement {
  static properties = { level: { type: String } };
  /** A RiskLevel (high|medium|low|none) or a Severity (high|medium|low|info). */
  declare level: string;

  static styles = [
    shared,
    css`
      :host { display: inline-block; }
      span { display: inline-block; font-size: 0.85rem; padding: 0.1rem 0.55rem; border-radius: 1rem; border: 1px solid; }
      .high { color: var(--hs-high); background: var(--hs-high-soft); }
      .medium { color: var(--hs-medium); background: var(--hs-medium-soft); }
      .low { color: var(--hs-low); background: var(--hs-low-soft); }
      .none, .info { color: var(--hs-none); background: var(--hs-none-soft); }
    `,
  ];

  constructor() {
    super();
    this.level = 'none';
    new I18nController(this);
  }

  render() {
    const level = ['high', 'medium', 'low', 'info'].includes(this.level) ? this.level : 'none';
    return html`<span class=${level}>${t(`risk.${level}`)}</span>`;
  }
}
customElements.define('hs-risk-badge', HsRiskBadge);
