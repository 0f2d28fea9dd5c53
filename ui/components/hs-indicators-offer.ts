/**
 * The stalkerware lists, when they are missing: says so plainly, says what downloading them contacts, and
 * fetches them with one click (the gateway runs the same update as `homesweep indicators update`).
 */
import { LitElement, html } from 'lit';
import { ApiError, updateIndicatorLists } from '../data/api.ts';
import { HealthController, indicatorsMissing, refreshHealth } from '../data/health.ts';
import { I18nController, formatNumber, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsIndicatorsOffer extends LitElement {
  static properties = { busy: { state: true }, error: { state: true }, done: { state: true } };
  declare busy: boolean;
  declare error: string;
  /** The number of indicators loaded by the last download ('' before). */
  declare done: string;
  private readonly health = new HealthController(this);

  static styles = [shared];

  constructor() {
    super();
    this.busy = false;
    this.error = '';
    this.done = '';
    new I18nController(this);
  }

  private async fetchLists(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const r = await updateIndicatorLists();
      this.done = formatNumber(r.loaded);
      await refreshHealth();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.dispatchEvent(new CustomEvent('hs-session-ended', { bubbles: true, composed: true }));
      this.error = e instanceof ApiError && e.status === 0 ? t('error.offline') : t('indicators.failed', { why: e instanceof ApiError ? e.message : '' });
    } finally {
      this.busy = false;
    }
  }

  render() {
    const h = this.health.value;
    if (this.done) return html`<p class="note" role="status">${t('indicators.done', { count: this.done })}</p>`;
    if (!indicatorsMissing(h)) return '';
    const from = h!.indicators.updateFrom;
    return html`<section class="card" aria-labelledby="ind-title">
      <h2 id="ind-title">${t('indicators.title')}</h2>
      <p>${t('indicators.explain')}</p>
      ${from
        ? html`<p class="break">${t('indicators.contacts', { host: from })}</p>
            <div class="actions">
              <button type="button" @click=${this.fetchLists} ?disabled=${this.busy}>${t('indicators.button')}</button>
            </div>`
        : html`<p class="muted">${t('indicators.fixedPath')}</p>`}
      <p role="status" class="muted">${this.busy ? t('indicators.busy') : ''}</p>
      ${this.error ? html`<p class="error break" role="alert">${this.error}</p>` : ''}
    </section>`;
  }
}
customElements.define('hs-indicators-offer', HsIndicatorsOffer);
