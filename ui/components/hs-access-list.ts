/**
 * Who or what can reach a device from outside the home (AccessEntry[]), grouped by kind (accounts, apps, sessions,
 * router openings …). Entries pointing outside and entries the household may not know about say so in calm words.
 */
import { LitElement, css, html } from 'lit';
import type { AccessEntry } from '../../gateway/contract.ts';
import { I18nController, formatDateTime, hasMessage, localTimesIn, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsAccessList extends LitElement {
  static properties = { entries: { attribute: false } };
  declare entries: AccessEntry[];

  static styles = [
    shared,
    css`
      ul { padding-left: 1.25rem; margin: 0.25rem 0; }
      li { margin: 0.3rem 0; }
      .flag { display: block; font-size: 0.92rem; }
      h4 { margin: 0.6rem 0 0.2rem; font-size: 1rem; }
    `,
  ];

  constructor() {
    super();
    this.entries = [];
    new I18nController(this);
  }

  render() {
    const groups = new Map<string, AccessEntry[]>();
    for (const e of this.entries ?? []) groups.set(e.kind, [...(groups.get(e.kind) ?? []), e]);
    return html`${[...groups].map(
      ([kind, list]) => html`<h4>${hasMessage(`access.kind.${kind}`) ? t(`access.kind.${kind}`) : kind}</h4>
        <ul>
          ${list.map(
            (a) => html`<li class="break" data-access=${a.id}>
              ${localTimesIn(a.label)}${a.detail ? html` · ${localTimesIn(a.detail)}` : ''}
              ${a.lastUsed ? html` · ${t('device.lastUsed', { time: formatDateTime(a.lastUsed) })}` : ''}
              ${a.outside ? html`<span class="flag">${t('access.outside')}</span>` : ''}
              ${a.unexpected ? html`<span class="flag">${t('access.unexpected')}</span>` : ''}
            </li>`,
          )}
        </ul>`,
    )}`;
  }
}
customElements.define('hs-access-list', HsAccessList);
