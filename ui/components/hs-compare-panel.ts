/**
 * "What changed since another check": the reader picks another audit, and the page lists new devices, devices
 * gone, new findings and findings no longer seen, each with a plain "no change" line when empty.
 */
import { LitElement, css, html } from 'lit';
import type { AuditSummary, Device } from '../../gateway/contract.ts';
import { ApiError, getDiff, listAudits, type AuditDiff } from '../data/api.ts';
import { realNames } from '../data/device-names.ts';
import { I18nController, formatDateTime, getLanguage, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import { auditTitle } from '../i18n/audit-title.ts';

/** A device's name as the diff gives it (raw devices have no display name). */
function deviceName(d: Device): string {
  return realNames(d)[0] ?? d.profile?.name ?? d.hostnames[0] ?? d.vendor ?? t(`category.${d.category}`);
}

export class HsComparePanel extends LitElement {
  static properties = {
    auditId: { type: String },
    audits: { state: true },
    diff: { state: true },
    other: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare auditId: string;
  declare audits: AuditSummary[] | null;
  declare diff: AuditDiff | null;
  declare other: AuditSummary | null;
  declare busy: boolean;
  declare error: string;

  static styles = [
    shared,
    css`
      select { max-width: 100%; }
      ul { padding-left: 1.25rem; }
      @media print { form, .explain { display: none; } :host(:not([compared])) { display: none; } }
    `,
  ];

  constructor() {
    super();
    this.auditId = '';
    this.audits = null;
    this.diff = null;
    this.other = null;
    this.busy = false;
    this.error = '';
    new I18nController(this);
  }

  connectedCallback(): void {
    super.connectedCallback();
    listAudits()
      .then((list) => (this.audits = list.filter((a) => a.id !== this.auditId)))
      .catch(() => (this.audits = []));
  }

  private async compare(ev: Event): Promise<void> {
    ev.preventDefault();
    const id = this.renderRoot.querySelector<HTMLSelectElement>('#other')?.value;
    const other = this.audits?.find((a) => a.id === id);
    if (!other) return;
    this.busy = true;
    this.error = '';
    try {
      // The other check is the "before": what changed since it, up to this one.
      this.diff = await getDiff(other.id, this.auditId, getLanguage());
      this.other = other;
      // Printed with the report only once there is something to show.
      this.setAttribute('compared', '');
    } catch (e) {
      this.error = e instanceof ApiError && e.status === 0 ? t('error.offline') : t('compare.failed');
    } finally {
      this.busy = false;
    }
  }

  private list(title: string, none: string, items: string[], key: string) {
    return html`<h3>${title}</h3>
      ${items.length ? html`<ul data-diff=${key}>${items.map((s) => html`<li class="break"><bdi>${s}</bdi></li>`)}</ul>` : html`<p class="muted" data-diff=${key}>${none}</p>`}`;
  }

  private renderDiff(d: AuditDiff, other: AuditSummary) {
    return html`<div role="status">
      <p>${t('compare.since', { title: auditTitle(other), time: formatDateTime(other.startedAt) })}</p>
      ${this.list(t('compare.newDevices'), t('compare.noNewDevices'), d.newDevices.map(deviceName), 'new-devices')}
      ${this.list(t('compare.goneDevices'), t('compare.noGoneDevices'), d.goneDevices.map(deviceName), 'gone-devices')}
      ${this.list(t('compare.newFindings'), t('compare.noNewFindings'), d.newFindings.map((f) => f.title), 'new-findings')}
      ${this.list(t('compare.resolvedFindings'), t('compare.noResolvedFindings'), d.resolvedFindings.map((f) => f.title), 'resolved-findings')}
      ${this.list(
        t('compare.changed'),
        t('compare.noChanged'),
        (d.changed ?? []).map((c) => `${deviceName(c.device)}: ${c.changes.join('; ')}`),
        'changed',
      )}
    </div>`;
  }

  render() {
    const audits = this.audits;
    return html`<section class="card" aria-labelledby="compare-title">
      <h2 id="compare-title">${t('compare.title')}</h2>
      <p class="explain">${t('compare.explain')}</p>
      ${audits === null
        ? html`<p class="muted">${t('common.loading')}</p>`
        : audits.length === 0
          ? html`<p class="muted">${t('compare.noOther')}</p>`
          : html`<form @submit=${this.compare}>
              <label for="other">${t('compare.pick')}</label>
              <select id="other">
                ${audits.map((a) => html`<option value=${a.id}>${a.title} · ${formatDateTime(a.startedAt)}</option>`)}
              </select>
              <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('compare.button')}</button></div>
            </form>`}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.diff && this.other ? this.renderDiff(this.diff, this.other) : ''}
    </section>`;
  }
}
customElements.define('hs-compare-panel', HsComparePanel);
