/**
 * Fan-out of outbox events to this process's GET /v1/events streams. One hub per server process:
 * it LISTENs on the outbox channel (PostgreSQL LISTEN/NOTIFY; PGlite the same in one process),
 * reads new outbox rows once for every subscriber, and hands each subscriber the events its scope
 * may see (server/events/visibility.ts). A timer also polls now and then, so a notification lost
 * with a dropped connection delays an event but never loses it.
 */
import type { Db, Queryable } from '../db.js';
import { ALL_PARTNERS, withScope } from '../scope.js';
import { EVENT_CHANNEL } from './outbox.js';
import { eventPayloadFor, type OutboxEvent, type Subscriber } from './visibility.js';

export interface HubOptions {
  /** Heartbeat comment interval of each stream, ms (default 15 000). */
  heartbeatMs?: number;
  /** Safety poll of the outbox, ms (default 5 000; 0 = never). */
  pollMs?: number;
  /** Events a subscriber may have queued before its stream is closed (it resumes with Last-Event-ID). */
  maxQueue?: number;
}

export interface Delivery {
  id: string;
  type: OutboxEvent['type'];
  occurredAt: string;
  data: unknown;
}

const PAGE = 500;

interface OutboxRow {
  id: string | number;
  type: OutboxEvent['type'];
  audience: OutboxEvent['audience'];
  partner_id: string | null;
  audience_tiers: OutboxEvent['audienceTiers'] | string;
  audience_motions: OutboxEvent['audienceMotions'] | string;
  data: unknown;
  vendor_data: unknown;
  occurred_at: Date | string;
}

const parseJson = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function toEvent(r: OutboxRow): OutboxEvent {
  return {
    id: String(r.id),
    type: r.type,
    audience: r.audience,
    partnerId: r.partner_id,
    audienceTiers: parseJson(r.audience_tiers),
    audienceMotions: parseJson(r.audience_motions),
    data: parseJson(r.data),
    vendorData: r.vendor_data === null ? null : parseJson(r.vendor_data),
    occurredAt: (r.occurred_at instanceof Date ? r.occurred_at : new Date(r.occurred_at)).toISOString(),
  };
}

/** Outbox rows after `afterId`, oldest first. Server work across partners: filter before sending. */
export async function readOutbox(tx: Queryable, afterId: bigint, limit = PAGE): Promise<OutboxEvent[]> {
  const { rows } = await tx.query<OutboxRow>('SELECT * FROM event_outbox WHERE id > $1 ORDER BY id LIMIT $2', [afterId.toString(), limit]);
  return rows.map(toEvent);
}

export class Subscription {
  private queue: OutboxEvent[] = [];
  private live = false;
  private closed = false;
  /** The id of the last event this subscription has passed on (or skipped as not its own). */
  cursor: bigint;

  constructor(
    readonly subscriber: Subscriber,
    private readonly send: (d: Delivery) => void,
    private readonly onOverflow: () => void,
    private readonly maxQueue: number,
    start: bigint,
  ) {
    this.cursor = start;
  }

  /** Called by the hub for every new event, in id order. */
  offer(e: OutboxEvent): void {
    if (this.closed) return;
    if (!this.live) {
      this.queue.push(e);
      if (this.queue.length > this.maxQueue) this.overflow();
      return;
    }
    this.pass(e);
  }

  /** Sends `e` if it is new to this subscription and visible to it. */
  pass(e: OutboxEvent): void {
    const id = BigInt(e.id);
    if (this.closed || id <= this.cursor) return;
    this.cursor = id;
    const visible = eventPayloadFor(e, this.subscriber);
    if (visible) this.send({ id: e.id, type: e.type, occurredAt: e.occurredAt, data: visible.data });
  }

  /** Replay is done: pass on what arrived meanwhile, then every event as it comes. */
  goLive(): void {
    const queued = this.queue;
    this.queue = [];
    for (const e of queued) this.pass(e);
    this.live = true;
  }

  private overflow(): void {
    this.queue = [];
    this.close();
    this.onOverflow();
  }

  close(): void {
    this.closed = true;
    this.queue = [];
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

export class EventHub {
  readonly heartbeatMs: number;
  private readonly pollMs: number;
  /** Events a stream may have waiting (replaying, or written slower than they come) before it is closed. */
  readonly maxQueue: number;
  private lastId = 0n;
  private subs = new Set<Subscription>();
  private closers = new Map<Subscription, () => void>();
  private pulling: Promise<void> | null = null;
  private pullAgain = false;
  private unlisten: (() => Promise<void>) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  constructor(private readonly db: Db, opts: HubOptions = {}) {
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.pollMs = opts.pollMs ?? 5_000;
    this.maxQueue = opts.maxQueue ?? 10_000;
  }

  async start(): Promise<void> {
    const { rows } = await withScope(this.db, ALL_PARTNERS, (tx) => tx.query<{ id: string | number | null }>('SELECT max(id) AS id FROM event_outbox'));
    this.lastId = BigInt(rows[0]?.id ?? 0);
    this.unlisten = await this.db.listen(EVENT_CHANNEL, () => void this.pull(), () => void this.pull());
    if (this.pollMs > 0) {
      this.timer = setInterval(() => void this.pull(), this.pollMs);
      this.timer.unref?.();
    }
  }

  /** The newest event id this hub has passed on. */
  get position(): bigint {
    return this.lastId;
  }

  get subscriberCount(): number {
    return this.subs.size;
  }

  /**
   * Subscribes; events arrive through `send`, in id order, each at most once. Without `afterId`
   * the stream starts with the events after this moment; with it, call `replay()` on the result.
   */
  subscribe(subscriber: Subscriber, send: (d: Delivery) => void, close: () => void, afterId?: bigint): Subscription {
    const sub = new Subscription(subscriber, send, close, this.maxQueue, afterId ?? this.lastId);
    this.subs.add(sub);
    this.closers.set(sub, close);
    if (afterId === undefined) sub.goLive();
    return sub;
  }

  /**
   * Sends the stored events after the subscription's cursor, then makes it live. `drain` is
   * awaited after each event, so a stream can hold the replay back until its client has read.
   */
  async replay(sub: Subscription, drain: () => Promise<void> = async () => {}): Promise<void> {
    for (;;) {
      const events = await withScope(this.db, ALL_PARTNERS, (tx) => readOutbox(tx, sub.cursor));
      for (const e of events) {
        if (sub.isClosed) return;
        sub.pass(e);
        await drain();
      }
      if (events.length < PAGE || sub.isClosed) break;
    }
    sub.goLive();
  }

  unsubscribe(sub: Subscription): void {
    sub.close();
    this.subs.delete(sub);
    this.closers.delete(sub);
  }

  /** Reads what is new in the outbox and offers it to every subscriber. Single flight. */
  pull(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.pulling) {
      this.pullAgain = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      try {
        do {
          this.pullAgain = false;
          for (;;) {
            const events = await withScope(this.db, ALL_PARTNERS, (tx) => readOutbox(tx, this.lastId));
            for (const e of events) {
              this.lastId = BigInt(e.id);
              for (const sub of this.subs) sub.offer(e);
            }
            if (events.length < PAGE) break;
          }
        } while (this.pullAgain && !this.stopped);
      } catch (error) {
        if (!this.stopped) console.error('[partnerkit] event hub could not read the outbox:', error);
      } finally {
        this.pulling = null;
      }
    })();
    return this.pulling;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const [sub, close] of this.closers) {
      sub.close();
      close();
    }
    this.subs.clear();
    this.closers.clear();
    await this.pulling?.catch(() => {});
    await this.unlisten?.().catch(() => {});
  }
}
