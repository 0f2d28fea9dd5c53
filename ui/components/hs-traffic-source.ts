/**
 * "How can HomeSweep see this home's traffic?": the choices (this computer's connection, SSH to the router, the
 * FRITZ!Box, a capture taken on the router) with what each needs, a short guide per router family, and a start of a
 * live audit with the chosen router. An unknown router key is shown with its fingerprint and a button to trust it.
 * A password (FRITZ!Box, or SSH without a key) goes to the gateway once and is not kept. Sends NavigateEvent up when the audit starts.
 */
import { LitElement, css, html } from 'lit';
import { ApiError, createAudit, type CaptureFrom, type NetworkInterface } from '../data/api.ts';
import { NavigateEvent } from '../data/router.ts';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

type Choice = 'interface' | 'ssh' | 'fritzbox' | 'upload';
const CHOICES: Choice[] = ['interface', 'ssh', 'fritzbox', 'upload'];
const FAMILIES = ['openwrt', 'merlin', 'pfsense', 'unifi', 'fritzbox', 'isp'] as const;

export class HsTrafficSource extends LitElement {
  static properties = {
    interfaces: { attribute: false },
    choice: { state: true },
    busy: { state: true },
    error: { state: true },
    hostKey: { state: true },
  };
  /** This computer's connections (for discovery beside the router's capture). */
  declare interfaces: NetworkInterface[] | null;
  declare choice: Choice;
  declare busy: boolean;
  declare error: string;
  /** A router key waiting for the owner's confirmation. */
  declare hostKey: { fingerprint: string; changed: boolean } | null;

  static styles = [
    shared,
    css`
      .choice label { display: flex; gap: 0.5rem; align-items: center; font-weight: normal; min-height: 2.5rem; margin: 0; }
      .choice input { width: 1.2rem; height: 1.2rem; }
      code.fp { overflow-wrap: anywhere; font-size: 1.05em; }
      dl dt { font-weight: bold; margin-top: 0.5rem; }
      dl dd { margin: 0; }
    `,
  ];

  constructor() {
    super();
    this.interfaces = null;
    this.choice = 'ssh';
    this.busy = false;
    this.error = '';
    this.hostKey = null;
    new I18nController(this);
  }

