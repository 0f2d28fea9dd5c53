/**
 * One checklist step: what to check, why, what the other person may notice, and the answer, note and status.
 * Sends `hs-checklist-change` (detail: {id, patch}) up on every change; the page saves and passes `saveState`
 * back down. Typing is sent after a short pause and when the field is left.
 */
import { LitElement, css, html } from 'lit';
import type { ChecklistItem, ChecklistStatus, Finding } from '../../gateway/contract.ts';
import type { ChecklistPatch } from '../data/api.ts';
import { I18nController, formatDateTime, localTimesIn, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

/** Where saving this item stands. */
export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

const STATUSES: ChecklistStatus[] = ['todo', 'done', 'skipped', 'not-applicable'];
/** Steps about one way in from outside (`access@<entry>`) are answered Yes / No / Not sure. */
const ACCESS_PREFIX = 'access@';
const ACCESS_ANSWERS = ['yes', 'no', 'not-sure'] as const;
const TYPING_PAUSE_MS = 700;

export class HsChecklistItem extends LitElement {
  static properties = {
    item: { attribute: false },
    deviceName: { type: String },
    finding: { attribute: false },
    readOnly: { type: Boolean },
    saveState: { type: String },
    saveError: { type: String },
  };
  declare item: ChecklistItem;
  declare deviceName: string;
  /** The finding a step was made from: its advice says what to do. */
  declare finding: Finding | undefined;
  declare readOnly: boolean;
  declare saveState: SaveState;
  declare saveError: string;
  private timers = new Map<'answer' | 'note', number>();

  static styles = [
    shared,
    css`
      fieldset { border: none; padding: 0; margin: 0.5rem 0; }
      legend { font-weight: 600; padding: 0; }
      .statuses { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin-top: 0.25rem; }
      .statuses label { display: inline-flex; align-items: center; gap: 0.35rem; font-weight: normal; margin: 0; min-height: 2.5rem; }
      input[type='radio'] { width: 1.2rem; height: 1.2rem; }
      input[type='text'] { width: 100%; }
      h3 { margin-top: 0; overflow-wrap: anywhere; }
      .saved { font-size: 0.9rem; min-height: 1.4rem; }
      .choices { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.25rem 0; }
      .choices button[aria-pressed='true'] { outline: 3px solid var(--hs-focus); }
      .choices button[aria-pressed='false'] { background: var(--hs-surface); color: var(--hs-accent); }
      .done h3 { text-decoration: none; }
      dl { margin: 0.25rem 0; }
      dt { font-weight: 600; margin-top: 0.35rem; }
      dd { margin: 0; }
      @media print {
        .saved { display: none; }
        input, textarea { border: none; padding: 0; }
      }
    `,
  ];

  constructor() {
    super();
    this.deviceName = '';
    this.readOnly = false;
    this.saveState = 'idle';
    this.saveError = '';
    new I18nController(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.flush();
  }

  private send(patch: ChecklistPatch): void {
    this.dispatchEvent(new CustomEvent('hs-checklist-change', { detail: { id: this.item.id, patch }, bubbles: true, composed: true }));
  }

  /** Sends typed text that is still waiting for its pause. */
  private flush(): void {
    for (const [field, timer] of this.timers) {
      clearTimeout(timer);
      const el = this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${field}`);
      if (el) this.send({ [field]: el.value });
    }
    this.timers.clear();
  }

  private typed(field: 'answer' | 'note', ev: Event): void {
    const value = (ev.target as HTMLInputElement).value;
    clearTimeout(this.timers.get(field));
    this.timers.set(
      field,
      window.setTimeout(() => {
        this.timers.delete(field);
        this.send({ [field]: value });
      }, TYPING_PAUSE_MS),
    );
    this.dispatchEvent(new CustomEvent('hs-checklist-typing', { detail: { id: this.item.id }, bubbles: true, composed: true }));
  }

  private left(field: 'answer' | 'note', ev: Event): void {
    if (!this.timers.has(field)) return;
    clearTimeout(this.timers.get(field));
    this.timers.delete(field);
    this.send({ [field]: (ev.target as HTMLInputElement).value });
  }

  /**
   * The text to show in a field: while it has focus or typing waits to be sent, what is typed wins over the
   * saved copy coming back from the server (else a late answer would erase the newest letters).
   */
  private fieldValue(field: 'answer' | 'note'): string {
    const el = this.renderRoot?.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${field}`);
    const busy = el && (this.timers.has(field) || (this.renderRoot as ShadowRoot).activeElement === el);
    return busy ? el.value : (this.item[field] ?? '');
  }

  private savedText(): string {
    switch (this.saveState) {
      case 'pending':
      case 'saving':
        return t('checklist.saving');
      case 'saved':
        return t('checklist.saved', { time: formatDateTime(this.item.updatedAt) });
      case 'error':
        return this.saveError ? t('checklist.saveFailedWhy', { why: this.saveError }) : t('checklist.saveFailed');
      default:
        return '';
    }
  }

  /** Yes / No / Not sure for a step about access; a clear answer also marks the step done. */
  private renderAccessAnswer(it: ChecklistItem) {
    return html`<fieldset ?disabled=${this.readOnly}>
      <legend>${t('checklist.answer')}</legend>
      <div class="choices" role="group">
        ${ACCESS_ANSWERS.map(
          (a) => html`<button
            type="button"
            aria-pressed=${it.answer === a ? 'true' : 'false'}
            data-answer=${a}
            @click=${() => this.send(a === 'not-sure' ? { answer: a } : { answer: a, status: 'done' })}
          >
            ${t(`answer.${a}`)}
          </button>`,
        )}
      </div>
    </fieldset>`;
  }

  render() {
    const it = this.item;
    const access = it.id.startsWith(ACCESS_PREFIX);
    return html`<article class="card ${it.status}" aria-labelledby="text" data-item=${it.id}>
      ${this.deviceName ? html`<p class="muted break"><bdi>${this.deviceName}</bdi></p>` : ''}
      <h3 id="text">${it.text}</h3>
      <dl>
        ${this.finding?.advice ? html`<dt>${t('checklist.whatToDo')}</dt><dd class="break">${this.finding.advice}</dd>` : ''}
        ${it.why ? html`<dt>${t('checklist.why')}</dt><dd class="break">${localTimesIn(it.why, this.finding?.firstSeen)}</dd>` : ''}
        ${it.noticeRisk ? html`<dt>${t('notice.label')}</dt><dd class="break">${it.noticeRisk}</dd>` : ''}
      </dl>
      <fieldset ?disabled=${this.readOnly}>
        <legend>${t('checklist.status')}</legend>
        <div class="statuses">
          ${STATUSES.map(
            (s) => html`<label>
              <input type="radio" name="status" value=${s} .checked=${it.status === s} @change=${() => this.send({ status: s })} />
              ${t(`status.${s}`)}
            </label>`,
          )}
        </div>
      </fieldset>
      ${access
        ? this.renderAccessAnswer(it)
        : html`<label for="answer">${t('checklist.answer')}</label>
            <input
              id="answer"
              type="text"
              autocomplete="off"
              .value=${this.fieldValue('answer')}
              ?readonly=${this.readOnly}
              @input=${(e: Event) => this.typed('answer', e)}
              @change=${(e: Event) => this.left('answer', e)}
            />`}
      <label for="note">${t('checklist.note')}</label>
      <textarea
        id="note"
        .value=${this.fieldValue('note')}
        ?readonly=${this.readOnly}
        @input=${(e: Event) => this.typed('note', e)}
        @change=${(e: Event) => this.left('note', e)}
      ></textarea>
      <p class="saved ${this.saveState === 'error' ? 'error' : 'muted'}" role="status" data-save-state=${this.saveState}>${this.savedText()}</p>
    </article>`;
  }
}
customElements.define('hs-checklist-item', HsChecklistItem);
