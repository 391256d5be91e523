import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { PartnerBackend } from '../../src/api/backend.js';
import { PkApiError } from '../../src/api/errors.js';
import type { ContentEventType, ContentItem, ContentList } from '../../src/contract/content.js';
import type { Me } from '../../src/contract/schemas.js';
import { PkContentEngagedEvent } from '../../src/events/pk-content-engaged.js';
import { formatDate } from '../../src/internal/format.js';
import { newIdempotencyKey } from '../../src/internal/idempotency-key.js';
import { LiveEvents } from '../../src/internal/live-events.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { engagementStyles } from '../../src/styles/engagement.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { contentLibraryStyles } from './content-library.styles.js';
import { Downloads } from './download.js';
import type { EngagementView } from './engagement-report.js';
import { Debounce, PAGE, isFiltered, renderToolbar, toQuery, type Filters, type Layout } from './filters.js';
import type { ContentHost } from './host.js';
import { ItemDetail } from './item-detail.js';
import { renderItems, renderSkeleton, type CardActions } from './library-view.js';
import type { ContentEditor } from './manager-editor.js';
import type { ShareDialog } from './share-dialog.js';

/** Where the chosen layout is remembered (per browser). */
const LAYOUT_KEY = 'partnerkit.content-library.layout';
const SKELETON_CARDS = 6;

interface Loaded {
  me: Me;
  backend: PartnerBackend;
}

const notSupported = (title: string) => new PkApiError('config', { type: 'about:blank', title, status: 0 });

function storedLayout(): Layout | null {
  try {
    const v = globalThis.localStorage?.getItem(LAYOUT_KEY);
    return v === 'grid' || v === 'list' ? v : null;
  } catch {
    return null;
  }
}

/**
 * The enablement content library: plays, case studies, ROI one-pagers, pricing matrices, SOW
 * checklists, demo guides… searchable on the server (debounced, the typed text is kept),
 * filtered by type, motion, industry and use case (with counts), sorted, in a grid or a list
 * (remembered), paged with *Show more*. An item opens in a dialog with its description and a
 * preview of images and PDFs; it can be downloaded and, when shareable, shared with a prospect
 * through an expiring, revocable link. A locked item is listed with the reason and what unlocks
 * it, and cannot be opened. Views, downloads and shares are recorded and fire
 * `pk-content-engaged`. New items arrive live and are announced politely.
 *
 * A channel manager publishes, edits and unpublishes items (file upload or link, gate, shareable
 * flag) and sees the engagement per item and per partner org, and which partners never opened
 * the key assets of a motion.
 *
 * @tag pk-content-library
 * @summary Searchable, filterable enablement content with previews, downloads and prospect share links; publishing and engagement for a channel manager.
 * @event {PkContentEngagedEvent} pk-content-engaged - A view, download or share was recorded (detail: `{ contentId, type }`).
 * @event pk-error - A backend call failed (detail: problem object with `kind`).
 * @csspart toolbar - Search, sort and layout switch.
 * @csspart search - The search box.
 * @csspart facets - The filters (type, motion, industry, use case).
 * @csspart clear-button - The button that clears search and filters.
 * @csspart layout-button - A layout button (grid, list).
 * @csspart items - The list of items.
 * @csspart item - One item (a card in the grid, a row in the list).
 * @csspart title - An item's title.
 * @csspart description - An item's description (sanitized rich text).
 * @csspart key-asset - The "key asset" tag.
 * @csspart locked - The "locked" tag of a locked item.
 * @csspart lock-reason - Why an item is locked and what unlocks it.
 * @csspart open-button - An item's open button.
 * @csspart download-button - A download button.
 * @csspart link - The link of a link item.
 * @csspart share-button - A share button.
 * @csspart more-button - The *Show more* button.
 * @csspart detail - The dialog showing one item.
 * @csspart preview - The preview of an image or PDF.
 * @csspart close-button - A dialog's close button.
 * @csspart share-dialog - The dialog creating prospect share links.
 * @csspart create-link-button - The button creating a share link.
 * @csspart share-link - The created link with its copy button and expiry.
 * @csspart copy-button - The copy-to-clipboard button.
 * @csspart revoke-button - A share link's revoke button.
 * @csspart tabs - The channel manager's switch between library and engagement.
 * @csspart new-button - The channel manager's *New item* button.
 * @csspart edit-button - An item's edit button (channel manager).
 * @csspart editor - The channel manager's editor.
 * @csspart editor-preview - The editor's live description preview.
 * @csspart save-button - The editor's save button.
 * @csspart engagement - The engagement view (channel manager).
 * @csspart engagement-table - The engagement table.
 * @csspart never-opened - Partners who never opened the key assets.
 * @csspart empty - The empty and no-match states.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 * @cssproperty --pk-content-library-min-height - Height the element keeps at least (default `24rem`), so the page does not move when the content arrives.
 * @cssproperty --pk-content-library-card-min-width - Narrowest card of the grid (default `16rem`).
 * @cssproperty --pk-content-library-locked-color - Accent of a locked item (default: the warning colour).
 */
