import { ContextProvider } from '@lit/context';
import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { PartnerBackend } from '../../src/api/backend.js';
import type { FetchSession } from '../../src/api/session.js';
import type { Theme } from '../../src/context/config.js';
import { portalContext, type PortalContextValue } from '../../src/context/portal-context.js';
import type { Me } from '../../src/contract/schemas.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { portalStyles } from './portal.styles.js';

interface Section {
  id: string;
  label: string;
  tag: string;
  /** Only shown to these roles (all when absent). */
  roles?: ReadonlyArray<Me['user']['role']>;
}

/** How a partner tier is shown (the API's values are lower-case slugs). */
const TIER_LABELS: Record<NonNullable<Me['partner']>['tier'], string> = {
  registered: 'Registered',
  silver: 'Silver',
  gold: 'Gold',
  platinum: 'Platinum',
};

/** Sections of the default portal, in navigation order; a section shows once its element is registered. */
const SECTIONS: Section[] = [
  { id: 'pipeline', label: 'Pipeline', tag: 'pk-pipeline' },
  { id: 'register', label: 'Register a deal', tag: 'pk-deal-form', roles: ['partner_user', 'partner_admin'] },
  { id: 'review', label: 'Review queue', tag: 'pk-registration-review', roles: ['channel_manager'] },
  { id: 'content', label: 'Content', tag: 'pk-content-library' },
  { id: 'rules', label: 'Rules of engagement', tag: 'pk-rules' },
  { id: 'announcements', label: 'Announcements', tag: 'pk-announcements' },
];

/**
 * Configuration root of Partnerkit: every Partnerkit element inside it gets its backend,
 * session and locale from here. With no children it renders the complete default portal.
 *
 * @tag pk-portal
 * @summary Configuration provider and default partner portal.
 * @slot - Partnerkit elements (and any markup). When empty, the default portal is rendered.
 * @csspart header - The default portal's header (who is signed in).
 * @csspart nav - The default portal's section navigation.
 * @csspart tab - A navigation tab.
 * @csspart panel - The area showing the selected section.
 * @csspart pipeline-table - (and every other part of `pk-pipeline`, prefixed `pipeline-`) parts of the default portal's pipeline.
 * @cssproperty --pk-portal-padding - Padding inside the portal (default `0`; `2 × --pk-sys-space` with `theme="dark"` or `"auto"`, which paint a surface).
 * @event pk-error - A backend call failed (detail: problem object with `kind`).
 */
