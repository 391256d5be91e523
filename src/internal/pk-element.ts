import { ContextConsumer } from '@lit/context';
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { resolveBackend, type PartnerBackend } from '../api/backend.js';
import { PkApiError, PROBLEM_BASE, isAbortError } from '../api/errors.js';
import { getGlobalConfig, onGlobalConfigChange, type PartnerkitConfig } from '../context/config.js';
import { portalContext } from '../context/portal-context.js';
import { PkErrorEvent } from '../events/pk-error.js';
import { en } from '../i18n/en/index.js';
import { translatorFor, type LocaleRequest } from '../i18n/registry.js';
import { Translator, type PlainValues, type RichValues } from '../i18n/translator.js';
import type { MessageKey } from '../i18n/types.js';
import { SignedOutNotice } from './signed-out.js';
import { loader } from './lazy.js';

/** Connected elements, re-rendered when the page's `lang` or the browser's languages change. */
const connected = new Set<PkElement>();
let langObserver: MutationObserver | undefined;
function watchPageLanguage(): void {
  if (langObserver || typeof document === 'undefined') return;
  const rerender = () => connected.forEach((el) => el.requestUpdate());
  langObserver = new MutationObserver(rerender);
  langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  addEventListener('languagechange', rerender);
}

/** backendOrError() while an enclosing `<pk-portal>` has not arrived yet (never shown: call() waits). */
const AWAITING_PORTAL = new PkApiError('config', { type: `${PROBLEM_BASE}awaiting-portal`, title: 'Waiting for <pk-portal>', status: 0 });

/** Used only until an element's locale has loaded (elements wait for it before rendering). */
const english = new Translator('en', 'en', en);

/**
 * Base of every Partnerkit element: resolves configuration (own attributes → nearest
 * `<pk-portal>` → `configure()`), hands out the backend, and reports failures.
 *
 * Every element reads the system tokens below (src/styles/tokens.ts) and renders the standard
 * error state; scripts/manifest.mjs gives each element these entries in the manifest.
 * @cssproperty [--pk-sys-font-family=inherit] - Font of everything inside (default: the host page's font).
 * @cssproperty [--pk-sys-font-size=0.9375rem] - Base font size.
 * @cssproperty [--pk-sys-color-primary=#2f5bd3] - Primary actions and selection (pair with on-primary).
 * @cssproperty --pk-sys-color-on-primary - Text on the primary colour (default: black or white, whichever reads on the primary; set it only together with the primary).
 * @cssproperty [--pk-sys-color-surface=#ffffff] - Background (pair with text).
 * @cssproperty [--pk-sys-color-surface-variant=#f3f5f9] - Secondary background: headers, hover, lanes.
 * @cssproperty [--pk-sys-color-text=#1c2430] - Text.
 * @cssproperty [--pk-sys-color-text-muted=#556070] - Secondary text.
 * @cssproperty [--pk-sys-color-border=#d5dbe5] - Borders and dividers.
 * @cssproperty [--pk-sys-color-danger=#b3261e] - Errors, declined and lost.
 * @cssproperty [--pk-sys-color-warning=#8a5a00] - Warnings, pending, stale notes.
 * @cssproperty [--pk-sys-color-success=#1e7a3c] - Approved and won.
 * @cssproperty [--pk-sys-color-focus=#2f5bd3] - Keyboard focus ring.
 * @cssproperty [--pk-sys-radius=8px] - Corner radius.
 * @cssproperty [--pk-sys-space=8px] - Spacing unit.
 * @csspart error - The error state (what failed, why, and how to recover).
 * @csspart retry-button - The error state's retry button.
 * @event {PkErrorEvent} pk-error - A backend call failed; the element shows the error itself.
 */
export class PkElement extends LitElement {
  static override properties: PropertyDeclarations = {
    apiUrl: { attribute: 'api-url' },
    sessionUrl: { attribute: 'session-url' },
    locale: {},
  };

  /** Backend base URL for this element only (overrides `<pk-portal>` and `configure()`). */
  declare apiUrl: string | undefined;
  /** Session endpoint for this element only. */
  declare sessionUrl: string | undefined;
  /**
   * BCP 47 locale for this element only (overrides `<pk-portal locale>`, `configure({ locale })`,
   * the page's `lang` and the browser's languages). The best available match is used.
   */
  declare locale: string | undefined;

  protected readonly portal = new ContextConsumer(this, { context: portalContext, subscribe: true });
  private readonly signedOutNotice = new SignedOutNotice(this);
  private unsubscribeConfig?: () => void;
  private configError?: PkApiError;
  /** Set while a `<pk-portal>` around this element is still waiting for its code. */
  private portalArrival?: Promise<void>;
  private translator?: Translator;
  /** The `dir` and `lang` this element set on itself (a value the page set is left alone). */
  private autoAttributes: { dir?: string; lang?: string } = {};

