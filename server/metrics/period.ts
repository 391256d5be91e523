/**
 * The period of GET /v1/metrics and the one it is compared with, as whole UTC days (both ends
 * inclusive) and as the half-open timestamp ranges the SQL uses.
 *
 * - `this_quarter`: first day of the current quarter → today; previous: the same days of the
 *   quarter before (Oct 1–Dec 7 against Jul 1–Sep 7).
 * - `last_quarter`: the whole previous quarter; previous: the quarter before it.
 * - `last_12_months`: the first day of the month eleven months ago → today (twelve monthly trend
 *   buckets, the last one to date); previous: the same range a year earlier.
 * - `from`/`to`: as given; previous: as many days, ending the day before `from`.
 */
import type { MetricsPeriod } from '../../src/contract/index.js';

const DAY = 86_400_000;

export interface DayRange {
  from: string;
  to: string;
  days: number;
}

export interface ResolvedPeriod {
  key: MetricsPeriod | 'custom';
  current: DayRange;
  previous: DayRange;
}

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function range(from: string, to: string): DayRange {
  return { from, to, days: Math.round((dayMs(to) - dayMs(from)) / DAY) + 1 };
}

/** `date` moved by `months` calendar months, the day clamped to the target month's length. */
function shiftMonths(date: string, months: number): string {
  const d = new Date(dayMs(date));
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const f = new Date(first);
  const lastDay = new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 0)).getUTCDate();
  return isoDay(Date.UTC(f.getUTCFullYear(), f.getUTCMonth(), Math.min(d.getUTCDate(), lastDay)));
}

function quarterStart(date: string): string {
  const d = new Date(dayMs(date));
  return isoDay(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1));
}

/** Resolves a validated query's period against `now`. */
export function resolvePeriod(q: { period?: MetricsPeriod; from?: string; to?: string }, now: Date): ResolvedPeriod {
  const today = isoDay(now.getTime());
  if (q.from !== undefined && q.to !== undefined) {
    const current = range(q.from, q.to);
    const prevTo = isoDay(dayMs(q.from) - DAY);
    return { key: 'custom', current, previous: range(isoDay(dayMs(prevTo) - (current.days - 1) * DAY), prevTo) };
  }
  const key = q.period ?? 'this_quarter';
  switch (key) {
    case 'last_quarter': {
      const from = shiftMonths(quarterStart(today), -3);
      const to = isoDay(dayMs(quarterStart(today)) - DAY);
      const prevFrom = shiftMonths(from, -3);
      return { key, current: range(from, to), previous: range(prevFrom, isoDay(dayMs(from) - DAY)) };
    }
    case 'last_12_months': {
      const from = shiftMonths(today.slice(0, 8) + '01', -11);
      return { key, current: range(from, today), previous: range(shiftMonths(from, -12), shiftMonths(today, -12)) };
    }
    default: {
      const from = quarterStart(today);
      const prevFrom = shiftMonths(from, -3);
      // The same number of days into the previous quarter, never past its end.
      const prevTo = isoDay(Math.min(dayMs(from) - DAY, dayMs(prevFrom) + (dayMs(today) - dayMs(from))));
      return { key, current: range(from, today), previous: range(prevFrom, prevTo) };
    }
  }
}

/** `[start, end)` timestamps (ISO) of a day range, for SQL. */
export function bounds(r: DayRange): { start: string; end: string } {
  return { start: new Date(dayMs(r.from)).toISOString(), end: new Date(dayMs(r.to) + DAY).toISOString() };
}

/** Every `YYYY-MM` month a day range touches, in order. */
export function monthsOf(r: DayRange): string[] {
  const out: string[] = [];
  let m = r.from.slice(0, 7) + '-01';
  while (m.slice(0, 7) <= r.to.slice(0, 7)) {
    out.push(m.slice(0, 7));
    m = shiftMonths(m, 1);
  }
  return out;
}
