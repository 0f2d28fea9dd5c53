/** The devices of an audit, ranked by risk and grouped by room-friendly kind. */
import { LitElement, css, html } from 'lit';
import type { AuditView } from '../../gateway/contract.ts';
import { groupDevices } from '../data/groups.ts';
import { I18nController, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import '../components/hs-cannot-see.ts';
import '../components/hs-visibility-note.ts';
import '../components/hs-device-card.ts';
import '../components/hs-mqtt-panel.ts';
import { auditTitle } from '../i18n/audit-title.ts';

export class HsPageDevices extends LitElement {
  static properties = { audit: { attribute: false } };
  declare audit: AuditView;

  static styles = [shared, css`section > h2 { border-bottom: 1px solid var(--hs-line); padding-bottom: 0.25rem; }`];

  constructor() {
    super();
    new I18nController(this);
  }

  render() {
    const { audit, devices, findings, newSinceLast, offers } = this.audit;
    const brokers = audit.readOnly ? [] : (offers?.mqttBrokers ?? []);
    const perDevice = new Map<string, number>();
    for (const f of findings) if (f.device) perDevice.set(f.device, (perDevice.get(f.device) ?? 0) + 1);
    const fresh = new Set(newSinceLast?.devices ?? []);
    const groups = groupDevices(devices);
    return html`<h1 tabindex="-1">${t('devices.title')}</h1>
      <p class="break">${auditTitle(audit)}</p>
      <p>${tp('devices.count', devices.length)} ${tp('devices.findingsTotal', findings.length)}</p>
      <hs-visibility-note .visibility=${audit.visibility}></hs-visibility-note>
      <p class="note">${t('devices.order')}</p>
      ${devices.length === 0 ? html`<p class="muted">${t('devices.none')}</p>` : ''}
      ${brokers.map((b) => html`<hs-mqtt-panel .auditId=${audit.id} .url=${b.url} .why=${b.why}></hs-mqtt-panel>`)}
      ${groups.map(
        (g) => html`<section aria-labelledby=${`g-${g.id}`}>
          <h2 id=${`g-${g.id}`}>${t(`group.${g.id}`)} <span class="muted">(${g.devices.length})</span></h2>
          <ul class="plain">
            ${g.devices.map(
              (d) => html`<li>
                <hs-device-card .device=${d} .auditId=${audit.id} .findings=${perDevice.get(d.id) ?? 0} ?isNew=${fresh.has(d.id)}></hs-device-card>
              </li>`,
            )}
          </ul>
        </section>`,
      )}
      <hs-cannot-see .notes=${this.audit.cannotSee ?? []} .visibility=${this.audit.audit.visibility}></hs-cannot-see>`;
  }
}
customElements.define('hs-page-devices', HsPageDevices);
