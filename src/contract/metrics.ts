/**
 * Wire schemas for GET /v1/metrics (issue 13, `<pk-insights>`). zod/mini, shared by the SDK and the
 * reference server (which generates /v1/openapi.json from them).
 *
 * Definitions (the server computes every figure in SQL; see docs/architecture.md "Metrics"):
 * - period: `from`..`to`, whole UTC days, both inclusive. `this_quarter` runs from the first day of
 *   the current quarter to today; `last_quarter` is the whole previous quarter; `last_12_months`
 *   ends today. The previous period has the same number of days and ends the day before `from`
 *   (`last_quarter`: the quarter before it).
 * - pipeline: the amount of the deals open at the end of the period: registered by then and not yet
 *   won, lost, declined or expired (for a period ending today: today's `pending` and `approved`
 *   deals), so the previous period's figure is what was open when it ended. revenue: the amount
 *   of deals won (closed) in the period.
 * - sourced / influenced: attribution-weighted. A partner's figure is the deal amount times its own
 *   attribution percent, by its attribution type. A program figure counts every deal at most once:
 *   the sourced share is min(100, sum of sourced percents), the influenced share
 *   min(100 − sourced share, sum of influenced percents).
 * - amounts are per currency; different currencies are never summed, except in `converted` when the
 *   vendor configured exchange rates (`currencyConversion`).
 * - winRate: won / (won + lost) of the deals closed in the period, null when none closed.
 * - medianCycleDays: median of days from registration to close over deals closed (won or lost) in
 *   the period, null when none closed.
 * - registrations: deals registered in the period, by their current status.
 * - sla: registrations decided in the period; `withinSla` decided no later than their SLA due time.
 * - snapshot (as of now, not the period): approved deals whose protection ends within 14 days, and
 *   open deals whose stage note is missing or older than 7 days.
 * A partner's deal counts (win rate, cycle, registrations, SLA, snapshot) are the deals its org
 * registered; its amounts include deals of other orgs it holds attribution on, at its percent.
 */
import * as z from 'zod/mini';
import { DEAL_STATUSES, MOTIONS } from './motions.js';
import { TierSchema } from './shared.js';
import { STAGE_NOTE_FRESH_DAYS } from './stage-note.js';

const isoDateTime = () => z.iso.datetime({ offset: true });
const currencyCode = () => z.string().check(z.length(3));
const amount = () => z.number();

export const METRICS_PERIODS = ['this_quarter', 'last_quarter', 'last_12_months'] as const;
export type MetricsPeriod = (typeof METRICS_PERIODS)[number];
export const METRICS_BREAKDOWNS = ['partner', 'tier'] as const;
export type MetricsBreakdown = (typeof METRICS_BREAKDOWNS)[number];

/** The longest custom period (`from`..`to`), in days. */
export const METRICS_MAX_DAYS = 1100;
/** Protection counts as expiring soon within this many days. */
export const METRICS_EXPIRING_DAYS = 14;
/** A stage note older than this many days is stale: the pipeline's rule. */
export const METRICS_STALE_DAYS = STAGE_NOTE_FRESH_DAYS;

const dayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/**
 * Query of GET /v1/metrics. Strings on the wire. Either `period` or both `from` and `to`
 * (neither: `this_quarter`). `partnerId` and `breakdown` are for a channel manager only: a
 * partner's request with either is refused (400, `not_allowed`).
 */
export const MetricsQuerySchema = z
  .object({
    period: z.optional(z.enum(METRICS_PERIODS)),
    from: z.optional(z.iso.date()),
    to: z.optional(z.iso.date()),
    motion: z.optional(z.enum(MOTIONS)),
    partnerId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    breakdown: z.optional(z.enum(METRICS_BREAKDOWNS)),
  })
  .check(
    z.refine((q) => q.period === undefined || (q.from === undefined && q.to === undefined), {
      message: 'Pass either period or from and to, not both.',
      path: ['period'],
      params: { code: 'not_allowed' },
    }),
    z.refine((q) => q.to !== undefined || q.from === undefined, { message: 'from needs to.', path: ['to'], params: { code: 'required' } }),
    z.refine((q) => q.from !== undefined || q.to === undefined, { message: 'to needs from.', path: ['from'], params: { code: 'required' } }),
    z.refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
      message: 'from must not be after to.',
      path: ['from'],
      params: { code: 'invalid' },
    }),
    z.refine((q) => q.from === undefined || q.to === undefined || q.from > q.to || dayNumber(q.to) - dayNumber(q.from) < METRICS_MAX_DAYS, {
      message: `The period may span at most ${METRICS_MAX_DAYS} days.`,
      path: ['to'],
      params: { code: 'too_big', max: METRICS_MAX_DAYS },
    }),
  );
