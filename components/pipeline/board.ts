import './panel-messages.js';
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { PkApiError } from '../../src/api/errors.js';
import { MOTIONS, stagesOf, type Motion, type Stage } from '../../src/contract/motions.js';
import { CLOSED_STATUSES, type CurrencyAmount, type ExitCriterion, type LaneSummary } from '../../src/contract/pipeline.js';
import type { Deal, DealQuery } from '../../src/contract/schemas.js';
import { formatMoney, formatNumber } from '../../src/internal/format.js';
import { domainOf, money, nextStep, protection, statusBadge } from './cells.js';
import { adoptStyles, type PipelineHost } from './host.js';
import { boardStyles } from './board.styles.js';

/** Cards read per lane page. */
const LANE_PAGE = 20;

const isClosed = (d: Deal) => (CLOSED_STATUSES as readonly string[]).includes(d.status);

interface LaneState {
  items: Deal[];
  next: string | null | undefined;
  busy: boolean;
  error: unknown;
}

/**
 * The board view: a lane per stage of each motion, with the lane's true count and amounts per
 * currency from the server (`getLaneSummary`), and a closed area for declined, lost and expired
 * deals (never in a stage lane). Each lane reads its cards by keyset pages as it scrolls
 * (a sentinel at its end, watched by an IntersectionObserver).
 *
 * A card opens the deal; its "Move to…" select is the keyboard way to move it to another stage
 * (dragging a card onto a lane does the same). Moves are optimistic: the card changes lane at
 * once and goes back when the server refuses, with what is missing said on the card.
 *
 * Loaded on first use of the board (its own chunk, with its styles).
 */
export class DealBoard {
  private summary: LaneSummary | null = null;
  private summaryError: unknown = null;
  private lanes = new Map<string, LaneState>();
  private key?: string;
  private query: DealQuery = {};
  private observer?: IntersectionObserver;
  private refusals = new Map<string, { stage: Stage; missing: ExitCriterion[] }>();
  private dragging?: Deal;

  constructor(private readonly host: PipelineHost) {
    adoptStyles(host, boardStyles);
  }

  /** Starts over when the filters change; watches the lanes' ends. */
  sync(query: DealQuery): void {
    const key = JSON.stringify(query);
    if (key !== this.key) {
      this.key = key;
      this.query = query;
      this.summary = null;
      this.summaryError = null;
      this.lanes.clear();
      void this.refreshSummary();
    }
    this.watchLaneEnds();
  }

  /** Re-reads the summary and the loaded lanes, keeping the cards on screen meanwhile. */
  refresh(): void {
    void this.refreshSummary();
    for (const [id, lane] of this.lanes) void this.readLane(id, lane, true);
  }

  async refreshSummary(): Promise<void> {
    const backend = this.host.backend();
    if (!backend) return;
    if (!backend.getLaneSummary) {
      // No summary endpoint: lanes count what they have loaded.
      this.summary = this.fallbackSummary();
      this.host.requestUpdate();
      return;
    }
    const { motion, status, q } = this.query;
    try {
      this.summary = await this.host.call((b) => b.getLaneSummary!({ motion, status, q }));
      this.summaryError = null;
    } catch (error) {
      this.summaryError = error;
    }
    this.host.requestUpdate();
  }

  private fallbackSummary(): LaneSummary {
    const motions = this.query.motion ? [this.query.motion] : MOTIONS;
    const lanes = motions.flatMap((motion) => stagesOf(motion).map((stage) => ({ motion, stage, count: -1, amounts: [] })));
    return { lanes, closed: CLOSED_STATUSES.map((status) => ({ status, count: -1, amounts: [] })), total: -1 };
  }

  /** Replaces a loaded card, moving it to its new lane when its stage or status changed. */
  patch(deal: Deal): void {
    let changed = false;
    for (const [id, lane] of this.lanes) {
      const i = lane.items.findIndex((d) => d.id === deal.id);
      if (i < 0) continue;
      changed = true;
      if (this.laneOf(deal) === id) {
        lane.items = lane.items.map((d) => (d.id === deal.id ? deal : d));
      } else {
        lane.items = lane.items.filter((d) => d.id !== deal.id);
        this.shiftCount(id, lane.items, deal, -1);
        const target = this.lanes.get(this.laneOf(deal));
        if (target) target.items = [deal, ...target.items];
        this.shiftCount(this.laneOf(deal), target?.items ?? [], deal, +1);
      }
    }
    if (changed) this.host.requestUpdate();
  }

  /** Adjusts a lane's count and amount at once (the next summary gives the server's figures). */
  private shiftCount(laneId: string, _items: Deal[], deal: Deal, by: number): void {
    const entry = this.summaryEntry(laneId);
    if (!entry || entry.count < 0) return;
    entry.count = Math.max(0, entry.count + by);
    const amount = entry.amounts.find((a) => a.currency === deal.amount.currency);
    if (amount) amount.value = Math.max(0, amount.value + by * deal.amount.value);
    else if (by > 0) entry.amounts.push({ currency: deal.amount.currency, value: deal.amount.value });
  }

