/**
 * First run: choose a passcode. Later: unlock with it. After wrong tries the gateway asks for a wait
 * (backoff); the page shows it and keeps the button off until it has passed.
 * Sends `hs-unlocked` (detail: SessionInfo) up.
 */
import { LitElement, css, html } from 'lit';
import type { SessionInfo } from '../../gateway/contract.ts';
import { ApiError, login, setupPasscode } from '../data/api.ts';
import { I18nController, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

const MIN_LENGTH = 6;
const MAX_LENGTH = 256;
/** The gateway's reasons for refusing a new passcode (`code` of its 400 answer) → the page's words. */
const REFUSED: Record<string, () => string> = {
  'too-short': () => t('passcode.tooShort', { min: MIN_LENGTH }),
  'too-long': () => t('passcode.tooLong', { max: MAX_LENGTH }),
  blank: () => t('passcode.blank'),
  'too-common': () => t('passcode.tooCommon'),
  'setup-here-only': () => t('passcode.setupHereOnly'),
};

export class HsPagePasscode extends LitElement {
  static properties = {
    session: { attribute: false },
    error: { state: true },
    waitUntil: { state: true },
    now: { state: true },
    busy: { state: true },
  };
  declare session: SessionInfo;
  declare error: string;
  /** Epoch ms before which the gateway refuses another try. */
  declare waitUntil: number;
  declare now: number;
  declare busy: boolean;
  private ticker = 0;

  static styles = [shared, css`input { width: 100%; max-width: 22rem; } form { max-width: 30rem; }`];

  constructor() {
    super();
    this.error = '';
    this.waitUntil = 0;
    this.now = Date.now();
    this.busy = false;
    new I18nController(this);
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (this.session?.retryAfterMs) this.startWait(this.session.retryAfterMs);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  private startWait(ms: number): void {
    this.now = Date.now();
    this.waitUntil = this.now + ms;
    clearInterval(this.ticker);
    this.ticker = window.setInterval(() => {
      this.now = Date.now();
      if (this.now >= this.waitUntil) clearInterval(this.ticker);
    }, 250);
  }

  private get waiting(): boolean {
    return this.waitUntil > this.now;
  }

  private value(id: string): string {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '';
  }

  private async submit(ev: Event): Promise<void> {
    ev.preventDefault();
    if (this.busy || this.waiting) return;
    const passcode = this.value('passcode');
    this.error = '';
    if (!this.session.passcodeSet) {
      if (passcode.length < MIN_LENGTH) return void (this.error = t('passcode.tooShort', { min: MIN_LENGTH }));
      if (passcode !== this.value('repeat')) return void (this.error = t('passcode.mismatch'));
    }
    this.busy = true;
    try {
      const info = this.session.passcodeSet ? await login(passcode) : await setupPasscode(passcode);
      this.dispatchEvent(new CustomEvent('hs-unlocked', { detail: info, bubbles: true, composed: true }));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, '');
      if (err.status === 401) this.error = t('passcode.wrong');
      else if (err.status === 429) this.error = t('passcode.tooMany');
      else if (err.status === 409) this.error = t('passcode.alreadySet');
      else if (err.code && REFUSED[err.code]) this.error = REFUSED[err.code]!();
      else this.error = err.message || t('error.generic');
      if (err.retryAfterMs && err.retryAfterMs > 0) this.startWait(err.retryAfterMs);
      const input = this.renderRoot.querySelector<HTMLInputElement>('#passcode');
      if (input) {
        input.value = '';
        input.focus();
      }
    } finally {
      this.busy = false;
    }
  }

  render() {
    const first = !this.session.passcodeSet;
    const seconds = Math.max(1, Math.ceil((this.waitUntil - this.now) / 1000));
    return html`<h1 tabindex="-1">${first ? t('passcode.setupTitle') : t('passcode.unlockTitle')}</h1>
      <p>${first ? t('passcode.setupIntro') : t('passcode.unlockIntro')}</p>
      <form @submit=${this.submit} novalidate>
        <label for="passcode">${first ? t('passcode.new') : t('passcode.label')}</label>
        <input
          id="passcode"
          type="password"
          autocomplete=${first ? 'new-password' : 'current-password'}
          minlength=${MIN_LENGTH}
          required
          aria-describedby="problem wait"
        />
        ${first
          ? html`<p class="muted">${t('passcode.rule', { min: MIN_LENGTH })}</p>
              <label for="repeat">${t('passcode.repeat')}</label>
              <input id="repeat" type="password" autocomplete="new-password" required />`
          : ''}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy || this.waiting}>${first ? t('passcode.save') : t('passcode.unlock')}</button>
        </div>
        <div id="problem" role="alert">${this.error ? html`<p class="error">${this.error}</p>` : ''}</div>
        <p id="wait" class="muted" data-wait=${this.waiting ? 'yes' : 'no'} ?hidden=${!this.waiting}>
          ${tp('passcode.wait', seconds)}
        </p>
      </form>
      <p class="note">${t('passcode.safeDevice')}</p>`;
  }
}
customElements.define('hs-page-passcode', HsPagePasscode);
