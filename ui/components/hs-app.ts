/**
 * The page shell: quick exit, header with language picker and lock, the current page, and the footer note.
 * Holds the session and the open audit; pages get them as properties and send events up
 * (hs-navigate, hs-unlocked, hs-audit-reload, hs-checklist-saved, hs-comment-added, hs-session-ended, hs-wiped,
 * hs-language-change).
 */
import { LitElement, css, html } from 'lit';
import type { AuditView, ChecklistItem, Comment, SessionInfo } from '../../gateway/contract.ts';
import { ApiError, getAudit, getSession, logout, type ChecklistPatch } from '../data/api.ts';
import { installQuickExitKey } from '../data/quick-exit.ts';
import { NavigateEvent, parseRoute, routePath, type Route } from '../data/router.ts';
import { I18nController, getLanguage, setLanguage, t, type Language } from '../i18n/i18n.ts';
import { shared } from '../styles/shared.ts';
import './hs-audit-nav.ts';
import './hs-cannot-see.ts';
import './hs-language-picker.ts';
import './hs-quick-exit.ts';
import './hs-review-banner.ts';
import '../pages/hs-page-checklist.ts';
import '../pages/hs-page-device.ts';
import '../pages/hs-page-devices.ts';
import '../pages/hs-page-passcode.ts';
import '../pages/hs-page-progress.ts';
import '../pages/hs-page-report.ts';
import '../pages/hs-page-start.ts';

export class HsApp extends LitElement {
  static properties = {
    session: { state: true },
    route: { state: true },
    audit: { state: true },
    error: { state: true },
  };
  declare session: SessionInfo | null;
  declare route: Route;
  declare audit: AuditView | null;
  declare error: string;
  private loadingAudit = '';

  static styles = [
    shared,
    css`
      .wrap { max-width: 52rem; margin: 0 auto; padding: 0 1rem 3rem; }
      header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem;
        padding: 0.75rem 9.5rem 0.5rem 0; border-bottom: 1px solid var(--hs-line); }
      .name { font-weight: 700; color: var(--hs-accent); margin: 0; }
      .tools { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      .skip { position: absolute; left: -999px; }
      .skip:focus { position: static; }
      main:focus { outline: none; }
      footer { margin-top: 2rem; border-top: 1px solid var(--hs-line); padding-top: 0.5rem; font-size: 0.9rem; }
      @media (max-width: 30rem) { header { padding-right: 0; padding-top: 4rem; } }
      @media print { header, footer, .skip { display: none !important; } .wrap { max-width: none; padding: 0; } }
    `,
  ];

  constructor() {
    super();
    this.session = null;
    this.route = parseRoute(location.pathname);
    this.audit = null;
    this.error = '';
    new I18nController(this);
  }

  connectedCallback(): void {
    super.connectedCallback();
    installQuickExitKey();
    document.title = t('app.docTitle');
    document.documentElement.lang = getLanguage();
    window.addEventListener('popstate', () => this.setRoute(parseRoute(location.pathname)));
    this.addEventListener(NavigateEvent.type, (e) => this.navigate((e as NavigateEvent).route));
    this.addEventListener('hs-unlocked', (e) => this.unlocked((e as CustomEvent<SessionInfo>).detail));
    this.addEventListener('hs-audit-reload', () => void this.loadAudit(true));
    this.addEventListener('hs-checklist-saved', (e) => this.replaceItem((e as CustomEvent<ChecklistItem>).detail));
    this.addEventListener('hs-checklist-local', (e) => {
      const { id, patch } = (e as CustomEvent<{ id: string; patch: ChecklistPatch }>).detail;
      const old = this.audit?.checklist.find((c) => c.id === id);
      if (old) this.replaceItem({ ...old, ...patch });
    });
    this.addEventListener('hs-comment-added', (e) => {
      const c = (e as CustomEvent<Comment>).detail;
      if (this.audit) this.audit = { ...this.audit, comments: [...this.audit.comments, c] };
    });
    this.addEventListener('hs-session-ended', () => this.locked());
    this.addEventListener('hs-wiped', () => {
      this.audit = null;
      this.session = { passcodeSet: false, authenticated: false };
      this.navigate({ page: 'start' });
    });
    this.addEventListener('hs-language-change', (e) => void this.changeLanguage((e as CustomEvent<Language>).detail));
    void this.boot();
  }

  private async boot(): Promise<void> {
    try {
      this.session = await getSession();
      if (this.session.authenticated) await this.loadAudit();
    } catch {
      this.error = t('error.offline');
    }
  }

  private unlocked(info: SessionInfo): void {
    this.session = info;
    void this.loadAudit().then(() => this.focusPage());
  }

  private locked(): void {
    this.audit = null;
    this.session = { passcodeSet: true, authenticated: false };
  }

  private async lock(): Promise<void> {
    try {
      await logout();
    } finally {
      this.locked();
    }
  }

  private async changeLanguage(lang: Language): Promise<void> {
    await setLanguage(lang);
    // The API localises findings, checklist and profile texts: fetch them again in the new language.
    void this.loadAudit(true);
  }

