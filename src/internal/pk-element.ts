import { ContextConsumer } from '@lit/context';
import { LitElement, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { resolveBackend, type PartnerBackend } from '../api/backend.js';
import { PkApiError, isAbortError } from '../api/errors.js';
import { getGlobalConfig, onGlobalConfigChange, type PartnerkitConfig } from '../context/config.js';
import { portalContext } from '../context/portal-context.js';
import { PkErrorEvent } from '../events/pk-error.js';
import { pageLocale } from './format.js';

/**
 * Base of every Partnerkit element: resolves configuration (own attributes → nearest
 * `<pk-portal>` → `configure()`), hands out the backend, and reports failures.
 */
export class PkElement extends LitElement {
  static override properties: PropertyDeclarations = {
    apiUrl: { attribute: 'api-url' },
    sessionUrl: { attribute: 'session-url' },
  };

  /** Backend base URL for this element only (overrides `<pk-portal>` and `configure()`). */
  declare apiUrl: string | undefined;
  /** Session endpoint for this element only. */
  declare sessionUrl: string | undefined;

  protected readonly portal = new ContextConsumer(this, { context: portalContext, subscribe: true });
  private unsubscribeConfig?: () => void;
  private configError?: PkApiError;

  /**
   * Renders into a `<div class="pk-root">` inside the shadow root instead of the shadow root
   * itself. Host-page rules that match the host element (`* { color: red !important }`) beat any
   * `:host` rule, and everything in the shadow tree inherits from the host; nothing outside can
   * match this wrapper, so the reset in `hostStyles` (`.pk-root`) always holds for every element.
   */
  protected override createRenderRoot(): HTMLElement {
    const shadow = super.createRenderRoot() as ShadowRoot;
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
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeConfig?.();
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
      locale: pageLocale(levels.find((l) => l.locale)?.locale),
    };
  }

  /** Settings made on this element itself (attributes; `<pk-portal>` adds its properties). */
  protected ownConfig(): PartnerkitConfig {
    return { apiUrl: this.apiUrl || undefined, sessionUrl: this.sessionUrl || undefined };
  }

  /** The backend, or the configuration error explaining why there is none. */
  protected backendOrError(): PartnerBackend | PkApiError {
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
   * retry button; each said once. Technical detail (the request, a browser's "Failed to fetch",
   * a schema mismatch) is not shown: it is in the `pk-error` event for the page's logs.
   */
  protected renderError(error: unknown, retry: () => void, what: string): TemplateResult {
    const e = PkApiError.from(error);
    const signedOut = e.problem.type.endsWith('/signed-out');
    const heading = signedOut ? e.problem.title : what;
    let message: unknown;
    let hint: string | undefined;
    switch (e.kind) {
      case 'network':
        message = 'Could not reach the partner service.';
        hint = 'Check your connection, then try again.';
        break;
      case 'schema':
        message = 'The partner service answered in a way this page does not understand.';
        hint = 'Try again later; if it keeps happening, tell the partner site team.';
        break;
      case 'auth':
        message = signedOut ? e.problem.detail : e.problem.title;
        hint = signedOut ? undefined : 'Your session may have ended. Try again; if it keeps failing, sign in again.';
        break;
      case 'config':
        message = html`${e.problem.title}${e.problem.detail ? html` — ${e.problem.detail}` : nothing}`;
        hint = 'This is a setup problem on this page: see the Partnerkit README.';
        break;
      default:
        message = html`${e.problem.title}${e.problem.detail ? html` — ${e.problem.detail}` : nothing}`;
    }
    return html`<div class="error" role="alert" part="error">
      <h3>${heading}</h3>
      ${message ? html`<p>${message}</p>` : nothing}
      ${e.problem.errors?.length
        ? html`<ul>
            ${e.problem.errors.map((f) => html`<li><code>${f.path || '(request)'}</code>: ${f.message}</li>`)}
          </ul>`
        : nothing}
      ${hint ? html`<p>${hint}</p>` : nothing}
      ${e.kind === 'config' ? nothing : html`<button type="button" part="retry-button" @click=${retry}>Try again</button>`}
    </div>`;
  }
}
