/**
 * Announcements, the domain: the feed a user may see (audience by tier and motion, expiry), the
 * caller's read and acknowledgment receipts (append-only, idempotent), publishing, and the
 * channel manager's receipt report. Every function takes the caller's transaction.
 */
import type { SessionClaims } from '../auth.js';
import type { Queryable } from '../db.js';
import type { Announcement, AnnouncementList, AnnouncementReceipt, Audience, Motion, Tier } from '../../src/contract/index.js';
import { appendEvent } from '../events/outbox.js';
import { invalidQuery } from '../problem.js';
import { newId } from '../registration/store.js';
import { renderMarkdown } from '../richtext.js';

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
const isoOrNull = (v: Date | string | null): string | null => (v === null ? null : iso(v));
const asArray = <T>(v: T[] | string): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : v);

/** Who is asking: a partner org (its tier and motions decide the audience) or a channel manager (sees all). */
export type Viewer = { kind: 'partner'; tier: Tier; motions: Motion[] } | { kind: 'vendor' };

export async function viewerOf(tx: Queryable, s: SessionClaims): Promise<Viewer> {
  if (s.role === 'channel_manager') return { kind: 'vendor' };
  const { rows } = await tx.query<{ tier: Tier; motions: Motion[] | string }>('SELECT tier, motions FROM partners WHERE id = $1', [s.partnerId]);
  // An org the database does not know sees what is addressed to every partner.
  return rows[0] ? { kind: 'partner', tier: rows[0].tier, motions: asArray(rows[0].motions) } : { kind: 'partner', tier: 'registered', motions: [] };
}

/** Whether an audience includes a partner (pure; the SQL below says the same). */
export function inAudience(audience: { tiers: readonly Tier[]; motions: readonly Motion[] }, partner: { tier: Tier; motions: readonly Motion[] }): boolean {
  return (audience.tiers.length === 0 || audience.tiers.includes(partner.tier)) && (audience.motions.length === 0 || audience.motions.some((m) => partner.motions.includes(m)));
}

interface Row {
  id: string;
  title: string;
  body: string;
  pinned: boolean;
  requires_ack: boolean;
  audience_tiers: Tier[] | string;
  audience_motions: Motion[] | string;
  published_at: Date | string;
  expires_at: Date | string | null;
  published_by: string | null;
  published_by_name: string;
  read_at: Date | string | null;
  acknowledged_at: Date | string | null;
}

function toAnnouncement(r: Row, vendor: boolean): Announcement {
  const a: Announcement = {
    id: r.id,
    title: r.title,
    body: r.body,
    bodyHtml: renderMarkdown(r.body),
    pinned: r.pinned,
    requiresAcknowledgement: r.requires_ack,
    publishedAt: iso(r.published_at),
    expiresAt: isoOrNull(r.expires_at),
    publishedBy: { id: vendor ? r.published_by : null, name: r.published_by_name },
    readAt: isoOrNull(r.read_at),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
  };
  if (vendor) a.audience = { tiers: asArray(r.audience_tiers), motions: asArray(r.audience_motions) };
  return a;
}

/**
 * SQL condition (alias `a`) for what a viewer may see, with its parameters numbered from `n`.
 * A partner: published, not expired, in the audience. A channel manager: everything.
 */
function visibleWhere(viewer: Viewer, now: Date, n: number): { sql: string; params: unknown[] } {
  if (viewer.kind === 'vendor') return { sql: 'TRUE', params: [] };
  return {
    sql: `a.published_at <= $${n} AND (a.expires_at IS NULL OR a.expires_at > $${n})
      AND (jsonb_array_length(a.audience_tiers) = 0 OR a.audience_tiers ? $${n + 1}::text)
      AND (jsonb_array_length(a.audience_motions) = 0 OR a.audience_motions ?| ARRAY(SELECT jsonb_array_elements_text($${n + 2}::jsonb)))`,
    params: [now.toISOString(), viewer.tier, JSON.stringify(viewer.motions)],
  };
}

const receiptColumns = (userParam: number) => `
  (SELECT r.at FROM announcement_receipts r WHERE r.announcement_id = a.id AND r.user_id = $${userParam} AND r.kind = 'read') AS read_at,
  (SELECT r.at FROM announcement_receipts r WHERE r.announcement_id = a.id AND r.user_id = $${userParam} AND r.kind = 'acknowledged') AS acknowledged_at`;

interface FeedCursor {
  p: boolean;
  t: string;
  id: string;
}

const encodeCursor = (c: FeedCursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string): FeedCursor {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<FeedCursor>;
    if (typeof v.p === 'boolean' && typeof v.t === 'string' && !Number.isNaN(Date.parse(v.t)) && /^\d{4}-\d\d-\d\dT/.test(v.t) && typeof v.id === 'string' && v.id.length <= 200) {
      return { p: v.p, t: v.t, id: v.id };
    }
  } catch {
    /* fall through */
  }
  throw invalidQuery([{ path: 'cursor', code: 'invalid_cursor', message: 'Not a cursor this server issued; pass nextCursor from the previous page.' }]);
}