  private summaryEntry(laneId: string) {
    if (!this.summary) return undefined;
    const [kind, a, b] = laneId.split(':');
    return kind === 'closed' ? this.summary.closed.find((c) => c.status === a) : this.summary.lanes.find((l) => l.motion === a && l.stage === b);
  }

  private laneOf(deal: Deal): string {
    return isClosed(deal) ? `closed:${deal.status}` : `open:${deal.motion}:${deal.stage}`;
  }

  private laneQuery(id: string): DealQuery {
    const [kind, a, b] = id.split(':');
    const { q, sort } = this.query;
    return kind === 'closed' ? { motion: this.query.motion, status: a as Deal['status'], q, sort } : { motion: a as Motion, stage: b as Stage, status: this.query.status, q, sort };
  }

  /** Reads a lane's next page (or, `again`, its first pages anew). */
  private async readLane(id: string, lane: LaneState, again = false): Promise<void> {
    if (lane.busy || (!again && lane.next === null)) return;
    lane.busy = true;
    this.host.requestUpdate();
    const key = this.key;
    try {
      const page = await this.host.call((b) => b.listDeals({ ...this.laneQuery(id), limit: LANE_PAGE, cursor: again ? undefined : (lane.next ?? undefined) }));
      if (key !== this.key) return;
      const open = id.startsWith('open:');
      const items = open ? page.items.filter((d) => !isClosed(d)) : page.items;
      lane.items = again ? items : [...lane.items, ...items.filter((d) => !lane.items.some((x) => x.id === d.id))];
      lane.next = page.nextCursor;
      lane.error = null;
    } catch (error) {
      lane.error = error;
    } finally {
      lane.busy = false;
      this.host.requestUpdate();
    }
  }

  private lane(id: string): LaneState {
    let lane = this.lanes.get(id);
    if (!lane) {
      const created: LaneState = (lane = { items: [], next: undefined, busy: false, error: null });
      this.lanes.set(id, created);
      // Not during render: the read updates the element.
      queueMicrotask(() => void this.readLane(id, created));
    }
    return lane;
  }

