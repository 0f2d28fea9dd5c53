/** The honest note on what HomeSweep cannot see: the general limits, plus any notes the audit adds. */
import { LitElement, css, html } from 'lit';
import { HealthController, indicatorsMissing } from '../data/health.ts';
import type { Visibility } from '../../gateway/contract.ts';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

/** The built-in limits (catalog keys), shown even before an audit exists. */
const GENERAL = ['cannotSee.bluetooth', 'cannotSee.cellular', 'cannotSee.car', 'cannotSee.phone', 'cannotSee.cloud'];

export class HsCannotSee extends LitElement {
  static properties = { notes: { type: Array }, compact: { type: Boolean }, visibility: { attribute: false } };
  /** The audit's or a device's notes (already in the reader's language); the built-in list when empty. */
  declare notes: string[];
  /** One short sentence instead of the list. */
  declare compact: boolean;
  /** Whether the stalkerware lists are missing: said here too, while they are. */
  private readonly health = new HealthController(this);
  /** The audit's visibility: when the traffic was not in view, that limit comes first. */
  declare visibility: Visibility | undefined;

  static styles = [shared, css`ul { margin: 0.25rem 0; padding-left: 1.25rem; }`];

  constructor() {
    super();
    this.notes = [];
    this.compact = false;
    this.visibility = undefined;
    new I18nController(this);
  }

  render() {
    if (this.compact) return html`<p class="muted">${t('cannotSee.short')}</p>`;
    const given = this.notes.filter((n) => n.trim() !== '');
    // The gateway's notes already cover the general limits, in the asked language; the built-in list is for
    // pages without an audit.
    const blind = this.visibility?.reason === 'announcements-only' || this.visibility?.reason === 'one-device';
    const notes = [
      ...(blind ? [t('cannotSee.traffic')] : []),
      ...(indicatorsMissing(this.health.value) ? [t('cannotSee.indicators')] : []),
      ...(given.length ? given : GENERAL.map((k) => t(k))),
    ];
    return html`<section class="note" aria-labelledby="cs-title">
      <h2 id="cs-title">${t('cannotSee.title')}</h2>
      <ul>
        ${notes.map((n) => html`<li class="break">${n}</li>`)}
      </ul>
    </section>`;
  }
}
customElements.define('hs-cannot-see', HsCannotSee);
