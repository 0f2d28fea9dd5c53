/**
 * "Share with a helper" or "Keep a full copy": exports the audit (redacted for a helper by default), optionally
 * locked with a passphrase typed twice, and saves the returned file. The passphrase fields are emptied after.
 */
import { LitElement, css, html } from 'lit';
import { ApiError, exportAudit } from '../data/api.ts';
import { saveFile } from '../data/save-file.ts';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

/** The gateway refuses shorter passphrases. */
export const MIN_PASSPHRASE = 8;

export class HsExportPanel extends LitElement {
  static properties = {
    auditId: { type: String },
    readOnly: { type: Boolean },
    kind: { state: true },
    busy: { state: true },
    error: { state: true },
    done: { state: true },
  };
  declare auditId: string;
  /** Review mode: the copy someone shared; sending it back (with the comments) is the usual choice. */
  declare readOnly: boolean;
  /** `back`: the reviewed copy as it came, with the comments (never redacted again). */
  declare kind: 'helper' | 'none' | 'back' | '';
  declare busy: boolean;
  declare error: string;
  declare done: string;

  static styles = [
    shared,
    css`
      fieldset { border: none; padding: 0; margin: 0.5rem 0; }
      legend { font-weight: 600; padding: 0; }
      .choice { display: flex; gap: 0.5rem; align-items: flex-start; font-weight: normal; }
      .choice input { width: 1.2rem; height: 1.2rem; margin-top: 0.2rem; }
      input[type='password'] { width: 100%; max-width: 24rem; }
      @media print { :host { display: none; } }
    `,
  ];

  constructor() {
    super();
    this.auditId = '';
    this.readOnly = false;
    this.kind = '';
    this.busy = false;
    this.error = '';
    this.done = '';
    new I18nController(this);
  }

  private field(id: string): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${id}`);
  }

  private async submit(ev: Event): Promise<void> {
    ev.preventDefault();
    this.error = '';
    this.done = '';
    const one = this.field('pass1');
    const two = this.field('pass2');
    const passphrase = one?.value ?? '';
    if (passphrase && passphrase.length < MIN_PASSPHRASE) return void (this.error = t('export.passTooShort', { min: MIN_PASSPHRASE }));
    if (passphrase !== (two?.value ?? '')) return void (this.error = t('export.passMismatch'));
    this.busy = true;
    try {
      const file = await exportAudit(this.auditId, { redact: this.chosen() === 'helper' ? 'helper' : 'none', ...(passphrase ? { passphrase } : {}) });
      saveFile(file);
      this.done = t(passphrase ? 'export.doneLocked' : 'export.done', { name: file.name });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.dispatchEvent(new CustomEvent('hs-session-ended', { bubbles: true, composed: true }));
      this.error = e instanceof ApiError && e.status === 0 ? t('error.offline') : t('export.failed');
    } finally {
      // The passphrase is not kept anywhere in the page once the file is made (or refused).
      if (one) one.value = '';
      if (two) two.value = '';
      this.busy = false;
    }
  }

  /** The choice made, else the default: send back in review mode, the helper copy otherwise. */
  private chosen(): 'helper' | 'none' | 'back' {
    return this.kind || (this.readOnly ? 'back' : 'helper');
  }

  render() {
    const kind = this.chosen();
    const choice = (value: 'helper' | 'none' | 'back', label: string, hint: string) => html`<label class="choice">
      <input type="radio" name="kind" value=${value} .checked=${kind === value} @change=${() => (this.kind = value)} />
      <span><strong>${label}</strong><br /><span class="muted">${hint}</span></span>
    </label>`;
    return html`<form class="card" @submit=${this.submit} aria-labelledby="export-title">
      <h2 id="export-title">${t('export.title')}</h2>
      <fieldset>
        <legend>${t('export.which')}</legend>
        ${this.readOnly ? choice('back', t('export.back'), t('export.backHint')) : ''} ${choice('helper', t('export.helper'), t('export.helperHint'))}
        ${choice('none', t('export.full'), t('export.fullHint'))}
      </fieldset>
      <p class="note">${t(kind === 'helper' ? 'export.hides' : kind === 'back' ? 'export.backNote' : 'export.fullWarning')}</p>
      <label for="pass1">${t('export.passphrase')}</label>
      <input id="pass1" type="password" autocomplete="new-password" />
      <p class="muted">${t('export.passHint', { min: MIN_PASSPHRASE })}</p>
      <label for="pass2">${t('export.passRepeat')}</label>
      <input id="pass2" type="password" autocomplete="new-password" />
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('export.button')}</button></div>
      <p role="status" class="muted">${this.busy ? t('export.busy') : this.done}</p>
    </form>`;
  }
}
customElements.define('hs-export-panel', HsExportPanel);
