import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { DEAL_STATUSES, MOTIONS, isStageOf, stagesOf, type DealSort, type Motion } from '../../src/contract/motions.js';
import type { Deal, DealList, DealQuery, Me } from '../../src/contract/schemas.js';
import { formatDate, formatMoney, formatNumber, formatRelative } from '../../src/internal/format.js';
import type { MessageKey } from '../../src/i18n/types.js';
import { LiveEvents } from '../../src/internal/live-events.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { pipelineStyles } from './pipeline.styles.js';

/** A relative time ("in 3 days") as a `<time>` element: Intl words it in the element's locale. */
const relative = (locale: string | undefined, iso: string) => html`<time datetime=${iso}>${formatRelative(locale, iso)}</time>`;

/** A domain that may wrap only after a dot (`example.<wbr>co.<wbr>uk`), never mid-word; isolated like all data. */
const domainOf = (domain: string) =>
  html`<bdi class="domain">${domain.split('.').map((label, i) => (i ? html`.<wbr>${label}` : label))}</bdi>`;

/** Stage notes older than this are shown as stale. */
const STALE_NOTE_MS = 7 * 86_400_000;

/**
 * The shared pipeline: the caller's visible deals with safe fields only (a channel manager
 * sees every partner's deals, with a partner column).
 *
 * @tag pk-pipeline
 * @summary Shared pipeline table with filters and paging.
 * @event pk-error - Loading deals failed (detail: problem object with `kind`).
 * @csspart filters - The filter bar.
 * @csspart search - The search input.
 * @csspart table - The deals table.
 * @csspart board - The board view.
 * @csspart lane - A stage lane of the board.
 * @csspart card - A deal card on the board.
 * @csspart row - One deal row.
 * @csspart status - A registration status badge.
 * @csspart pager - The paging bar.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 * @csspart empty - The empty state.
 * @cssproperty --pk-pipeline-row-hover - Row background on hover.
 * @cssproperty --pk-pipeline-header-background - Table header background.
 * @cssproperty --pk-pipeline-min-height - Height the element keeps at least (default: none once its code runs, when the loading state already has the size of a full page of deals; `100vh` while the script-tag loader is still fetching its code). Set it when you know the height you want reserved.
 */
export class PkPipeline extends PkElement {
  static override styles = [hostStyles, stateStyles, pipelineStyles];

