/**
 * Shows the gateway's health only when something needs attention: knowledge files that could not be loaded
 * (named with the reason), or packet capture that is not available. Silent when all is well.
 */
import { LitElement, html } from 'lit';
import { HealthController } from '../data/health.ts';
import { I18nController, t, tp } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import { healthProblem } from '../i18n/audit-title.ts';

export class HsHealthNote extends LitElement {
  private readonly health = new HealthController(this);

  static styles = [shared];

  constructor() {
    super();
    new I18nController(this);
  }

  render() {
    const h = this.health.value;
    if (!h) return '';
    const problems = [...h.profiles.problems, ...h.rules.problems, ...h.indicators.problems];
    const noCapture = !h.capture.tcpdump;
    if (problems.length === 0 && !noCapture) return '';
    return html`<section class="card" aria-labelledby="health">
      <h2 id="health">${t('health.title')}</h2>
      ${noCapture ? html`<p>${t('health.noCapture')}</p>` : ''}
      ${problems.length
        ? html`<details>
            <summary>${tp('health.problems', problems.length)}</summary>
            <ul>${problems.map((p) => html`<li class="break">${healthProblem(p)}</li>`)}</ul>
          </details>`
        : ''}
    </section>`;
  }
}
customElements.define('hs-health-note', HsHealthNote);
