/**
 * A read-only look at a smart-home message hub (MQTT broker): address (prefilled when the audit found one),
 * optional user name and password, how long to listen, and a short summary of what it carried. The password is
 * read from its field at the call and the field emptied right after. Sends `hs-audit-reload` up after a check.
 */
import { LitElement, css, html } from 'lit';
import { ApiError, MQTT_SECONDS, runMqttCheck, type MqttResult } from '../data/api.ts';
import { I18nController, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';


export class HsMqttPanel extends LitElement {
  static properties = {
    auditId: { type: String },
    url: { type: String },
    why: { type: String },
    busy: { state: true },
    result: { state: true },
    error: { state: true },
  };
  declare auditId: string;
  /** The broker the audit found, e.g. `mqtt://192.168.1.20:1883` (empty: the reader types it). */
  declare url: string;
  /** Why the audit thinks it is a broker (plain words from the gateway). */
  declare why: string;
  declare busy: boolean;
  declare result: MqttResult | null;
  declare error: string;

  static styles = [
    shared,
    css`
      input[type='text'], input[type='password'] { width: 100%; max-width: 24rem; }
      input[type='number'] { width: 7rem; }
      details summary { cursor: pointer; }
      @media print { :host { display: none; } }
    `,
  ];

  constructor() {
    super();
    this.auditId = '';
    this.url = '';
    this.why = '';
    this.busy = false;
    this.result = null;
    this.error = '';
    new I18nController(this);
  }

  private async submit(ev: Event): Promise<void> {
    ev.preventDefault();
    const root = this.renderRoot;
    const url = root.querySelector<HTMLInputElement>('#mq-url')?.value.trim() ?? '';
    const username = root.querySelector<HTMLInputElement>('#mq-user')?.value.trim() ?? '';
    const pass = root.querySelector<HTMLInputElement>('#mq-pass');
    const seconds = Number(root.querySelector<HTMLInputElement>('#mq-seconds')?.value);
    this.error = '';
    this.result = null;
    if (!url) return void (this.error = t('mqtt.needUrl'));
    this.busy = true;
    try {
      this.result = await runMqttCheck(this.auditId, {
        url,
        ...(username ? { username } : {}),
        ...(pass?.value ? { password: pass.value } : {}),
        ...(seconds > 0 ? { seconds: Math.round(Math.min(Math.max(seconds, MQTT_SECONDS.min), MQTT_SECONDS.max)) } : {}),
      });
      this.dispatchEvent(new CustomEvent('hs-audit-reload', { bubbles: true, composed: true }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.dispatchEvent(new CustomEvent('hs-session-ended', { bubbles: true, composed: true }));
      this.error = e instanceof ApiError && e.status === 0 ? t('error.offline') : e instanceof ApiError && e.status === 400 && e.message ? t('mqtt.badInput', { why: e.message }) : t('mqtt.failed');
    } finally {
      if (pass) pass.value = '';
      this.busy = false;
    }
  }

  private renderResult(r: MqttResult) {
    const s = r.summary;
    const connected = s?.connected === true;
    const errors = r.errors ?? [];
    const bridges = s?.bridges ?? [];
    return html`<div class="card" data-mqtt-result>
      <p>${t(connected ? 'mqtt.connected' : 'mqtt.notConnected')}</p>
      ${s?.anonymous === true ? html`<p>${t('mqtt.anonymous')}</p>` : s?.anonymous === false ? html`<p>${t('mqtt.needsLogin')}</p>` : ''}
      ${connected
        ? html`<p>${tp('mqtt.messages', s?.counts?.messages ?? 0)} ${tp('mqtt.devices', r.devices ?? s?.counts?.devices ?? 0)}
              ${tp('mqtt.findings', r.findings ?? s?.counts?.findings ?? 0)}</p>
            ${bridges.length ? html`<p class="break">${t('mqtt.bridges', { names: bridges.map((b) => b.name).join(', ') })}</p>` : ''}`
        : ''}
      ${errors.length ? html`<ul>${errors.map((e) => html`<li class="break">${e}</li>`)}</ul>` : ''}
    </div>`;
  }

  render() {
    return html`<section class="card" aria-labelledby="mqtt-title">
      <h2 id="mqtt-title">${t('mqtt.title')}</h2>
      ${this.url ? html`<p class="break">${t('mqtt.found', { url: this.url })}</p>` : html`<p>${t('mqtt.explain')}</p>`}
      ${this.why ? html`<p class="muted break">${this.why}</p>` : ''}
      <p class="note">${t('mqtt.trace')}</p>
      <form @submit=${this.submit}>
        <label for="mq-url">${t('mqtt.url')}</label>
        <input id="mq-url" type="text" inputmode="url" autocomplete="off" .value=${this.url} placeholder="mqtt://192.168.1.20:1883" />
        <details>
          <summary>${t('mqtt.login')}</summary>
          <label for="mq-user">${t('mqtt.user')}</label>
          <input id="mq-user" type="text" autocomplete="off" />
          <label for="mq-pass">${t('mqtt.password')}</label>
          <input id="mq-pass" type="password" autocomplete="off" />
          <p class="muted">${t('mqtt.once')}</p>
        </details>
        <label for="mq-seconds">${t('mqtt.seconds')}</label>
        <input id="mq-seconds" type="number" min=${MQTT_SECONDS.min} max=${MQTT_SECONDS.max} inputmode="numeric" .value=${String(MQTT_SECONDS.default)} />
        <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('mqtt.start')}</button></div>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div role="status">${this.busy ? html`<p class="muted">${t('mqtt.busy')}</p>` : this.result ? this.renderResult(this.result) : ''}</div>
    </section>`;
  }
}
customElements.define('hs-mqtt-panel', HsMqttPanel);
