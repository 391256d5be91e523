/**
 * GET /v1/metrics: runs the queries of server/metrics/queries.ts for the caller's scope and shapes
 * the answer (src/contract/metrics.ts). The only work here is rolling up the few hundred rows the
 * SQL returns (months → periods, motions → totals) and attaching deal filters for the UI's links.
 */
import {
  DEAL_STATUSES,
  METRICS_EXPIRING_DAYS,
  METRICS_STALE_DAYS,
  MOTIONS,
  type AttributedAmount,
  type Metrics,
  type MetricsBreakdownRow,
  type MetricsDealFilter,
  type MetricsQuery,
  type Motion,
  type PeriodMetrics,
  type RevenueTrendPoint,
  type SlaMetrics,
  type Tier,
} from '../../src/contract/index.js';
import type { Queryable } from '../db.js';
import { convert, type CurrencyRates } from './fx.js';
import { bounds, monthsOf, resolvePeriod, type DayRange } from './period.js';
import { attributedAmounts, dealStats, keyedAmounts, snapshot, type AmountKind, type KeyedAmountRow, type PeriodCounts, type PeriodName } from './queries.js';

export interface PartnerInfo {
  id: string;
  name: string;
  tier: Tier;
}

export interface MetricsRequest {
  query: MetricsQuery;
  now: Date;
  fx: CurrencyRates | null;
  /** The partner org whose figures these are (a partner's own, or the one a channel manager asked for); null: the program. */
  partner: PartnerInfo | null;
  /** Channel manager: every partner org (breakdown rows and the program average); null for a partner. */
  programPartners: PartnerInfo[] | null;
}

const cents = (n: number) => Math.round(n * 100) / 100;
const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

/** Rows summed per currency, sorted by currency. */
function byCurrency(rows: ReadonlyArray<{ currency: string; sourced: number; influenced: number; deals: number }>): AttributedAmount[] {
  const acc = new Map<string, AttributedAmount>();
  for (const r of rows) {
    const a = acc.get(r.currency) ?? { currency: r.currency, sourced: 0, influenced: 0, deals: 0 };
    a.sourced = cents(a.sourced + r.sourced);
    a.influenced = cents(a.influenced + r.influenced);
    a.deals += r.deals;
    acc.set(r.currency, a);
  }
  return [...acc.values()].sort((x, y) => x.currency.localeCompare(y.currency));
}

function converted(fx: CurrencyRates | null, pipeline: AttributedAmount[], revenue: AttributedAmount[]) {
  if (!fx) return null;
  const p = convert(fx, pipeline);
  const r = convert(fx, revenue);
  return p && r ? { pipeline: p, revenue: r } : null;
}

const sla = (c: PeriodCounts): SlaMetrics => ({ decided: c.decided, withinSla: c.withinSla, compliance: ratio(c.withinSla, c.decided) });
const outcome = (c: PeriodCounts) => ({ won: c.won, lost: c.lost, winRate: ratio(c.won, c.won + c.lost), medianCycleDays: c.medianCycleDays });

const EMPTY_COUNTS: PeriodCounts = {
  won: 0,
  lost: 0,
  medianCycleDays: null,
  registrations: Object.fromEntries(DEAL_STATUSES.map((s) => [s, 0])) as PeriodCounts['registrations'],
  decided: 0,
  withinSla: 0,
};