/** GET /v1/announcements: pinned first, then newest; keyset pages. */
export async function listAnnouncements(tx: Queryable, s: SessionClaims, viewer: Viewer, page: { cursor?: string; limit: number }, now: Date): Promise<AnnouncementList> {
  const vis = visibleWhere(viewer, now, 2);
  const base = [s.userId, ...vis.params];
  let keyset = '';
  const params = [...base];
  if (page.cursor !== undefined) {
    const c = decodeCursor(page.cursor);
    params.push(c.p, c.t, c.id);
    const k = params.length;
    keyset = ` AND (a.pinned, a.published_at, a.id) < ($${k - 2}::boolean, $${k - 1}::timestamptz, $${k}::text)`;
  }
  params.push(page.limit + 1);
  const { rows } = await tx.query<Row>(
    `SELECT a.*, ${receiptColumns(1)} FROM announcements a WHERE ${vis.sql}${keyset}
      ORDER BY a.pinned DESC, a.published_at DESC, a.id DESC LIMIT $${params.length}`,
    params,
  );
  const { rows: counts } = await tx.query<{ total: number; unread: number; unacked: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM announcement_receipts r WHERE r.announcement_id = a.id AND r.user_id = $1 AND r.kind = 'read'))::int AS unread,
            count(*) FILTER (WHERE a.requires_ack AND NOT EXISTS (SELECT 1 FROM announcement_receipts r WHERE r.announcement_id = a.id AND r.user_id = $1 AND r.kind = 'acknowledged'))::int AS unacked
       FROM announcements a WHERE ${vis.sql}`,
    base,
  );
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => toAnnouncement(r, viewer.kind === 'vendor')),
    nextCursor: rows.length > page.limit && last ? encodeCursor({ p: last.pinned, t: iso(last.published_at), id: last.id }) : null,
    total: Number(counts[0]?.total ?? 0),
    unreadCount: Number(counts[0]?.unread ?? 0),
    unacknowledgedCount: Number(counts[0]?.unacked ?? 0),
  };
}

/** One announcement the viewer may see, or null (→ 404). */
export async function getAnnouncement(tx: Queryable, s: SessionClaims, viewer: Viewer, id: string, now: Date): Promise<Announcement | null> {
  const vis = visibleWhere(viewer, now, 3);
  const { rows } = await tx.query<Row>(`SELECT a.*, ${receiptColumns(1)} FROM announcements a WHERE a.id = $2 AND ${vis.sql}`, [s.userId, id, ...vis.params]);
  return rows[0] ? toAnnouncement(rows[0], viewer.kind === 'vendor') : null;
}

export interface PublishInput {
  title: string;
  body: string;
  pinned: boolean;
  requiresAcknowledgement: boolean;
  audience: Audience;
  expiresAt: string | null;
}

/** Publishes an announcement now and announces it to its audience. */
export async function publishAnnouncement(tx: Queryable, s: SessionClaims, input: PublishInput, now: Date): Promise<Announcement> {
  const id = newId('an_');
  const tiers = [...new Set(input.audience.tiers)];
  const motions = [...new Set(input.audience.motions)];
  await tx.query(
    `INSERT INTO announcements (id, title, body, pinned, requires_ack, audience_tiers, audience_motions, published_at, expires_at, published_by, published_by_name)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11)`,
    [id, input.title, input.body, input.pinned, input.requiresAcknowledgement, JSON.stringify(tiers), JSON.stringify(motions), now.toISOString(), input.expiresAt, s.userId, s.name],
  );
  const a = (await getAnnouncement(tx, s, { kind: 'vendor' }, id, now))!;
  await appendEvent(tx, {
    type: 'announcement.published',
    audience: { kind: 'audience', tiers, motions },
    data: { id, title: a.title, pinned: a.pinned, requiresAcknowledgement: a.requiresAcknowledgement, publishedAt: a.publishedAt },
    at: now,
  });
  return a;
}

export type ReceiptOutcome = { kind: 'created' | 'existing'; receipt: AnnouncementReceipt } | { kind: 'not-found' } | { kind: 'not-required' };

/** Records that the caller read (or acknowledged, which includes reading) an announcement. Idempotent. */
export async function recordReceipt(tx: Queryable, s: SessionClaims, viewer: Viewer, id: string, kind: 'read' | 'acknowledged', now: Date): Promise<ReceiptOutcome> {
  const a = await getAnnouncement(tx, s, viewer, id, now);
  if (!a) return { kind: 'not-found' };
  if (kind === 'acknowledged' && !a.requiresAcknowledgement) return { kind: 'not-required' };
  const kinds = kind === 'acknowledged' ? ['read', 'acknowledged'] : ['read'];
  let created = false;
  for (const k of kinds) {
    const { rows } = await tx.query(
      `INSERT INTO announcement_receipts (announcement_id, user_id, partner_id, kind, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (announcement_id, user_id, kind) DO NOTHING RETURNING 1`,
      [id, s.userId, s.partnerId, k, now.toISOString()],
    );
    if (k === kind && rows.length > 0) created = true;
  }
  const after = (await getAnnouncement(tx, s, viewer, id, now))!;
  return { kind: created ? 'created' : 'existing', receipt: { announcementId: id, readAt: after.readAt!, acknowledgedAt: after.acknowledgedAt } };
}
