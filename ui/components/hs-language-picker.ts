/** The language picker. Sends `hs-language-change` (detail: the language) up; the app applies and remembers it. */
import { LitElement, css, html } from 'lit';
import { I18nController, LANGUAGES, getLanguage, isLanguage, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsLanguagePicker extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: inline-flex; align-items: center; gap: 0.4rem; }
      label { display: inline; margin: 0; font-weight: normal; }
      select { min-height: 2.5rem; }
    `,
  ];

  constructor() {
    super();
    new I18nController(this);
  }

  private onChange(ev: Event): void {
    const value = (ev.target as HTMLSelectElement).value;
    if (isLanguage(value)) this.dispatchEvent(new CustomEvent('hs-language-change', { detail: value, bubbles: true, composed: true }));
  }

  render() {
    const lang = getLanguage();
    return html`<label for="lang">${t('lang.label')}</label>
      <select id="lang" @change=${this.onChange}>
        ${LANGUAGES.map((l) => html`<option value=${l} lang=${l} ?selected=${l === lang}>${t(`lang.name.${l}`)}</option>`)}
      </select>`;
  }
}
customElements.define('hs-language-picker', HsLanguagePicker);