export type MetricsQueryInput = z.input<typeof MetricsQuerySchema>;
/** What a caller passes to getMetrics (every field optional). */
export type MetricsQuery = z.output<typeof MetricsQuerySchema>;

/** A deals filter behind a figure, for "open the pipeline filtered to these deals". */
export const MetricsDealFilterSchema = z.object({
  motion: z.optional(z.enum(MOTIONS)),
  /** Any of these statuses (the pipeline's `status` filter takes one: link one per status, or the motion alone). */
  status: z.optional(z.array(z.enum(DEAL_STATUSES))),
  /** Registered (createdAt) on or after / on or before these days. */
  createdFrom: z.optional(z.iso.date()),
  createdTo: z.optional(z.iso.date()),
  /** Only deals whose stage note is stale (older than METRICS_STALE_DAYS). */
  stale: z.optional(z.boolean()),
  /** Channel manager: one partner org. */
  partnerId: z.optional(z.string()),
});
export type MetricsDealFilter = z.infer<typeof MetricsDealFilterSchema>;

/** Attribution-weighted amounts in one currency (rounded to cents); `deals` counts the deals behind them. */
export const AttributedAmountSchema = z.object({
  currency: currencyCode(),
  sourced: amount(),
  influenced: amount(),
  deals: z.int(),
});
export type AttributedAmount = z.infer<typeof AttributedAmountSchema>;

/** Sourced and influenced in the vendor's base currency, with rates from `currencyConversion`. */
export const ConvertedAmountSchema = z.object({ sourced: amount(), influenced: amount() });

/** Win rate and cycle time of a set of closed deals. */
const outcomeShape = {
  won: z.int(),
  lost: z.int(),
  /** won / (won + lost), 0..1; null when nothing closed. */
  winRate: z.nullable(z.number()),
  /** Median days from registration to close (won and lost); null when nothing closed. */
  medianCycleDays: z.nullable(z.number()),
};

export const MotionMetricsSchema = z.object({
  motion: z.enum(MOTIONS),
  /** Pipeline open at the end of the period, per currency. */
  pipeline: z.array(AttributedAmountSchema),
  /** Closed-won revenue in the period, per currency. */
  revenue: z.array(AttributedAmountSchema),
  ...outcomeShape,
  /** Base-currency totals when rates are configured (and cover every currency), else null. */
  converted: z.nullable(z.object({ pipeline: ConvertedAmountSchema, revenue: ConvertedAmountSchema })),
  /** The deals behind the pipeline (open now) and revenue figures. */
  links: z.object({ pipeline: MetricsDealFilterSchema, revenue: MetricsDealFilterSchema }),
});
export type MotionMetrics = z.infer<typeof MotionMetricsSchema>;

export const RegistrationCountSchema = z.object({
  status: z.enum(DEAL_STATUSES),
  count: z.int(),
  link: MetricsDealFilterSchema,
});

export const SlaMetricsSchema = z.object({
  /** Registrations decided (approved or declined) in the period that had an SLA due time. */
  decided: z.int(),
  withinSla: z.int(),
  /** withinSla / decided, 0..1; null when nothing was decided. */
  compliance: z.nullable(z.number()),
});
export type SlaMetrics = z.infer<typeof SlaMetricsSchema>;

/** The KPIs of one period (the current one, or the previous one for the change). */
export const PeriodMetricsSchema = z.object({
  /** One entry per motion (every motion, or only the `motion` asked for), in MOTIONS order. */
  motions: z.array(MotionMetricsSchema),
  /** All motions together, per currency. */
  pipeline: z.array(AttributedAmountSchema),
  revenue: z.array(AttributedAmountSchema),
  ...outcomeShape,
  converted: z.nullable(z.object({ pipeline: ConvertedAmountSchema, revenue: ConvertedAmountSchema })),
  /** Registrations in the period, one entry per status (zeros included), in DEAL_STATUSES order. */
  registrations: z.array(RegistrationCountSchema),
  registrationsTotal: z.int(),
  sla: SlaMetricsSchema,
});
export type PeriodMetrics = z.infer<typeof PeriodMetricsSchema>;

