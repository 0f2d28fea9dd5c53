/**
 * One device: what it is and how we know, what was seen, who can reach it from outside (router port mappings,
 * access found, where in the vendor's app to check), and safe next steps, each saying whether it may be noticed.
 */
import { LitElement, css, html } from 'lit';
import type { AuditView, DeviceView } from '../../gateway/contract.ts';
import { NavigateEvent } from '../data/router.ts';
import { realNames } from '../data/device-names.ts';
import { stepFinding } from '../data/step-advice.ts';
import { I18nController, formatBytes, formatDateTime, hasMessage, localTimesIn, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import '../components/hs-access-list.ts';
import '../components/hs-account-checks.ts';
import '../components/hs-cannot-see.ts';
import '../components/hs-comments.ts';
import '../components/hs-mqtt-panel.ts';
import '../components/hs-capability-icons.ts';
import '../components/hs-finding-card.ts';
import '../components/hs-risk-badge.ts';

const TOP_PEERS = 8;
/**
 * `matchedBy` entries are "kind:pattern" ("shared:kind:pattern" for what every device of the vendor shows); the page
 * says what kind of clue it was, in words.
 */
const CLUE_WORDS: Record<string, string> = { mdnsName: 'mdnsType', mdnsTxt: 'mdnsType', ssdp: 'mdnsType' };

/** The kinds of clue a device was recognised by, in words, each once. */
function clues(matchedBy: readonly string[] | undefined): string[] | undefined {
  if (!matchedBy?.length) return undefined;
  const kinds = matchedBy.map((m) => m.replace(/^shared:/, '').split(':')[0] ?? '').map((k) => CLUE_WORDS[k] ?? k);
  return [...new Set(kinds.map((k) => (hasMessage(`device.matchedBy.${k}`) ? t(`device.matchedBy.${k}`) : '')).filter(Boolean))];
}

export class HsPageDevice extends LitElement {
  static properties = { audit: { attribute: false }, deviceId: { type: String } };
  declare audit: AuditView;
  declare deviceId: string;

  static styles = [
    shared,
    css`
      dl.facts { display: grid; grid-template-columns: minmax(7rem, max-content) 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
      dl.facts dt { font-weight: 600; }
      dl.facts dd { margin: 0; overflow-wrap: anywhere; }
      @media (max-width: 30rem) { dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: 0.4rem; } }
      ul { padding-left: 1.25rem; }
      .step dt { font-weight: 600; margin-top: 0.35rem; }
      .step dd { margin: 0; }
      .warn { border-left: 4px solid var(--hs-medium); }
    `,
  ];

  constructor() {
    super();
    this.deviceId = '';
    new I18nController(this);
  }

  private back(ev: Event): void {
    ev.preventDefault();
    this.dispatchEvent(new NavigateEvent({ page: 'devices', audit: this.audit.audit.id }));
  }

  private renderFacts(d: DeviceView) {
    const row = (label: string, value: unknown) =>
      value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
        ? ''
        : // Each value in its own <bdi>: a device-supplied name cannot reorder its neighbours.
          html`<dt>${label}</dt><dd>${(Array.isArray(value) ? value : [value]).map((v, i) => html`${i ? ', ' : ''}<bdi>${String(v)}</bdi>`)}</dd>`;
    return html`<dl class="facts">
      ${row(t('device.kind'), t(`category.${d.category}`))}
      ${row(t('device.profile'), d.profile ? `${d.profile.name}` : undefined)}
      ${row(t('device.matchedBy'), clues(d.profile?.matchedBy))}
      ${row(t('device.hint'), d.hintText)}
      ${row(t('device.names'), realNames(d))}
      ${row(t('device.hostnames'), d.hostnames)}
      ${row(t('device.vendor'), d.vendor)}
      ${row(t('device.mac'), d.mac ? `${d.mac}${d.randomizedMac ? ` (${t('device.randomMac')})` : ''}` : undefined)}
      ${row(t('device.ips'), d.ips)}
      ${row(t('device.services'), d.services)}
      ${row(t('device.seen'), t('device.seenRange', { first: formatDateTime(d.firstSeen), last: formatDateTime(d.lastSeen) }))}
      ${row(t('device.traffic'), t('device.trafficAmounts', { up: formatBytes(d.traffic.bytesUp), down: formatBytes(d.traffic.bytesDown) }))}
    </dl>`;
  }

  private renderPeers(d: DeviceView) {
    const peers = [...(d.traffic.peers ?? [])].sort((a, b) => b.bytesUp - a.bytesUp).slice(0, TOP_PEERS);
    if (peers.length === 0) return '';
    return html`<h3>${t('device.peers')}</h3>
      <ul>
        ${peers.map(
          (p) => html`<li class="break">
            ${p.name ? `${p.name} (${p.ip})` : p.ip}: ${t('device.trafficAmounts', { up: formatBytes(p.bytesUp), down: formatBytes(p.bytesDown) })}
          </li>`,
        )}
      </ul>`;
  }

  private renderOutside(d: DeviceView) {
    const maps = d.portMappings ?? [];
    const access = d.access ?? [];
    const remote = d.remoteAccess ?? [];
    const nothing = maps.length === 0 && access.length === 0 && remote.length === 0;
    return html`<section class="card" aria-labelledby="outside">
      <h2 id="outside">${t('device.outside')}</h2>
      ${nothing ? html`<p class="muted">${t('device.outsideNone')}</p>` : ''}
      ${maps.length
        ? html`<h3>${t('device.portMappings')}</h3>
            <ul>
              ${maps.map(
                (m) => html`<li class="break">
                  ${t('device.portMapping', { protocol: m.protocol, external: m.externalPort, internal: m.internalPort })}
                  ${m.description ? html` · “${m.description}”` : ''} ${m.enabled ? '' : html` · ${t('device.mappingOff')}`}
                </li>`,
              )}
            </ul>`
        : ''}
      ${access.length ? html`<h3>${t('device.access')}</h3><hs-access-list .entries=${access}></hs-access-list>` : ''}
      ${remote.length
        ? html`<h3>${t('device.remoteFeatures')}</h3>
            ${remote.map(
              (r) => html`<div class="step">
                <h4 class="break">${r.feature}</h4>
                <p class="break">${r.description}</p>
                <dl>
                  <dt>${t('device.whereToCheck')}</dt>
                  <dd class="break">${r.whereToCheck}</dd>
                </dl>
              </div>`,
            )}`
        : ''}
    </section>`;
  }

  private renderSteps(d: DeviceView) {
    const ids = new Set(d.checklistIds ?? []);
    const steps = this.audit.checklist.filter((c) => ids.has(c.id) || c.device === d.id);
    return html`<section class="card" aria-labelledby="steps">
      <h2 id="steps">${t('device.steps')}</h2>
      <p class="note">${t('device.recordFirst')}</p>
      <p class="note warn">${t('device.resetWarning')}</p>
      ${steps.length === 0 ? html`<p class="muted">${t('device.noSteps')}</p>` : ''}
      <ol>
        ${steps.map((s) => [s, stepFinding(this.audit, s)] as const).map(
          ([s, f]) => html`<li class="step">
            <p class="break"><strong>${s.text}</strong> <span class="muted">(${t(`status.${s.status}`)})</span></p>
            <dl>
              ${f?.advice ? html`<dt>${t('checklist.whatToDo')}</dt><dd class="break">${f.advice}</dd>` : ''}
              ${s.why ? html`<dt>${t('checklist.why')}</dt><dd class="break">${localTimesIn(s.why, f?.firstSeen)}</dd>` : ''}
              <dt>${t('notice.label')}</dt>
              <dd class="break">${s.noticeRisk || t('notice.unknown')}</dd>
            </dl>
          </li>`,
        )}
      </ol>
      <div class="actions">
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new NavigateEvent({ page: 'checklist', audit: this.audit.audit.id }))}>
          ${t('device.toChecklist')}
        </button>
      </div>
    </section>`;
  }

  /** Comments about one thing of this device; adding is offered in review mode. */
  private comments(target: { kind: 'device' | 'finding'; id: string }) {
    const a = this.audit;
    return html`<hs-comments
      .auditId=${a.audit.id}
      .target=${target}
      .comments=${a.comments}
      ?canAdd=${a.audit.readOnly}
      .defaultAuthor=${a.audit.readOnly ? t('comments.helperAuthor') : ''}
    ></hs-comments>`;
  }

  /** Owner-started checks: the message hub this device runs, if any, and account checks on it. */
  private renderChecks(d: DeviceView) {
    const a = this.audit;
    if (a.audit.readOnly) return '';
    const brokers = (a.offers?.mqttBrokers ?? []).filter((b) => b.device === d.id);
    const ip = d.ips.find((x) => !x.includes(':')) ?? d.ips[0];
    const address = ip ? `http://${ip.includes(':') ? `[${ip}]` : ip}` : '';
    return html`${brokers.map((b) => html`<hs-mqtt-panel .auditId=${a.audit.id} .url=${b.url} .why=${b.why}></hs-mqtt-panel>`)}
      <hs-account-checks .auditId=${a.audit.id} .deviceId=${d.id} .address=${address}></hs-account-checks>`;
  }

  render() {
    const d = this.audit.devices.find((x) => x.id === this.deviceId);
    const backLink = html`<p class="no-print"><a href="../devices" @click=${this.back}>${t('device.back')}</a></p>`;
    if (!d) return html`${backLink}<h1 tabindex="-1">${t('device.notFound')}</h1>`;
    const ids = new Set(d.findingIds ?? []);
    const findings = this.audit.findings.filter((f) => ids.has(f.id) || f.device === d.id);
    return html`${backLink}
      <h1 tabindex="-1" class="break" id="device-name"><bdi>${d.displayName}</bdi></h1>
      ${this.comments({ kind: 'device', id: d.id })}
      <p><hs-risk-badge .level=${d.risk?.level ?? 'none'}></hs-risk-badge></p>
      <hs-capability-icons .capabilities=${d.capabilities}></hs-capability-icons>
      ${d.risk?.reasons?.length ? html`<ul>${d.risk.reasons.map((r) => html`<li class="break">${r}</li>`)}</ul>` : ''}
      <section class="card" aria-labelledby="evidence">
        <h2 id="evidence">${t('device.evidence')}</h2>
        ${this.renderFacts(d)} ${this.renderPeers(d)}
      </section>
      <section aria-labelledby="findings">
        <h2 id="findings">${t('device.findings')} <span class="muted">(${findings.length})</span></h2>
        ${findings.length === 0 ? html`<p class="muted">${t('device.noFindings')}</p>` : ''}
        ${findings.map((f) => html`<hs-finding-card .finding=${f}></hs-finding-card>${this.comments({ kind: 'finding', id: f.id })}`)}
      </section>
      ${this.renderOutside(d)} ${this.renderSteps(d)} ${this.renderChecks(d)}
      <hs-cannot-see .notes=${d.cannotSee ?? []}></hs-cannot-see>`;
  }
}
customElements.define('hs-page-device', HsPageDevice);
