/**
 * Live progress of a running audit (server-sent events): devices found, minutes listened, findings so far,
 * a stop button, and the motion test for live audits. Sends `hs-audit-reload` up when the audit ends, and
 * moves on to the devices when an analysis (file, demo) is done.
 */
import { LitElement, css, html } from 'lit';
import type { AuditProgress, AuditView } from '../../gateway/contract.ts';
import { ApiError, followProgress, stopAudit } from '../data/api.ts';
import { NavigateEvent } from '../data/router.ts';
import { I18nController, formatDateTime, formatNumber, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import '../components/hs-motion-panel.ts';
import { auditTitle } from '../i18n/audit-title.ts';
import '../components/hs-visibility-note.ts';

export class HsPageProgress extends LitElement {
  static properties = {
    audit: { attribute: false },
    progress: { state: true },
    streamBroken: { state: true },
    error: { state: true },
    stopping: { state: true },
  };
  declare audit: AuditView;
  declare progress: AuditProgress | null;
  declare streamBroken: boolean;
  declare error: string;
  declare stopping: boolean;
  private unfollow?: () => void;
  private followed = '';

  static styles = [
    shared,
    css`
      dl.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.5rem; margin: 0.75rem 0; }
      dl.figures div { background: var(--hs-surface); border: 1px solid var(--hs-line); border-radius: var(--hs-radius); padding: 0.5rem 0.75rem; }
      dt { font-size: 0.9rem; color: var(--hs-muted); }
      dd { margin: 0; font-size: 1.6rem; font-weight: 600; }
    `,
  ];

  constructor() {
    super();
    this.progress = null;
    this.streamBroken = false;
    this.error = '';
    this.stopping = false;
    new I18nController(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unfollow?.();
    this.followed = '';
  }

  protected willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('audit') && this.audit && this.followed !== this.audit.audit.id) {
      this.unfollow?.();
      this.progress = this.audit.progress;
      this.followed = this.audit.audit.id;
      if (this.isRunning(this.audit.progress)) {
        this.unfollow = followProgress(this.audit.audit.id, (p) => this.onProgress(p), () => (this.streamBroken = true));
      }
    }
  }

  private isRunning(p: AuditProgress | null): boolean {
    return p?.status === 'running' || p?.status === 'stopping';
  }

  private onProgress(p: AuditProgress): void {
    this.progress = p;
    this.streamBroken = false;
    if (this.isRunning(p)) return;
    this.unfollow?.();
    this.unfollow = undefined;
    this.dispatchEvent(new CustomEvent('hs-audit-reload', { bubbles: true, composed: true }));
    if (p.status === 'done' && this.audit.audit.mode !== 'live') {
      this.dispatchEvent(new NavigateEvent({ page: 'devices', audit: this.audit.audit.id }));
    }
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    this.error = '';
    try {
      await stopAudit(this.audit.audit.id);
    } catch (e) {
      this.error = e instanceof ApiError && e.message ? e.message : t('error.generic');
      this.stopping = false;
    }
  }

  render() {
    const a = this.audit.audit;
    const p = this.progress ?? this.audit.progress;
    const running = this.isRunning(p);
    const go = (page: 'devices' | 'checklist') => this.dispatchEvent(new NavigateEvent({ page, audit: a.id }));
    return html`<h1 tabindex="-1">${running ? t('progress.titleRunning') : t('progress.titleDone')}</h1>
      <p class="break">${auditTitle(a)}${a.interface && !a.title.includes(a.interface) ? html` · ${t('progress.on', { iface: a.interface })}` : ''} · ${formatDateTime(a.startedAt)}</p>
      <p role="status" aria-live="polite" id="summary">
        ${t(`auditStatus.${p.status}`)}. ${tp('progress.summaryDevices', p.devices)} ${tp('progress.summaryFindings', p.findings)}
      </p>
      <dl class="figures">
        <div><dt>${t('progress.devices')}</dt><dd data-figure="devices">${formatNumber(p.devices)}</dd></div>
        <div><dt>${t('progress.minutes')}</dt><dd data-figure="minutes">${formatNumber(p.minutesListened, { maximumFractionDigits: 0 })}</dd></div>
        <div><dt>${t('progress.findings')}</dt><dd data-figure="findings">${formatNumber(p.findings)}</dd></div>
        <div><dt>${t('progress.packets')}</dt><dd data-figure="packets">${formatNumber(p.packets)}</dd></div>
      </dl>
      ${p.missedPackets ? html`<p class="note" data-note="missed">${tp('progress.missed', p.missedPackets)}</p>` : ''}
      <p class="muted">${t('progress.updated', { time: formatDateTime(p.updatedAt, true) })}</p>
      <hs-visibility-note .visibility=${p.visibility ?? a.visibility}></hs-visibility-note>
      ${this.streamBroken && running ? html`<p class="error">${t('progress.streamBroken')}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="actions">
        ${running && a.mode === 'live'
          ? html`<button type="button" @click=${this.stop} ?disabled=${this.stopping || p.status === 'stopping'}>${t('progress.stop')}</button>`
          : ''}
        <button type="button" class=${running ? 'secondary' : ''} @click=${() => go('devices')}>${running ? t('progress.seeSoFar') : t('progress.seeDevices')}</button>
        <button type="button" class="secondary" @click=${() => go('checklist')}>${t('nav.checklist')}</button>
      </div>
      <p class="note">${t('progress.keepOpen')}</p>
      ${a.mode === 'live' && running ? html`<hs-motion-panel .auditId=${a.id}></hs-motion-panel>` : ''}`;
  }
}
customElements.define('hs-page-progress', HsPageProgress);
