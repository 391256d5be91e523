import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { html, nothing, type ReactiveControllerHost } from 'lit';
import { DEAL_SORTS, type DealSort } from '../../src/contract/motions.js';
import type { Deal } from '../../src/contract/schemas.js';
import type { MessageKey } from '../../src/i18n/types.js';
import { attributionText, conflict, domainOf, money, nextStep, protection, relative, statusBadge, datedPhrase, warmFormats, whenIdle, type Words } from './cells.js';
import type { DealWindow } from './deal-window.js';
import type { OptionalColumn } from './views.js';

export type ColumnId = 'customer' | 'partner' | OptionalColumn;

interface Column {
  id: ColumnId;
  label: MessageKey;
  /** A second heading line (what the cell's second line holds). */
  sub?: MessageKey;
  /** The API sort key of this column, when the API can sort by it. */
  sort?: string;
  num?: boolean;
}

/** Every column in display order. */
export const COLUMNS: readonly Column[] = [
  { id: 'customer', label: 'pipeline.col.customer', sort: 'customer' },
  { id: 'partner', label: 'pipeline.col.partner', sort: 'partner' },
  { id: 'stage', label: 'pipeline.col.stage', sort: 'stage' },
  { id: 'registration', label: 'pipeline.col.registration', sub: 'pipeline.col.protection', sort: 'status' },
  { id: 'owner', label: 'pipeline.col.owner', sub: 'pipeline.col.attribution', sort: 'owner' },
  { id: 'nextStep', label: 'pipeline.col.nextStep', sort: 'nextStep' },
  { id: 'amount', label: 'pipeline.col.amount', sub: 'pipeline.col.closeDate', sort: 'amount', num: true },
  { id: 'lastActivity', label: 'pipeline.col.lastActivity', sort: 'lastActivityAt' },
];

/** The sort key of a column, if the API sorts by it (the contract's DEAL_SORTS decides). */
export const sortOf = (c: Column): DealSort | undefined => (c.sort && DEAL_SORTS.includes(c.sort as DealSort) ? (c.sort as DealSort) : undefined);

/** Rows a PageUp/PageDown moves by. */
const PAGE_ROWS = 10;
/** A cell's classes: its column, and `num` for figures. */
const cellClass = (c: Column) => (c.num ? `cell c-${c.id} num` : `cell c-${c.id}`);
/** The two bars of a row whose page has not arrived yet. */
const PLACEHOLDER = html`<span class="bar"></span><span class="bar short sub"></span>`;
/** A column as the rows render it: its index among the visible columns and its name. */
interface Slot {
  column: Column;
  index: number;
  label: string;
}

/** Rows the virtualizer is given per task while it takes over from the first rows. */
const HANDOVER_SLICE = 3;
/** Rows read ahead of the last one rendered. */
const LOOKAHEAD = 40;
/** The least height of a row (three lines and padding): how many rows fill the list before the virtualizer runs. */
const MIN_ROW_PX = 60;

/**
 * The virtualizer's chunk, fetched once the first rows are rendered (they need none, see
 * DealGrid.render()): its bytes do not compete with the first page of deals on a slow network.
 */
let virtualRows: typeof import('./virtual-rows.js') | undefined;
let virtualRowsLoading: Promise<unknown> | undefined;
const loadVirtualRows = () => (virtualRowsLoading ??= import('./virtual-rows.js').then((m) => (virtualRows = m)));
// The formatters of the browser's locale too (<pk-pipeline> warms its own locale's as it connects).
whenIdle(() => warmFormats(undefined));

/**
 * Removes the comment markers lit-html leaves behind for every row the virtualizer drops.
 *
 * lit-html 3.3.1+ `removePart()` (used by `repeat()`, which the virtualizer renders its range with)
 * removes a part's start marker but not its end marker (lit/lit#5298, fix in lit/lit#5299): each
 * row scrolled out left an empty comment in `.rows`, ~1,000 after scrolling through 1,000 deals,
 * and every DOM operation there got slower. What a live row owns is `<!--start--><div role=row>
 * <!--end-->`, so between two rows (and before the first, after the directive's own marker) only
 * two comments belong: the previous row's end and the next row's start (new rows are inserted
 * after the orphans, before the next row's start). The comments in between are the orphans.
 * Delete this once the fix ships.
 */