export class PkContentLibrary extends PkElement {
  static override styles = [hostStyles, stateStyles, engagementStyles, contentLibraryStyles];

  static readonly parts = [
    'toolbar', 'search', 'facets', 'clear-button', 'layout-button', 'items', 'item', 'title', 'description', 'key-asset', 'locked', 'lock-reason',
    'open-button', 'download-button', 'link', 'share-button', 'more-button', 'detail', 'preview', 'close-button', 'share-dialog', 'create-link-button',
    'share-link', 'copy-button', 'revoke-button', 'tabs', 'new-button', 'edit-button', 'editor', 'editor-preview', 'save-button', 'engagement',
    'engagement-table', 'never-opened', 'empty', 'error', 'retry-button',
  ] as const;

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    layout: { reflect: true },
    typed: { state: true },
    filters: { state: true },
    items: { state: true },
    nextCursor: { state: true },
    moreState: { state: true },
    notice: { state: true },
    tab: { state: true },
  };

  /** `grid` (default) or `list`; the reader's choice is remembered in this browser. */
  declare layout: Layout;
  declare private typed: string;
  declare private filters: Filters;
  /** The loaded items (first page, more pages, live arrivals). */
  declare private items: ContentItem[];
  declare private nextCursor: string | null;
  declare private moreState: 'idle' | 'loading' | 'failed';
  declare private notice: string;
  declare private tab: 'library' | 'engagement';

  private facets: ContentList['facets'] | null = null;
  private total: number | null = null;
  private pendingFocus: string | null = null;
  private readonly search = new Debounce(300);
  private readonly view: ContentHost = this.makeHost();
  private readonly downloads = new Downloads(this.view);
  private readonly detail = new ItemDetail(this.view, {
    download: (item) => void this.downloads.run(item),
    share: (item, opener) => void this.openShare(item, opener),
    downloading: (item) => this.downloads.busy.has(item.id),
    canShare: (item) => item.shareable && !this.isManager(),
  });
  /** The share dialog, loaded on the first share. */
  private share: ShareDialog | null = null;
  /** The channel manager's editor and engagement report (loaded for a channel manager only). */
  private editor: ContentEditor | null = null;
  private engagement: EngagementView | null = null;

  private readonly main = new Task(this, {
    task: ([backend], { signal }) =>
      this.call(backend, async (b): Promise<Loaded> => {
        if (!b.listContent || !b.downloadContent || !b.recordContentEvent) throw notSupported(this.t('content.notSupported'));
        const me = await b.getMe({ signal });
        if (me.user.role === 'channel_manager' && !this.editor) {
          const { ContentEditor, EngagementView } = await import('./manager.js');
          this.editor ??= new ContentEditor(this.view, (item, created) => this.onSaved(item, created));
          this.engagement ??= new EngagementView(this.view);
        }
        return { me, backend: b };
      }),
    args: () => [this.backendOrError()] as const,
  });

  private readonly list = new Task(this, {
    task: async ([ctx, key], { signal }) => {
      if (!ctx) return null;
      const page = await this.call(ctx.backend, (b) => b.listContent!(JSON.parse(key), { signal }));
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.facets = page.facets;
      this.total = page.total;
      this.moreState = 'idle';
      return page;
    },
    args: () => [this.main.value ?? null, JSON.stringify(toQuery(this.filters))] as const,
  });

  private readonly live = new LiveEvents(this, ['content.published'], () => this.main.value?.backend ?? null, () => void this.onPublished());

  constructor() {
    super();
    this.layout = 'grid';
    this.typed = '';
    this.filters = { q: '' };
    this.items = [];
    this.nextCursor = null;
    this.moreState = 'idle';
    this.notice = '';
    this.tab = 'library';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const stored = storedLayout();
    if (stored && !this.hasAttribute('layout')) this.layout = stored;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.search.cancel();
  }

  /** Reloads the library (keeps the search and filters). */
  refresh(): void {
    void this.main.run();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.pendingFocus) {
      const el = this.renderRoot.querySelector<HTMLElement>(`#${this.pendingFocus}`);
      if (el) {
        this.pendingFocus = null;
        el.focus();
      }
    }
  }

  // ─── the parts' view of this element ────────────────────────────────────────────────────────

  private makeHost(): ContentHost {
    const el = this;
    return {
      addController: (c) => this.addController(c),
      removeController: (c) => this.removeController(c),
      requestUpdate: () => this.requestUpdate(),
      get updateComplete() {
        return el.updateComplete;
      },
      get renderRoot() {
        return el.renderRoot;
      },
      get locale() {
        return el.i18n.locale;
      },
      t: (key, values) => this.t(key, values),
      rich: (key, values) => this.rich(key, values),
      fieldMessage: (error) => this.fieldMessage(error),
      renderError: (error, retry, what) => this.renderError(error, retry, what),
      when: (iso) => html`<time datetime=${iso}>${formatDate(this.i18n.locale, iso)}</time>`,
      call: (fn) => this.call(this.main.value?.backend ?? this.backendOrError(), fn),
      engaged: (item, type, record) => this.engaged(item, type, record),
      announce: (text) => (this.notice = text),
      focusLater: (id) => {
        this.pendingFocus = id;
        this.requestUpdate();
      },
    };
  }

  private async openShare(item: ContentItem, opener: string): Promise<void> {
    if (!this.share) {
      const { ShareDialog } = await import('./share-dialog.js');
      this.share ??= new ShareDialog(this.view);
    }
    this.share.open(item, opener);
  }

  private isManager(): boolean {
    return this.main.value?.me.user.role === 'channel_manager';
  }

  /** Records the engagement (unless the backend did it already) and fires `pk-content-engaged` once it is recorded. */
  private async engaged(item: ContentItem, type: ContentEventType, record = true): Promise<void> {
    if (this.isManager()) return; // a channel manager's own looks are not partner engagement
    try {
      if (record) await this.call(this.main.value?.backend ?? this.backendOrError(), (b) => b.recordContentEvent!(item.id, type, { idempotencyKey: newIdempotencyKey() }));
      this.dispatchEvent(new PkContentEngagedEvent({ contentId: item.id, type }));
    } catch {
      /* pk-error fired; the partner's action itself went ahead */
    }
  }

  // ─── search, filters, layout ────────────────────────────────────────────────────────────────

  private setFilters(patch: Partial<Filters>): void {
    this.filters = { ...this.filters, ...patch };
  }

  private onType(text: string): void {
    this.typed = text;
    this.search.run(() => this.setFilters({ q: this.typed }));
  }

  private clearFilters(): void {
    this.search.cancel();
    this.typed = '';
    this.filters = { q: '', sort: this.filters.sort };
    this.view.focusLater('c-search');
  }

  private setLayout(layout: Layout): void {
    this.layout = layout;
    try {
      globalThis.localStorage?.setItem(LAYOUT_KEY, layout);
    } catch {
      /* storage refused: the choice lasts for this page */
    }
  }

  // ─── paging and live arrivals ───────────────────────────────────────────────────────────────

  private async more(): Promise<void> {
    const ctx = this.main.value;
    if (!ctx || !this.nextCursor || this.moreState === 'loading') return;
    this.moreState = 'loading';
    const firstNew = this.items.length;
    try {
      const page = await this.call(ctx.backend, (b) => b.listContent!({ ...toQuery(this.filters), cursor: this.nextCursor! }));
      const known = new Set(this.items.map((i) => i.id));
      this.items = [...this.items, ...page.items.filter((i) => !known.has(i.id))];
      this.nextCursor = page.nextCursor;
      this.moreState = 'idle';
      // The keyboard carries on at the first new item.
      const next = this.items[firstNew];
      if (next) this.view.focusLater(`open-${next.id.replace(/[^A-Za-z0-9_-]/g, '_')}`);
    } catch {
      this.moreState = 'failed';
    }
  }

  /** New items: the first page is read again quietly; what is loaded, focused and scrolled stays. */
  private async onPublished(): Promise<void> {
    const ctx = this.main.value;
    if (!ctx || this.list.status !== TaskStatus.COMPLETE) return;
    try {
      const first = await ctx.backend.listContent!(toQuery(this.filters));
      const known = new Set(this.items.map((i) => i.id));
      const fresh = new Map(first.items.map((i) => [i.id, i]));
      const added = first.items.filter((i) => !known.has(i.id));
      this.items = [...added, ...this.items.map((i) => fresh.get(i.id) ?? i)];
      this.facets = first.facets;
      this.total = first.total;
      for (const i of this.items) this.detail.replace(i);
      if (added.length && !this.isManager()) this.notice = this.t('content.arrived', { count: added.length });
      else this.requestUpdate();
    } catch {
      /* the next event or a reload tries again */
    }
  }

  // ─── channel manager ────────────────────────────────────────────────────────────────────────

  private onSaved(item: ContentItem, created: boolean): void {
    this.items = created ? [item, ...this.items.filter((i) => i.id !== item.id)] : this.items.map((i) => (i.id === item.id ? item : i));
    if (created && this.total !== null) this.total += 1;
    this.notice = this.t(created ? 'content.published' : 'content.saved', { title: item.title });
  }

  private async setPublished(item: ContentItem, published: boolean): Promise<void> {
    try {
      const updated = await this.call(this.main.value?.backend ?? this.backendOrError(), (b) => b.updateContent!(item.id, { published }));
      this.items = this.items.map((i) => (i.id === updated.id ? updated : i));
      this.notice = this.t(published ? 'content.republished.ok' : 'content.unpublished.ok', { title: item.title });
    } catch {
      this.notice = this.t('content.statusFailed');
    }
  }

  private showTab(tab: 'library' | 'engagement'): void {
    this.tab = tab;
    if (tab === 'engagement') this.engagement?.show();
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────────

  private cardActions(manager: boolean): CardActions {
    return {
      open: (item, opener) => this.detail.open(item, opener),
      download: (item) => void this.downloads.run(item),
      share: (item, opener) => void this.openShare(item, opener),
      ...(manager
        ? {
            edit: (item: ContentItem, opener: string) => this.editor?.open(item, opener),
            setPublished: (item: ContentItem, published: boolean) => void this.setPublished(item, published),
            engagement: (item: ContentItem) => {
              this.tab = 'engagement';
              this.engagement?.forItem({ id: item.id, title: item.title });
              this.view.focusLater('eng-all');
            },
          }
        : {}),
    };
  }

  private renderResults(manager: boolean): TemplateResult {
    const pending = this.list.status !== TaskStatus.COMPLETE;
    if (this.list.status === TaskStatus.ERROR) {
      return this.renderError(this.list.error, () => void this.list.run(), this.t('content.error'));
    }
    if (pending) {
      return html`<div class="results" aria-busy="true">
        <p class="visually-hidden" role="status">${this.t('content.loading')}</p>
        ${renderSkeleton(this.layout, Math.min(Math.max(this.items.length, SKELETON_CARDS), PAGE))}
      </div>`;
    }
    if (this.items.length === 0) {
      const filtered = isFiltered(this.filters);
      return html`<div class="empty" part="empty">
        <p>${this.t(filtered ? 'content.noMatch' : manager ? 'content.empty.manager' : 'content.empty')}</p>
        ${filtered ? html`<button type="button" part="clear-button" @click=${() => this.clearFilters()}>${this.t('content.clear')}</button>` : nothing}
      </div>`;
    }
    return html`<div class="results" aria-busy="false">
      ${renderItems(this.view, this.items, this.layout, { manager, downloading: this.downloads.busy, failed: this.downloads.failed }, this.cardActions(manager))}
      ${this.nextCursor
        ? html`<div class="actions more">
            <button type="button" part="more-button" aria-disabled=${this.moreState === 'loading' ? 'true' : 'false'} @click=${() => void this.more()}>
              ${this.t(this.moreState === 'loading' ? 'content.moreLoading' : 'content.more')}
            </button>
            ${this.moreState === 'failed' ? html`<span class="field-error" role="alert">${this.t('content.moreFailed')}</span>` : nothing}
          </div>`
        : nothing}
    </div>`;
  }

  private renderLibrary(manager: boolean): TemplateResult {
    if (this.editor?.editing) return this.editor.render() as TemplateResult;
    return html`${manager
        ? html`<div class="actions manager-bar"><button type="button" id="c-new" class="primary" part="new-button" @click=${() => this.editor?.open('new', 'c-new')}>${this.t('content.new')}</button></div>`
        : nothing}
      ${renderToolbar(
        this.view,
        { typed: this.typed, filters: this.filters, layout: this.layout, facets: this.facets, total: this.total, busy: this.list.status !== TaskStatus.COMPLETE },
        {
          type: (text) => this.onType(text),
          submit: () => this.search.flush(),
          filter: (patch) => this.setFilters(patch),
          clear: () => this.clearFilters(),
          layout: (layout) => this.setLayout(layout),
        },
      )}
      ${this.renderResults(manager)}`;
  }

  private renderLoaded(ctx: Loaded): TemplateResult {
    const manager = ctx.me.user.role === 'channel_manager';
    return html`<p class="visually-hidden status-line" role="status">${this.notice}</p>
      <div class="heading">
        <h2 id="c-heading">${this.t('content.heading')}</h2>
        ${manager
          ? html`<div class="tabs" part="tabs" role="group" aria-labelledby="c-heading">
              ${(['library', 'engagement'] as const).map(
                (tab) => html`<button type="button" aria-pressed=${this.tab === tab ? 'true' : 'false'} @click=${() => this.showTab(tab)}>${this.t(`content.tab.${tab}`)}</button>`,
              )}
            </div>`
          : nothing}
      </div>
      ${manager && this.tab === 'engagement' && this.engagement ? this.engagement.render() : this.renderLibrary(manager)}
      ${this.detail.render()} ${this.share?.render() ?? nothing}`;
  }

  override render() {
    return this.main.render({
      initial: () => this.renderPending(),
      pending: () => this.renderPending(),
      complete: (ctx) => this.renderLoaded(ctx),
      error: (error) => this.renderError(error, () => this.refresh(), this.t('content.error')),
    });
  }

  private renderPending(): TemplateResult {
    return html`<div class="pending" role="status" aria-busy="true">
      <p class="visually-hidden">${this.t('content.loading')}</p>
      <div class="heading" aria-hidden="true"><span class="bar heading-bar"></span></div>
      <div class="toolbar-placeholder" aria-hidden="true"></div>
      ${renderSkeleton(this.layout, SKELETON_CARDS)}
    </div>`;
  }
}
