import type { AttributedAmount, Metrics, MetricsDealFilter, PeriodMetrics } from '../../src/contract/metrics.js';
import type { NavFilters } from './view.js';

/** Amounts of one figure, one per currency (never added across currencies). */
export type Amounts = Array<{ currency: string; value: number }>;
export type Share = 'sourced' | 'influenced' | 'total';

type Converted = PeriodMetrics['converted'];

/** The KPIs of one period, in the element's terms. */
export interface Kpis {
  sourcedPipeline: Amounts;
  influencedPipeline: Amounts;
  closedWon: Amounts;
  winRate: number | null;
  cycleDays: number | null;
  sla: number | null;
  /** Snapshot figures (now, not the period): null for the previous period. */
  expiring: number | null;
  stale: number | null;
}

/**
 * One share of attributed amounts: in the vendor's base currency when the answer carries a
 * conversion for it, else per currency. Sourced and influenced of one currency may be added
 * (`total`); two currencies never are.
 */
export function amountsOf(m: Metrics, list: AttributedAmount[], converted: { sourced: number; influenced: number } | null | undefined, share: Share): Amounts {
  const pick = (a: { sourced: number; influenced: number }) => (share === 'total' ? a.sourced + a.influenced : a[share]);
  if (m.currencyConversion && converted) return [{ currency: m.currencyConversion.base, value: pick(converted) }];
  return list.map((a) => ({ currency: a.currency, value: pick(a) }));
}

export function kpisOf(m: Metrics, p: PeriodMetrics, withSnapshot: boolean): Kpis {
  const c: Converted = p.converted;
  return {
    sourcedPipeline: amountsOf(m, p.pipeline, c?.pipeline, 'sourced'),
    influencedPipeline: amountsOf(m, p.pipeline, c?.pipeline, 'influenced'),
    closedWon: amountsOf(m, p.revenue, c?.revenue, 'total'),
    winRate: p.winRate,
    cycleDays: p.medianCycleDays,
    sla: p.sla.compliance,
    expiring: withSnapshot ? m.snapshot.protectionExpiring.count : null,
    stale: withSnapshot ? m.snapshot.staleDeals.count : null,
  };
}

/** Whether the answer holds any figure at all: none is the empty program (or an empty period). */
export function isEmpty(m: Metrics): boolean {
  const none = (p: PeriodMetrics) => p.registrationsTotal === 0 && p.pipeline.length === 0 && p.revenue.length === 0 && p.won + p.lost === 0;
  return none(m.current) && none(m.previous) && m.snapshot.protectionExpiring.count === 0 && m.snapshot.staleDeals.count === 0;
}

/**
 * The pipeline's filters for a backend deal filter. `<pk-pipeline>` filters by one status: a
 * filter of several statuses (open = pending or approved) opens the motion with no status.
 */
export function navFilters(link: MetricsDealFilter | undefined, fallback: NavFilters = {}): NavFilters {
  if (!link) return fallback;
  const f: NavFilters = {};
  if (link.motion) f.motion = link.motion;
  if (link.status?.length === 1) f.status = link.status[0];
  return f;
}

/** Currencies present in any of the amounts, in first-seen order. */
export function currenciesOf(...lists: Amounts[]): string[] {
  return [...new Set(lists.flatMap((l) => l.map((a) => a.currency)))];
}

export function amountIn(list: Amounts, currency: string): number {
  return list.find((a) => a.currency === currency)?.value ?? 0;
}