  /** Moves to a route without adding a history entry (see router.ts). */
  private navigate(route: Route): void {
    history.replaceState(null, '', routePath(route));
    this.setRoute(route);
    window.scrollTo(0, 0);
    void this.loadAudit().then(() => this.focusPage());
  }

  private setRoute(route: Route): void {
    this.route = route;
    if (route.page === 'start') this.audit = null;
  }

  /** Loads the audit the route names (again when `force`), and resolves the bare /audits/:id route. */
  private async loadAudit(force = false): Promise<void> {
    if (!this.session?.authenticated || this.route.page === 'start') return;
    const id = this.route.audit;
    if (!force && (this.audit?.audit.id === id || this.loadingAudit === id)) return this.resolveAuditRoute();
    this.loadingAudit = id;
    try {
      const view = await getAudit(id, getLanguage());
      // The reader may have moved on while this loaded: keep the view only if the route still wants it.
      const now = this.route as Route;
      if (now.page !== 'start' && now.audit === id) {
        this.audit = view;
        this.error = '';
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return this.locked();
      this.error = e instanceof ApiError && e.status === 404 ? t('error.auditNotFound') : t('error.generic');
    } finally {
      if (this.loadingAudit === id) this.loadingAudit = '';
    }
    this.resolveAuditRoute();
  }

  private resolveAuditRoute(): void {
    if (this.route.page !== 'audit' || !this.audit || this.audit.audit.id !== this.route.audit) return;
    const running = this.audit.progress.status === 'running' || this.audit.progress.status === 'stopping';
    const route: Route = { page: running ? 'progress' : 'devices', audit: this.route.audit };
    history.replaceState(null, '', routePath(route));
    this.route = route;
    void this.updateComplete.then(() => this.focusPage());
  }

  private replaceItem(item: ChecklistItem): void {
    if (!this.audit) return;
    this.audit = { ...this.audit, checklist: this.audit.checklist.map((c) => (c.id === item.id ? { ...c, ...item } : c)) };
  }

  /** Puts focus on the new page's heading, so keyboard and screen-reader users start at the top of it. */
  private async focusPage(): Promise<void> {
    await this.updateComplete;
    const page = this.renderRoot.querySelector('main')?.firstElementChild as LitElement | null;
    if (!page || !('updateComplete' in page)) return;
    await page.updateComplete;
    page.shadowRoot?.querySelector<HTMLElement>('h1')?.focus();
  }

  private skip(): void {
    void this.focusPage();
  }

  private renderPage() {
    const s = this.session;
    if (!s) return html`<p class="muted">${this.error || t('common.loading')}</p>`;
    if (!s.authenticated) return html`<hs-page-passcode .session=${s}></hs-page-passcode>`;
    const r = this.route;
    if (r.page === 'start') return html`<hs-page-start></hs-page-start>`;
    if (!this.audit || this.audit.audit.id !== r.audit) {
      return this.error
        ? html`<h1 tabindex="-1">${this.error}</h1>
            <button type="button" @click=${() => this.navigate({ page: 'start' })}>${t('nav.start')}</button>`
        : html`<p class="muted" role="status">${t('common.loading')}</p>`;
    }
    const a = this.audit;
    switch (r.page) {
      case 'progress':
        return html`<hs-page-progress .audit=${a}></hs-page-progress>`;
      case 'device':
        return html`<hs-page-device .audit=${a} .deviceId=${r.device}></hs-page-device>`;
      case 'checklist':
        return html`<hs-page-checklist .audit=${a}></hs-page-checklist>`;
      case 'report':
        return html`<hs-page-report .audit=${a}></hs-page-report>`;
      default:
        return html`<hs-page-devices .audit=${a}></hs-page-devices>`;
    }
  }

  render() {
    const authed = this.session?.authenticated === true;
    const a = this.audit;
    const r = this.route;
    const showNav = authed && a && r.page !== 'start';
    return html`<hs-quick-exit></hs-quick-exit>
      <div class="wrap">
        <button type="button" class="skip link" @click=${this.skip}>${t('app.skip')}</button>
        <header>
          <p class="name">${t('app.name')}</p>
          <div class="tools">
            <hs-language-picker></hs-language-picker>
            ${authed ? html`<button type="button" class="secondary" @click=${this.lock}>${t('app.lock')}</button>` : ''}
          </div>
        </header>
        ${showNav
          ? html`<hs-audit-nav
              .auditId=${a.audit.id}
              .current=${r.page}
              ?live=${a.audit.mode === 'live' || a.progress.status === 'running'}
            ></hs-audit-nav>`
          : ''}
        ${showNav && a.audit.readOnly ? html`<hs-review-banner></hs-review-banner>` : ''}
        <main id="main" tabindex="-1">${this.renderPage()}</main>
        <footer>
          <hs-cannot-see compact></hs-cannot-see>
          <p class="muted">${t('exit.footer')}</p>
        </footer>
      </div>`;
  }
}
customElements.define('hs-app', HsApp);
