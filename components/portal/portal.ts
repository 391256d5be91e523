import { ContextProvider } from '@lit/context';
import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { PartnerBackend } from '../../src/api/backend.js';
import type { FetchSession } from '../../src/api/session.js';
import type { Theme } from '../../src/context/config.js';
import { portalContext, type PortalContextValue } from '../../src/context/portal-context.js';
import type { Me } from '../../src/contract/schemas.js';
import type { MessageKey, MessageOverrides } from '../../src/i18n/types.js';
import type { PkInsightsNavigateEvent } from '../../src/events/pk-insights-navigate.js';
import { isAvailable } from '../../src/internal/lazy.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { portalStyles } from './portal.styles.js';

interface Section {
  id: string;
  /** Message key of the tab label. */
  label: MessageKey;
  tag: string;
  /** Only shown to these roles (all when absent). */
  roles?: ReadonlyArray<Me['user']['role']>;
  /** Which badge the tab shows (partner roles). */
  badge?: 'rules' | 'announcements';
}

/**
 * Sections of the default portal, in navigation order; a section shows when its element is
 * registered, or the script-tag loader can load it (it then loads when the section is opened).
 */
const SECTIONS: Section[] = [
  { id: 'insights', label: 'portal.section.insights', tag: 'pk-insights' },
  { id: 'pipeline', label: 'portal.section.pipeline', tag: 'pk-pipeline' },
  { id: 'register', label: 'portal.section.register', tag: 'pk-deal-form', roles: ['partner_user', 'partner_admin'] },
  { id: 'review', label: 'portal.section.review', tag: 'pk-registration-review', roles: ['channel_manager'] },
  { id: 'content', label: 'portal.section.content', tag: 'pk-content-library' },
  { id: 'rules', label: 'portal.section.rules', tag: 'pk-rules', badge: 'rules' },
  { id: 'announcements', label: 'portal.section.announcements', tag: 'pk-announcements', badge: 'announcements' },
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
 * @csspart badge - A tab's badge: unread announcements, rules not yet accepted.
 * (Each section element's parts are re-exported as `<section id>-<part>`, e.g. `pipeline-table`:
 * scripts/manifest.mjs lists them in the manifest.)
 * @cssproperty --pk-portal-badge-background - Background of a tab's badge (default: the primary colour).
 * @cssproperty --pk-portal-badge-color - Text colour of a tab's badge.
 * @cssproperty --pk-portal-padding - Padding inside the portal (default `0`; `2 × --pk-sys-space` with `theme="dark"` or `"auto"`, which paint a surface).
 * @cssproperty --pk-portal-min-height - Height the default portal keeps at least (default: none once its code runs; `100vh` while the script-tag loader is still fetching its code).
 * @event pk-error - A backend call failed (detail: problem object with `kind`).
 */
export class PkPortal extends PkElement {
  static override styles = [hostStyles, stateStyles, portalStyles];

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    theme: { reflect: true },
    messages: { attribute: false },
    fetchSession: { attribute: false },
    backend: { attribute: false },
    section: {},
    unread: { state: true },
    rulesPending: { state: true },
  };

  /**
   * Vendor wording for everything inside, per locale, over `configure({ messages })`:
   * `{ en: { 'portal.section.pipeline': 'Opportunities' } }`. See the README's *Localization*.
   */
  declare messages: MessageOverrides | undefined;
  /** Colour scheme for everything inside: `light` (default), `dark` or `auto` (follows the OS). */
  declare theme: Theme | undefined;
  /** Returns a session token or `{ token, expiresAt }`; alternative to `session-url`. */
  declare fetchSession: FetchSession | undefined;
  /** Replaces the REST backend with any object implementing `PartnerBackend`. */
  declare backend: PartnerBackend | undefined;
  /** Selected section of the default portal (`insights` (default), `pipeline`, …). */
  declare section: string;

  private readonly provider = new ContextProvider(this, { context: portalContext, initialValue: {} });
  private readonly sectionElements = new Map<string, HTMLElement>();
  private readonly childObserver = new MutationObserver(() => this.requestUpdate());

  /** Unread announcements (badge), null when unknown. */
  declare private unread: number | null;
  /** The partner has not accepted the current rules (badge). */
  declare private rulesPending: boolean;
  private unsubscribeLive?: () => void;
  private liveBackend?: PartnerBackend;

  private readonly me = new Task(this, {
    task: ([backend, empty], { signal }) =>
      empty
        ? this.call(backend, async (b) => {
            const me = await b.getMe({ signal });
            this.rulesPending = me.user.role !== 'channel_manager' && !me.rules.acknowledged;
            this.unread = null;
            if (me.user.role !== 'channel_manager') {
              void this.countUnread(b);
              this.watchBadges(b);
            }
            return me;
          })
        : Promise.resolve(null),
    args: () => [this.backendOrError(), this.isEmpty] as const,
  });

  constructor() {
    super();
    this.section = 'insights';
    this.unread = null;
    this.rulesPending = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.childObserver.observe(this, { childList: true });
    this.addEventListener('pk-rules-acknowledged', this.onRulesAcknowledged);
    this.addEventListener('pk-announcement-read', this.onAnnouncementRead);
    this.addEventListener('pk-insights-navigate', this.onInsightsNavigate);
    if (this.liveBackend) this.watchBadges(this.liveBackend, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.childObserver.disconnect();
    this.removeEventListener('pk-rules-acknowledged', this.onRulesAcknowledged);
    this.removeEventListener('pk-announcement-read', this.onAnnouncementRead);
    this.removeEventListener('pk-insights-navigate', this.onInsightsNavigate);
    this.unsubscribeLive?.();
    this.unsubscribeLive = undefined;
  }

  private readonly onRulesAcknowledged = (): void => {
    this.rulesPending = false;
  };

  private readonly onAnnouncementRead = (): void => {
    if (this.unread !== null) this.unread = Math.max(0, this.unread - 1);
  };

  /** A figure of the insights section: open the pipeline section filtered to its deals. */
  private readonly onInsightsNavigate = (event: PkInsightsNavigateEvent): void => {
    const pipeline = SECTIONS.find((s) => s.id === 'pipeline')!;
    if (event.defaultPrevented || !this.isEmpty || !this.sectionsFor(this.me.value).includes(pipeline)) return;
    const el = this.renderSection(pipeline);
    for (const name of ['motion', 'stage', 'status', 'q'] as const) {
      const value = name === 'q' ? undefined : event.detail.filters[name];
      if (value) el.setAttribute(name, value);
      else el.removeAttribute(name);
    }
    this.section = pipeline.id;
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${pipeline.id}`)?.focus());
  };

  private async countUnread(b: PartnerBackend): Promise<void> {
    if (!b.listAnnouncements) return;
    try {
      this.unread = (await b.listAnnouncements({ limit: 1 })).unreadCount;
    } catch {
      this.unread = null; // the badge is a hint; the section shows its own error
    }
  }

  /** Badges follow live events: a new rules version, a new announcement. */
  private watchBadges(b: PartnerBackend, force = false): void {
    if (!force && this.liveBackend === b && this.unsubscribeLive) return;
    this.unsubscribeLive?.();
    this.liveBackend = b;
    this.unsubscribeLive = b.subscribe?.(
      (event) => {
        if (event.type === 'rules.published') this.rulesPending = true;
        else void this.countUnread(b);
      },
      ['rules.published', 'announcement.published'],
    );
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
      messages: this.messages,
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
    return SECTIONS.filter((s) => isAvailable(s.tag) && (!s.roles || (me && s.roles.includes(me.user.role))));
  }

  private onTabKey(event: KeyboardEvent, sections: Section[]): void {
    const index = Math.max(0, sections.findIndex((s) => s.id === this.section));
    const step = this.matches(':dir(rtl)') ? -1 : 1; // arrows follow the reading direction
    const target: Record<string, number> = { ArrowRight: index + step, ArrowLeft: index - step, Home: 0, End: sections.length - 1 };
    if (!(event.key in target)) return;
    event.preventDefault();
    const next = sections[(target[event.key] + sections.length) % sections.length];
    this.section = next.id;
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus());
  }

  private renderHeader(me: Me | null | undefined) {
    if (!me) return nothing;
    return html`<header part="header">
      <span class="who"
        >${this.rich('portal.signedInAs', { name: me.user.name })}${me.partner
          ? html` · ${this.rich('portal.partnerTier', { partner: me.partner.name, tier: this.t(`tier.${me.partner.tier}`) })}`
          : nothing}
        · ${this.t(`role.${me.user.role}`)}</span
      >
    </header>`;
  }

  /**
   * The default portal. While `/v1/me` is on its way it already holds its final shape — a header
   * line, the navigation bar, and the opening section when every role has it (insights), which
   * starts loading its own data at once instead of after `/v1/me` — so nothing moves when it lands.
   */
  private renderDefault() {
    const me = this.me.value;
    if (this.me.status === 3 /* ERROR */) {
      return this.renderError(this.me.error, () => this.me.run(), this.t('portal.error'));
    }
    const loading = !me;
    const sections = this.sectionsFor(me);
    // While /v1/me is on its way, a section only some roles have waits for it; otherwise the first opens.
    const waits = loading && SECTIONS.some((s) => s.id === this.section && s.roles);
    const current = sections.find((s) => s.id === this.section) ?? (waits ? undefined : sections[0]);
    if (!loading && !current) return nothing;
    return html`<div class="shell">
      ${loading
        ? html`<div class="header placeholder" aria-hidden="true"><span class="who">&nbsp;</span></div>`
        : this.renderHeader(me)}
      <nav part="nav" aria-label=${this.t('portal.nav')}>
        ${loading
          ? html`<div class="tabs placeholder" aria-hidden="true"><span class="tab">&nbsp;</span></div>
              <div class="visually-hidden" role="status" aria-busy="true">${this.t('portal.loading')}</div>`
          : html`<div role="tablist" @keydown=${(e: KeyboardEvent) => this.onTabKey(e, sections)}>
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
                  ${this.t(s.label)}${this.renderBadge(s)}
                </button>`,
              )}
            </div>`}
      </nav>
      <section
        id="panel"
        role=${loading ? nothing : 'tabpanel'}
        part="panel"
        aria-labelledby=${current && !loading ? `tab-${current.id}` : nothing}
        >${current ? this.renderSection(current) : nothing}</section
      >
    </div>`;
  }

  private renderBadge(section: Section) {
    if (section.badge === 'rules' && this.rulesPending) {
      return html` <span class="badge" part="badge">${this.t('portal.badge.rules')}</span>`;
    }
    if (section.badge === 'announcements' && this.unread) {
      return html` <span class="badge" part="badge">${this.t('portal.badge.unread', { count: this.unread })}</span>`;
    }
    return nothing;
  }

  private renderSection(section: Section) {
    // Each section is a plain Partnerkit element reading this portal's context like any child;
    // kept across tab switches so nothing the user did there is lost.
    let el = this.sectionElements.get(section.id);
    if (!el) {
      const created = (el = document.createElement(section.tag));
      // Re-export the element's parts (its static `parts`) as `<section id>-<part>`, once it is
      // defined (under the script-tag loader its code may still be on its way).
      const exportParts = () => {
        const parts = (customElements.get(section.tag) as { parts?: readonly string[] } | undefined)?.parts;
        if (parts) created.setAttribute('exportparts', parts.map((p) => `${p}:${section.id}-${p}`).join(', '));
      };
      if (customElements.get(section.tag)) exportParts();
      else customElements.whenDefined(section.tag).then(exportParts);
      this.sectionElements.set(section.id, el);
    }
    return el;
  }

  override render() {
    return this.isEmpty ? this.renderDefault() : html`<slot></slot>`;
  }
}
