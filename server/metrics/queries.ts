/**
 * The SQL behind GET /v1/metrics. Every figure is an aggregate over an indexed time range (no deal
 * is loaded into memory): attributed amounts from the attribution facts on `deal_partners`
 * (server/metrics-migrations.ts), counts, win rates, medians (percentile_cont) and SLA compliance
 * from `deals`, each period picked out with FILTER clauses in one scan. Queries run inside
 * withScope, so row-level security still limits a partner to its own rows; the explicit
 * `partner_id = …` conditions are what lets the planner use the partner indexes.
 */
import { DEAL_STATUSES, type DealStatus, type Motion, type MetricsBreakdown } from '../../src/contract/index.js';
import type { Queryable } from '../db.js';

export interface Span {
  start: string;
  end: string;
}

/** The current and previous periods as `[start, end)` timestamps; previous ends no later than current starts. */
export interface Spans {
  current: Span;
  previous: Span;
}

export interface Filters {
  /** One partner org's figures; absent: the whole program (channel manager). */
  partnerId?: string;
  motion?: Motion;
}

export type PeriodName = 'current' | 'previous';
export type AmountKind = 'pipeline' | 'revenue';

export interface AmountRow {
  kind: AmountKind;
  period: PeriodName;
  motion: Motion;
  currency: string;
  /** `YYYY-MM` of the close (revenue); '' for pipeline. */
  month: string;
  sourced: number;
  influenced: number;
  deals: number;
}

export interface KeyedAmountRow {
  /** Partner id or tier; null on the row of every partner org together. */
  key: string | null;
  kind: AmountKind;
  currency: string;
  sourced: number;
  influenced: number;
  deals: number;
}

export interface PeriodCounts {
  won: number;
  lost: number;
  medianCycleDays: number | null;
  registrations: Record<DealStatus, number>;
  decided: number;
  withinSla: number;
}

