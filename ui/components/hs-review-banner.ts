/** The banner of review mode: this audit was shared by someone else; comments can be added, answers cannot change. */
import { LitElement, css, html } from 'lit';
import { I18nController, t } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';

export class HsReviewBanner extends LitElement {
  static styles = [shared, css`p { border-left: 4px solid var(--hs-accent); font-weight: 600; }`];

  constructor() {
    super();
    new I18nController(this);
  }

  render() {
    return html`<p class="note" role="note" id="review-banner">${t('review.banner')}</p>`;
  }
}
customElements.define('hs-review-banner', HsReviewBanner);