  private watchLaneEnds(): void {
    const root = this.host.renderRoot;
    // A page ahead: the next cards are read a little before the lane's end comes into view.
    this.observer ??= new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const id = (entry.target as HTMLElement).dataset.lane!;
          const lane = this.lanes.get(id);
          if (lane && lane.next) void this.readLane(id, lane);
        }
      },
      { rootMargin: '0px 0px 300px 0px' },
    );
    this.observer.disconnect();
    root.querySelectorAll('.lane-end').forEach((el) => this.observer!.observe(el));
  }

  private async move(deal: Deal, stage: Stage): Promise<void> {
    if (stage === deal.stage) return;
    this.refusals.delete(deal.id);
    const result = await this.host.moveDeal(deal, stage);
    if (result.refused) this.refusals.set(deal.id, { stage, missing: result.refused.missing });
    this.host.requestUpdate();
  }

  private amounts(amounts: CurrencyAmount[]) {
    const w = this.host;
    return amounts.map((a, i) => html`${i ? ' · ' : ''}<data value=${a.value}>${formatMoney(w.locale, a.value, a.currency)}</data>`);
  }

  private renderCard(deal: Deal) {
    const w = this.host;
    const refusal = this.refusals.get(deal.id);
    const canMove = !!w.backend()?.updateDeal && !isClosed(deal);
    const opener = (e: Event) => {
      const button = e.currentTarget as HTMLElement;
      w.openDeal(deal, () => (w.renderRoot.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(deal.id)}"] .open`) ?? button).focus());
    };
    return html`<li
      class="card"
      part="card"
      data-id=${deal.id}
      draggable=${canMove ? 'true' : 'false'}
      @dragstart=${(e: DragEvent) => {
        this.dragging = deal;
        e.dataTransfer?.setData('text/plain', deal.id);
      }}
    >
      <button type="button" class="open" aria-label=${w.t('pipeline.open', { company: deal.customer.company })} @click=${opener}>
        <bdi>${deal.customer.company}</bdi>
      </button>
      <span class="sub">${domainOf(deal.customer.domain)}</span>
      ${w.isManager ? html`<span class="sub"><bdi>${deal.partner.name}</bdi></span>` : nothing}
      <span class="card-line">${statusBadge(w, deal)} ${money(w, deal.amount)}</span>
      <span class="card-line">${protection(w, deal)}</span>
      <span class="card-line">${nextStep(w, deal)}</span>
      ${canMove
        ? html`<label class="move"
            ><span class="visually-hidden">${w.rich('pipeline.move.label', { company: deal.customer.company })}</span>
            <select @change=${(e: Event) => void this.move(deal, (e.target as HTMLSelectElement).value as Stage)}>
              <option value=${deal.stage} selected>${w.t('pipeline.move')}</option>
              ${stagesOf(deal.motion)
                .filter((s) => s !== deal.stage)
                .map((s) => html`<option value=${s}>${w.t(`stage.${s}`)}</option>`)}
            </select></label
          >`
        : nothing}
      ${refusal
        ? html`<div class="refused" role="alert">
            ${w.t('pipeline.panel.move.refused', { stage: w.t(`stage.${refusal.stage}`) })}
            <ul>
              ${refusal.missing.map((c) => html`<li>${w.t(`pipeline.criteria.${c}`)}</li>`)}
            </ul>
          </div>`
        : nothing}
    </li>`;
  }

  private renderLane(id: string, label: string, heading: string, count: number, amounts: CurrencyAmount[], closedLane = false) {
    const w = this.host;
    const lane = this.lane(id);
    const shown = count < 0 ? lane.items.length : count;
    const [, motion, stage] = id.split(':');
    return html`<section
      class="lane ${closedLane ? 'closed-lane' : ''}"
      part="lane"
      aria-label=${label}
      data-lane=${id}
      @dragover=${(e: DragEvent) => !closedLane && this.dragging?.motion === motion && e.preventDefault()}
      @drop=${(e: DragEvent) => {
        e.preventDefault();
        const deal = this.dragging;
        this.dragging = undefined;
        if (deal && !closedLane) void this.move(deal, stage as Stage);
      }}
    >
      <h4>
        <span class="label">${heading}</span> <data class="count" value=${shown}>${formatNumber(w.locale, shown)}</data>
        <span class="amounts">${this.amounts(amounts)}</span>
      </h4>
      <ul class="lane-body" aria-busy=${lane.busy ? 'true' : 'false'}>
        ${repeat(lane.items, (d) => d.id, (d) => this.renderCard(d))}
        ${lane.next !== null ? html`<li class="lane-end" data-lane=${id} aria-hidden="true"><span class="bar"></span></li>` : nothing}
      </ul>
      ${!lane.busy && lane.next === null && lane.items.length === 0 ? html`<p class="sub">${w.t('pipeline.lane.empty')}</p>` : nothing}
      ${lane.error
        ? html`<p role="alert" class="lane-error">
            ${w.t('pipeline.error.more')}
            <button type="button" @click=${() => void this.readLane(id, lane)}>${w.t('common.retry')}</button>
          </p>`
        : nothing}
    </section>`;
  }

  render(query: DealQuery) {
    this.query = query;
    const w = this.host;
    // The summary failed, or the session ended: one error state for the board (signed out is
    // said once per session, by the element's standard error state).
    const signedOut = [...this.lanes.values()].find((l) => l.error && PkApiError.from(l.error).kind === 'auth')?.error;
    const fatal = (!this.summary && this.summaryError) || signedOut;
    if (fatal) return w.renderError(fatal, () => this.refresh(), w.t('pipeline.error'));
    if (!this.summary) {
      return html`<div class="board loading" part="board" aria-busy="true"><p class="loading" role="status">${w.t('pipeline.loading')}</p></div>`;
    }
    const summary = this.summary;
    const filtered = Object.values(query).some((v) => v && v !== '-lastActivityAt');
    if (summary.total === 0) {
      return html`<div class="empty" part="empty" role="status">${w.t(filtered ? 'pipeline.empty.filtered' : 'pipeline.empty')}</div>`;
    }
    const motions = MOTIONS.filter((m) => summary.lanes.some((l) => l.motion === m && (l.count !== 0 || query.motion === m)));
    return html`<div class="board" part="board">
      ${motions.map(
        (motion) => html`<section class="motion" aria-labelledby="board-${motion}">
          <h3 id="board-${motion}">${w.t(`motion.${motion}`)}</h3>
          <div class="lanes">
            ${summary.lanes
              .filter((l) => l.motion === motion)
              .map((l) => {
                const stage = w.t(`stage.${l.stage}`);
                const count = l.count < 0 ? (this.lanes.get(`open:${motion}:${l.stage}`)?.items.length ?? 0) : l.count;
                return this.renderLane(`open:${motion}:${l.stage}`, w.t('pipeline.lane', { motion: w.t(`motion.${motion}`), stage, count }), stage, l.count, l.amounts);
              })}
          </div>
        </section>`,
      )}
      ${summary.closed.some((c) => c.count !== 0)
        ? html`<section class="closed-area" part="closed" aria-labelledby="board-closed">
            <h3 id="board-closed">${w.t('pipeline.closedArea')}</h3>
            <div class="lanes">
              ${summary.closed
                .filter((c) => c.count !== 0)
                .map((c) => {
                  const status = w.t(`status.${c.status}`);
                  const count = c.count < 0 ? (this.lanes.get(`closed:${c.status}`)?.items.length ?? 0) : c.count;
                  return this.renderLane(`closed:${c.status}`, w.t('pipeline.closedLane', { status, count }), status, c.count, c.amounts, true);
                })}
            </div>
          </section>`
        : nothing}
    </div>`;
  }
}