  /**
   * Renders into a `<div class="pk-root">` inside the shadow root instead of the shadow root
   * itself. Host-page rules that match the host element (`* { color: red !important }`) beat any
   * `:host` rule, and everything in the shadow tree inherits from the host; nothing outside can
   * match this wrapper, so the reset in `hostStyles` (`.pk-root`) always holds for every element.
   */
  protected override createRenderRoot(): HTMLElement {
    const shadow = super.createRenderRoot() as ShadowRoot;
    // Under the script-tag loader, a `pk-*` tag this element renders is loaded like one in the page.
    loader()?.observe(shadow);
    const root = document.createElement('div');
    root.className = 'pk-root';
    shadow.append(root);
    // Lit renders before shimmed <style> elements of the shadow root; those stay outside the wrapper.
    this.renderOptions.renderBefore = null;
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribeConfig = onGlobalConfigChange(() => this.requestUpdate());
    connected.add(this);
    watchPageLanguage();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeConfig?.();
    connected.delete(this);
  }

  /**
   * Resolves the element's locale before every update; the first use of a locale waits for its
   * messages to load, so the element never renders English first.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const t = translatorFor(this.localeRequest());
    if (t instanceof Promise) return t.then(() => this.scheduleUpdate());
    this.translator = t;
    return super.scheduleUpdate();
  }

  protected override update(changed: PropertyValues): void {
    // `dir` and `lang` follow the locale, unless the page set them on this element.
    this.setAutoAttribute('dir', this.i18n.dir);
    this.setAutoAttribute('lang', this.i18n.messagesLocale);
    super.update(changed);
  }

  private setAutoAttribute(name: 'dir' | 'lang', value: string): void {
    const current = this.getAttribute(name);
    if (current !== null && current !== this.autoAttributes[name]) return;
    this.autoAttributes[name] = value;
    if (current !== value) this.setAttribute(name, value);
  }

  /** Locale preferences, best first: element → `<pk-portal>` → `configure()` → page `lang` → browser. */
  protected localeRequest(): LocaleRequest {
    const portal = this.portal.value ?? {};
    const global = getGlobalConfig();
    const pageLang = typeof document !== 'undefined' ? document.documentElement.lang : undefined;
    const browser = typeof navigator !== 'undefined' ? navigator.languages : [];
    return {
      preferences: [this.ownConfig().locale, portal.locale, global.locale, pageLang, ...browser],
      overrides: [global.messages, portal.messages, this.ownConfig().messages],
    };
  }

  /** This element's messages, numbers and dates (resolved per element; see `localeRequest()`). */
  protected get i18n(): Translator {
    if (!this.translator) {
      const t = translatorFor(this.localeRequest());
      if (t instanceof Promise) return english;
      this.translator = t;
    }
    return this.translator;
  }

  /** A message as plain text: `this.t('pipeline.col.owner')`, `this.t('x', { count: 3 })`. For attributes too. */
  protected t(key: MessageKey, values?: PlainValues): string {
    return this.i18n.t(key, values);
  }

  /** A message for text content, with data values isolated in `<bdi>` (company names, domains…). */
  protected rich(key: MessageKey, values?: RichValues): unknown {
    return this.i18n.rich(key, values);
  }

  /**
   * A field error in the user's language: the message for its stable `code` (`field.<code>`,
   * see src/contract/field-errors.ts), or — for a code this SDK does not know, or none — the
   * backend's own text, isolated as data.
   */
  protected fieldMessage(error: { code?: string; message: string; params?: Record<string, string | number | boolean> }): unknown {
    const key = `field.${error.code}`;
    if (!error.code || !this.i18n.has(key)) return html`<bdi>${error.message}</bdi>`;
    const values: PlainValues = {};
    for (const [k, v] of Object.entries(error.params ?? {})) values[k] = typeof v === 'boolean' ? String(v) : v;
    return this.rich(key, values);
  }

  /**
   * The effective configuration for this element. Each setting comes from the first level that
   * sets it: the element's own attributes, then the nearest `<pk-portal>`, then `configure()`.
   * A `backend` object counts as setting the API (and replaces REST at its level): a level with
   * `api-url` beats a `backend` from a later level.
   */
  protected get config(): PartnerkitConfig {
    const levels = [this.ownConfig(), this.portal.value ?? {}, getGlobalConfig()];
    const api = levels.find((l) => l.apiUrl || l.backend) ?? {};
    const session = levels.find((l) => l.sessionUrl || l.fetchSession) ?? {};
    return {
      apiUrl: api.apiUrl,
      backend: api.backend,
      sessionUrl: session.sessionUrl,
      fetchSession: session.sessionUrl ? undefined : session.fetchSession,
      locale: this.i18n.locale,
    };
  }