export function sweepOrphanMarkers(rows: Element): void {
  let run: Comment[] = [];
  const flush = (keepLast: boolean) => {
    const orphans = keepLast ? run.slice(1, -1) : run.slice(1);
    for (const c of orphans) c.remove();
    run = [];
  };
  for (let n = rows.firstChild; n; ) {
    const next = n.nextSibling;
    if (n.nodeType === Node.COMMENT_NODE) run.push(n as Comment);
    // After the last row (before the virtualizer's sizer, or the end): its end marker, then orphans.
    else if (n.nodeType === Node.ELEMENT_NODE) flush((n as Element).getAttribute('role') === 'row');
    n = next;
  }
  flush(false);
}


export interface GridOptions {
  words: Words;
  columns: readonly Column[];
  sort: DealSort;
  selectedId: string | undefined;
  busy: boolean;
  onSort(sort: DealSort): void;
  onOpen(deal: Deal, index: number): void;
  onSelect(deal: Deal): void;
}

/**
 * The table view: an ARIA grid over the whole filtered pipeline. Rows are virtualized by
 * @lit-labs/virtualizer (only the rows in view and a few around them are in the DOM) and read
 * by keyset pages as they come into view (DealWindow).
 *
 * Keyboard (ARIA grid pattern): one cell is in the tab order (roving tabindex); arrows move
 * between cells, Home/End to the first/last cell of the row, Ctrl+Home/End to the first/last
 * row, PageUp/PageDown by ten rows, Enter opens the deal. A row that is not rendered is first
 * scrolled into view by the virtualizer (`element(i).scrollIntoView()`), then focused once it
 * is in the DOM. When the user scrolls away with the mouse while focus is elsewhere, the active
 * cell follows the rows in view, so Tab always lands on a visible cell.
 */
