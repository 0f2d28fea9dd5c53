/** Navigation between the pages of one audit. Sends NavigateEvent up. */
import { LitElement, css, html } from 'lit';
import { NavigateEvent, routePath, type Route } from '../data/router.ts';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsAuditNav extends LitElement {
  static properties = { auditId: { type: String }, current: { type: String }, live: { type: Boolean } };
  declare auditId: string;
  /** The page shown now (marked aria-current). */
  declare current: string;
  /** Show the live progress page in the list. */
  declare live: boolean;

  static styles = [
    shared,
    css`
      ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0.25rem 0; }
      a { display: inline-block; padding: 0.5rem 0.25rem; }
      a[aria-current='page'] { font-weight: 700; text-decoration-thickness: 3px; }
      @media print { :host { display: none; } }
    `,
  ];

  constructor() {
    super();
    this.auditId = '';
    this.current = '';
    this.live = false;
    new I18nController(this);
  }

  private go(ev: Event, route: Route): void {
    ev.preventDefault();
    this.dispatchEvent(new NavigateEvent(route));
  }

  render() {
    const a = this.auditId;
    const items: [Route, string][] = [
      [{ page: 'start' }, 'nav.start'],
      ...(this.live ? ([[{ page: 'progress', audit: a }, 'nav.progress']] as [Route, string][]) : []),
      [{ page: 'devices', audit: a }, 'nav.devices'],
      [{ page: 'checklist', audit: a }, 'nav.checklist'],
      [{ page: 'report', audit: a }, 'nav.report'],
    ];
    return html`<nav aria-label=${t('nav.label')}>
      <ul>
        ${items.map(
          ([route, key]) => html`<li>
            <a href=${routePath(route)} aria-current=${route.page === this.current ? 'page' : 'false'} @click=${(e: Event) => this.go(e, route)}
              >${t(key)}</a
            >
          </li>`,
        )}
      </ul>
    </nav>`;
  }
}
customElements.define('hs-audit-nav', HsAuditNav);
