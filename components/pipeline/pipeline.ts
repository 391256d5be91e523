import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { PartnerBackend } from '../../src/api/backend.js';
import { PkApiError } from '../../src/api/errors.js';
import type { PkStreamEvent } from '../../src/api/event-stream.js';
import { DEAL_STATUSES, MOTIONS, isStageOf, stagesOf, type DealSort, type Motion, type Stage } from '../../src/contract/motions.js';
import type { DealPatchInput } from '../../src/contract/pipeline.js';
import { DealSchema, type Deal, type DealQuery } from '../../src/contract/schemas.js';
import { draftKey, draftOwner } from '../../src/drafts/draft-store.js';
import { PkDealUpdatedEvent } from '../../src/events/pk-deal-updated.js';
import type { PlainValues, RichValues } from '../../src/i18n/translator.js';
import type { MessageKey } from '../../src/i18n/types.js';
import { LiveEvents } from '../../src/internal/live-events.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import type { DealBoard } from './board.js';
import type { DealPanel } from './deal-panel.js';
import { DealWindow } from './deal-window.js';
import type { WriteResult } from './deal-writes.js';
import type { PipelineHost } from './host.js';
import { pipelineStyles } from './pipeline.styles.js';
import { warmFormats, whenIdle } from './cells.js';
import { COLUMNS, DealGrid } from './table.js';
import { OPTIONAL_COLUMNS, loadView, saveView, viewFromUrl, writeViewToUrl, type OptionalColumn, type PipelineView } from './views.js';

/** Placeholder rows of the loading state: as many as the scroller shows. */
const SKELETON_ROWS = 8;

/**
 * The parts loaded on first use (their own chunks): the board, the deal panel, and the deal
 * writes they make (fetched with either, so a write never waits for it).
 */
const loadWrites = () => import('./deal-writes.js');
const loadBoard = () => (void loadWrites(), import('./board.js'));
const loadPanel = () => (void loadWrites(), import('./deal-panel.js'));

/**
 * The shared pipeline: the caller's visible deals with safe fields only (a channel manager
 * sees every partner's deals, with a partner column and vendor fields).
 *
 * The table is one scrollable list over the whole filtered pipeline (virtualized rows, read by
 * keyset pages as they come into view); the board has a lane per stage with the true count and
 * amounts from the server and a closed area. A row or card opens the deal panel: next step, stage
 * note, contacts, protection, history, and stage moves under the exit criteria.
 *
 * @tag pk-pipeline
 * @summary Shared pipeline: virtualized table, board, deal panel with stage moves, export.
 * @event pk-error - Loading deals failed (detail: problem object with `kind`).
 * @event {PkDealUpdatedEvent} pk-deal-updated - The user moved a deal or edited it, and the server accepted (detail: the deal).
 * @csspart filters - The filter bar.
 * @csspart search - The search input.
 * @csspart table - The deals grid.
 * @csspart row - One deal row.
 * @csspart status - A registration status badge.
 * @csspart board - The board view.
 * @csspart lane - A stage lane of the board.
 * @csspart card - A deal card on the board.
 * @csspart closed - The board's closed area (declined, lost, expired).
 * @csspart panel - The deal panel.
 * @csspart export-button - The CSV export button.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 * @csspart empty - The empty state.
 * @cssproperty --pk-pipeline-row-hover - Row background on hover.
 * @cssproperty --pk-pipeline-header-background - Table header background.
 * @cssproperty [--pk-pipeline-height=36rem] - Height of the scrolling list and of the board's lanes.
 * @cssproperty --pk-pipeline-min-height - Height the element keeps at least (default: none once its code runs, when the loading state already has its final size; `100vh` while the script-tag loader is still fetching its code).
 */
export class PkPipeline extends PkElement {
  static override styles = [hostStyles, stateStyles, pipelineStyles];

