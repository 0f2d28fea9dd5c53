/** What a device can do, as small inline SVG icons, each with its text label (icons alone say nothing to a screen reader). */
import { LitElement, css, html, svg, type SVGTemplateResult } from 'lit';
import type { Capability } from '../../gateway/contract.ts';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

const ICONS: Record<Capability, SVGTemplateResult> = {
  camera: svg`<rect x="2" y="7" width="14" height="11" rx="2"/><path d="M16 11l6-3v9l-6-3z"/><circle cx="9" cy="12.5" r="2.5"/>`,
  mic: svg`<rect x="9" y="2" width="6" height="12" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v4M8 22h8"/>`,
  location: svg`<path d="M12 22s7-7.5 7-13a7 7 0 0 0-14 0c0 5.5 7 13 7 13z"/><circle cx="12" cy="9" r="2.5"/>`,
  lock: svg`<rect x="4" y="11" width="16" height="11" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>`,
  'remote-control': svg`<rect x="7" y="9" width="10" height="13" rx="2"/><path d="M8.5 5.5a5 5 0 0 1 7 0M6 3a8.5 8.5 0 0 1 12 0"/><circle cx="12" cy="14" r="1.5"/>`,
};

export class HsCapabilityIcons extends LitElement {
  static properties = { capabilities: { type: Array } };
  declare capabilities: Capability[];

  static styles = [
    shared,
    css`
      ul { display: flex; flex-wrap: wrap; gap: 0.35rem 0.75rem; list-style: none; padding: 0; margin: 0.25rem 0; }
      li { display: inline-flex; align-items: center; gap: 0.25rem; font-size: 0.9rem; }
      svg { width: 1.1rem; height: 1.1rem; fill: none; stroke: currentColor; stroke-width: 1.8; stroke-linecap: round; stroke-linejoin: round; }
    `,
  ];

  constructor() {
    super();
    this.capabilities = [];
    new I18nController(this);
  }

  render() {
    if (this.capabilities.length === 0) return html`<p class="muted">${t('capability.none')}</p>`;
    return html`<ul aria-label=${t('capability.listLabel')}>
      ${this.capabilities.map(
        (c) => html`<li>
          ${ICONS[c] ? html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">${ICONS[c]}</svg>` : ''}
          <span>${t(`capability.${c}`)}</span>
        </li>`,
      )}
    </ul>`;
  }
}
customElements.define('hs-capability-icons', HsCapabilityIcons);
