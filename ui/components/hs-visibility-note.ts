/**
 * What HomeSweep could see of the home's traffic (the audit's `visibility`): "I can see the internet traffic of 11
 * of 14 devices", or, beside the router, that only announcements were seen and the traffic could not be checked,
 * with the ways to see it. Never silent: without a verdict yet it says so. The ways to see the traffic are listed in
 * `#see-traffic`; a page step that sets one up can be put in the `see-traffic` slot.
 */
import { LitElement, css, html } from 'lit';
import type { Visibility } from '../../gateway/contract.ts';
import { I18nController, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

/** Catalog key of the sentence for each reason. */
const REASON_KEY: Record<Visibility['reason'], string> = {
  'saw-traffic': 'visibility.sawTraffic',
  'announcements-only': 'visibility.announcementsOnly',
  'one-device': 'visibility.oneDevice',
  'too-early': 'visibility.tooEarly',
  'no-devices': 'visibility.noDevices',
  'no-capture': 'visibility.noCapture',
};

export class HsVisibilityNote extends LitElement {
  static properties = { visibility: { attribute: false } };
  /** The audit's or the live progress's verdict; undefined for audits made before HomeSweep measured it. */
  declare visibility: Visibility | undefined;

  static styles = [shared, css`ul { margin: 0.25rem 0; padding-left: 1.25rem; }`];

  constructor() {
    super();
    this.visibility = undefined;
    new I18nController(this);
  }

  render() {
    const v = this.visibility;
    if (!v) return '';
    const key = REASON_KEY[v.reason];
    const text = v.reason === 'saw-traffic' ? tp(key, v.devicesTotal, { seen: v.devicesWithTraffic }) : t(key, { total: v.devicesTotal });
    const blind = v.reason === 'announcements-only' || v.reason === 'one-device';
    return html`<section class=${blind ? 'card' : 'note'} aria-labelledby="vis-title" data-placement=${v.placement}>
      <h2 id="vis-title">${t('visibility.title')}</h2>
      <p class="break" id="visibility-text">${text}</p>
      ${blind
        ? html`<div id="see-traffic">
            <p>${t('visibility.optionsIntro')}</p>
            <ul>
              <li>${t('visibility.optionRouterSsh')}</li>
              <li>${t('visibility.optionFritzbox')}</li>
              <li>${t('visibility.optionUpload')}</li>
            </ul>
            <slot name="see-traffic"></slot>
          </div>`
        : ''}
    </section>`;
  }
}
customElements.define('hs-visibility-note', HsVisibilityNote);
