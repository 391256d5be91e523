/**
 * GET /v1/events: server-sent events for the caller's scope. Every event carries its outbox id;
 * `Last-Event-ID` (the header a reconnecting client sends, or `?lastEventId=` where a header
 * cannot be set) replays what the caller missed, in order, without gaps, then goes live.
 * A comment line (`: heartbeat`) every `heartbeatMs` keeps proxies from closing an idle stream.
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { decodeJwt } from 'jose';
import type { Motion, Tier } from '../../src/contract/index.js';
import { bearerToken, type AuthEnv, type SessionClaims } from '../auth.js';
import type { Db } from '../db.js';
import type { EventHub } from '../events/hub.js';
import type { Subscriber } from '../events/visibility.js';
import { checkQueryKeys, invalidQuery } from '../problem.js';
import { withScope } from '../scope.js';

export interface EventRoutesDeps {
  db: Db;
  hub: EventHub;
  now: () => Date;
}

const asArray = <T>(v: T[] | string): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : v);

/** The Last-Event-ID to resume after: the header wins over the query fallback. */
export function parseLastEventId(header: string | undefined, query: string | undefined): bigint | undefined {
  const check = (raw: string, path: string): bigint => {
    const v = raw.trim();
    if (!/^\d{1,18}$/.test(v)) throw invalidQuery([{ path, code: 'invalid_format', message: 'Expected the id of an event (a non-negative integer).' }]);
    return BigInt(v);
  };
  if (header !== undefined && header.trim() !== '') return check(header, 'Last-Event-ID');
  if (query !== undefined) return check(query, 'lastEventId');
  return undefined;
}

async function subscriberOf(db: Db, s: SessionClaims): Promise<Subscriber> {
  if (s.role === 'channel_manager') return { role: s.role, partner: null };
  const partner = await withScope(db, s, async (tx) => {
    const { rows } = await tx.query<{ id: string; tier: Tier; motions: Motion[] | string }>('SELECT id, tier, motions FROM partners WHERE id = $1', [s.partnerId]);
    return rows[0] ? { id: rows[0].id, tier: rows[0].tier, motions: asArray(rows[0].motions) } : null;
  });
  // A partner org the database does not know still gets its own deal events (by id), nothing by tier.
  return { role: s.role, partner: partner ?? { id: s.partnerId!, tier: 'registered', motions: [] } };
}

export function eventRoutes(v1: Hono<AuthEnv>, deps: EventRoutesDeps): void {
  const { db, hub, now } = deps;

  v1.get('/events', async (c) => {
    checkQueryKeys(c.req.queries(), ['lastEventId']);
    const after = parseLastEventId(c.req.header('last-event-id'), c.req.query('lastEventId'));
    const subscriber = await subscriberOf(db, c.var.session);
    // The stream ends when its session token expires (already verified by requireSession); the
    // client reconnects with a fresh token and Last-Event-ID, so nothing is missed.
    const exp = decodeJwt(bearerToken(c.req.header('authorization')) ?? '').exp;
    const msLeft = exp === undefined ? 0 : Math.max(0, exp * 1000 - now().getTime());
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      // Writes happen one after another, in id order.
      // A client that reads slower than events come is closed once too much waits for it; it
      // reconnects with Last-Event-ID and loses nothing.
      let chain: Promise<void> = Promise.resolve();
      let pending = 0;
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const enqueue = (write: () => Promise<void>) => {
        if (++pending > hub.maxQueue) {
          finish();
          return;
        }
        chain = chain
          .then(write)
          .then(() => void pending--)
          .catch(() => finish());
      };
      const sub = hub.subscribe(
        subscriber,
        (d) => enqueue(() => stream.writeSSE({ id: d.id, event: d.type, data: JSON.stringify(d) })),
        () => finish(),
        after,
      );
      // Once finished (client gone, token expired, too slow), stop a replay still under way.
      void finished.then(() => sub.close());
      stream.onAbort(() => finish());
      const expiry = setTimeout(() => finish(), Math.min(msLeft, 2 ** 31 - 1));
      const heartbeat = setInterval(() => enqueue(() => stream.write(': heartbeat\n\n').then(() => {})), hub.heartbeatMs);
      try {
        enqueue(() => stream.write('retry: 3000\n\n').then(() => {}));
        if (after !== undefined) {
          await hub.replay(sub, async () => {
            if (pending >= hub.maxQueue / 2) await chain;
          });
        }
        await finished;
      } finally {
        clearInterval(heartbeat);
        clearTimeout(expiry);
        hub.unsubscribe(sub);
        await chain.catch(() => {});
      }
    });
  });
}