export interface DealStatsRow {
  /** Motion, partner id or tier; null on the row of everything together. */
  key: string | null;
  current: PeriodCounts;
  previous: PeriodCounts;
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const num = (v: unknown): number => Number(v ?? 0);

/**
 * Attribution rows, each tagged with its kind, period and month: the pipeline open at the end of
 * each period (registered before it, not yet won, lost, declined or expired then: `deal_ended_at`)
 * and the revenue won within each period. `previous` absent: the current period only.
 */
function attributionRows(p: Params, spans: { current: Span; previous?: Span }, f: Filters): string {
  let extra = '';
  if (f.partnerId !== undefined) extra += ` AND dp.partner_id = ${p.add(f.partnerId)}`;
  if (f.motion !== undefined) extra += ` AND dp.deal_motion = ${p.add(f.motion)}`;
  const cols = 'dp.deal_id, dp.partner_id, dp.deal_motion AS motion, dp.deal_currency AS currency, dp.deal_amount AS amount, dp.type, dp.percent';
  const parts: string[] = [];
  const periods: Array<[PeriodName, Span]> = [['current', spans.current]];
  if (spans.previous) periods.push(['previous', spans.previous]);
  for (const [name, span] of periods) {
    const end = p.add(span.end);
    parts.push(`SELECT 'pipeline' AS kind, '${name}' AS period, '' AS month, ${cols} FROM deal_partners dp
      WHERE dp.deal_created_at < ${end}::timestamptz AND (dp.deal_ended_at IS NULL OR dp.deal_ended_at >= ${end}::timestamptz)${extra}`);
  }
  const cs = p.add(spans.current.start);
  const ce = p.add(spans.current.end);
  const lo = spans.previous ? p.add(spans.previous.start) : cs;
  const inPrevious = spans.previous ? ` OR dp.deal_closed_at < ${p.add(spans.previous.end)}::timestamptz` : '';
  parts.push(`SELECT 'revenue' AS kind, CASE WHEN dp.deal_closed_at >= ${cs}::timestamptz THEN 'current' ELSE 'previous' END AS period,
      to_char(dp.deal_closed_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, ${cols} FROM deal_partners dp
    WHERE dp.deal_status = 'won' AND dp.deal_closed_at >= ${lo}::timestamptz AND dp.deal_closed_at < ${ce}::timestamptz
      AND (dp.deal_closed_at >= ${cs}::timestamptz${inPrevious})${extra}`);
  return parts.join('\n    UNION ALL\n    ');
}

/**
 * Attributed pipeline and revenue of both periods by motion, currency and (revenue) month. With
 * `partnerId`: that org's credit (amount × its percent, by its attribution type). Without: the
 * program, every deal at most once (sourced share min(100, Σ sourced %), influenced share
 * min(100 − sourced share, Σ influenced %)).
 */
export async function attributedAmounts(tx: Queryable, spans: Spans, f: Filters): Promise<AmountRow[]> {
  const p = new Params();
  const rows = attributionRows(p, spans, f);
  const sql = f.partnerId !== undefined
    ? `SELECT kind, period, motion, currency, month,
         round(coalesce(sum(amount * percent / 100) FILTER (WHERE type = 'sourced'), 0), 2) AS sourced,
         round(coalesce(sum(amount * percent / 100) FILTER (WHERE type = 'influenced'), 0), 2) AS influenced,
         count(*)::int AS deals
       FROM (${rows}) y GROUP BY kind, period, motion, currency, month`
    : `SELECT kind, period, motion, currency, month,
         round(sum(amount * s / 100), 2) AS sourced,
         round(sum(amount * least(i, 100 - s) / 100), 2) AS influenced,
         count(*)::int AS deals
       FROM (
         SELECT kind, period, month, deal_id, motion, currency, amount,
           least(100, coalesce(sum(percent) FILTER (WHERE type = 'sourced'), 0)) AS s,
           coalesce(sum(percent) FILTER (WHERE type = 'influenced'), 0) AS i
         FROM (${rows}) y GROUP BY kind, period, month, deal_id, motion, currency, amount
       ) z GROUP BY kind, period, motion, currency, month`;
  const { rows: out } = await tx.query<Record<string, unknown>>(sql, p.values);
  return out.map((r) => ({
    kind: r.kind as AmountKind,
    period: r.period as PeriodName,
    motion: r.motion as Motion,
    currency: String(r.currency),
    month: String(r.month),
    sourced: num(r.sourced),
    influenced: num(r.influenced),
    deals: num(r.deals),
  }));
}

/**
 * Channel manager: each partner org's own attributed credit in `span`, grouped by partner or tier
 * (`by`), plus the sum over every partner org (key null) for the program average.
 */
export async function keyedAmounts(tx: Queryable, span: Span, by: MetricsBreakdown | null, motion: Motion | undefined): Promise<KeyedAmountRow[]> {
  const p = new Params();
  const rows = attributionRows(p, { current: span }, { motion });
  const keyExpr = by === 'tier' ? 'pt.tier' : by === 'partner' ? 'y.partner_id' : 'NULL::text';
  const join = by === 'tier' ? 'JOIN partners pt ON pt.id = y.partner_id' : '';
  const sets = by ? '(key, kind, currency), (kind, currency)' : '(kind, currency)';
  const keySel = by ? 'CASE WHEN GROUPING(key) = 1 THEN NULL ELSE key END' : 'NULL::text';
  const sql = `SELECT ${keySel} AS key, kind, currency,
      round(coalesce(sum(amount * percent / 100) FILTER (WHERE type = 'sourced'), 0), 2) AS sourced,
      round(coalesce(sum(amount * percent / 100) FILTER (WHERE type = 'influenced'), 0), 2) AS influenced,
      count(DISTINCT deal_id)::int AS deals
    FROM (SELECT y.*, ${keyExpr} AS key FROM (${rows}) y ${join}) k
    GROUP BY GROUPING SETS (${sets})`;
  const { rows: out } = await tx.query<Record<string, unknown>>(sql, p.values);
  return out.map((r) => ({
    key: r.key === null || r.key === undefined ? null : String(r.key),
    kind: r.kind as AmountKind,
    currency: String(r.currency),
    sourced: num(r.sourced),
    influenced: num(r.influenced),
    deals: num(r.deals),
  }));
}

/**
 * Deal counts of both periods in one scan of `deals`: won and lost (closed in the period), median
 * days registration → close, registrations by current status, decisions within the SLA. Grouped
 * by `by` (motion, partner or tier) and for everything together (key null).
 */
export async function dealStats(tx: Queryable, spans: Spans, f: Filters, by: 'motion' | MetricsBreakdown): Promise<DealStatsRow[]> {
  const p = new Params();
  const lo = p.add(spans.previous.start);
  const hi = p.add(spans.current.end);
  const where = [
    `((d.created_at >= ${lo}::timestamptz AND d.created_at < ${hi}::timestamptz)
      OR (d.closed_at >= ${lo}::timestamptz AND d.closed_at < ${hi}::timestamptz)
      OR (d.decided_at >= ${lo}::timestamptz AND d.decided_at < ${hi}::timestamptz))`,
  ];
  if (f.partnerId !== undefined) where.push(`d.partner_id = ${p.add(f.partnerId)}`);
  if (f.motion !== undefined) where.push(`d.motion = ${p.add(f.motion)}`);
  const cols: string[] = [];
  for (const [name, span] of [['c', spans.current], ['p', spans.previous]] as const) {
    const s = p.add(span.start);
    const e = p.add(span.end);
    const inSpan = (col: string) => `d.${col} >= ${s}::timestamptz AND d.${col} < ${e}::timestamptz`;
    cols.push(
      `count(*) FILTER (WHERE d.status = 'won' AND ${inSpan('closed_at')})::int AS won_${name}`,
      `count(*) FILTER (WHERE d.status = 'lost' AND ${inSpan('closed_at')})::int AS lost_${name}`,
      `percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.closed_at - d.created_at) / 86400)
         FILTER (WHERE d.status IN ('won','lost') AND ${inSpan('closed_at')}) AS median_${name}`,
      ...DEAL_STATUSES.map((st) => `count(*) FILTER (WHERE d.status = '${st}' AND ${inSpan('created_at')})::int AS reg_${name}_${st}`),
      `count(*) FILTER (WHERE d.sla_due_at IS NOT NULL AND ${inSpan('decided_at')})::int AS decided_${name}`,
      `count(*) FILTER (WHERE d.decided_at <= d.sla_due_at AND ${inSpan('decided_at')})::int AS within_${name}`,
    );
  }
  const keyExpr = by === 'tier' ? 'pt.tier' : by === 'partner' ? 'd.partner_id' : 'd.motion';
  const join = by === 'tier' ? 'JOIN partners pt ON pt.id = d.partner_id' : '';
  const sql = `SELECT CASE WHEN GROUPING(${keyExpr}) = 1 THEN NULL ELSE ${keyExpr} END AS key, ${cols.join(',\n')}
    FROM deals d ${join} WHERE ${where.join(' AND ')}
    GROUP BY GROUPING SETS ((${keyExpr}), ())`;
  const { rows } = await tx.query<Record<string, unknown>>(sql, p.values);
  const counts = (r: Record<string, unknown>, n: 'c' | 'p'): PeriodCounts => ({
    won: num(r[`won_${n}`]),
    lost: num(r[`lost_${n}`]),
    medianCycleDays: r[`median_${n}`] === null || r[`median_${n}`] === undefined ? null : Math.round(num(r[`median_${n}`]) * 10) / 10,
    registrations: Object.fromEntries(DEAL_STATUSES.map((st) => [st, num(r[`reg_${n}_${st}`])])) as Record<DealStatus, number>,
    decided: num(r[`decided_${n}`]),
    withinSla: num(r[`within_${n}`]),
  });
  return rows.map((r) => ({ key: r.key === null || r.key === undefined ? null : String(r.key), current: counts(r, 'c'), previous: counts(r, 'p') }));
}

/** Now, not the period: approved deals whose protection ends within `expiringDays`, open deals with a stale (or no) stage note. */
export async function snapshot(tx: Queryable, now: Date, f: Filters, expiringDays: number, staleDays: number): Promise<{ expiring: number; stale: number }> {
  const p = new Params();
  const at = p.add(now.toISOString());
  const until = p.add(new Date(now.getTime() + expiringDays * 86_400_000).toISOString());
  const staleBefore = p.add(new Date(now.getTime() - staleDays * 86_400_000).toISOString());
  let extra = '';
  if (f.partnerId !== undefined) extra += ` AND d.partner_id = ${p.add(f.partnerId)}`;
  if (f.motion !== undefined) extra += ` AND d.motion = ${p.add(f.motion)}`;
  const { rows } = await tx.query<{ expiring: number; stale: number }>(
    `SELECT count(*) FILTER (WHERE d.status = 'approved' AND d.protection_ends_at > ${at}::timestamptz AND d.protection_ends_at <= ${until}::timestamptz)::int AS expiring,
            count(*) FILTER (WHERE d.stage_note_updated_at IS NULL OR d.stage_note_updated_at < ${staleBefore}::timestamptz)::int AS stale
       FROM deals d WHERE d.status IN ('pending','approved')${extra}`,
    p.values,
  );
  return { expiring: num(rows[0]?.expiring), stale: num(rows[0]?.stale) };
}