  /** Settings made on this element itself (attributes; `<pk-portal>` adds its properties). */
  protected ownConfig(): PartnerkitConfig {
    return { apiUrl: this.apiUrl || undefined, sessionUrl: this.sessionUrl || undefined, locale: this.locale || undefined };
  }

  /**
   * Whether a `<pk-portal>` around this element has not been defined yet: with the script-tag
   * loader each element's code arrives on its own, and this one may come first. Its settings
   * (api-url, session) are then on their way: the element stays pending instead of reporting a
   * configuration error, and carries on once the portal has rendered.
   */
  private awaitingPortal(): boolean {
    if (this.portalArrival) return true;
    if (customElements.get('pk-portal')) return false;
    const portal = this.closest('pk-portal');
    if (!portal) return false;
    this.portalArrival = customElements
      .whenDefined('pk-portal')
      .then(() => (portal as unknown as { updateComplete?: Promise<unknown> }).updateComplete)
      .then(() => {
        this.portalArrival = undefined;
        this.requestUpdate();
      });
    return true;
  }

  /** The backend, or the configuration error explaining why there is none. */
  protected backendOrError(): PartnerBackend | PkApiError {
    if (this.awaitingPortal()) return AWAITING_PORTAL;
    try {
      const backend = resolveBackend(this.config);
      this.configError = undefined;
      return backend;
    } catch (error) {
      const e = PkApiError.from(error);
      // Same error object while the problem is the same, so tasks keyed on it do not rerun.
      if (this.configError?.message !== e.message) this.configError = e;
      return this.configError;
    }
  }

  /**
   * Runs a backend call for a task: a configuration error or failure becomes a PkApiError,
   * is announced once as `pk-error`, and rethrown for the task's error state.
   */
  protected async call<T>(backend: PartnerBackend | PkApiError, fn: (backend: PartnerBackend) => Promise<T>): Promise<T> {
    // Pending until the enclosing portal's settings arrive (the task is then run again).
    if (backend === AWAITING_PORTAL) return new Promise<T>(() => {});
    try {
      if (backend instanceof PkApiError) throw backend;
      return await fn(backend);
    } catch (error) {
      if (isAbortError(error)) throw error;
      const apiError = PkApiError.from(error);
      this.dispatchEvent(new PkErrorEvent({ ...apiError.problem, kind: apiError.kind }));
      throw apiError;
    }
  }

  /**
   * The standard error state: what failed, why in words a partner understands, what to do, and a
   * retry button; each said once. "You are signed out" is said once per session, not per element
   * (see SignedOutNotice): the other elements render nothing in its place. Technical detail (the request, a browser's "Failed to fetch",
   * a schema mismatch) is not shown: it is in the `pk-error` event for the page's logs.
   */
  protected renderError(error: unknown, retry: () => void, what: string): TemplateResult {
    const e = PkApiError.from(error);
    const signedOut = e.kind === 'auth' && e.problem.type.endsWith('/signed-out');
    if (signedOut) {
      // Said once for every element sharing this session: only the group's leader shows it.
      const backend = this.backendOrError();
      const { leader, retryAll } = this.signedOutNotice.join(backend, retry);
      if (!leader) return html``;
      retry = retryAll;
    }
    const serverText = html`<bdi>${e.problem.title}</bdi>${e.problem.detail ? html` — <bdi>${e.problem.detail}</bdi>` : nothing}`;
    // network/schema: our own words only (the request, "Failed to fetch" stay in pk-error);
    // signed out: one heading and one instruction; otherwise the problem's own title and detail.
    const message =
      e.kind === 'network' ? this.t('error.network')
      : e.kind === 'schema' ? this.t('error.schema')
      : signedOut ? this.t('error.signedOut.detail')
      : e.kind === 'auth' ? html`<bdi>${e.problem.title}</bdi>`
      : serverText;
    const hint = !signedOut && (e.kind === 'network' || e.kind === 'auth' || e.kind === 'config' || e.kind === 'schema') ? this.t(`error.hint.${e.kind}`) : undefined;
    return html`<div class="error" role="alert" part="error">
      <h3>${signedOut ? this.t('error.signedOut') : what}</h3>
      <p>${message}</p>
      ${e.problem.errors?.length
        ? html`<ul>
            ${e.problem.errors.map(
              (f) => html`<li>${this.rich('error.field', { field: html`<code>${f.path || this.t('error.field.request')}</code>`, message: this.fieldMessage(f) })}</li>`,
            )}
          </ul>`
        : nothing}
      ${hint ? html`<p>${hint}</p>` : nothing}
      ${e.kind === 'config' ? nothing : html`<button type="button" part="retry-button" @click=${retry}>${this.t('common.retry')}</button>`}
    </div>`;
  }
}