export async function computeMetrics(tx: Queryable, req: MetricsRequest): Promise<Metrics> {
  const { query, now, fx, partner } = req;
  const period = resolvePeriod(query, now);
  const spans = {
    current: bounds(period.current),
    previous: bounds(period.previous),
  };
  const filters = { partnerId: partner?.id, motion: query.motion };
  // Group and sort the few hundred thousand rows a large program has in memory, not on disk.
  await tx.exec("SET LOCAL work_mem = '64MB'");
  const amounts = await attributedAmounts(tx, spans, filters);
  const stats = await dealStats(tx, spans, filters, 'motion');
  const snap = await snapshot(tx, now, filters, METRICS_EXPIRING_DAYS, METRICS_STALE_DAYS);

  const base: MetricsDealFilter = {
    ...(query.motion ? { motion: query.motion } : {}),
    ...(partner && req.programPartners ? { partnerId: partner.id } : {}),
  };
  const motions: readonly Motion[] = query.motion ? [query.motion] : MOTIONS;
  const countsOf = (key: string | null, p: PeriodName) => stats.find((r) => r.key === key)?.[p] ?? EMPTY_COUNTS;

  const periodMetrics = (p: PeriodName, range: DayRange): PeriodMetrics => {
    const created = { createdFrom: range.from, createdTo: range.to };
    const pick = (kind: AmountKind, motion?: Motion) => byCurrency(amounts.filter((r) => r.period === p && r.kind === kind && (motion === undefined || r.motion === motion)));
    const all = countsOf(null, p);
    const pipeline = pick('pipeline');
    const revenue = pick('revenue');
    return {
      motions: motions.map((motion) => {
        const mp = pick('pipeline', motion);
        const mr = pick('revenue', motion);
        return {
          motion,
          pipeline: mp,
          revenue: mr,
          ...outcome(countsOf(motion, p)),
          converted: converted(fx, mp, mr),
          links: {
            pipeline: { ...base, motion, status: ['pending', 'approved'] },
            revenue: { ...base, motion, status: ['won'] },
          },
        };
      }),
      pipeline,
      revenue,
      ...outcome(all),
      converted: converted(fx, pipeline, revenue),
      registrations: DEAL_STATUSES.map((status) => ({ status, count: all.registrations[status], link: { ...base, status: [status], ...created } })),
      registrationsTotal: DEAL_STATUSES.reduce((n, s) => n + all.registrations[s], 0),
      sla: sla(all),
    };
  };

  const current = periodMetrics('current', period.current);
  const previous = periodMetrics('previous', period.previous);

  // Monthly closed-won revenue: every month of the period × every currency that has any.
  const revenueRows = amounts.filter((r) => r.period === 'current' && r.kind === 'revenue');
  const currencies = [...new Set(revenueRows.map((r) => r.currency))].sort();
  const trend: RevenueTrendPoint[] = [];
  for (const month of monthsOf(period.current)) {
    for (const currency of currencies) {
      const [a] = byCurrency(revenueRows.filter((r) => r.month === month && r.currency === currency));
      trend.push({ month, currency, sourced: a?.sourced ?? 0, influenced: a?.influenced ?? 0, deals: a?.deals ?? 0 });
    }
  }

  let breakdown: Metrics['breakdown'] = null;
  let programAverage: Metrics['programAverage'] = null;
  if (req.programPartners) {
    const program = req.programPartners;
    const by = query.breakdown ?? null;
    const keyed = await keyedAmounts(tx, spans.current, by, query.motion);
    const amountsOf = (key: string | null, kind: AmountKind) => byCurrency(keyed.filter((r: KeyedAmountRow) => r.key === key && r.kind === kind));
    // Program-wide outcomes (not one partner's) for the average.
    const programStats = partner ? await dealStats(tx, spans, { motion: query.motion }, by ?? 'motion') : by ? await dealStats(tx, spans, filters, by) : stats;
    const programAll = programStats.find((r) => r.key === null)?.current ?? EMPTY_COUNTS;
    const n = program.length;
    const perPartner = (rows: AttributedAmount[]) =>
      rows.map((a) => ({ currency: a.currency, sourced: cents(a.sourced / Math.max(n, 1)), influenced: cents(a.influenced / Math.max(n, 1)), deals: Math.round(a.deals / Math.max(n, 1)) }));
    const avgPipeline = perPartner(amountsOf(null, 'pipeline'));
    const avgRevenue = perPartner(amountsOf(null, 'revenue'));
    programAverage = {
      partners: n,
      pipeline: avgPipeline,
      revenue: avgRevenue,
      winRate: outcome(programAll).winRate,
      medianCycleDays: programAll.medianCycleDays,
      converted: converted(fx, avgPipeline, avgRevenue),
    };
    if (by) {
      const groups = by === 'partner'
        ? program.map((p) => ({ key: p.id, label: p.name, tier: p.tier, partnerId: p.id as string | null, partners: 1 }))
        : (['platinum', 'gold', 'silver', 'registered'] as const)
            .map((tier) => ({ key: tier, label: tier, tier, partnerId: null as string | null, partners: program.filter((p) => p.tier === tier).length }))
            .filter((g) => g.partners > 0);
      const rows: MetricsBreakdownRow[] = groups.map((g) => {
        const c = programStats.find((r) => r.key === g.key)?.current ?? EMPTY_COUNTS;
        const pipeline = amountsOf(g.key, 'pipeline');
        const revenue = amountsOf(g.key, 'revenue');
        return {
          ...g,
          pipeline,
          revenue,
          ...outcome(c),
          registrationsTotal: DEAL_STATUSES.reduce((s, st) => s + c.registrations[st], 0),
          sla: sla(c),
          converted: converted(fx, pipeline, revenue),
          link: { ...(query.motion ? { motion: query.motion } : {}), ...(g.partnerId ? { partnerId: g.partnerId } : {}) },
        };
      });
      breakdown = { by, rows };
    }
  }

  const seen = new Set<string>();
  for (const r of amounts) seen.add(r.currency);
  const currencyConversion = fx ? { base: fx.base, rates: fx.rates, note: fx.note, missing: [...seen].filter((c) => fx.rates[c] === undefined).sort() } : null;

  return {
    period: { key: period.key, ...period.current },
    previousPeriod: period.previous,
    motion: query.motion ?? null,
    scope: { kind: partner ? 'partner' : 'program', partner },
    current,
    previous,
    trend,
    snapshot: {
      protectionExpiring: { count: snap.expiring, days: METRICS_EXPIRING_DAYS, link: { ...base, status: ['approved'] } },
      staleDeals: { count: snap.stale, days: METRICS_STALE_DAYS, link: { ...base, status: ['pending', 'approved'], stale: true } },
    },
    breakdown,
    programAverage,
    currencyConversion,
    generatedAt: now.toISOString(),
  };
}
