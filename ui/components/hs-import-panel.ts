/**
 * Opens an audit file someone shared (JSON, or age-encrypted with a passphrase): either a copy to review
 * read-only, or one's own audit coming back with a helper's comments. Sends NavigateEvent up when the reader
 * chooses to open the result. The passphrase field is emptied right after the call.
 */
import { LitElement, css, html } from 'lit';
import { ApiError, importAudit, type ImportResult } from '../data/api.ts';
import { NavigateEvent } from '../data/router.ts';
import { I18nController, hasMessage, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsImportPanel extends LitElement {
  static properties = { busy: { state: true }, error: { state: true }, result: { state: true } };
  declare busy: boolean;
  declare error: string;
  declare result: ImportResult | null;

  static styles = [shared, css`input[type='file'], input[type='password'] { width: 100%; }`];

  constructor() {
    super();
    this.busy = false;
    this.error = '';
    this.result = null;
    new I18nController(this);
  }

  private async submit(ev: Event): Promise<void> {
    ev.preventDefault();
    this.error = '';
    this.result = null;
    const file = this.renderRoot.querySelector<HTMLInputElement>('#import-file')?.files?.[0];
    const pass = this.renderRoot.querySelector<HTMLInputElement>('#import-pass');
    if (!file) return void (this.error = t('start.pickFile'));
    this.busy = true;
    try {
      this.result = await importAudit(file, pass?.value || undefined);
      this.dispatchEvent(new CustomEvent('hs-audits-changed', { bubbles: true, composed: true }));
    } catch (e) {
      this.error = this.explain(e);
      if (e instanceof ApiError && e.status === 401) this.dispatchEvent(new CustomEvent('hs-session-ended', { bubbles: true, composed: true }));
    } finally {
      if (pass) pass.value = '';
      this.busy = false;
    }
  }

  /** A refusal in plain words: by the gateway's code when it gives one, else by status. */
  private explain(e: unknown): string {
    if (!(e instanceof ApiError)) return t('error.generic');
    if (e.status === 0) return t('error.offline');
    if (e.code && hasMessage(`import.error.${e.code}`)) return t(`import.error.${e.code}`);
    if (e.status === 413) return t('import.error.too-large');
    if (e.status === 409) return t('import.error.already-open');
    return t('import.error.invalid');
  }

  private open(): void {
    if (this.result) this.dispatchEvent(new NavigateEvent({ page: 'audit', audit: this.result.audit.id }));
  }

  render() {
    const r = this.result;
    return html`<form class="card" @submit=${this.submit} aria-labelledby="import-title">
      <h2 id="import-title">${t('import.title')}</h2>
      <p>${t('import.explain')}</p>
      <label for="import-file">${t('import.file')}</label>
      <input id="import-file" type="file" accept=".json,.age,application/json" />
      <label for="import-pass">${t('import.passphrase')}</label>
      <input id="import-pass" type="password" autocomplete="off" />
      <p class="muted">${t('import.passHint')}</p>
      <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('import.button')}</button></div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div role="status">
        ${this.busy ? html`<p class="muted">${t('import.busy')}</p>` : ''}
        ${r
          ? html`<p class="note">${r.kind === 'review' ? t('import.review') : tp('import.merged', r.added ?? 0)}</p>
              <div class="actions"><button type="button" @click=${this.open}>${t('import.open')}</button></div>`
          : ''}
      </div>
    </form>`;
  }
}
customElements.define('hs-import-panel', HsImportPanel);
