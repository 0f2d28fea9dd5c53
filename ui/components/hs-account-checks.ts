/**
 * Account checks the owner starts herself (ACCOUNTS.md): she picks one, reads what it will read, what trace it
 * leaves and who could see it, gives the device's address and her credential, ticks "I understand" and starts it.
 * The credential is read from its field at the moment of the call, sent once, and the field is emptied right after;
 * it is never kept in a property, state or storage. A failure is shown once and nothing is tried again by itself.
 * Sends `hs-audit-reload` up after a check so the access found appears on the page.
 */
import { LitElement, css, html } from 'lit';
import { ApiError, listAccountChecks, runAccountCheck, type AccountCheckCard, type AccountCheckResult } from '../data/api.ts';
import { I18nController, getLanguage, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsAccountChecks extends LitElement {
  static properties = {
    auditId: { type: String },
    deviceId: { type: String },
    address: { type: String },
    readOnly: { type: Boolean },
    cards: { state: true },
    chosen: { state: true },
    busy: { state: true },
    results: { state: true },
    unavailable: { state: true },
    formError: { state: true },
  };
  declare auditId: string;
  declare deviceId: string;
  /** Suggested address of the device, e.g. `http://192.168.1.5`. */
  declare address: string;
  declare readOnly: boolean;
  declare cards: AccountCheckCard[] | null;
  declare chosen: string;
  declare busy: boolean;
  /** What each finished check found or why it failed, newest first. */
  declare results: { check: string; result: AccountCheckResult }[];
  declare unavailable: boolean;
  declare formError: string;
  private cardsLang = '';

  static styles = [
    shared,
    css`
      select, input[type='text'], input[type='password'] { width: 100%; max-width: 28rem; }
      .confirm { display: flex; gap: 0.5rem; align-items: flex-start; font-weight: normal; }
      .confirm input { width: 1.2rem; height: 1.2rem; margin-top: 0.2rem; }
      dl dt { font-weight: 600; margin-top: 0.4rem; }
      dl dd { margin: 0; }
      ul, ol { padding-left: 1.25rem; }
      @media print { :host { display: none; } }
    `,
  ];

  constructor() {
    super();
    this.auditId = '';
    this.deviceId = '';
    this.address = '';
    this.readOnly = false;
    this.cards = null;
    this.chosen = '';
    this.busy = false;
    this.results = [];
    this.unavailable = false;
    this.formError = '';
    new I18nController(this);
  }

  protected willUpdate(): void {
    // The cards' texts come from the gateway in the reader's language: fetch again after a language change.
    if (this.cardsLang !== getLanguage()) {
      this.cardsLang = getLanguage();
      listAccountChecks(this.cardsLang)
        .then((cards) => {
          this.cards = cards;
          this.unavailable = false;
        })
        .catch(() => {
          this.cards = [];
          this.unavailable = true;
        });
    }
  }

  private pick(e: Event): void {
    this.chosen = (e.target as HTMLSelectElement).value;
    this.formError = '';
  }

  private get card(): AccountCheckCard | undefined {
    return this.cards?.find((c) => c.id === this.chosen);
  }

  private async start(ev: Event): Promise<void> {
    ev.preventDefault();
    const card = this.card;
    if (!card || this.busy) return;
    const root = this.renderRoot;
    const secret = root.querySelector<HTMLInputElement>('#ac-credential');
    const confirm = root.querySelector<HTMLInputElement>('#ac-confirm');
    const baseUrl = root.querySelector<HTMLInputElement>('#ac-address')?.value.trim() ?? '';
    const user = root.querySelector<HTMLInputElement>('#ac-user');
    const kind = card.credential.kind;
    const needsSecret = kind === 'token' || kind === 'password';
    this.formError = !confirm?.checked
      ? t('accounts.needConfirm')
      : !baseUrl
        ? t('accounts.needAddress')
        : (needsSecret && !secret?.value) || (kind === 'password' && !user?.value.trim())
          ? t('accounts.needCredential')
          : '';
    if (this.formError) return;
    this.busy = true;
    let result: AccountCheckResult;
    try {
      result = await runAccountCheck(this.auditId, card.id, {
        target: { baseUrl, ...(this.deviceId ? { deviceId: this.deviceId } : {}) },
        ...(kind === 'token' ? { credential: secret!.value } : {}),
        ...(kind === 'password' ? { credential: { username: user!.value.trim(), password: secret!.value } } : {}),
        confirm: true,
      }, getLanguage());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.dispatchEvent(new CustomEvent('hs-session-ended', { bubbles: true, composed: true }));
      result = { error: e instanceof ApiError && e.status === 0 ? t('error.offline') : e instanceof ApiError && e.message ? t('accounts.refused', { why: e.message }) : t('accounts.failed') };
    } finally {
      // Emptied whatever happened; a new try needs the owner to type it and tick "I understand" again.
      if (secret) secret.value = '';
      if (user) user.value = '';
      if (confirm) confirm.checked = false;
      this.busy = false;
    }
    this.results = [{ check: card.name, result }, ...this.results];
    if (!result.error || (result.entries ?? []).length) this.dispatchEvent(new CustomEvent('hs-audit-reload', { bubbles: true, composed: true }));
  }

  private renderCard(c: AccountCheckCard) {
    const secret = c.credential.kind === 'token' || c.credential.kind === 'password';
    return html`<dl>
        <dt>${t('accounts.reads')}</dt>
        <dd><ul>${c.reads.map((r) => html`<li class="break">${r}</li>`)}</ul></dd>
        <dt>${t('accounts.trace')}</dt>
        <dd class="break">${c.trace}${c.leavesBehind ? html`<br />${c.leavesBehind}` : ''}</dd>
        <dt>${t('accounts.whoCanSee')}</dt>
        <dd class="break">${c.whoCanSee}</dd>
        <dt>${t('accounts.notice')}</dt>
        <dd>${t(`accounts.level.${c.notice}`)}</dd>
        ${c.onFailure || c.wrongCredential ? html`<dt>${t('accounts.wrong')}</dt><dd class="break">${c.onFailure ?? c.wrongCredential}</dd>` : ''}
      </dl>
      ${c.steps?.length ? html`<h4>${t('accounts.steps')}</h4><ol>${c.steps.map((s) => html`<li class="break">${s}</li>`)}</ol>` : ''}
      ${c.mode === 'guidance'
        ? ''
        : html`<form @submit=${this.start}>
            <label for="ac-address">${t('accounts.address')}</label>
            <input id="ac-address" type="text" inputmode="url" autocomplete="off" .value=${this.address} />
            ${secret ? html`<p class="break">${c.credential.ask}</p>` : html`<p class="note break">${c.credential.ask}</p>`}
            ${c.credential.kind === 'password'
              ? html`<label for="ac-user">${t('accounts.user')}</label><input id="ac-user" type="text" autocomplete="off" />`
              : ''}
            ${secret
              ? html`<label for="ac-credential">${t(c.credential.kind === 'token' ? 'accounts.token' : 'accounts.password')}</label>
                  <input id="ac-credential" type="password" autocomplete="off" />
                  <p class="muted">${t('accounts.once')}</p>`
              : ''}
            <label class="confirm"><input id="ac-confirm" type="checkbox" /> <span>${t('accounts.understand')}</span></label>
            ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : ''}
            <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('accounts.start')}</button></div>
          </form>`}`;
  }

  private renderResults() {
    return html`<div role="status">
      ${this.busy ? html`<p class="muted">${t('accounts.busy')}</p>` : ''}
      ${this.results.map(
        ({ check, result }) => html`<div class="card" data-account-result>
          <h4 class="break">${check}</h4>
          ${result.error ? html`<p class="error break">${result.error}</p>` : ''}
          ${result.removeLater ? html`<p class="note break">${result.removeLater}</p>` : ''}
          ${result.entries
            ? result.entries.length
              ? html`<p>${tp('accounts.found', result.entries.length)}</p>
                  <ul>${result.entries.map((e) => html`<li class="break">${e.label}${e.outside ? html` · ${t('access.outside')}` : ''}</li>`)}</ul>`
              : html`<p class="muted">${t('accounts.nothing')}</p>`
            : ''}
        </div>`,
      )}
    </div>`;
  }

  render() {
    if (this.readOnly) return '';
    const cards = this.cards;
    return html`<section class="card" aria-labelledby="ac-title">
      <h2 id="ac-title">${t('accounts.title')}</h2>
      <p>${t('accounts.explain')}</p>
      ${cards === null ? html`<p class="muted">${t('common.loading')}</p>` : ''}
      ${cards && cards.length === 0 ? html`<p class="muted">${t(this.unavailable ? 'accounts.unavailable' : 'accounts.none')}</p>` : ''}
      ${cards?.length
        ? html`<label for="ac-pick">${t('accounts.pick')}</label>
            <select id="ac-pick" @change=${this.pick}>
              <option value="" ?selected=${this.chosen === ''}>${t('accounts.pickNone')}</option>
              ${cards.map((c) => html`<option value=${c.id} ?selected=${this.chosen === c.id}>${c.name}</option>`)}
            </select>`
        : ''}
      ${this.card ? this.renderCard(this.card) : ''} ${this.renderResults()}
    </section>`;
  }
}
customElements.define('hs-account-checks', HsAccountChecks);
