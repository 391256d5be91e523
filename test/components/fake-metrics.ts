/**
 * Canned `GET /v1/metrics` answers (valid against MetricsSchema) and a backend that serves them,
 * for the `<pk-insights>` tests and stories: a partner, a channel manager with the breakdown,
 * several currencies, converted amounts, an empty program.
 */
import type { CallOptions } from '../../src/api/backend.js';
import type { AttributedAmount, Metrics, MetricsQuery, PeriodMetrics } from '../../src/contract/metrics.js';
import { DEAL_STATUSES, MOTIONS } from '../../src/contract/motions.js';
import type { Me } from '../../src/contract/schemas.js';
import { partnerMe } from './fake-backend.js';
import { FakeEngagementBackend } from './fake-engagement-backend.js';

export interface MetricsOptions {
  /** Channel manager (program scope, breakdown and average). */
  program?: boolean;
  currencies?: string[];
  /** Exchange rates to the first currency (sets currencyConversion and converted amounts). */
  convert?: boolean;
  empty?: boolean;
  /** Scale of the previous period's figures (1 = unchanged). */
  previousScale?: number;
}

const aa = (currency: string, sourced: number, influenced: number, deals = 2): AttributedAmount => ({ currency, sourced, influenced, deals });
const RATES: Record<string, number> = { USD: 1, EUR: 1.08, GBP: 1.27, JPY: 0.0067 };

function period(o: MetricsOptions, scale: number): PeriodMetrics {
  const cur = o.empty ? [] : (o.currencies ?? ['USD']);
  const base = cur[0];
  const perMotion = (i: number) => cur.map((c, j) => aa(c, Math.round((120_000 - i * 18_000) * scale / (j + 1)), Math.round((40_000 + i * 9_000) * scale / (j + 1))));
  const sum = (lists: AttributedAmount[][]) => cur.map((c) => lists.flat().filter((a) => a.currency === c).reduce((s, a) => aa(c, s.sourced + a.sourced, s.influenced + a.influenced, s.deals + a.deals), aa(c, 0, 0, 0)));
  const conv = (list: AttributedAmount[]) => ({ sourced: list.reduce((s, a) => s + a.sourced * RATES[a.currency] / RATES[base], 0), influenced: list.reduce((s, a) => s + a.influenced * RATES[a.currency] / RATES[base], 0) });
  const motions = MOTIONS.map((motion, i) => {
    const pipeline = o.empty ? [] : perMotion(i);
    const revenue = o.empty ? [] : perMotion(i + 1).map((a) => ({ ...a, sourced: Math.round(a.sourced / 2), influenced: Math.round(a.influenced / 3) }));
    return {
      motion,
      pipeline,
      revenue,
      won: o.empty ? 0 : 3,
      lost: o.empty ? 0 : 1,
      winRate: o.empty ? null : 0.75,
      medianCycleDays: o.empty ? null : 40 + i * 5,
      converted: o.convert && !o.empty ? { pipeline: conv(pipeline), revenue: conv(revenue) } : null,
      links: { pipeline: { motion, status: ['pending' as const, 'approved' as const] }, revenue: { motion, status: ['won' as const] } },
    };
  });
  const pipeline = sum(motions.map((m) => m.pipeline));
  const revenue = sum(motions.map((m) => m.revenue));
  const counts: Record<string, number> = o.empty ? {} : { pending: 4, approved: Math.round(12 * scale), declined: 2, expired: 1, won: Math.round(6 * scale), lost: 2 };
  const registrations = DEAL_STATUSES.map((status) => ({ status, count: counts[status] ?? 0, link: { status: [status] } }));
  const decided = o.empty ? 0 : Math.round(20 * scale);
  return {
    motions,
    pipeline,
    revenue,
    won: o.empty ? 0 : Math.round(15 * scale),
    lost: o.empty ? 0 : 5,
    winRate: o.empty ? null : Math.min(1, 0.75 * scale),
    medianCycleDays: o.empty ? null : Math.round(42 / scale),
    converted: o.convert && !o.empty ? { pipeline: conv(pipeline), revenue: conv(revenue) } : null,
    registrations,
    registrationsTotal: registrations.reduce((s, r) => s + r.count, 0),
    sla: { decided, withinSla: o.empty ? 0 : Math.round(decided * 0.85), compliance: o.empty ? null : Math.round(decided * 0.85) / decided },
  };
}

