/**
 * Start: choose what to check (this network, a capture file, the demo home), reopen an earlier check,
 * or wipe everything. Sends NavigateEvent up when a check is created or opened.
 */
import { LitElement, css, html } from 'lit';
import type { AuditSummary } from '../../gateway/contract.ts';
import { ApiError, createAudit, deleteAudit, getInterfaces, listAudits, uploadCapture, type NetworkInterface } from '../data/api.ts';
import { NavigateEvent } from '../data/router.ts';
import { I18nController, formatDateTime, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import '../components/hs-cannot-see.ts';
import '../components/hs-health-note.ts';
import '../components/hs-import-panel.ts';
import '../components/hs-indicators-offer.ts';
import '../components/hs-mqtt-panel.ts';
import '../components/hs-traffic-source.ts';
import '../components/hs-wipe-data.ts';
import { auditTitle } from '../i18n/audit-title.ts';

export class HsPageStart extends LitElement {
  static properties = {
    interfaces: { state: true },
    audits: { state: true },
    busy: { state: true },
    error: { state: true },
    confirmDelete: { state: true },
    mqttAudit: { state: true },
  };
  declare interfaces: NetworkInterface[] | null;
  declare audits: AuditSummary[] | null;
  /** What is being started: '' when nothing. */
  declare busy: '' | 'live' | 'file' | 'demo';
  declare error: string;
  declare confirmDelete: string;
  /** The audit chosen for "Check an MQTT broker" ('' until chosen). */
  declare mqttAudit: string;

  static styles = [
    shared,
    css`
      .choices { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
      .choices .card { margin: 0; }
      .iface label { display: flex; gap: 0.5rem; align-items: center; font-weight: normal; min-height: 2.5rem; margin: 0; }
      .iface input { width: 1.2rem; height: 1.2rem; }
      input[type='number'] { width: 7rem; }
      input[type='file'] { width: 100%; }
      li.audit { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem; align-items: center; }
      li.audit h3 { margin: 0; overflow-wrap: anywhere; }
    `,
  ];

  constructor() {
    super();
    this.interfaces = null;
    this.audits = null;
    this.busy = '';
    this.error = '';
    this.confirmDelete = '';
    this.mqttAudit = '';
    new I18nController(this);
    this.addEventListener('hs-audits-changed', () => void this.load());
  }

  connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private fail(e: unknown): void {
    if (e instanceof ApiError && e.status === 401) {
      this.dispatchEvent(new CustomEvent('hs-session-ended', { bubbles: true, composed: true }));
      return;
    }
    this.error = e instanceof ApiError && e.message ? e.message : t('error.generic');
  }

  private async load(): Promise<void> {
    try {
      const [interfaces, audits] = await Promise.all([getInterfaces().catch(() => []), listAudits()]);
      this.interfaces = interfaces;
      this.audits = audits;
    } catch (e) {
      this.fail(e);
    }
  }

  private open(id: string): void {
    this.dispatchEvent(new NavigateEvent({ page: 'audit', audit: id }));
  }

  private async start(kind: 'live' | 'file' | 'demo', ev?: Event): Promise<void> {
    ev?.preventDefault();
    this.error = '';
    const root = this.renderRoot;
    let job: () => Promise<AuditSummary>;
    if (kind === 'live') {
      const name = root.querySelector<HTMLInputElement>('input[name="iface"]:checked')?.value;
      if (!name) return void (this.error = t('start.pickInterface'));
      const minutes = Number(root.querySelector<HTMLInputElement>('#minutes')?.value);
      job = () => createAudit({ kind: 'live', interface: name, ...(minutes > 0 ? { minutes } : {}) });
    } else if (kind === 'file') {
      const file = root.querySelector<HTMLInputElement>('#file')?.files?.[0];
      if (!file) return void (this.error = t('start.pickFile'));
      job = () => uploadCapture(file);
    } else {
      job = () => createAudit({ kind: 'demo' });
    }
    this.busy = kind;
    try {
      const summary = await job();
      this.open(summary.id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 413) this.error = t('start.fileTooLarge');
      else if (e instanceof ApiError && e.code === 'not-a-capture') this.error = t('start.notCapture');
      else this.fail(e);
    } finally {
      this.busy = '';
    }
  }

  private async removeAudit(id: string): Promise<void> {
    try {
      await deleteAudit(id);
      this.confirmDelete = '';
      this.audits = (this.audits ?? []).filter((a) => a.id !== id);
    } catch (e) {
      this.fail(e);
    }
  }

  private renderLive() {
    const list = this.interfaces;
    return html`<form class="card" @submit=${(e: Event) => this.start('live', e)} aria-labelledby="live-title">
      <h2 id="live-title">${t('start.live')}</h2>
      <p>${t('start.liveExplain')}</p>
      <p class="muted" id="visibility-hint">${t('start.visibilityHint')}</p>
      ${list === null
        ? html`<p class="muted">${t('common.loading')}</p>`
        : list.length === 0
          ? html`<p class="muted">${t('start.noInterfaces')}</p>`
          : html`<fieldset class="iface">
                <legend>${t('start.interface')}</legend>
                ${list.map(
                  (i, n) => html`<label>
                    <input type="radio" name="iface" value=${i.name} ?checked=${n === 0} />
                    <span class="break">${i.name}${i.addresses.length ? html` <span class="muted">(${i.addresses.join(', ')})</span>` : ''}</span>
                  </label>`,
                )}
              </fieldset>
              <label for="minutes">${t('start.minutes')}</label>
              <input id="minutes" type="number" min="1" max="1440" inputmode="numeric" />
              <p class="muted">${t('start.minutesHint')}</p>
              <div class="actions"><button type="submit" ?disabled=${this.busy !== ''}>${t('start.liveButton')}</button></div>`}
    </form>`;
  }

  private renderAudits() {
    const audits = this.audits;
    if (audits === null) return html`<p class="muted">${t('common.loading')}</p>`;
    if (audits.length === 0) return html`<p class="muted">${t('start.noAudits')}</p>`;
    return html`<ul class="plain">
      ${audits.map((a) => {
        const findings = Object.values(a.findings ?? {}).reduce((s, n) => s + n, 0);
        return html`<li class="audit card">
          <div>
            <h3>${auditTitle(a)}</h3>
            <p class="muted">
              ${t(`mode.${a.mode}`)} · ${formatDateTime(a.startedAt)} · ${t(`auditStatus.${a.status}`)} · ${tp('start.devices', a.devices)} ·
              ${tp('start.findings', findings)}
            </p>
          </div>
          <div class="actions">
            <button type="button" @click=${() => this.open(a.id)} aria-label=${t('start.openNamed', { title: auditTitle(a) })}>${t('start.open')}</button>
            ${this.confirmDelete === a.id
              ? html`<span role="group" aria-label=${t('start.deleteConfirm')}>
                  ${t('start.deleteConfirm')}
                  <button type="button" class="secondary" @click=${() => this.removeAudit(a.id)}>${t('common.yes')}</button>
                  <button type="button" class="secondary" @click=${() => (this.confirmDelete = '')}>${t('common.no')}</button>
                </span>`
              : html`<button type="button" class="secondary" @click=${() => (this.confirmDelete = a.id)} aria-label=${t('start.deleteNamed', { title: auditTitle(a) })}>
                  ${t('start.delete')}
                </button>`}
          </div>
        </li>`;
      })}
    </ul>`;
  }

  /** "Check an MQTT broker" for an audit that exists (the result is added to that audit). */
  private renderMqtt() {
    const audits = (this.audits ?? []).filter((a) => !a.readOnly && a.status !== 'running' && a.status !== 'stopping');
    if (audits.length === 0) return '';
    const chosen = audits.find((a) => a.id === this.mqttAudit);
    return html`<details class="card" id="mqtt-start">
      <summary>${t('mqtt.startTitle')}</summary>
      <p>${t('mqtt.startExplain')}</p>
      <label for="mqtt-audit">${t('mqtt.pickAudit')}</label>
      <select id="mqtt-audit" @change=${(e: Event) => (this.mqttAudit = (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!chosen}>${t('accounts.pickNone')}</option>
        ${audits.map((a) => html`<option value=${a.id} ?selected=${a.id === this.mqttAudit}>${auditTitle(a)} · ${formatDateTime(a.startedAt)}</option>`)}
      </select>
      ${chosen ? html`<hs-mqtt-panel .auditId=${chosen.id}></hs-mqtt-panel>` : ''}
    </details>`;
  }

  render() {
    return html`<h1 tabindex="-1">${t('start.title')}</h1>
      <p>${t('start.intro')}</p>
      <p class="note">${t('start.safety')}</p>
      <hs-indicators-offer></hs-indicators-offer>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="choices">
        ${this.renderLive()}
        <form class="card" @submit=${(e: Event) => this.start('file', e)} aria-labelledby="file-title">
          <h2 id="file-title">${t('start.file')}</h2>
          <p>${t('start.fileExplain')}</p>
          <label for="file">${t('start.fileLabel')}</label>
          <input id="file" type="file" accept=".pcap,.pcapng,.cap,application/vnd.tcpdump.pcap" />
          <div class="actions"><button type="submit" ?disabled=${this.busy !== ''}>${t('start.fileButton')}</button></div>
        </form>
        <section class="card" aria-labelledby="demo-title">
          <h2 id="demo-title">${t('start.demo')}</h2>
          <p>${t('start.demoExplain')}</p>
          <div class="actions">
            <button type="button" id="demo" @click=${() => this.start('demo')} ?disabled=${this.busy !== ''}>${t('start.demoButton')}</button>
          </div>
        </section>
      </div>
      <p role="status" class="muted">${this.busy ? t(`start.busy.${this.busy}`) : ''}</p>
      <hs-traffic-source .interfaces=${this.interfaces}></hs-traffic-source>
      <hs-import-panel></hs-import-panel>
      <section aria-labelledby="earlier">
        <h2 id="earlier">${t('start.earlier')}</h2>
        ${this.renderAudits()}
      </section>
      ${this.renderMqtt()}
      <hs-cannot-see></hs-cannot-see>
      <hs-health-note></hs-health-note>
      <hs-wipe-data></hs-wipe-data>`;
  }
}
customElements.define('hs-page-start', HsPageStart);