  /** Every `part` this element renders (the default portal re-exports them as `pipeline-*`). */
  static readonly parts = ['filters', 'search', 'table', 'row', 'status', 'board', 'lane', 'card', 'pager', 'empty', 'error', 'retry-button'] as const;

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
    cursors: { state: true, attribute: false },
    filtersOpen: { state: true, attribute: false },
  };

  /** `table` (default) or `board` (lanes per stage, cards per deal). */
  declare view: 'table' | 'board';
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
  /** Deals per page, 1–100 (default 25). */
  declare pageSize: number;
  /** Hides the filter bar (the filter attributes still apply). */
  declare hideFilters: boolean;
  /** Cursors of the pages visited so far; the last one is the current page. */
  declare private cursors: Array<string | undefined>;
  /** Whether the filter disclosure is open (only matters in a narrow container). */
  declare private filtersOpen: boolean;
  private searchTimer?: ReturnType<typeof setTimeout>;

  private readonly me = new Task(this, {
    // Who is looking decides the columns; a failure here is reported by the deals task anyway.
    task: ([backend], { signal }) => (typeof backend === 'object' && 'getMe' in backend ? backend.getMe({ signal }).catch(() => null) : null),
    args: () => [this.backendOrError()] as const,
  });

  private readonly deals = new Task(this, {
    task: ([backend, motion, stage, status, q, sort, limit, cursor], { signal }): Promise<DealList> =>
      this.call(backend, (b) => b.listDeals({ motion, stage, status, q, sort, limit, cursor }, { signal })),
    args: () =>
      [
        this.backendOrError(),
        this.motion || undefined,
        this.stage || undefined,
        this.status || undefined,
        this.q?.trim() || undefined,
        this.sort || undefined,
        this.limit,
        this.cursors.at(-1),
      ] as const,
  });

  /** New, changed and decided deals re-read the current page, keeping what is on screen meanwhile. */
  private readonly live = new LiveEvents(this, ['deal.created', 'deal.updated', 'deal.decided'], () => this.backendOrError(), () => this.refresh());

  constructor() {
    super();
    this.view = 'table';
    this.pageSize = 25;
    this.hideFilters = false;
    this.cursors = [undefined];
    this.filtersOpen = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new filter or sort starts again at the first page.
    if (['motion', 'stage', 'status', 'q', 'sort', 'pageSize'].some((k) => changed.has(k as keyof PkPipeline)) && this.cursors.length > 1) {
      this.cursors = [undefined];
    }
  }

  /** `page-size` clamped to what the API accepts (1–100). */
  private get limit(): number {
    return Math.min(100, Math.max(1, Math.trunc(Number(this.pageSize)) || 25));
  }

  /** Reloads the current page (e.g. after the host knows data changed). */
  refresh(): void {
    void this.deals.run();
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

  private next(nextCursor: string): void {
    this.cursors = [...this.cursors, nextCursor];
  }

  private previous(): void {
    this.cursors = this.cursors.slice(0, -1);
  }

  private renderStatus(deal: Deal) {
    return html`<span class="badge status-${deal.status}" part="status">${this.t(`status.${deal.status}`)}</span>`;
  }

  private renderProtection(deal: Deal, locale: string | undefined) {
    if (deal.status === 'pending' && deal.slaDueAt) {
      const overdue = new Date(deal.slaDueAt).getTime() < Date.now();
      return html`<span class=${overdue ? 'overdue' : ''}>${this.t(overdue ? 'pipeline.decisionOverdue' : 'pipeline.decisionDue')}</span>
        <span class="sub">${relative(locale, deal.slaDueAt)}</span>`;
    }
    if (!deal.protection || deal.status === 'declined' || deal.status === 'won' || deal.status === 'lost') {
      return html`<span class="sub">${this.t(deal.status === 'won' || deal.status === 'lost' ? 'pipeline.closed' : 'pipeline.notProtected')}</span>`;
    }
    const expired = deal.status === 'expired' || new Date(deal.protection.endsAt).getTime() < Date.now();
    const date = html`<time datetime=${deal.protection.endsAt}>${formatDate(locale, deal.protection.endsAt)}</time>`;
    return html`${this.rich(expired ? 'pipeline.protectionExpired' : 'pipeline.protectedUntil', { date })}
      <span class="sub">${relative(locale, deal.protection.endsAt)}</span>`;
  }

  private renderNextStep(deal: Deal, locale: string | undefined) {
    const note = deal.stageNote;
    const stale = note && Date.now() - new Date(note.updatedAt).getTime() > STALE_NOTE_MS;
    return html`${deal.nextStep ? html`<bdi>${deal.nextStep}</bdi>` : html`<span class="sub">${this.t('pipeline.noNextStep')}</span>`}
    ${note
      ? html`<span class="sub ${stale ? 'stale' : ''}"
          >${this.rich(stale ? 'pipeline.note.stale' : 'pipeline.note', { when: relative(locale, note.updatedAt), text: note.text })}</span
        >`
      : nothing}`;
  }

  /**
   * One deal row. The same markup is a table row in a wide container and a card in a narrow one
   * (container queries in pipeline.styles.ts): each cell carries its column's label
   * (`.cell-label`, aria-hidden: the column header already names it for assistive technology)
   * that only cards show, and a medium width folds the owner and last-activity columns into the
   * customer and amount cells (`.fold`).
   */
  private renderRow(deal: Deal, locale: string | undefined, showPartner: boolean) {
    const label = (key: MessageKey) => html`<span class="cell-label" aria-hidden="true">${this.t(key)}</span>`;
    const attribution = this.t('pipeline.attribution', { type: this.t(`attribution.${deal.attribution.type}`), percent: deal.attribution.percent / 100 });
    const owner = html`<bdi>${deal.owner}</bdi>`;
    return html`<tr part="row" data-id=${deal.id}>
      <th scope="row" class="c-customer">
        <bdi class="company">${deal.customer.company}</bdi><span class="sub">${domainOf(deal.customer.domain)}</span>
        <span class="fold">${this.rich('pipeline.ownerWithAttribution', { owner, attribution })}</span>
      </th>
      ${showPartner ? html`<td class="c-partner">${label('pipeline.col.partner')}<span class="value"><bdi>${deal.partner.name}</bdi></span></td>` : nothing}
      <td class="c-stage">
        ${label('pipeline.col.stage')}<span class="value">${this.t(`stage.${deal.stage}`)}<span class="sub">${this.t(`motion.${deal.motion}`)}</span></span>
      </td>
      <td class="c-reg">
        ${label('pipeline.col.registration')}<span class="value"
          >${this.renderStatus(deal)}
          ${deal.conflict.status !== 'none'
            ? html`<span class="sub conflict"
                >${deal.conflict.reason
                  ? this.rich('pipeline.conflict', { status: this.t(`conflict.${deal.conflict.status}`), reason: deal.conflict.reason })
                  : this.t(`conflict.${deal.conflict.status}`)}</span
              >`
            : nothing}
          <span class="protection">${this.renderProtection(deal, locale)}</span></span
        >
      </td>
      <td class="c-owner">${label('pipeline.col.owner')}<span class="value">${owner}<span class="sub">${attribution}</span></span></td>
      <td class="c-next">${label('pipeline.col.nextStep')}<span class="value">${this.renderNextStep(deal, locale)}</span></td>
      <td class="c-amount num">
        ${label('pipeline.col.amount')}<span class="value"
          ><data value=${deal.amount.value}>${formatMoney(locale, deal.amount.value, deal.amount.currency)}</data
          ><span class="sub">${this.rich('pipeline.expectedClose', { date: html`<time datetime=${deal.expectedCloseDate}>${formatDate(locale, deal.expectedCloseDate)}</time>` })}</span>
          <span class="fold">${this.rich('pipeline.lastActive', { when: relative(locale, deal.lastActivityAt) })}</span></span
        >
      </td>
      <td class="c-activity">${label('pipeline.col.lastActivity')}<span class="value">${relative(locale, deal.lastActivityAt)}</span></td>
    </tr>`;
  }

  private renderTable(list: DealList, me: Me | null | undefined, locale: string | undefined) {
    const showPartner = me?.user.role === 'channel_manager';
    return html`<table part="table">
      <caption class="visually-hidden">
        ${this.t('pipeline.caption')}
      </caption>
      <thead>
        <tr>
          <th scope="col" class="c-customer">${this.t('pipeline.col.customer')}</th>
          ${showPartner ? html`<th scope="col" class="c-partner">${this.t('pipeline.col.partner')}</th>` : nothing}
          <th scope="col" class="c-stage">${this.t('pipeline.col.stage')}</th>
          <th scope="col" class="c-reg">${this.t('pipeline.col.registration')}<span class="sub">${this.t('pipeline.col.protection')}</span></th>
          <th scope="col" class="c-owner">${this.t('pipeline.col.owner')}<span class="sub">${this.t('pipeline.col.attribution')}</span></th>
          <th scope="col" class="c-next">${this.t('pipeline.col.nextStep')}</th>
          <th scope="col" class="c-amount num">${this.t('pipeline.col.amount')}<span class="sub">${this.t('pipeline.col.closeDate')}</span></th>
          <th scope="col" class="c-activity">${this.t('pipeline.col.lastActivity')}</th>
        </tr>
      </thead>
      <tbody>
        ${list.items.map((d) => this.renderRow(d, locale, showPartner))}
      </tbody>
    </table>`;
  }

  private renderCard(deal: Deal, locale: string | undefined, showPartner: boolean) {
    return html`<li class="card" part="card" data-id=${deal.id}>
      <strong><bdi>${deal.customer.company}</bdi></strong>
      <span class="sub">${domainOf(deal.customer.domain)}</span>
      ${showPartner ? html`<span class="sub"><bdi>${deal.partner.name}</bdi></span>` : nothing}
      <span class="card-line"
        >${this.renderStatus(deal)} <data value=${deal.amount.value}>${formatMoney(locale, deal.amount.value, deal.amount.currency)}</data></span
      >
      <span class="card-line">${this.renderProtection(deal, locale)}</span>
      <span class="card-line">${this.renderNextStep(deal, locale)}</span>
    </li>`;
  }

  /** Board: one lane per stage, for each motion on the page (or the filtered motion). */
  private renderBoard(list: DealList, me: Me | null | undefined, locale: string | undefined) {
    const showPartner = me?.user.role === 'channel_manager';
    const motions = this.motion ? [this.motion] : MOTIONS.filter((m) => list.items.some((d) => d.motion === m));
    return html`<div class="board" part="board">
      ${motions.map(
        (motion) => html`<section class="motion" aria-labelledby="board-${motion}">
          <h3 id="board-${motion}">${this.t(`motion.${motion}`)}</h3>
          <div class="lanes">
            ${stagesOf(motion).map((slug) => {
              const deals = list.items.filter((d) => d.motion === motion && d.stage === slug);
              const label = this.t(`stage.${slug}`);
              return html`<section
                class="lane"
                part="lane"
                aria-label=${this.t('pipeline.lane', { motion: this.t(`motion.${motion}`), stage: label, count: deals.length })}
              >
                <h4><span class="label">${label}</span> <data class="count" value=${deals.length}>${formatNumber(locale, deals.length)}</data></h4>
                ${deals.length
                  ? html`<ul>
                      ${deals.map((d) => this.renderCard(d, locale, showPartner))}
                    </ul>`
                  : html`<p class="sub">${this.t('pipeline.lane.empty')}</p>`}
              </section>`;
            })}
          </div>
        </section>`,
      )}
    </div>`;
  }

  private renderList(list: DealList, me: Me | null | undefined, busy: boolean) {
    const locale = this.config.locale;
    const page = this.cursors.length - 1;
    const first = page * this.limit + 1;
    const last = page * this.limit + list.items.length;
    return html`<div class="frame">
      <div class="scroller" role="region" aria-label=${this.t('pipeline.region')} tabindex="0" aria-busy=${busy ? 'true' : 'false'}>
        ${this.view === 'board' ? this.renderBoard(list, me, locale) : this.renderTable(list, me, locale)}
      </div>
      <div class="pager" part="pager">
        <span role="status">${busy ? this.t('common.loading') : this.t('pipeline.pager.status', { first, last, total: list.total })}</span>
        <span class="buttons">
          <button type="button" class="previous" ?disabled=${busy || page === 0} @click=${this.previous}>${this.t('pipeline.pager.previous')}</button>
          <button type="button" class="next" ?disabled=${busy || !list.nextCursor} @click=${() => list.nextCursor && this.next(list.nextCursor)}>
            ${this.t('pipeline.pager.next')}
          </button>
        </span>
      </div>
    </div>`;
  }

  /**
   * The pending state before the first page arrives: the frame of the final table (its header,
   * one placeholder row per deal the page will hold, the pager), so the element holds its
   * final size from its first frame and nothing on the host page moves when the deals come.
   */
  private renderSkeleton() {
    const label = (key: MessageKey) => html`<span class="cell-label">${this.t(key)}</span>`;
    const lines = (...widths: Array<'' | 'short'>) => widths.map((w, i) => html`<span class="bar ${w} ${i ? 'sub' : ''}"></span>`);
    const row = html`<tr class="skeleton">
      <th class="c-customer">${lines('', 'short')}<span class="fold">${lines('')}</span></th>
      <td class="c-stage">${label('pipeline.col.stage')}<span class="value">${lines('', 'short')}</span></td>
      <td class="c-reg">${label('pipeline.col.registration')}<span class="value">${lines('short', '', '')}</span></td>
      <td class="c-owner">${label('pipeline.col.owner')}<span class="value">${lines('', 'short')}</span></td>
      <td class="c-next">${label('pipeline.col.nextStep')}<span class="value">${lines('', '')}</span></td>
      <td class="c-amount num">${label('pipeline.col.amount')}<span class="value">${lines('short', 'short')}<span class="fold">${lines('short')}</span></span></td>
      <td class="c-activity">${label('pipeline.col.lastActivity')}<span class="value">${lines('short')}</span></td>
    </tr>`;
    const rows = Array.from({ length: this.view === 'board' ? Math.min(this.limit, 6) : this.limit }, () => row);
    return html`<div class="frame">
      <div class="scroller" aria-hidden="true">
        <table>
          <thead>
            <tr>
              <th class="c-customer">${this.t('pipeline.col.customer')}</th>
              <th class="c-stage">${this.t('pipeline.col.stage')}</th>
              <th class="c-reg">${this.t('pipeline.col.registration')}<span class="sub">${this.t('pipeline.col.protection')}</span></th>
              <th class="c-owner">${this.t('pipeline.col.owner')}<span class="sub">${this.t('pipeline.col.attribution')}</span></th>
              <th class="c-next">${this.t('pipeline.col.nextStep')}</th>
              <th class="c-amount num">${this.t('pipeline.col.amount')}<span class="sub">${this.t('pipeline.col.closeDate')}</span></th>
              <th class="c-activity">${this.t('pipeline.col.lastActivity')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </div>
      <div class="pager">
        <span class="loading" role="status" aria-busy="true">${this.t('pipeline.loading')}</span>
        <span class="buttons">
          <button type="button" class="previous" disabled>${this.t('pipeline.pager.previous')}</button>
          <button type="button" class="next" disabled>${this.t('pipeline.pager.next')}</button>
        </span>
      </div>
    </div>`;
  }

  /**
   * The filter bar. Search and the view switch are always visible; in a narrow container the
   * motion, stage and status selects fold behind a "Filters" disclosure so the first deal stays
   * above the fold on a phone (in a wide one the disclosure button is hidden and they always show).
   */
  private renderFilters() {
    if (this.hideFilters) return nothing;
    const motion = this.motion && MOTIONS.includes(this.motion) ? this.motion : undefined;
    const active = [motion, this.stage, this.status].filter(Boolean).length;
    return html`<div class="filters" part="filters" role="search" aria-label=${this.t('pipeline.filters')} ?data-open=${this.filtersOpen}>
      <label class="search"
        >${this.t('pipeline.filter.search')}
        <input
          type="search"
          part="search"
          .value=${this.q ?? ''}
          placeholder=${this.t('pipeline.filter.search.placeholder')}
          @input=${this.onSearchInput}
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
      <div class="view-toggle" role="group" aria-label=${this.t('pipeline.view')}>
        <button type="button" aria-pressed=${this.view !== 'board' ? 'true' : 'false'} @click=${() => (this.view = 'table')}>${this.t('pipeline.view.table')}</button>
        <button type="button" aria-pressed=${this.view === 'board' ? 'true' : 'false'} @click=${() => (this.view = 'board')}>${this.t('pipeline.view.board')}</button>
      </div>
    </div>`;
  }

  override render() {
    return html`${this.renderFilters()}${this.renderBody()}`;
  }

  private renderBody() {
    const pending = this.deals.status === TaskStatus.PENDING || this.deals.status === TaskStatus.INITIAL;
    const list = this.deals.value;
    if (this.deals.status === TaskStatus.ERROR) {
      return this.renderError(this.deals.error, () => this.refresh(), this.t('pipeline.error'));
    }
    if (!list) return this.renderSkeleton();
    if (list.total === 0 && !pending) {
      const filtered = this.motion || this.stage || this.status || this.q;
      return html`<div class="empty" part="empty" role="status">${this.t(filtered ? 'pipeline.empty.filtered' : 'pipeline.empty')}</div>`;
    }
    return this.renderList(list, this.me.value, pending);
  }
}