export class DealGrid {
  /** Active cell: row -1 is the header row. */
  row = 0;
  col = 0;
  private pendingFocus = false;
  private first = 0;
  private last = 0;
  private root: ShadowRoot | null = null;
  /**
   * How the rows are shown: `first`, the rows that fill the list rendered straight away (as soon
   * as the first page arrives: no virtualizer setup and measuring before the first rows);
   * `handover`, the virtualizer has started under those rows (still shown on top, hidden from
   * assistive technology) until it has rendered its own; `virtual`, the virtualizer alone.
   */
  private phase: 'first' | 'handover' | 'virtual' = 'first';
  private handoverScheduled = false;
  /**
   * During the handover the virtualizer gets the list a few rows at a time, one task each (its
   * rows under the first ones, in the same places), so that no task renders and measures a whole
   * screen of rows again; it gets the whole list once it holds the rows in view.
   */
  private handoverRows = 0;
  private handoverTimer?: ReturnType<typeof setTimeout>;
  /**
   * How many first rows, counted once per list: it reads the list's height, which forces a layout
   * when the DOM has changed (during the handover it did, and that layout was most of its cost).
   */
  private firstCount = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly window: DealWindow,
  ) {}

  /** The rows in view (first and last rendered). */
  get range() {
    return { first: this.first, last: this.last };
  }

  /** Makes `index` the active row (e.g. the selected deal moved after a reload). */
  setActiveRow(index: number, focus = false): void {
    this.row = index;
    if (focus) this.focusActive();
    else this.host.requestUpdate();
  }

  /** Moves focus to the active cell, scrolling it into view first when it is not rendered. */
  focusActive(): void {
    this.pendingFocus = true;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.tryFocus());
  }

  /** Called by the element after each update: a pending focus lands once its row is rendered. */
  updated(root: ShadowRoot): void {
    this.root = root;
    if (this.phase === 'first' && this.rowsHostReady() && !this.handoverScheduled) {
      // The first rows are painted: then, once its chunk is here and the browser is idle, the
      // virtualizer takes over.
      this.handoverScheduled = true;
      void loadVirtualRows().then(() =>
        whenIdle(() => {
          this.handoverScheduled = false;
          if (this.phase === 'first' && this.rowsHostReady()) {
            this.phase = 'handover';
            this.handoverRows = HANDOVER_SLICE;
            this.host.requestUpdate();
          }
        }),
      );
    }
    if (this.pendingFocus) this.tryFocus();
  }

  /** The next step of the handover (see `handoverRows`). */
  private handoverStep(covered: boolean): void {
    if (this.phase !== 'handover') return;
    if (covered || this.handoverRows >= this.firstCount || this.handoverRows >= this.window.items.length) this.phase = 'virtual';
    else {
      this.handoverRows += HANDOVER_SLICE;
      // Rows it does not render (below the view) change no range and send no event: then it is done.
      this.handoverTimer = setTimeout(() => this.handoverStep(true), 300);
    }
    this.host.requestUpdate();
  }

  /**
   * The virtualizer finds its scrolling ancestor when it starts, so it must start with its host
   * in the document: a grid rendered for the first time gets its rows one update later (not from
   * inside a template fragment that is not attached yet).
   */
  private rowsHostReady(): boolean {
    return !!this.root?.querySelector('[role="grid"] .rows')?.isConnected;
  }

  private cellAt(row: number, col: number): HTMLElement | null {
    // Not a first row the virtualizer is taking over (inert: it takes no focus).
    const r = this.root?.querySelector<HTMLElement>(row < 0 ? '.header-row' : `.row[data-index="${row}"]:not([inert] *)`);
    const cell = r?.children[col] as HTMLElement | undefined;
    if (!cell) return null;
    return cell.querySelector<HTMLElement>('button') ?? cell;
  }

  private tryFocus(): void {
    if (!this.pendingFocus || !this.root) return;
    const target = this.cellAt(this.row, this.col);
    if (target) {
      this.pendingFocus = false;
      // The virtualizer scrolled the row into view already; the browser scrolling it again
      // (for focus) would fight the virtualizer's own positioning.
      target.focus({ preventScroll: true });
      return;
    }
    // Scroll towards the row by the rendered rows' average height; the virtualizer renders the
    // rows there and reports the range, and this runs again until the row is in the DOM.
    const scroller = this.root.querySelector<HTMLElement>('.scroller');
    const rendered = [...this.root.querySelectorAll<HTMLElement>('.rows [role="row"]')];
    if (!scroller || !rendered.length) return;
    const indexes = rendered.map((r) => Number(r.dataset.index));
    const first = Math.min(...indexes);
    const last = Math.max(...indexes);
    const rects = rendered.map((r) => r.getBoundingClientRect());
    const avg = (Math.max(...rects.map((r) => r.bottom)) - Math.min(...rects.map((r) => r.top))) / rendered.length || 60;
    if (this.row > last) scroller.scrollTop += (this.row - last + 2) * avg;
    else if (this.row < first) scroller.scrollTop -= (first - this.row + 2) * avg;
  }

  private onRange(event: RangeChangedEvent): void {
    this.first = event.first;
    this.last = event.last;
    this.window.ensure(event.last + LOOKAHEAD);
    // Focus is not in the grid: keep the tab stop on a rendered row.
    const focusInside = this.root?.activeElement?.closest?.('[role="grid"]');
    if (!focusInside && !this.pendingFocus && event.first >= 0 && this.row >= 0 && (this.row < event.first || this.row > event.last)) {
      // Straight in the DOM, not by re-rendering the element on every scroll step.
      this.row = event.first;
      const cell = this.cellAt(this.row, this.col);
      this.root?.querySelectorAll('.rows [tabindex="0"]').forEach((c) => c.setAttribute('tabindex', '-1'));
      (cell?.closest('.cell') ?? cell)?.setAttribute('tabindex', '0');
    }
    // After the virtualizer's own listener has rendered the new range.
    const rows = event.currentTarget as Element;
    queueMicrotask(() => {
      sweepOrphanMarkers(rows);
      // Its rows are in place under the first ones: a few more in the next task, or, once it has
      // those in view, the whole list, and the first rows go.
      if (this.phase === 'handover' && rows.querySelector('[role="row"]')) {
        // It left some of the rows it was given out: it has the view covered.
        const covered = event.last + 1 < this.handoverRows;
        clearTimeout(this.handoverTimer);
        this.handoverTimer = setTimeout(() => this.handoverStep(covered));
      }
      if (this.pendingFocus) this.tryFocus();
    });
  }

  private onKeyDown(event: KeyboardEvent, opts: GridOptions): void {
    const rows = Math.max(0, this.window.items.length);
    const lastCol = opts.columns.length - 1;
    const rtl = getComputedStyle(this.host).direction === 'rtl';
    let { row, col } = this;
    switch (event.key) {
      case 'ArrowDown': row = Math.min(rows - 1, row + 1); break;
      case 'ArrowUp': row = Math.max(-1, row - 1); break;
      case 'ArrowRight': col = rtl ? Math.max(0, col - 1) : Math.min(lastCol, col + 1); break;
      case 'ArrowLeft': col = rtl ? Math.min(lastCol, col + 1) : Math.max(0, col - 1); break;
      case 'Home': col = 0; if (event.ctrlKey || event.metaKey) row = 0; break;
      case 'End': col = lastCol; if (event.ctrlKey || event.metaKey) row = rows - 1; break;
      case 'PageDown': row = Math.min(rows - 1, Math.max(0, row) + PAGE_ROWS); break;
      case 'PageUp': row = Math.max(0, row - PAGE_ROWS); break;
      case 'Enter':
      case ' ': {
        if (this.row < 0) return; // the header's sort buttons handle their own keys
        const deal = this.window.items[this.row];
        event.preventDefault();
        if (!deal) return;
        if (event.key === 'Enter') opts.onOpen(deal, this.row);
        else opts.onSelect(deal);
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    this.row = row;
    this.col = col;
    const deal = row >= 0 ? this.window.items[row] : undefined;
    if (deal) opts.onSelect(deal);
    this.window.ensure(row + LOOKAHEAD);
    this.focusActive();
  }

  private onClick(event: MouseEvent, opts: GridOptions): void {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[role="gridcell"], [role="rowheader"]');
    const rowEl = cell?.closest<HTMLElement>('.row');
    if (!cell || !rowEl) return;
    const index = Number(rowEl.dataset.index);
    const deal = this.window.items[index];
    this.row = index;
    this.col = [...rowEl.children].indexOf(cell);
    if (deal) opts.onOpen(deal, index);
  }

  private tabIndex(row: number, col: number): number {
    return row === this.row && col === this.col ? 0 : -1;
  }

  /**
   * The content of one cell of a loaded row. Leaf text is set as a property (`.textContent`):
   * no marker node, and every node here is work for each row scrolled into view.
   */
  private renderCell(c: Column, deal: Deal, w: Words) {
    switch (c.id) {
      case 'customer':
        return html`<bdi class="company" .textContent=${deal.customer.company}></bdi>${domainOf(deal.customer.domain, 'sub')}`;
      case 'partner':
        return html`<bdi .textContent=${deal.partner.name}></bdi>`;
      case 'stage':
        return html`${w.t(`stage.${deal.stage}`)}<span class="sub" .textContent=${w.t(`motion.${deal.motion}`)}></span>`;
      case 'registration':
        return html`${statusBadge(w, deal)} ${conflict(w, deal)}<span class="protection">${protection(w, deal)}</span>`;
      case 'owner':
        return html`<bdi .textContent=${deal.owner}></bdi><span class="sub" .textContent=${attributionText(w, deal)}></span>`;
      case 'nextStep':
        return nextStep(w, deal);
      case 'amount':
        return html`${money(w, deal.amount)}${datedPhrase(w, 'pipeline.expectedClose', deal.expectedCloseDate, 'sub')}`;
      case 'lastActivity':
        return relative(w, deal.lastActivityAt);
    }
  }

  private renderRow(deal: Deal | null, index: number, opts: GridOptions, slots: readonly (Slot | undefined)[]) {
    const w = opts.words;
    // One expression per possible column, in COLUMNS order (`nothing` for a hidden one): no
    // per-row array. The cell element is the same for a placeholder and its deal (focus stays
    // when the page arrives). The column's name is shown (by CSS, from data-label) only where
    // rows become cards; the column header names the cell for assistive technology.
    const cell = (i: number) => {
      const slot = slots[i];
      if (!slot) return nothing;
      const { column } = slot;
      return html`<div role=${column.id === 'customer' ? 'rowheader' : 'gridcell'} class=${cellClass(column)} data-label=${slot.label} tabindex=${this.tabIndex(index, slot.index)}>${deal ? this.renderCell(column, deal, w) : PLACEHOLDER}</div>`;
    };
    return html`<div
      role="row"
      part="row"
      class=${deal ? 'row' : 'row placeholder'}
      data-index=${index}
      data-id=${deal?.id ?? nothing}
      aria-rowindex=${index + 2}
      aria-selected=${deal && deal.id === opts.selectedId ? 'true' : 'false'}
      aria-busy=${deal ? nothing : 'true'}
    >${cell(0)}${cell(1)}${cell(2)}${cell(3)}${cell(4)}${cell(5)}${cell(6)}${cell(7)}</div>`;
  }

  private renderHeader(opts: GridOptions) {
    const { columns, words: w, sort } = opts;
    return html`<div role="row" class="header-row" aria-rowindex="1">${columns.map((c, ci) => {
      const key = sortOf(c);
      const dir = key && sort === key ? 'ascending' : key && sort === `-${key}` ? 'descending' : undefined;
      const heading = html`${w.t(c.label)}${c.sub ? html`<span class="sub" .textContent=${w.t(c.sub)}></span>` : nothing}`;
      return html`<div role="columnheader" class=${cellClass(c)} aria-sort=${dir ?? 'none'} tabindex=${key ? nothing : this.tabIndex(-1, ci)}>${key
        ? html`<button
            type="button"
            class="sort ${dir ?? ''}"
            tabindex=${this.tabIndex(-1, ci)}
            @click=${() => {
              this.row = -1;
              this.col = ci;
              opts.onSort((dir === 'ascending' ? `-${key}` : key) as DealSort);
            }}
          >${heading}<span class="arrow" aria-hidden="true"></span></button>`
        : heading}</div>`;
    })}</div>`;
  }

  render(opts: GridOptions) {
    const w = opts.words;
    // Per possible column (COLUMNS order): the visible column's index and label, once per render.
    const slots = COLUMNS.map((column): Slot | undefined => {
      const index = opts.columns.indexOf(column);
      return index < 0 ? undefined : { column, index, label: w.t(column.label) };
    });
    // A new list (the grid was not in the document): first rows again, then the virtualizer.
    if (!this.rowsHostReady()) {
      this.phase = 'first';
      this.firstCount = 0;
    }
    if (this.phase !== 'virtual') this.firstCount ||= this.firstRowCount();
    const total = this.window.items.length;
    const renderRow = (deal: Deal | null, index: number) => this.renderRow(deal, index, opts, slots);
    return html`<div
      class="grid"
      role="grid"
      part="table"
      aria-label=${w.t('pipeline.caption')}
      aria-rowcount=${total + 1}
      aria-colcount=${opts.columns.length}
      aria-busy=${opts.busy || this.phase === 'handover' ? 'true' : 'false'}
      @keydown=${(e: KeyboardEvent) => this.onKeyDown(e, opts)}
      @click=${(e: MouseEvent) => this.onClick(e, opts)}
      @focusin=${(e: FocusEvent) => this.onFocusIn(e)}
    >
      ${this.renderHeader(opts)}
      <div class="body">
        <div class="rows" role="rowgroup" @rangeChanged=${(e: RangeChangedEvent) => this.onRange(e)}>
          ${this.phase !== 'first' && virtualRows
            ? virtualRows.virtualize({
                items: this.phase === 'handover' ? this.window.items.slice(0, this.handoverRows) : this.window.items,
                layout: virtualRows.ROW_LAYOUT,
                // Keyed by slot: a row element stays when its page arrives or its deal changes
                // (updated in place, focus kept), rather than being replaced.
                keyFunction: (_deal: Deal | null, index: number) => index,
                renderItem: renderRow,
              })
            : nothing}
        </div>
        ${this.phase === 'virtual'
          ? nothing
          : html`<div class="first-rows" role="rowgroup" ?inert=${this.phase !== 'first'}>
              ${this.window.items.slice(0, this.firstCount).map(renderRow)}
            </div>`}
      </div>
    </div>`;
  }

  /** Rows that fill the list (by its height now, the loading state's or the table's). */
  private firstRowCount(): number {
    const height = this.root?.querySelector('.scroller')?.clientHeight || 600;
    const byMinimum = Math.min(40, Math.ceil(height / MIN_ROW_PX));
    // Where rows are cards (a narrow element: every field on its own line) a row is some 300 px,
    // not 60: by the minimum, a phone rendered and laid out ten rows for the two in view. The
    // loading state's placeholder row is laid out in the same layout, two lines per field (a
    // deal's field has one or two): a row is at least half as tall.
    const placeholder = this.root?.querySelector('.skeleton .row.placeholder')?.getBoundingClientRect().height;
    return placeholder ? Math.min(byMinimum, Math.ceil(height / (placeholder / 2)) + 1) : byMinimum;
  }

  /** A click or Tab into a cell makes it the active one. */
  private onFocusIn(event: FocusEvent): void {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
    const rowEl = cell?.parentElement;
    if (!cell || !rowEl) return;
    const row = rowEl.classList.contains('header-row') ? -1 : Number(rowEl.dataset.index);
    const col = [...rowEl.children].indexOf(cell);
    if (row !== this.row || col !== this.col) {
      this.row = row;
      this.col = col;
      this.host.requestUpdate();
    }
  }
}
