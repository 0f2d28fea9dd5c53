/**
 * The motion test of a live audit: mark the moment you walk past a device you wonder about, then see which
 * devices uploaded more in the seconds after the mark.
 */
import { LitElement, css, html } from 'lit';
import { ApiError, getMotion, markMotion, type MotionResults } from '../data/api.ts';
import { I18nController, formatDateTime, formatNumber, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

const REFRESH_MS = 5000;
const REFRESHES_AFTER_MARK = 12;

export class HsMotionPanel extends LitElement {
  static properties = {
    auditId: { type: String },
    results: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare auditId: string;
  declare results: MotionResults | null;
  declare error: string;
  declare busy: boolean;
  private timer = 0;
  private refreshesLeft = 0;

  static styles = [shared, css`table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 0.25rem 0.4rem; border-bottom: 1px solid var(--hs-line); } td.n { text-align: right; }`];

  constructor() {
    super();
    this.auditId = '';
    this.results = null;
    this.error = '';
    this.busy = false;
    new I18nController(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private async mark(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await markMotion(this.auditId);
      this.refreshesLeft = REFRESHES_AFTER_MARK;
      await this.refresh();
    } catch (e) {
      this.error = e instanceof ApiError && e.message ? e.message : t('error.generic');
    } finally {
      this.busy = false;
    }
  }

  private async refresh(): Promise<void> {
    clearTimeout(this.timer);
    try {
      this.results = await getMotion(this.auditId);
    } catch (e) {
      this.error = e instanceof ApiError && e.message ? e.message : t('error.generic');
    }
    // A few bounded refreshes after a mark, so the reaction shows up without pressing anything.
    if (this.refreshesLeft > 0 && this.isConnected) {
      this.refreshesLeft--;
      this.timer = window.setTimeout(() => void this.refresh(), REFRESH_MS);
    }
  }

  render() {
    const marks = this.results?.marks ?? [];
    return html`<section class="card" aria-labelledby="mt">
      <h2 id="mt">${t('motion.title')}</h2>
      <p>${t('motion.explain')}</p>
      <div class="actions">
        <button type="button" @click=${this.mark} ?disabled=${this.busy}>${t('motion.mark')}</button>
        <button type="button" class="secondary" @click=${() => this.refresh()}>${t('motion.refresh')}</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div aria-live="polite">
        ${marks.map(
          (m) => html`<h3>${t('motion.markAt', { time: formatDateTime(m.at) })}</h3>
            ${m.devices.length === 0
              ? html`<p class="muted">${t('motion.noReaction')}</p>`
              : html`<table>
                  <thead><tr><th scope="col">${t('motion.device')}</th><th scope="col">${t('motion.change')}</th></tr></thead>
                  <tbody>
                    ${m.devices.map(
                      (d) => html`<tr><td class="break">${d.name}</td><td class="n">${t('motion.times', { ratio: formatNumber(d.ratio, { maximumFractionDigits: 1 }) })}</td></tr>`,
                    )}
                  </tbody>
                </table>`}`,
        )}
      </div>
    </section>`;
  }
}
customElements.define('hs-motion-panel', HsMotionPanel);
