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
 *
 * Every element reads the system tokens below (src/styles/tokens.ts) and renders the standard
 * error state; scripts/manifest.mjs gives each element these entries in the manifest.
 * @cssproperty [--pk-sys-font-family=inherit] - Font of everything inside (default: the host page's font).
 * @cssproperty [--pk-sys-font-size=0.9375rem] - Base font size.
 * @cssproperty [--pk-sys-color-primary=#2f5bd3] - Primary actions and selection (pair with on-primary).
 * @cssproperty [--pk-sys-color-on-primary=#ffffff] - Text on the primary colour.
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
  };

  /** Backend base URL for this element only (overrides `<pk-portal>` and `configure()`). */
  declare apiUrl: string | undefined;
  /** Session endpoint for this element only. */
  declare sessionUrl: string | undefined;

  protected readonly portal = new ContextConsumer(this, { context: portalContext, subscribe: true });
  private unsubscribeConfig?: () => void;
  private configError?: PkApiError;

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

  /** The standard error state: what failed, why, and a retry button. */
  protected renderError(error: unknown, retry: () => void, what: string): TemplateResult {
    const e = PkApiError.from(error);
    const hint =
      e.kind === 'network'
        ? 'Check your connection, then try again.'
        : e.kind === 'auth'
          ? 'Your session may have ended. Try again; if it keeps failing, sign in again.'
          : e.kind === 'config'
            ? 'This is a setup problem on this page: see the Partnerkit README.'
            : e.kind === 'schema'
              ? 'The partner backend answered in a way this page does not understand.'
              : nothing;
    return html`<div class="error" role="alert" part="error">
      <h3>${what}</h3>
      <p>${e.problem.title}${e.problem.detail ? html` — ${e.problem.detail}` : nothing}</p>
      ${e.problem.errors?.length
        ? html`<ul>
            ${e.problem.errors.map((f) => html`<li><code>${f.path || '(request)'}</code>: ${f.message}</li>`)}
          </ul>`
        : nothing}
      ${hint === nothing ? nothing : html`<p>${hint}</p>`}
      ${e.kind === 'config' ? nothing : html`<button type="button" part="retry-button" @click=${retry}>Try again</button>`}
    </div>`;
  }
}
