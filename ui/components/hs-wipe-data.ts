/** "Wipe all data": asks the reader to type a phrase first, then deletes every audit, the passcode and the session. */
import { LitElement, css, html } from 'lit';
import { ApiError, wipeEverything } from '../data/api.ts';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsWipeData extends LitElement {
  static properties = { typed: { state: true }, error: { state: true }, busy: { state: true } };
  declare typed: string;
  declare error: string;
  declare busy: boolean;

  static styles = [shared, css`input { width: 100%; max-width: 22rem; }`];

  constructor() {
    super();
    this.typed = '';
    this.error = '';
    this.busy = false;
    new I18nController(this);
  }

  private phraseTyped(): boolean {
    const norm = (s: string): string => s.trim().toLocaleLowerCase().replace(/\s+/g, ' ');
    return norm(this.typed) === norm(t('wipe.phrase'));
  }

  private async wipe(ev: Event): Promise<void> {
    ev.preventDefault();
    if (!this.phraseTyped()) return;
    this.busy = true;
    this.error = '';
    try {
      await wipeEverything();
      this.typed = '';
      this.dispatchEvent(new CustomEvent('hs-wiped', { bubbles: true, composed: true }));
    } catch (e) {
      this.error = e instanceof ApiError && e.message ? e.message : t('error.generic');
    } finally {
      this.busy = false;
    }
  }

  render() {
    return html`<section class="card" aria-labelledby="wt">
      <h2 id="wt">${t('wipe.title')}</h2>
      <p>${t('wipe.explain')}</p>
      <form @submit=${this.wipe}>
        <label for="confirm">${t('wipe.typeLabel', { phrase: t('wipe.phrase') })}</label>
        <input id="confirm" autocomplete="off" .value=${this.typed} @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)} />
        <div class="actions">
          <button type="submit" ?disabled=${!this.phraseTyped() || this.busy}>${t('wipe.button')}</button>
        </div>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
    </section>`;
  }
}
customElements.define('hs-wipe-data', HsWipeData);