  /** Every `part` this element renders (the default portal re-exports them as `pipeline-*`). */
  static readonly parts = [
    'filters', 'search', 'table', 'row', 'status', 'board', 'lane', 'card', 'closed', 'panel', 'export-button', 'empty', 'error', 'retry-button',
  ] as const;

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    view: { reflect: true },
    motion: {},
    stage: {},
    status: {},
    q: {},
    sort: {},
    pageSize: { attribute: 'page-size', type: Number },
    hideFilters: { attribute: 'hide-filters', type: Boolean },
    syncUrl: { attribute: 'sync-url', type: Boolean },
    hiddenColumns: { state: true, attribute: false },
    filtersOpen: { state: true, attribute: false },
    selectedId: { state: true, attribute: false },
    exporting: { state: true, attribute: false },
  };

  /** `table` (default) or `board` (lanes per stage, cards per deal). */
  declare view: 'table' | 'board' | undefined;
  /** Only deals of this motion (`referral`, `reseller`, `marketplace`, `services`, `tech`). */
  declare motion: DealQuery['motion'];
  /** Only deals in this stage (a stage slug, e.g. `qualification`). */
  declare stage: DealQuery['stage'];
  /** Only deals with this registration status. */
  declare status: DealQuery['status'];
  /** Free-text search over customer, domain and next step. */
  declare q: string | undefined;
  /** Sort key; prefix `-` for descending (default `-lastActivityAt`). */
  declare sort: DealSort | undefined;
  /** Deals per keyset page read as the user scrolls, 1–100 (default 50). */
  declare pageSize: number;
  /** Hides the filter bar (the filter attributes still apply). */
  declare hideFilters: boolean;
  /** Reflects filters, sort, view and columns in the page URL (`?pk-motion=…`), and reads them from it. */
  declare syncUrl: boolean;
  /** Columns the user hid. */
  declare private hiddenColumns: OptionalColumn[];
  declare private filtersOpen: boolean;
  /** The selected deal (last opened or moved to with the keyboard); survives reloads and live updates. */
  declare private selectedId: string | undefined;
  declare private exporting: 'busy' | 'failed' | undefined;

  private searchTimer?: ReturnType<typeof setTimeout>;
  private readonly window = new DealWindow(
    () => Promise.reject(new Error('not started')),
    () => {
      // After a reload the selected deal may sit in another slot: the active row follows it.
      if (this.window.swaps !== this.seenSwaps) {
        this.seenSwaps = this.window.swaps;
        this.followSelection();
      }
      this.requestUpdate();
    },
  );
  private seenSwaps = 0;
  private readonly grid = new DealGrid(this, this.window);
  private windowKey?: string;
  private windowBackend?: unknown;
  /** The board, once its chunk has loaded. */
  private board?: DealBoard;
  private boardLoading?: Promise<void>;
  /** The open deal panel, once its chunk has loaded. */
  private panel?: DealPanel;
  private viewsAppliedFor?: string;

  private readonly me = new Task(this, {
    // Who is looking decides the columns; a failure here is reported by the deals task anyway.
    task: ([backend], { signal }) => (typeof backend === 'object' && 'getMe' in backend ? backend.getMe({ signal }).catch(() => null) : null),
    args: () => [this.backendOrError()] as const,
  });

  /**
   * Deal events update rows, cards and the open panel in place. The subscription (and with it the
   * live-event stream's code, 1.6 KB) starts once the first page of deals has settled (or the
   * board is shown), not while that page is still on its way: the first rows wait for nothing else.
   */
  private liveReady = false;
  private readonly live = new LiveEvents(
    this,
    ['deal.created', 'deal.updated', 'deal.decided'],
    () => ((this.liveReady ||= this.currentView === 'board' || this.window.total >= 0 || this.window.error != null) ? this.backendOrError() : null),
    (events) => this.onLive(events),
  );

  constructor() {
    super();
    this.pageSize = 50;
    this.hideFilters = false;
    this.syncUrl = false;
    this.hiddenColumns = [];
    this.filtersOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.syncUrl) this.applyView(viewFromUrl());
    whenIdle(() => warmFormats(this.config.locale));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
    this.window.stop();
  }

  /** `page-size` clamped to what the API accepts (1–100). */
  private get limit(): number {
    return Math.min(100, Math.max(1, Math.trunc(Number(this.pageSize)) || 50));
  }

  private get currentView(): 'table' | 'board' {
    return this.view === 'board' ? 'board' : 'table';
  }

  /** The list query of the current filters and sort. */
  private get query(): DealQuery {
    const motion = this.motion && MOTIONS.includes(this.motion) ? this.motion : undefined;
    return {
      motion,
      stage: this.stage || undefined,
      status: this.status || undefined,
      q: this.q?.trim() || undefined,
      sort: this.sort || undefined,
    };
  }

  /** Sets what a saved or linked view says, for what the page did not set itself. */
  private applyView(view: PipelineView): void {
    this.motion ??= view.motion;
    this.stage ??= view.stage;
    this.status ??= view.status;
    this.q ??= view.q;
    this.sort ??= view.sort;
    this.view ??= view.view;
    if (view.hidden && !this.hiddenColumns.length) this.hiddenColumns = view.hidden;
  }

  private get savedView(): PipelineView {
    const { motion, stage, status, q, sort } = this.query;
    return { motion, stage, status, q, sort, view: this.view, hidden: this.hiddenColumns.length ? this.hiddenColumns : undefined };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const me = this.me.value;
    if (me && this.viewsAppliedFor !== me.user.id) {
      this.viewsAppliedFor = me.user.id;
      this.applyView(loadView(me.user.id));
    }
    if (this.currentView === 'table') this.syncWindow();
    else void this.ensureBoard();
    if (changed.size && this.viewsAppliedFor) saveView(this.viewsAppliedFor, this.savedView);
    if (this.syncUrl && changed.size) writeViewToUrl(this.savedView);
  }

  /** Starts the table's list over when the filters, sort or backend changed. */
  private syncWindow(): void {
    const backend = this.backendOrError();
    const key = JSON.stringify([this.query, this.limit]);
    if (key === this.windowKey && backend === this.windowBackend) return;
    this.windowKey = key;
    this.windowBackend = backend;
    const query = this.query;
    const limit = this.limit;
    this.grid.setActiveRow(0);
    this.window.reset((cursor, signal) => this.call(backend, (b) => b.listDeals({ ...query, limit, cursor }, { signal })));
  }

  private ensureBoard(): Promise<void> {
    this.boardLoading ??= loadBoard().then(({ DealBoard }) => {
      this.board = new DealBoard(this.pipelineHost);
      this.requestUpdate();
    });
    return this.boardLoading;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.currentView === 'table') this.grid.updated(this.renderRoot as unknown as ShadowRoot);
    else this.board?.sync(this.query);
  }

  /** Reloads the deals, keeping the rows and the user's place on screen meanwhile. */
  refresh(): void {
    if (this.currentView === 'board') this.board?.refresh();
    else if (this.window.total < 0) {
      this.windowKey = undefined;
      this.requestUpdate();
    } else this.reloadKeepingPlace();
  }

  private reloadKeepingPlace(): void {
    this.window.reload(this.grid.range.last + 40);
  }

  /** Re-finds the selected deal after a reload, so selection and focus stay on it. */
  private followSelection(): void {
    if (!this.selectedId) return;
    const i = this.window.indexOf(this.selectedId);
    if (i >= 0 && i !== this.grid.row) this.grid.setActiveRow(i, this.matches(':focus-within'));
  }

  private onLive(events: PkStreamEvent[]): void {
    let reload = false;
    for (const event of events) {
      const parsed = DealSchema.safeParse(event.data);
      // Keep every field the server sent (a channel manager's vendor fields too).
      const deal = parsed.success ? ({ ...(event.data as object), ...parsed.data } as Deal) : null;
      if (event.type === 'deal.created' || !deal) reload = true;
      else if (this.window.patch(deal) < 0 && this.currentView === 'table') reload = true;
      if (deal) {
        this.board?.patch(deal);
        this.panel?.receive(deal);
      }
    }
    if (reload && this.currentView === 'table') this.reloadKeepingPlace();
    if (this.currentView === 'board') this.board?.refreshSummary();
  }

  /** The element as the board and panel see it. */
  private readonly pipelineHost: PipelineHost = (() => {
    const el = this;
    return {
      t: (key: MessageKey, values?: PlainValues) => el.t(key, values),
      rich: (key: MessageKey, values?: RichValues) => el.rich(key, values),
      get locale() {
        return el.config.locale;
      },
      get renderRoot() {
        return el.renderRoot;
      },
      requestUpdate: () => el.requestUpdate(),
      backend: () => {
        const b = el.backendOrError();
        return b instanceof PkApiError ? null : b;
      },
      call: <T,>(fn: (b: PartnerBackend) => Promise<T>) => el.call(el.backendOrError(), fn),
      get isManager() {
        return el.me.value?.user.role === 'channel_manager';
      },
      openDeal: (deal: Deal, returnFocus: () => void) => void el.openDeal(deal, returnFocus),
      renderError: (error: unknown, retry: () => void, what: string) => el.renderError(error, retry, what),
      writeDeal: (deal: Deal, patch: Omit<DealPatchInput, 'version'>) => el.writeDeal(deal, patch),
      moveDeal: (deal: Deal, stage: Stage) => el.writeDeal(deal, { stage }),
      draftKey: (dealId: string) => {
        const me = el.me.value;
        return me ? draftKey(`pipeline-deal:${dealId}`, draftOwner(el.config.apiUrl, me)) : null;
      },
    };
  })();

  /** Shows a deal everywhere it appears (table, board, panel). */
  private applyDeal(deal: Deal): void {
    this.window.patch(deal);
    this.board?.patch(deal);
    this.panel?.show(deal);
    this.requestUpdate();
  }

  private async writeDeal(deal: Deal, patch: Omit<DealPatchInput, 'version'>): Promise<WriteResult> {
    const backend = this.backendOrError();
    if (backend instanceof PkApiError) throw backend;
    const { writeDeal } = await loadWrites();
    const result = await writeDeal(backend, deal, patch, (d) => this.applyDeal(d));
    if (result.ok) this.dispatchEvent(new PkDealUpdatedEvent(result.deal));
    if (patch.stage && this.currentView === 'board') this.board?.refreshSummary();
    return result;
  }

  private async openDeal(deal: Deal, returnFocus: () => void): Promise<void> {
    this.selectedId = deal.id;
    const { DealPanel } = await loadPanel();
    this.panel ??= new DealPanel(this.pipelineHost, () => {
      this.requestUpdate();
      void this.updateComplete.then(returnFocus);
    });
    this.panel.open(deal);
    this.requestUpdate();
  }

  private onSearchInput(event: InputEvent): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => (this.q = value), 300);
  }

  private onMotionChange(event: Event): void {
    const motion = ((event.target as HTMLSelectElement).value || undefined) as Motion | undefined;
    this.motion = motion;
    if (this.stage && (!motion || !isStageOf(motion, this.stage))) this.stage = undefined;
  }

  private onSelect(key: 'stage' | 'status', event: Event): void {
    const value = (event.target as HTMLSelectElement).value || undefined;
    (this as Record<typeof key, unknown>)[key] = value;
  }

  private toggleColumn(column: OptionalColumn, shown: boolean): void {
    this.hiddenColumns = shown ? this.hiddenColumns.filter((c) => c !== column) : [...this.hiddenColumns, column];
  }

  private async exportCsv(): Promise<void> {
    this.exporting = 'busy';
    try {
      const { motion, stage, status, q, sort } = this.query;
      const blob = await this.call(this.backendOrError(), (b) => b.exportDeals!({ motion, stage, status, q, sort }));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = this.t('pipeline.export.filename', { date: new Date().toISOString().slice(0, 10) });
      a.hidden = true;
      this.renderRoot.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.exporting = undefined;
    } catch {
      this.exporting = 'failed';
    }
  }

  private get columns() {
    const manager = this.me.value?.user.role === 'channel_manager';
    return COLUMNS.filter((c) => (c.id === 'partner' ? manager : !this.hiddenColumns.includes(c.id as OptionalColumn)));
  }

  /** The words the table and cells use. */
  private get words() {
    return this.pipelineHost;
  }

  /**
   * The filter bar. Search and the view switch are always visible; in a narrow container the
   * motion, stage and status selects fold behind a "Filters" disclosure so the first deal stays
   * above the fold on a phone (in a wide one the disclosure button is hidden and they always show).
   */
  private renderFilters() {
    if (this.hideFilters) return nothing;
    const { motion } = this.query;
    const active = [motion, this.stage, this.status].filter(Boolean).length;
    const backend = this.backendOrError();
    const canExport = !(backend instanceof PkApiError) && typeof backend.exportDeals === 'function';
    return html`<div class="filters" part="filters" role="search" aria-label=${this.t('pipeline.filters')} ?data-open=${this.filtersOpen}>
      <label class="search"
        >${this.t('pipeline.filter.search')}
        <input type="search" part="search" .value=${this.q ?? ''} placeholder=${this.t('pipeline.filter.search.placeholder')} @input=${this.onSearchInput}
      /></label>
      <button
        type="button"
        class="filters-toggle"
        aria-expanded=${this.filtersOpen ? 'true' : 'false'}
        aria-controls="filter-fields"
        @click=${() => (this.filtersOpen = !this.filtersOpen)}
      >
        ${this.t('pipeline.filter.toggle', { active })}
      </button>
      <div class="filter-fields" id="filter-fields">
        <label
          >${this.t('pipeline.filter.motion')}
          <select @change=${this.onMotionChange}>
            <option value="" ?selected=${!motion}>${this.t('pipeline.filter.motion.all')}</option>
            ${MOTIONS.map((m) => html`<option value=${m} ?selected=${m === motion}>${this.t(`motion.${m}`)}</option>`)}
          </select></label
        >
        <label
          >${this.t('pipeline.filter.stage')}
          <select ?disabled=${!motion} @change=${(e: Event) => this.onSelect('stage', e)}>
            <option value="" ?selected=${!this.stage}>${this.t(motion ? 'pipeline.filter.stage.all' : 'pipeline.filter.stage.pickMotion')}</option>
            ${motion ? stagesOf(motion).map((slug) => html`<option value=${slug} ?selected=${slug === this.stage}>${this.t(`stage.${slug}`)}</option>`) : nothing}
          </select></label
        >
        <label
          >${this.t('pipeline.filter.status')}
          <select @change=${(e: Event) => this.onSelect('status', e)}>
            <option value="" ?selected=${!this.status}>${this.t('pipeline.filter.status.any')}</option>
            ${DEAL_STATUSES.map((st) => html`<option value=${st} ?selected=${st === this.status}>${this.t(`status.${st}`)}</option>`)}
          </select></label
        >
      </div>
      <div class="actions">
        ${this.currentView === 'table'
          ? html`<details class="columns">
              <summary>${this.t('pipeline.columns')}</summary>
              <fieldset>
                <legend class="visually-hidden">${this.t('pipeline.columns')}</legend>
                ${OPTIONAL_COLUMNS.map(
                  (c) => html`<label
                    ><input
                      type="checkbox"
                      .checked=${!this.hiddenColumns.includes(c)}
                      @change=${(e: Event) => this.toggleColumn(c, (e.target as HTMLInputElement).checked)}
                    />
                    ${this.t(COLUMNS.find((col) => col.id === c)!.label)}</label
                  >`,
                )}
              </fieldset>
            </details>`
          : nothing}
        ${canExport
          ? html`<button type="button" part="export-button" class="export" ?disabled=${this.exporting === 'busy'} @click=${this.exportCsv}>
              ${this.t(this.exporting === 'busy' ? 'pipeline.export.busy' : 'pipeline.export')}
            </button>`
          : nothing}
        <div class="view-toggle" role="group" aria-label=${this.t('pipeline.view')}>
          <button type="button" aria-pressed=${this.currentView === 'table' ? 'true' : 'false'} @click=${() => (this.view = 'table')}>${this.t('pipeline.view.table')}</button>
          <button type="button" aria-pressed=${this.currentView === 'board' ? 'true' : 'false'} @click=${() => (this.view = 'board')}>${this.t('pipeline.view.board')}</button>
        </div>
      </div>
      ${this.exporting === 'failed' ? html`<p class="export-error" role="alert">${this.t('pipeline.export.error')}</p>` : nothing}
    </div>`;
  }

  /**
   * The loading state: the frame of the final table (its header, placeholder rows filling the
   * scroller, the status line), so the element holds its final size from its first frame.
   */
  private renderSkeleton() {
    const columns = this.columns;
    const row = html`<div class="row placeholder">
      ${columns.map(
        (c) => html`<div class="cell c-${c.id} ${c.num ? 'num' : ''}" data-label=${this.t(c.label)}>
          <span class="value"><span class="bar"></span><span class="bar short sub"></span></span>
        </div>`,
      )}
    </div>`;
    return html`<div class="frame">
      <div class="scroller" aria-hidden="true">
        <div class="grid skeleton">
          <div class="header-row">
            ${columns.map((c) => html`<div class="cell c-${c.id} ${c.num ? 'num' : ''}">${this.t(c.label)}${c.sub ? html`<span class="sub">${this.t(c.sub)}</span>` : nothing}</div>`)}
          </div>
          <div class="rows">${Array.from({ length: SKELETON_ROWS }, () => row)}</div>
        </div>
      </div>
      <div class="statusbar"><span class="loading" role="status" aria-busy="true">${this.t('pipeline.loading')}</span></div>
    </div>`;
  }

  private renderTable() {
    const w = this.window;
    // Nothing loaded yet, or the session ended: the standard error state (signed out said once).
    if (w.error && (w.total < 0 || PkApiError.from(w.error).kind === 'auth')) return this.renderError(w.error, () => this.refresh(), this.t('pipeline.error'));
    if (w.total < 0) return this.renderSkeleton();
    if (w.total === 0) {
      const filtered = Object.values(this.query).some((v) => v && v !== '-lastActivityAt');
      return html`<div class="frame">
        <div class="empty" part="empty" role="status">${this.t(filtered ? 'pipeline.empty.filtered' : 'pipeline.empty')}</div>
      </div>`;
    }
    return html`<div class="frame">
      <div class="scroller" role="region" aria-label=${this.t('pipeline.region')}>
        ${this.grid.render({
          words: this.words,
          columns: this.columns,
          sort: this.sort ?? '-lastActivityAt',
          selectedId: this.selectedId,
          busy: w.busy,
          onSort: (sort) => (this.sort = sort),
          onOpen: (deal, index) => {
            this.grid.setActiveRow(index);
            this.openDeal(deal, () => this.grid.focusActive());
          },
          onSelect: (deal) => (this.selectedId = deal.id),
        })}
      </div>
      <div class="statusbar">
        <span role="status">${this.t('pipeline.count', { total: w.total })}</span>
        ${w.busy ? html`<span class="sub">${this.t('pipeline.loadingMore')}</span>` : nothing}
        ${w.error
          ? html`<span class="more-error" role="alert"
              >${this.t('pipeline.error.more')}
              <button type="button" part="retry-button" @click=${() => this.window.ensure(this.grid.range.last + 40)}>${this.t('common.retry')}</button></span
            >`
          : nothing}
      </div>
    </div>`;
  }

  override render() {
    return html`${this.renderFilters()}${this.currentView === 'board' ? (this.board?.render(this.query) ?? this.renderSkeleton()) : this.renderTable()}${this.panel?.render() ?? nothing}`;
  }
}
