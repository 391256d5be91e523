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

/** Where amounts come from: one partner org's attribution rows, or the program's shares of each deal. */
type AmountSource = 'attribution' | 'program';

const SOURCES = {
  // A partner's credit: the deal amount times its percent, by its attribution type.
  attribution: {
    from: 'deal_partners dp',
    cols: `dp.partner_id, dp.deal_motion AS motion, dp.deal_currency AS currency,
      CASE WHEN dp.type = 'sourced' THEN dp.deal_amount::float8 * dp.percent::float8 / 100 ELSE 0 END AS sourced,
      CASE WHEN dp.type = 'influenced' THEN dp.deal_amount::float8 * dp.percent::float8 / 100 ELSE 0 END AS influenced`,
    created: 'dp.deal_created_at', ended: 'dp.deal_ended_at', closed: 'dp.deal_closed_at', status: 'dp.deal_status', motion: 'dp.deal_motion', partner: 'dp.partner_id',
  },
  // The program: every deal once, at its program shares (kept by a trigger, server/metrics-migrations.ts).
  program: {
    from: 'deals d',
    cols: `d.partner_id, d.motion, d.currency,
      d.amount_value::float8 * d.program_sourced_share::float8 / 100 AS sourced,
      d.amount_value::float8 * d.program_influenced_share::float8 / 100 AS influenced`,
    created: 'd.created_at', ended: 'd.ended_at', closed: 'd.closed_at', status: 'd.status', motion: 'd.motion', partner: 'd.partner_id',
  },
} as const;

/**
 * Amount rows tagged with kind, period and month: the pipeline open at the end of each period
 * (registered before it, not yet won, lost, declined or expired then) and the revenue won within
 * each period. `previous` absent: the current period only.
 */
function amountRows(p: Params, source: AmountSource, spans: { current: Span; previous?: Span }, f: Filters): string {
  const t = SOURCES[source];
  let extra = '';
  if (f.partnerId !== undefined) extra += ` AND ${t.partner} = ${p.add(f.partnerId)}`;
  if (f.motion !== undefined) extra += ` AND ${t.motion} = ${p.add(f.motion)}`;
  const parts: string[] = [];
  const periods: Array<[PeriodName, Span]> = [['current', spans.current]];
  if (spans.previous) periods.push(['previous', spans.previous]);
  for (const [name, span] of periods) {
    const end = p.add(span.end);
    parts.push(`SELECT 'pipeline' AS kind, '${name}' AS period, '' AS month, ${t.cols} FROM ${t.from}
      WHERE ${t.created} < ${end}::timestamptz AND (${t.ended} IS NULL OR ${t.ended} >= ${end}::timestamptz)${extra}`);
  }
  const cs = p.add(spans.current.start);
  const ce = p.add(spans.current.end);
  const lo = spans.previous ? p.add(spans.previous.start) : cs;
  const inPrevious = spans.previous ? ` OR ${t.closed} < ${p.add(spans.previous.end)}::timestamptz` : '';
  parts.push(`SELECT 'revenue' AS kind, CASE WHEN ${t.closed} >= ${cs}::timestamptz THEN 'current' ELSE 'previous' END AS period,
      to_char(${t.closed} AT TIME ZONE 'UTC', 'YYYY-MM') AS month, ${t.cols} FROM ${t.from}
    WHERE ${t.status} = 'won' AND ${t.closed} >= ${lo}::timestamptz AND ${t.closed} < ${ce}::timestamptz
      AND (${t.closed} >= ${cs}::timestamptz${inPrevious})${extra}`);
  return parts.join('\n    UNION ALL\n    ');
}

const SUMS = `round(sum(sourced)::numeric, 2) AS sourced, round(sum(influenced)::numeric, 2) AS influenced, count(*)::int AS deals`;

/**
 * Attributed pipeline and revenue of both periods by motion, currency and (revenue) month. With
 * `partnerId`: that org's credit (amount × its percent, by its attribution type). Without: the
 * program, every deal at most once (sourced share min(100, Σ sourced %), influenced share
 * min(100 − sourced share, Σ influenced %)).
 */