const PARTNERS = [
  { id: 'p_acme', name: 'Acme Integrations', tier: 'gold' as const },
  { id: 'p_globex', name: 'Globex Cloud', tier: 'platinum' as const },
  { id: 'p_initech', name: 'Initech Services', tier: 'silver' as const },
];

export function makeMetrics(o: MetricsOptions = {}, query: MetricsQuery = {}): Metrics {
  const cur = o.empty ? [] : (o.currencies ?? ['USD']);
  const current = period(o, 1);
  const previous = period(o, o.previousScale ?? 0.8);
  const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
  const trend = o.empty ? [] : months.flatMap((month, i) => cur.map((currency, j) => ({ month, currency, sourced: Math.round((20_000 + ((i * 7919) % 13) * 4_000) / (j + 1)), influenced: Math.round((5_000 + ((i * 31) % 7) * 1_500) / (j + 1)), deals: 2 })));
  const filtered = o.program && query.partnerId ? PARTNERS.find((p) => p.id === query.partnerId) ?? null : null;
  const row = (p: (typeof PARTNERS)[number], i: number) => ({
    key: p.id,
    label: p.name,
    tier: p.tier,
    partnerId: p.id,
    partners: 1,
    pipeline: cur.map((c) => aa(c, 90_000 - i * 30_000, 20_000)),
    revenue: cur.map((c) => aa(c, 50_000 - i * 12_000, 8_000)),
    won: 5 - i,
    lost: i,
    winRate: (5 - i) / 5,
    medianCycleDays: 30 + i * 10,
    registrationsTotal: 8 - i,
    sla: { decided: 6, withinSla: 5, compliance: 5 / 6 },
    converted: null,
    link: { partnerId: p.id },
  });
  const tierRows = PARTNERS.map((p, i) => ({ ...row(p, i), key: p.tier, label: p.tier, partnerId: null, link: {} }));
  return {
    period: { from: '2026-10-01', to: '2026-12-07', days: 68, key: query.period ?? (query.from ? 'custom' : 'this_quarter') },
    previousPeriod: { from: '2026-07-25', to: '2026-09-30', days: 68 },
    motion: query.motion ?? null,
    scope: o.program ? (filtered ? { kind: 'partner', partner: filtered } : { kind: 'program', partner: null }) : { kind: 'partner', partner: { id: 'p1', name: 'Acme Partners', tier: 'gold' } },
    current,
    previous,
    trend,
    snapshot: {
      protectionExpiring: { count: o.empty ? 0 : 3, days: 14, link: { status: ['approved'] } },
      staleDeals: { count: o.empty ? 0 : 5, days: 7, link: { status: ['pending', 'approved'], stale: true } },
    },
    breakdown: o.program && !query.partnerId && query.breakdown ? { by: query.breakdown, rows: o.empty ? [] : query.breakdown === 'tier' ? tierRows : PARTNERS.map(row) } : null,
    programAverage: o.program ? { partners: 3, pipeline: cur.map((c) => aa(c, 60_000, 20_000)), revenue: cur.map((c) => aa(c, 38_000, 8_000)), winRate: 0.7, medianCycleDays: 40, converted: null } : null,
    currencyConversion: o.convert ? { base: cur[0] ?? 'USD', rates: Object.fromEntries(cur.map((c) => [c, RATES[c] / RATES[cur[0]]])), note: 'ECB reference rates of 1 Dec 2026', missing: [] } : null,
    generatedAt: new Date().toISOString(),
  };
}

/** FakeEngagementBackend plus getMetrics: records each query, honours `failures` and `hold`. */
export class FakeInsightsBackend extends FakeEngagementBackend {
  metricsCalls: MetricsQuery[] = [];
  metricsOptions: MetricsOptions;

  constructor(me: Me = partnerMe(), options: MetricsOptions = {}) {
    super(me);
    this.metricsOptions = { program: me.user.role === 'channel_manager', ...options };
  }

  async getMetrics(query: MetricsQuery = {}, _options?: CallOptions): Promise<Metrics> {
    this.metricsCalls.push(query);
    await this.hold.getMetrics;
    const failure = this.failures.getMetrics;
    if (failure) {
      delete this.failures.getMetrics;
      throw failure;
    }
    return makeMetrics(this.metricsOptions, query);
  }
}
