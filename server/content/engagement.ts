/**
 * Engagement with content: the append-only events (views, downloads and shares by partner users,
 * prospect opens of share links) and the channel manager's report per item or per partner org,
 * with the partners who never opened their motion's key assets.
 */
import type { Queryable } from '../db.js';
import type { ContentEngagementQuery, ContentEngagementReport, ContentType, EngagementCounts, Motion, Tier } from '../../src/contract/index.js';
import { invalidQuery } from '../problem.js';

export type StoredEventType = 'view' | 'download' | 'share' | 'prospect_open';

export async function recordEvent(
  tx: Queryable,
  e: { contentId: string; partnerId: string | null; userId: string | null; type: StoredEventType; shareLinkId?: string },
  at: Date,
): Promise<void> {
  await tx.query('INSERT INTO content_events (content_id, partner_id, user_id, type, share_link_id, at) VALUES ($1, $2, $3, $4, $5, $6)', [
    e.contentId,
    e.partnerId,
    e.userId,
    e.type,
    e.shareLinkId ?? null,
    at.toISOString(),
  ]);
}

const COUNTS = `count(*) FILTER (WHERE e.type = 'view')::int AS views,
  count(*) FILTER (WHERE e.type = 'download')::int AS downloads,
  count(*) FILTER (WHERE e.type = 'share')::int AS shares,
  count(*) FILTER (WHERE e.type = 'prospect_open')::int AS prospect_opens,
  max(e.at) AS last_at`;

interface CountRow {
  views: number;
  downloads: number;
  shares: number;
  prospect_opens: number;
  last_at: Date | string | null;
}

const counts = (r: CountRow | undefined): EngagementCounts => ({
  views: Number(r?.views ?? 0),
  downloads: Number(r?.downloads ?? 0),
  shares: Number(r?.shares ?? 0),
  prospectOpens: Number(r?.prospect_opens ?? 0),
  lastEngagedAt: r?.last_at ? new Date(r.last_at).toISOString() : null,
});

const encodeOffset = (o: number) => Buffer.from(JSON.stringify({ o })).toString('base64url');
function decodeOffset(raw: string | undefined): number {
  if (raw === undefined) return 0;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && v.o <= 1_000_000) return v.o;
  } catch {
    /* fall through */
  }
  throw invalidQuery([{ path: 'cursor', code: 'invalid_cursor', message: 'Not a cursor this server issued; pass nextCursor from the previous page.' }]);
}

type ReportQuery = Required<Pick<ContentEngagementQuery, 'by' | 'limit'>> & Pick<ContentEngagementQuery, 'contentId' | 'motion' | 'cursor'>;

/** GET /v1/content/engagement (all-partners scope). Partner users' events only, never a channel manager's previews. */
export async function engagementReport(tx: Queryable, query: ReportQuery): Promise<ContentEngagementReport> {
  const offset = decodeOffset(query.cursor);
  const params: unknown[] = [];
  const param = (v: unknown) => (params.push(v), `$${params.length}`);
  const itemWhere: string[] = ['TRUE'];
  if (query.contentId !== undefined) itemWhere.push(`c.id = ${param(query.contentId)}`);
  if (query.motion !== undefined) itemWhere.push(`c.motion = ${param(query.motion)}`);
  const items = itemWhere.join(' AND ');
  const events = `SELECT e.* FROM content_events e JOIN content_items c ON c.id = e.content_id WHERE e.partner_id IS NOT NULL AND ${items}`;

  const { rows: totalsRows } = await tx.query<CountRow>(`SELECT ${COUNTS} FROM (${events}) e`, params);
  let rows: ContentEngagementReport['rows'];
  let total: number;
  const limit = param(query.limit + 1);
  const off = param(offset);
  if (query.by === 'item') {
    const { rows: r } = await tx.query<CountRow & { id: string; title: string; type: ContentType; motion: Motion | null; key_asset: boolean; published: boolean }>(
      `SELECT c.id, c.title, c.type, c.motion, c.key_asset, c.published, ${COUNTS}
         FROM content_items c LEFT JOIN content_events e ON e.content_id = c.id AND e.partner_id IS NOT NULL
        WHERE ${items} GROUP BY c.id ORDER BY count(e.id) DESC, c.title, c.id LIMIT ${limit} OFFSET ${off}`,
      params,
    );
    const { rows: n } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM content_items c WHERE ${items}`, params.slice(0, params.length - 2));
    total = Number(n[0]?.n ?? 0);
    rows = r.map((x) => ({ content: { id: x.id, title: x.title, type: x.type, motion: x.motion, keyAsset: x.key_asset, published: x.published }, ...counts(x) }));
  } else {
    const { rows: r } = await tx.query<CountRow & { id: string; name: string; tier: Tier }>(
      `SELECT p.id, p.name, p.tier, ${COUNTS}
         FROM partners p LEFT JOIN (${events}) e ON e.partner_id = p.id
        GROUP BY p.id ORDER BY p.name, p.id LIMIT ${limit} OFFSET ${off}`,
      params,
    );
    const { rows: n } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM partners');
    total = Number(n[0]?.n ?? 0);
    rows = r.map((x) => ({ partner: { id: x.id, name: x.name, tier: x.tier }, ...counts(x) }));
  }
  const more = rows.length > query.limit;
  return {
    by: query.by,
    rows: rows.slice(0, query.limit),
    nextCursor: more ? encodeOffset(offset + query.limit) : null,
    total,
    totals: counts(totalsRows[0]),
    neverOpened: await neverOpened(tx, query.motion),
  };
}

/**
 * Per motion that has published key assets: the partner orgs working that motion none of whose
 * users ever viewed or downloaded one of them.
 */
async function neverOpened(tx: Queryable, motion: Motion | undefined): Promise<ContentEngagementReport['neverOpened']> {
  const { rows } = await tx.query<{ motion: Motion; key_assets: number; id: string | null; name: string | null; tier: Tier | null }>(
    `WITH keys AS (
       SELECT c.motion, c.id FROM content_items c WHERE c.key_asset AND c.published AND c.motion IS NOT NULL AND ($1::text IS NULL OR c.motion = $1)
     ), motions AS (SELECT motion, count(*)::int AS key_assets FROM keys GROUP BY motion)
     SELECT m.motion, m.key_assets, p.id, p.name, p.tier
       FROM motions m
       LEFT JOIN partners p ON p.motions ? m.motion
        AND NOT EXISTS (SELECT 1 FROM content_events e JOIN keys k ON k.id = e.content_id
                         WHERE k.motion = m.motion AND e.partner_id = p.id AND e.type IN ('view','download'))
      ORDER BY m.motion, p.name, p.id`,
    [motion ?? null],
  );
  const out = new Map<Motion, ContentEngagementReport['neverOpened'][number]>();
  for (const r of rows) {
    let entry = out.get(r.motion);
    if (!entry) out.set(r.motion, (entry = { motion: r.motion, keyAssets: Number(r.key_assets), partners: [] }));
    if (r.id) entry.partners.push({ id: r.id, name: r.name!, tier: r.tier! });
  }
  return [...out.values()];
}
