/** The quick-exit button: fixed on every page, first in the tab order, leaves for a neutral page at once. */
import { LitElement, css, html } from 'lit';
import { quickExit } from '../data/quick-exit.ts';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsQuickExit extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        position: fixed;
        top: 0.5rem;
        right: 0.5rem;
        z-index: 1000;
      }
      button {
        background: #4a4f55;
        border-color: #4a4f55;
        box-shadow: 0 1px 4px rgb(0 0 0 / 0.25);
        font-weight: 600;
      }
      .hint { display: block; font-size: 0.75rem; font-weight: normal; opacity: 0.9; }
      @media print { :host { display: none; } }
    `,
  ];

  constructor() {
    super();
    new I18nController(this);
  }

  render() {
    return html`<button type="button" @click=${quickExit} aria-describedby="hint">
      <span>${t('exit.button')}<span class="hint" id="hint">${t('exit.hint')}</span></span>
    </button>`;
  }
}
customElements.define('hs-quick-exit', HsQuickExit);