export class PkPortal extends PkElement {
  static override styles = [hostStyles, stateStyles, portalStyles];

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    locale: {},
    theme: { reflect: true },
    fetchSession: { attribute: false },
    backend: { attribute: false },
    section: {},
  };

  /** BCP 47 locale for dates and amounts (default: the page's `lang`). */
  declare locale: string | undefined;
  /** Colour scheme for everything inside: `light` (default), `dark` or `auto` (follows the OS). */
  declare theme: Theme | undefined;
  /** Returns a session token or `{ token, expiresAt }`; alternative to `session-url`. */
  declare fetchSession: FetchSession | undefined;
  /** Replaces the REST backend with any object implementing `PartnerBackend`. */
  declare backend: PartnerBackend | undefined;
  /** Selected section of the default portal (`pipeline`, …). */
  declare section: string;

  private readonly provider = new ContextProvider(this, { context: portalContext, initialValue: {} });
  private readonly sectionElements = new Map<string, HTMLElement>();
  private readonly childObserver = new MutationObserver(() => this.requestUpdate());

  private readonly me = new Task(this, {
    task: ([backend, empty], { signal }) => (empty ? this.call(backend, (b) => b.getMe({ signal })) : Promise.resolve(null)),
    args: () => [this.backendOrError(), this.isEmpty] as const,
  });

  constructor() {
    super();
    this.section = 'pipeline';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.childObserver.observe(this, { childList: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.childObserver.disconnect();
  }

  /** True when the portal has no element children and so renders the default portal. */
  get isEmpty(): boolean {
    return this.childElementCount === 0;
  }

  protected override ownConfig(): PortalContextValue {
    return {
      ...super.ownConfig(),
      fetchSession: this.fetchSession,
      backend: this.backend,
      locale: this.locale || undefined,
      theme: this.theme,
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Children see this portal's own settings over those of an enclosing portal.
    const parent = this.portal.value ?? {};
    const own = this.ownConfig();
    const value: PortalContextValue = { ...parent };
    for (const [k, v] of Object.entries(own)) if (v !== undefined) (value as Record<string, unknown>)[k] = v;
    const prev = this.provider.value;
    const changedValue = Object.keys({ ...prev, ...value }).some(
      (k) => (prev as Record<string, unknown>)[k] !== (value as Record<string, unknown>)[k],
    );
    if (changedValue) this.provider.setValue(value);
  }

  private sectionsFor(me: Me | null | undefined): Section[] {
    return SECTIONS.filter((s) => customElements.get(s.tag) && (!s.roles || (me && s.roles.includes(me.user.role))));
  }

  private onTabKey(event: KeyboardEvent, sections: Section[]): void {
    const index = sections.findIndex((s) => s.id === this.section);
    const target: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: sections.length - 1 };
    if (!(event.key in target)) return;
    event.preventDefault();
    const next = sections[(target[event.key] + sections.length) % sections.length];
    this.section = next.id;
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus());
  }

  private renderHeader(me: Me | null | undefined) {
    if (!me) return nothing;
    const role = { partner_user: 'Partner user', partner_admin: 'Partner admin', channel_manager: 'Channel manager' }[me.user.role];
    return html`<header part="header">
      <span class="who"
        >Signed in as <strong>${me.user.name}</strong>${me.partner ? html` · ${me.partner.name} (${TIER_LABELS[me.partner.tier]})` : nothing} · ${role}</span
      >
    </header>`;
  }

  private renderDefault() {
    const me = this.me.value;
    if (this.me.status === 3 /* ERROR */) {
      return this.renderError(this.me.error, () => this.me.run(), 'Could not load the partner portal');
    }
    if (!me) return html`<div class="loading" role="status" aria-busy="true">Loading partner portal…</div>`;
    const sections = this.sectionsFor(me);
    const current = sections.find((s) => s.id === this.section) ?? sections[0];
    if (!current) return nothing;
    return html`<div class="shell">
      ${this.renderHeader(me)}
      <nav part="nav" aria-label="Partner portal">
        <div role="tablist" @keydown=${(e: KeyboardEvent) => this.onTabKey(e, sections)}>
          ${sections.map(
            (s) => html`<button
              type="button"
              role="tab"
              part="tab"
              id="tab-${s.id}"
              aria-controls="panel"
              aria-selected=${s === current ? 'true' : 'false'}
              tabindex=${s === current ? 0 : -1}
              @click=${() => (this.section = s.id)}
            >
              ${s.label}
            </button>`,
          )}
        </div>
      </nav>
      <section id="panel" role="tabpanel" part="panel" aria-labelledby="tab-${current.id}">${this.renderSection(current)}</section>
    </div>`;
  }

  private renderSection(section: Section) {
    // Each section is a plain Partnerkit element reading this portal's context like any child;
    // kept across tab switches so nothing the user did there is lost.
    let el = this.sectionElements.get(section.id);
    if (!el) {
      el = document.createElement(section.tag);
      // Re-export the element's parts (its static `parts`) as `<section id>-<part>`.
      const parts = (customElements.get(section.tag) as { parts?: readonly string[] } | undefined)?.parts;
      if (parts) el.setAttribute('exportparts', parts.map((p) => `${p}:${section.id}-${p}`).join(', '));
      this.sectionElements.set(section.id, el);
    }
    return el;
  }

  override render() {
    return this.isEmpty ? this.renderDefault() : html`<slot></slot>`;
  }
}
