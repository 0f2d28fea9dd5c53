/**
 * The checklist: every step for the home and for each device, with status, answer and note, saved as you go.
 * Sends `hs-checklist-saved` (detail: ChecklistItem) up so the rest of the app sees the new answers.
 */
import { LitElement, css, html } from 'lit';
import type { AuditView, ChecklistItem } from '../../gateway/contract.ts';
import type { ChecklistPatch } from '../data/api.ts';
import { createChecklistSaver, type SaverState } from '../data/checklist-saver.ts';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import type { SaveState } from '../components/hs-checklist-item.ts';
import '../components/hs-checklist-item.ts';
import { stepFinding } from '../data/step-advice.ts';
import '../components/hs-comments.ts';
import '../components/hs-export-panel.ts';

export class HsPageChecklist extends LitElement {
  static properties = { audit: { attribute: false }, states: { state: true }, errors: { state: true } };
  declare audit: AuditView;
  declare states: Record<string, SaveState>;
  declare errors: Record<string, string>;
  private saver?: ReturnType<typeof createChecklistSaver>;
  private saverAudit = '';

  static styles = [shared, css`progress { width: 100%; max-width: 20rem; height: 0.9rem; }`];

  constructor() {
    super();
    this.states = {};
    this.errors = {};
    new I18nController(this);
  }

  protected willUpdate(): void {
    if (this.audit && this.saverAudit !== this.audit.audit.id) {
      this.saverAudit = this.audit.audit.id;
      this.saver = createChecklistSaver(this.saverAudit, (id, s) => this.onSaver(id, s));
    }
  }

  private onSaver(id: string, s: SaverState): void {
    this.states = { ...this.states, [id]: s.state };
    if (s.state === 'saved') {
      this.dispatchEvent(new CustomEvent('hs-checklist-saved', { detail: s.item, bubbles: true, composed: true }));
    } else if (s.state === 'error') {
      if (s.error.status === 401) this.dispatchEvent(new CustomEvent('hs-session-ended', { bubbles: true, composed: true }));
      this.errors = { ...this.errors, [id]: s.error.status === 0 ? t('error.offline') : s.error.message };
    }
  }

  private onChange(ev: CustomEvent<{ id: string; patch: ChecklistPatch }>): void {
    const { id, patch } = ev.detail;
    // Show a new status or a chosen Yes / No / Not sure at once; typed answers and notes are already on screen.
    const chosen = id.startsWith('access@') && patch.answer !== undefined ? { answer: patch.answer } : {};
    if (patch.status || chosen.answer !== undefined) {
      const local = { ...(patch.status ? { status: patch.status } : {}), ...chosen };
      this.dispatchEvent(new CustomEvent('hs-checklist-local', { detail: { id, patch: local }, bubbles: true, composed: true }));
    }
    void this.saver?.save(id, patch);
  }

  private onTyping(ev: CustomEvent<{ id: string }>): void {
    if (this.states[ev.detail.id] !== 'saving') this.states = { ...this.states, [ev.detail.id]: 'pending' };
  }

  render() {
    const { audit, checklist, devices, comments } = this.audit;
    const byDevice = new Map<string, ChecklistItem[]>();
    const general: ChecklistItem[] = [];
    for (const item of checklist) {
      if (item.device) byDevice.set(item.device, [...(byDevice.get(item.device) ?? []), item]);
      else general.push(item);
    }
    const done = checklist.filter((c) => c.status !== 'todo').length;
    const groups: { key: string; title: string; items: ChecklistItem[] }[] = [];
    if (general.length) groups.push({ key: 'home', title: t('checklist.home'), items: general });
    for (const d of devices) {
      const items = byDevice.get(d.id);
      if (items) groups.push({ key: d.id, title: d.displayName, items });
      byDevice.delete(d.id);
    }
    for (const [id, items] of byDevice) groups.push({ key: id, title: id, items });
    const item = (c: ChecklistItem) => html`<hs-checklist-item
      .item=${c}
      .finding=${stepFinding(this.audit, c)}
      ?readOnly=${audit.readOnly}
      .saveState=${this.states[c.id] ?? 'idle'}
      .saveError=${this.errors[c.id] ?? ''}
    ></hs-checklist-item>
    <hs-comments
      .auditId=${audit.id}
      .target=${{ kind: 'checklist', id: c.id }}
      .comments=${comments}
      ?canAdd=${audit.readOnly}
      .defaultAuthor=${audit.readOnly ? t('comments.helperAuthor') : ''}
    ></hs-comments>`;
    return html`<h1 tabindex="-1">${t('checklist.title')}</h1>
      <p>${t('checklist.intro')}</p>
      <p class="note">${t('device.recordFirst')}</p>
      ${audit.readOnly ? html`<p class="note">${t('checklist.readOnly')}</p>` : ''}
      <p id="count">${t('checklist.progress', { done, total: checklist.length })}</p>
      <progress max=${Math.max(1, checklist.length)} .value=${done} aria-labelledby="count"></progress>
      ${checklist.length === 0 ? html`<p class="muted">${t('checklist.empty')}</p>` : ''}
      <div @hs-checklist-change=${this.onChange} @hs-checklist-typing=${this.onTyping}>
        ${groups.map(
          (g, n) => html`<section aria-labelledby=${`cg-${n}`}>
            <h2 id=${`cg-${n}`} class="break"><bdi>${g.title}</bdi></h2>
            ${g.items.map(item)}
          </section>`,
        )}
      </div>
      <hs-export-panel .auditId=${audit.id} ?readOnly=${audit.readOnly}></hs-export-panel>`;
  }
}
customElements.define('hs-page-checklist', HsPageChecklist);
