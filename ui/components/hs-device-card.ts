/** One device in the ranked list: name (as text), kind, level, what it can do, and why it is ranked there. */
import { LitElement, css, html } from 'lit';
import type { DeviceView } from '../../gateway/contract.ts';
import { NavigateEvent } from '../data/router.ts';
import { I18nController, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import './hs-capability-icons.ts';
import './hs-risk-badge.ts';

export class HsDeviceCard extends LitElement {
  static properties = {
    device: { attribute: false },
    auditId: { attribute: false },
    findings: { type: Number },
    isNew: { type: Boolean },
  };
  declare device: DeviceView;
  declare auditId: string;
  /** How many findings concern this device. */
  declare findings: number;
  /** New since the previous audit of this network. */
  declare isNew: boolean;

  static styles = [
    shared,
    css`
      .top { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.25rem 0.75rem; }
      h3 { margin: 0; font-size: 1.05rem; overflow-wrap: anywhere; }
      .kind { font-size: 0.9rem; }
      .new { font-size: 0.8rem; border: 1px solid var(--hs-accent); border-radius: 1rem; padding: 0 0.45rem; color: var(--hs-accent); }
      ul.reasons { margin: 0.25rem 0; padding-left: 1.25rem; }
      .hint { margin: 0.25rem 0; font-size: 0.9rem; }
    `,
  ];

  constructor() {
    super();
    this.findings = 0;
    this.isNew = false;
    this.auditId = '';
    new I18nController(this);
  }

  private open(ev: Event): void {
    ev.preventDefault();
    this.dispatchEvent(new NavigateEvent({ page: 'device', audit: this.auditId, device: this.device.id }));
  }

  render() {
    const d = this.device;
    const href = `/audits/${encodeURIComponent(this.auditId)}/devices/${encodeURIComponent(d.id)}`;
    return html`<article class="card" aria-labelledby="name">
      <div class="top">
        <h3 id="name"><a href=${href} @click=${this.open} data-device=${d.id}><bdi>${d.displayName}</bdi></a></h3>
        <hs-risk-badge .level=${d.risk?.level ?? 'none'}></hs-risk-badge>
      </div>
      <p class="kind muted">
        ${t(`category.${d.category}`)}${d.profile ? html` · <span class="break">${d.profile.name}</span>` : ''}
        ${this.isNew ? html` <span class="new">${t('devices.new')}</span>` : ''}
      </p>
      ${d.hintText ? html`<p class="hint break">${d.hintText}</p>` : ''}
      <hs-capability-icons .capabilities=${d.capabilities}></hs-capability-icons>
      ${d.risk?.reasons?.length
        ? html`<ul class="reasons">${d.risk.reasons.map((r) => html`<li class="break">${r}</li>`)}</ul>`
        : ''}
      ${this.findings > 0 && !d.risk?.reasons?.length ? html`<p>${tp('devices.findings', this.findings)}</p>` : ''}
    </article>`;
  }
}
customElements.define('hs-device-card', HsDeviceCard);
