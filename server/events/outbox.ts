/**
 * The event outbox: every change that GET /v1/events announces appends one row here, in the
 * change's own transaction, and notifies the channel below (delivered by PostgreSQL at commit).
 *
 * Ids are handed out in commit order: each writer takes a transaction-scoped advisory lock before
 * it inserts, so a transaction that got id n has committed (or rolled back) before another gets
 * n + 1. A reader that has seen id n therefore never sees a smaller id appear later, which is
 * what lets `Last-Event-ID` resume without gaps. Take it last in a transaction (it is held to
 * the commit).
 */
import type { Queryable } from '../db.js';
import type { EventType, Tier } from '../../src/contract/index.js';
import type { Motion } from '../../src/contract/index.js';

/** The LISTEN/NOTIFY channel; the payload is the new event's id. */
export const EVENT_CHANNEL = 'partnerkit_events';
/** Advisory lock key that orders outbox writers. */
export const OUTBOX_LOCK = 0x70_6b_65_76; // 'pkev'

export type EventAudience =
  /** One partner's users (deal events); channel managers too. */
  | { kind: 'partner'; partnerId: string }
  /** Every user. */
  | { kind: 'all' }
  /** Partners matching tiers / motions (empty list: any), and channel managers. */
  | { kind: 'audience'; tiers: readonly Tier[]; motions: readonly Motion[] }
  /** Channel managers only. */
  | { kind: 'vendor' };

export interface NewEvent {
  type: EventType;
  audience: EventAudience;
  /** What a partner in the audience receives. */
  data: unknown;
  /** What a channel manager receives instead (vendor-only fields), when it differs. */
  vendorData?: unknown;
  at: Date;
}

/** Appends an event (inside the change's transaction) and notifies listeners at commit. Returns its id. */
export async function appendEvent(tx: Queryable, e: NewEvent): Promise<string> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
  const a = e.audience;
  const { rows } = await tx.query<{ id: string | number }>(
    `INSERT INTO event_outbox (type, audience, partner_id, audience_tiers, audience_motions, data, vendor_data, occurred_at)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8) RETURNING id`,
    [
      e.type,
      a.kind,
      a.kind === 'partner' ? a.partnerId : null,
      JSON.stringify(a.kind === 'audience' ? a.tiers : []),
      JSON.stringify(a.kind === 'audience' ? a.motions : []),
      JSON.stringify(e.data),
      e.vendorData === undefined ? null : JSON.stringify(e.vendorData),
      e.at.toISOString(),
    ],
  );
  const id = String(rows[0].id);
  await tx.query('SELECT pg_notify($1, $2)', [EVENT_CHANNEL, id]);
  return id;
}