/** One month of closed-won revenue in one currency. Every month of the period × every currency seen, zeros included. */
export const RevenueTrendPointSchema = z.object({
  /** `YYYY-MM`. */
  month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
  currency: currencyCode(),
  sourced: amount(),
  influenced: amount(),
  deals: z.int(),
});
export type RevenueTrendPoint = z.infer<typeof RevenueTrendPointSchema>;

/** One row of a channel manager's breakdown: a partner org, or a tier (its partner orgs together). */
export const MetricsBreakdownRowSchema = z.object({
  /** The partner id, or the tier. */
  key: z.string(),
  /** The partner org's name, or the tier. */
  label: z.string(),
  tier: TierSchema,
  /** Partner id for a partner row; null for a tier row. */
  partnerId: z.nullable(z.string()),
  /** How many partner orgs the row covers (1 for a partner row). */
  partners: z.int(),
  pipeline: z.array(AttributedAmountSchema),
  revenue: z.array(AttributedAmountSchema),
  ...outcomeShape,
  registrationsTotal: z.int(),
  sla: SlaMetricsSchema,
  converted: z.nullable(z.object({ pipeline: ConvertedAmountSchema, revenue: ConvertedAmountSchema })),
  link: MetricsDealFilterSchema,
});
export type MetricsBreakdownRow = z.infer<typeof MetricsBreakdownRowSchema>;

/**
 * The average partner org of the program in the period (channel manager only): amounts are the
 * partners' attributed amounts summed and divided by `partners` (every partner org, zeros
 * included); winRate and medianCycleDays are the program's.
 */
export const ProgramAverageSchema = z.object({
  partners: z.int(),
  pipeline: z.array(AttributedAmountSchema),
  revenue: z.array(AttributedAmountSchema),
  winRate: z.nullable(z.number()),
  medianCycleDays: z.nullable(z.number()),
  converted: z.nullable(z.object({ pipeline: ConvertedAmountSchema, revenue: ConvertedAmountSchema })),
});
export type ProgramAverage = z.infer<typeof ProgramAverageSchema>;

export const CurrencyConversionSchema = z.object({
  /** The currency converted amounts are in. */
  base: currencyCode(),
  /** Units of `base` per one unit of each currency (base itself is 1). */
  rates: z.record(z.string(), z.number()),
  /** Where the rates come from / as of when, as the vendor configured it; show it next to converted figures. */
  note: z.string(),
  /** Currencies in this answer without a configured rate; `converted` is null wherever one of them occurs. */
  missing: z.array(currencyCode()),
});
export type CurrencyConversion = z.infer<typeof CurrencyConversionSchema>;

const periodRange = z.object({ from: z.iso.date(), to: z.iso.date(), days: z.int() });

/** GET /v1/metrics. */
export const MetricsSchema = z.object({
  period: z.object({ ...periodRange.shape, key: z.enum([...METRICS_PERIODS, 'custom']) }),
  previousPeriod: periodRange,
  motion: z.nullable(z.enum(MOTIONS)),
  /** Whose figures: a partner org (a partner's own, or the one a channel manager filtered to), or the whole program. */
  scope: z.object({
    kind: z.enum(['partner', 'program']),
    partner: z.nullable(z.object({ id: z.string(), name: z.string(), tier: TierSchema })),
  }),
  current: PeriodMetricsSchema,
  previous: PeriodMetricsSchema,
  /** Monthly closed-won revenue over the current period. */
  trend: z.array(RevenueTrendPointSchema),
  /** Now, not the period. */
  snapshot: z.object({
    protectionExpiring: z.object({ count: z.int(), days: z.int(), link: MetricsDealFilterSchema }),
    staleDeals: z.object({ count: z.int(), days: z.int(), link: MetricsDealFilterSchema }),
  }),
  /** Channel manager with `breakdown`: one row per partner org or tier (current period); else null. */
  breakdown: z.nullable(z.object({ by: z.enum(METRICS_BREAKDOWNS), rows: z.array(MetricsBreakdownRowSchema) })),
  /** Channel manager: the average partner org (current period); null for a partner. */
  programAverage: z.nullable(ProgramAverageSchema),
  /** Set when the vendor configured exchange rates (PARTNERKIT_FX_RATES); null otherwise. */
  currencyConversion: z.nullable(CurrencyConversionSchema),
  generatedAt: isoDateTime(),
});
export type Metrics = z.infer<typeof MetricsSchema>;
