/**
 * GET /v1/deals/summary: the board's true lane counts and per-currency amounts over the caller's
 * whole filtered pipeline, computed in SQL — from the per-partner counters (`deal_counts`,
 * migration 70) without a search, over the search's matches in `deal_search` (migration 72) with one.
 */
import {
  CLOSED_STATUSES,
  MOTIONS,
  stagesOf,
  type ClosedArea,
  type CurrencyAmount,
  type Lane,
  type LaneSummary,
  type LaneSummaryQuery,
} from '../../src/contract/index.js';
import type { SessionClaims } from '../auth.js';
import type { Queryable } from '../db.js';
import { searchMatches, type FilterParams } from '../deals.js';

interface Row {
  motion: string;
  stage: string;
  status: string;
  currency: string;
  n: string | number;
  amount: string | number;
}

export async function laneSummary(db: Queryable, session: SessionClaims, query: LaneSummaryQuery & Pick<FilterParams, 'sample'>): Promise<LaneSummary> {
  let rows: Row[];
  const q = query.q?.trim();
  if (q) {
    // The matches in deal_search (migration 72 keeps motion, stage, status, currency and amount there).
    const params: unknown[] = [];
    const where = searchMatches(session, { ...query, q }, (v) => (params.push(v), `$${params.length}`));
    ({ rows } = await db.query<Row>(
      `SELECT s.motion, s.stage, s.status, s.currency, count(*) AS n, sum(s.amount) AS amount
         FROM deal_search s WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3, 4`,
      params,
    ));
  } else {
    const where: string[] = ['n <> 0'];
    const params: unknown[] = [];
    const add = (v: unknown) => (params.push(v), `$${params.length}`);
    if (session.role !== 'channel_manager') where.push(`partner_id = ${add(session.partnerId)}`);
    if (query.motion) where.push(`motion = ${add(query.motion)}`);
    if (query.status) where.push(`status = ${add(query.status)}`);
    ({ rows } = await db.query<Row>(
      `SELECT motion, stage, status, currency, sum(n) AS n, sum(amount) AS amount FROM deal_counts WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3, 4`,
      params,
    ));
  }
  const lanes = new Map<string, { count: number; amounts: Map<string, number> }>();
  const closed = new Map<string, { count: number; amounts: Map<string, number> }>();
  const bucket = (map: typeof lanes, key: string) => {
    let b = map.get(key);
    if (!b) map.set(key, (b = { count: 0, amounts: new Map() }));
    return b;
  };
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (n === 0) continue;
    total += n;
    const b = (CLOSED_STATUSES as readonly string[]).includes(r.status) ? bucket(closed, r.status) : bucket(lanes, `${r.motion}\n${r.stage}`);
    b.count += n;
    b.amounts.set(r.currency, (b.amounts.get(r.currency) ?? 0) + Number(r.amount));
  }
  const amounts = (m: Map<string, number> | undefined): CurrencyAmount[] =>
    [...(m ?? new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b)).map(([currency, value]) => ({ currency, value: Math.round(value * 100) / 100 }));
  const motions = query.motion ? [query.motion] : MOTIONS;
  const laneList: Lane[] = motions.flatMap((motion) =>
    stagesOf(motion).map((stage) => {
      const b = lanes.get(`${motion}\n${stage}`);
      return { motion, stage, count: b?.count ?? 0, amounts: amounts(b?.amounts) };
    }),
  );
  const closedList: ClosedArea[] = CLOSED_STATUSES.map((status) => {
    const b = closed.get(status);
    return { status, count: b?.count ?? 0, amounts: amounts(b?.amounts) };
  });
  return { lanes: laneList, closed: closedList, total };
}
