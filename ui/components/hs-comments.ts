/**
 * The comments about one thing (a device, a finding, a checklist step, or the whole audit), with author and local
 * time, and, when `canAdd`, a small form to add one. Sends `hs-comment-added` (detail: Comment) up.
 */
import { LitElement, css, html } from 'lit';
import type { Comment } from '../../gateway/contract.ts';
import { ApiError, addComment } from '../data/api.ts';
import { I18nController, formatDateTime, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

let counter = 0;

export class HsComments extends LitElement {
  static properties = {
    auditId: { type: String },
    target: { attribute: false },
    comments: { attribute: false },
    canAdd: { type: Boolean },
    defaultAuthor: { type: String },
    open: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare auditId: string;
  declare target: Comment['target'];
  /** All comments of the audit; this element shows those about `target`. */
  declare comments: Comment[];
  declare canAdd: boolean;
  declare defaultAuthor: string;
  declare open: boolean;
  declare busy: boolean;
  declare error: string;
  private readonly uid = `c${++counter}`;

  static styles = [
    shared,
    css`
      :host { margin: 0.25rem 0 0.75rem; }
      ul { list-style: none; padding: 0; margin: 0.25rem 0; }
      li { border-left: 3px solid var(--hs-accent); padding: 0.25rem 0.6rem; margin: 0.35rem 0; background: var(--hs-surface); }
      .who { font-size: 0.9rem; }
      input[type='text'] { width: 100%; max-width: 20rem; }
      h4 { margin: 0.25rem 0; font-size: 0.95rem; }
    `,
  ];

  constructor() {
    super();
    this.auditId = '';
    this.target = { kind: 'audit' };
    this.comments = [];
    this.canAdd = false;
    this.defaultAuthor = '';
    this.open = false;
    this.busy = false;
    this.error = '';
    new I18nController(this);
  }

  private mine(): Comment[] {
    const { kind, id } = this.target;
    return (this.comments ?? []).filter((c) => c.target.kind === kind && (kind === 'audit' || c.target.id === id));
  }

  private async submit(ev: Event): Promise<void> {
    ev.preventDefault();
    const text = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea');
    const author = this.renderRoot.querySelector<HTMLInputElement>('input[type="text"]');
    if (!text?.value.trim()) return void (this.error = t('comments.empty'));
    this.busy = true;
    this.error = '';
    try {
      const comment = await addComment(this.auditId, {
        target: this.target,
        text: text.value.trim(),
        ...(author?.value.trim() ? { author: author.value.trim() } : {}),
      });
      this.dispatchEvent(new CustomEvent('hs-comment-added', { detail: comment, bubbles: true, composed: true }));
      this.open = false;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.dispatchEvent(new CustomEvent('hs-session-ended', { bubbles: true, composed: true }));
      this.error = e instanceof ApiError && e.status === 0 ? t('error.offline') : t('comments.failed');
    } finally {
      this.busy = false;
    }
  }

  private renderForm() {
    const u = this.uid;
    return html`<form @submit=${this.submit}>
      <label for=${`${u}-text`}>${t('comments.text')}</label>
      <textarea id=${`${u}-text`} maxlength="10000"></textarea>
      <label for=${`${u}-author`}>${t('comments.author')}</label>
      <input id=${`${u}-author`} type="text" autocomplete="off" maxlength="100" .value=${this.defaultAuthor} />
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="actions">
        <button type="submit" ?disabled=${this.busy}>${t('comments.save')}</button>
        <button type="button" class="secondary" @click=${() => (this.open = false)}>${t('comments.cancel')}</button>
      </div>
    </form>`;
  }

  render() {
    const list = this.mine();
    if (list.length === 0 && !this.canAdd) return '';
    return html`<section aria-label=${t('comments.title')} data-comments=${`${this.target.kind}:${this.target.id ?? ''}`}>
      ${list.length
        ? html`<h4>${t('comments.title')}</h4>
            <ul>
              ${list.map(
                (c) => html`<li>
                  <p class="break">${c.text}</p>
                  <p class="who muted break">${t('comments.by', { author: c.author || t('comments.someone'), time: formatDateTime(c.at) })}</p>
                </li>`,
              )}
            </ul>`
        : ''}
      ${this.canAdd
        ? this.open
          ? this.renderForm()
          : html`<button type="button" class="secondary no-print" @click=${() => (this.open = true)}>${t('comments.add')}</button>`
        : ''}
    </section>`;
  }
}
customElements.define('hs-comments', HsComments);