  private value(id: string): string {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)?.value.trim() ?? '';
  }

  private captureFrom(): CaptureFrom | string {
    const host = this.value('router-host');
    if (!host) return t('traffic.needHost');
    if (this.choice === 'ssh') {
      const key = this.value('ssh-key');
      const password = key ? '' : this.value('ssh-password');
      if (!key && !password) return t('traffic.needKey');
      const iface = this.value('remote-if');
      return { url: `ssh://${this.value('ssh-user') || 'root'}@${host}`, ...(key ? { sshKey: key } : { password }), ...(iface ? { remoteInterface: iface } : {}) };
    }
    const password = this.value('fritz-password');
    if (!password) return t('traffic.needPassword');
    const user = this.value('fritz-user');
    return { url: `fritzbox://${user ? `${user}@` : ''}${host}`, password };
  }

  private async start(ev: Event, acceptHostKey?: string): Promise<void> {
    ev.preventDefault();
    this.error = '';
    const from = this.captureFrom();
    if (typeof from === 'string') return void (this.error = from);
    const iface = this.value('also-iface');
    this.busy = true;
    try {
      const summary = await createAudit({ kind: 'live', captureFrom: { ...from, ...(acceptHostKey ? { acceptHostKey } : {}) }, ...(iface ? { interface: iface } : {}) });
      this.hostKey = null;
      this.dispatchEvent(new NavigateEvent({ page: 'audit', audit: summary.id }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.dispatchEvent(new CustomEvent('hs-session-ended', { bubbles: true, composed: true }));
      } else if (e instanceof ApiError && e.fingerprint && (e.code === 'host-key-unknown' || e.code === 'host-key-changed')) {
        this.hostKey = { fingerprint: e.fingerprint, changed: e.code === 'host-key-changed' };
      } else {
        this.error = e instanceof ApiError && e.message ? e.message : t('error.generic');
      }
    } finally {
      this.busy = false;
      // The password field is emptied after each try: it is used once and never kept.
      for (const id of ['fritz-password', 'ssh-password']) {
        const pw = this.renderRoot.querySelector<HTMLInputElement>(`#${id}`);
        if (pw && !this.hostKey) pw.value = '';
      }
    }
  }

  private renderHostKey() {
    const k = this.hostKey;
    if (!k) return '';
    return html`<div class="note" role="alert">
      <p>${k.changed ? t('traffic.hostKeyChanged') : t('traffic.hostKeyUnknown')}</p>
      <p><code class="fp">${k.fingerprint}</code></p>
      <p class="muted">${t('traffic.hostKeyCheck')}</p>
      ${k.changed
        ? ''
        : html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${(e: Event) => this.start(e, k.fingerprint)}>${t('traffic.trustKey')}</button></div>`}
    </div>`;
  }

  private renderRouterForm() {
    const ssh = this.choice === 'ssh';
    const ifaces = this.interfaces ?? [];
    return html`<form @submit=${(e: Event) => this.start(e)}>
      <label for="router-host">${t('traffic.routerAddress')}</label>
      <input id="router-host" autocomplete="off" placeholder=${ssh ? '192.168.1.1' : '192.168.178.1'} />
      ${ssh
        ? html`<label for="ssh-user">${t('traffic.sshUser')}</label>
            <input id="ssh-user" autocomplete="off" value="root" />
            <label for="ssh-key">${t('traffic.sshKey')}</label>
            <input id="ssh-key" autocomplete="off" placeholder="/home/me/.ssh/id_ed25519" />
            <p class="muted">${t('traffic.sshKeyHint')}</p>
            <label for="ssh-password">${t('traffic.sshPassword')}</label>
            <input id="ssh-password" type="password" autocomplete="off" />
            <label for="remote-if">${t('traffic.remoteInterface')}</label>
            <input id="remote-if" autocomplete="off" placeholder="br-lan" />`
        : html`<label for="fritz-user">${t('traffic.fritzUser')}</label>
            <input id="fritz-user" autocomplete="off" />
            <label for="fritz-password">${t('traffic.fritzPassword')}</label>
            <input id="fritz-password" type="password" autocomplete="off" />
            <p class="muted">${t('traffic.fritzPasswordHint')}</p>`}
      ${ifaces.length
        ? html`<label for="also-iface">${t('traffic.alsoInterface')}</label>
            <select id="also-iface">
              <option value="">${t('traffic.noInterface')}</option>
              ${ifaces.map((i) => html`<option value=${i.name}>${i.name} (${i.addresses.join(', ')})</option>`)}
            </select>`
        : ''}
      <p class="muted">${t('traffic.notice')}</p>
      <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('traffic.start')}</button></div>
    </form>`;
  }

  render() {
    return html`<section class="card" aria-labelledby="traffic-title">
      <h2 id="traffic-title">${t('traffic.title')}</h2>
      <p>${t('traffic.intro')}</p>
      <fieldset class="choice">
        <legend>${t('traffic.choose')}</legend>
        ${CHOICES.map(
          (c) => html`<label><input type="radio" name="traffic-choice" value=${c} .checked=${this.choice === c}
              @change=${() => ((this.choice = c), (this.error = ''), (this.hostKey = null))} />${t(`traffic.choice.${c}`)}</label>`,
        )}
      </fieldset>
      <p>${t(`traffic.needs.${this.choice}`)}</p>
      ${this.choice === 'ssh' || this.choice === 'fritzbox' ? this.renderRouterForm() : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.renderHostKey()}
      <details>
        <summary>${t('traffic.guideTitle')}</summary>
        <dl>${FAMILIES.map((f) => html`<dt>${t(`traffic.guide.${f}.name`)}</dt><dd>${t(`traffic.guide.${f}`)}</dd>`)}</dl>
        <p>${t('traffic.withoutRouter')}</p>
      </details>
    </section>`;
  }
}
customElements.define('hs-traffic-source', HsTrafficSource);
