import type { Deal, DealList } from '../../src/contract/schemas.js';

/** Reads one keyset page (`cursor` undefined: the first page). */
export type PageReader = (cursor: string | undefined, signal: AbortSignal) => Promise<DealList>;

/**
 * The whole filtered pipeline as one list of `total` slots, filled by keyset pages as the user
 * scrolls (`ensure(index)`). Slots not loaded yet are `null` (rendered as placeholders).
 * Pages are read in order, one at a time: a keyset cursor only says where the next page starts.
 *
 * `reload()` re-reads from the first page up to where the user is while the old rows stay on
 * screen, then swaps them in at once: a refresh or a new deal never blanks the list or moves
 * the user's place. `patch()` replaces one deal in place (a live update).
 */
export class DealWindow {
  /**
   * Every slot of the filtered pipeline; `null` = not loaded yet (not a hole: the virtualizer
   * can scroll only to slots that hold something).
   */
  items: Array<Deal | null> = [];
  /** Total deals of the filtered pipeline; -1 before the first page. */
  total = -1;
  /** The last failure, cleared by the next successful page. */
  error: unknown = null;
  /** Whether a page is being read. */
  busy = false;
  /** Counts reloads swapped in (slots may then hold other deals than before). */
  swaps = 0;

  private loaded = 0;
  private next: string | null | undefined;
  private want = 0;
  private generation = 0;
  private abort?: AbortController;

  constructor(
    private read: PageReader,
    private readonly changed: () => void,
  ) {}

  /** Starts over with a new reader (new filters or sort), emptying the list. */
  reset(read: PageReader): void {
    this.read = read;
    this.items = [];
    this.total = -1;
    this.loaded = 0;
    this.next = undefined;
    this.want = 0;
    this.start();
  }

  /** Makes sure slots up to `index` (plus a page ahead) are loaded or on their way. */
  ensure(index: number): void {
    if (index + 1 <= this.want) return;
    this.want = index + 1;
    if (!this.busy) void this.pump(this.generation, null);
  }

  /** Re-reads from the first page as far as the user had got, keeping the old rows meanwhile. */
  reload(upTo = this.want): void {
    const fresh: Deal[] = [];
    this.want = Math.max(1, upTo);
    this.start(fresh);
  }

  /** The slot of a deal, or -1. */
  indexOf(id: string): number {
    return this.items.findIndex((d) => d?.id === id);
  }

  /** Replaces a loaded deal in place; returns its slot (-1 when it is not loaded). */
  patch(deal: Deal): number {
    const i = this.indexOf(deal.id);
    if (i >= 0) {
      this.items = this.items.slice();
      this.items[i] = deal;
      this.changed();
    }
    return i;
  }

  private start(fresh?: Deal[]): void {
    this.abort?.abort();
    this.generation++;
    this.error = null;
    this.busy = false;
    if (!fresh) this.changed();
    void this.pump(this.generation, fresh ?? null);
  }

  /**
   * Reads pages until `want` slots are covered. `fresh` collects a reload's pages (the list on
   * screen is swapped once they cover what the user had in view); `null` appends in place.
   */
  private async pump(generation: number, fresh: Deal[] | null): Promise<void> {
    let cursor = fresh ? undefined : this.next;
    let count = fresh ? 0 : this.loaded;
    let total = fresh ? -1 : this.total;
    let first = total < 0;
    const abort = (this.abort = new AbortController());
    this.busy = true;
    this.changed();
    try {
      while (first || (count < this.want && cursor)) {
        first = false;
        const page = await this.read(cursor ?? undefined, abort.signal);
        if (generation !== this.generation) return;
        total = page.total;
        cursor = page.nextCursor;
        if (fresh) {
          fresh.push(...page.items);
          count = fresh.length;
        } else {
          const before = this.items.length;
          this.items = this.items.slice();
          if (before !== page.total) {
            this.items.length = page.total;
            if (page.total > before) this.items.fill(null, before);
          }
          this.items.splice(count, page.items.length, ...page.items);
          this.total = page.total;
          this.next = cursor;
          count = this.loaded = count + page.items.length;
          this.error = null;
          this.changed();
        }
        if (page.items.length === 0) break;
      }
      if (fresh) {
        const items = new Array<Deal | null>(Math.max(total, fresh.length)).fill(null);
        fresh.forEach((d, i) => (items[i] = d));
        this.items = items;
        this.swaps++;
        this.total = total;
        this.loaded = fresh.length;
        this.next = cursor;
        this.error = null;
      }
    } catch (error) {
      if (generation !== this.generation || abort.signal.aborted) return;
      this.error = error;
    } finally {
      if (generation === this.generation) {
        this.busy = false;
        this.changed();
        // The user scrolled on while a reload was under way: carry on.
        if (!this.error && this.loaded < this.want && this.next) void this.pump(generation, null);
      }
    }
  }

  /** Stops reading (element disconnected). */
  stop(): void {
    this.abort?.abort();
    this.generation++;
    this.busy = false;
  }
}