export async function attributedAmounts(tx: Queryable, spans: Spans, f: Filters): Promise<AmountRow[]> {
  const p = new Params();
  const rows = amountRows(p, f.partnerId !== undefined ? 'attribution' : 'program', spans, f);
  const { rows: out } = await tx.query<Record<string, unknown>>(
    `SELECT kind, period, motion, currency, month, ${SUMS} FROM (${rows}) y GROUP BY kind, period, motion, currency, month`,
    p.values,
  );
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
 * (`by`), plus the sum over every partner org (key null) for the program average. `deals` counts
 * credited deals per partner org (a deal two orgs of one tier share counts twice in that tier).
 */
export async function keyedAmounts(tx: Queryable, span: Span, by: MetricsBreakdown | null, motion: Motion | undefined): Promise<KeyedAmountRow[]> {
  const p = new Params();
  const rows = amountRows(p, 'attribution', { current: span }, { motion });
  const keyExpr = by === 'tier' ? 'pt.tier' : by === 'partner' ? 'y.partner_id' : 'NULL::text';
  const join = by === 'tier' ? 'JOIN partners pt ON pt.id = y.partner_id' : '';
  const sets = by ? '(key, kind, currency), (kind, currency)' : '(kind, currency)';
  const keySel = by ? 'CASE WHEN GROUPING(key) = 1 THEN NULL ELSE key END' : 'NULL::text';
  const { rows: out } = await tx.query<Record<string, unknown>>(
    `SELECT ${keySel} AS key, kind, currency, ${SUMS}
       FROM (SELECT y.*, ${keyExpr} AS key FROM (${rows}) y ${join}) k
      GROUP BY GROUPING SETS (${sets})`,
    p.values,
  );
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
 * Deal counts of both periods from `deals`: won and lost (closed in the period), registrations by
 * current status, decisions within the SLA — one scan with FILTER clauses grouped by `by` (motion,
 * partner or tier), the totals (key null) summed from those groups — and the median days
 * registration → close of the closed deals (percentile_cont) per group and overall.
 */
export async function dealStats(tx: Queryable, spans: Spans, f: Filters, by: 'motion' | MetricsBreakdown): Promise<DealStatsRow[]> {
  const keyExpr = by === 'tier' ? 'pt.tier' : by === 'partner' ? 'd.partner_id' : 'd.motion';
  const join = by === 'tier' ? 'JOIN partners pt ON pt.id = d.partner_id' : '';
  const filters = (p: Params) => {
    let extra = '';
    if (f.partnerId !== undefined) extra += ` AND d.partner_id = ${p.add(f.partnerId)}`;
    if (f.motion !== undefined) extra += ` AND d.motion = ${p.add(f.motion)}`;
    return extra;
  };

  const p = new Params();
  const lo = p.add(spans.previous.start);
  const hi = p.add(spans.current.end);
  const range = (col: string) => `(d.${col} >= ${lo}::timestamptz AND d.${col} < ${hi}::timestamptz)`;
  const cols: string[] = [];
  for (const [name, span] of [['c', spans.current], ['p', spans.previous]] as const) {
    const s = p.add(span.start);
    const e = p.add(span.end);
    const inSpan = (col: string) => `d.${col} >= ${s}::timestamptz AND d.${col} < ${e}::timestamptz`;
    cols.push(
      `count(*) FILTER (WHERE d.status = 'won' AND ${inSpan('closed_at')})::int AS won_${name}`,
      `count(*) FILTER (WHERE d.status = 'lost' AND ${inSpan('closed_at')})::int AS lost_${name}`,
      ...DEAL_STATUSES.map((st) => `count(*) FILTER (WHERE d.status = '${st}' AND ${inSpan('created_at')})::int AS reg_${name}_${st}`),
      `count(*) FILTER (WHERE d.sla_due_at IS NOT NULL AND ${inSpan('decided_at')})::int AS decided_${name}`,
      `count(*) FILTER (WHERE d.decided_at <= d.sla_due_at AND ${inSpan('decided_at')})::int AS within_${name}`,
    );
  }
  const { rows } = await tx.query<Record<string, unknown>>(
    `SELECT ${keyExpr} AS key, ${cols.join(',\n')}
       FROM deals d ${join} WHERE (${range('created_at')} OR ${range('closed_at')} OR ${range('decided_at')})${filters(p)}
      GROUP BY ${keyExpr}`,
    p.values,
  );

  const m = new Params();
  const cs = m.add(spans.current.start);
  const { rows: medians } = await tx.query<{ key: string | null; period: 'c' | 'p'; median: number | string | null }>(
    `SELECT CASE WHEN GROUPING(key) = 1 THEN NULL ELSE key END AS key, period,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median
       FROM (SELECT ${keyExpr} AS key, CASE WHEN d.closed_at >= ${cs}::timestamptz THEN 'c' ELSE 'p' END AS period,
                    extract(epoch FROM d.closed_at - d.created_at)::float8 / 86400 AS days
               FROM deals d ${join}
              WHERE d.status IN ('won','lost') AND d.closed_at >= ${m.add(spans.previous.start)}::timestamptz AND d.closed_at < ${m.add(spans.current.end)}::timestamptz
                AND (d.closed_at >= ${cs}::timestamptz OR d.closed_at < ${m.add(spans.previous.end)}::timestamptz)${filters(m)}) x
      GROUP BY GROUPING SETS ((key, period), (period))`,
    m.values,
  );
  const median = (key: string | null, n: 'c' | 'p') => {
    const v = medians.find((r) => r.key === key && r.period === n)?.median;
    return v === null || v === undefined ? null : Math.round(num(v) * 10) / 10;
  };
  const counts = (r: Record<string, unknown>, key: string | null, n: 'c' | 'p'): PeriodCounts => ({
    won: num(r[`won_${n}`]),
    lost: num(r[`lost_${n}`]),
    medianCycleDays: median(key, n),
    registrations: Object.fromEntries(DEAL_STATUSES.map((st) => [st, num(r[`reg_${n}_${st}`])])) as Record<DealStatus, number>,
    decided: num(r[`decided_${n}`]),
    withinSla: num(r[`within_${n}`]),
  });
  // Counts add up: the totals row is the sum of the groups.
  const total: Record<string, number> = {};
  for (const r of rows) for (const [k, v] of Object.entries(r)) if (k !== 'key') total[k] = (total[k] ?? 0) + num(v);
  return [...rows, { key: null, ...total }].map((r) => {
    const key = r.key === null || r.key === undefined ? null : String(r.key);
    return { key, current: counts(r, key, 'c'), previous: counts(r, key, 'p') };
  });
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
