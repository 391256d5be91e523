/** Locale-aware formatting shared by the elements. */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function formatMoney(locale: string | undefined, value: number, currency: string): string {
  try {
    return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 })).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

/** Short money for chart labels ("$1.2M", "1,2 Mio. €"). */
export function formatMoneyCompact(locale: string | undefined, value: number, currency: string): string {
  try {
    return cached(`mc|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 })).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

/** A ratio (0.42) as a percentage ("42%", "42 %"). */
export function formatPercent(locale: string | undefined, ratio: number): string {
  return cached(`p|${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })).format(ratio);
}

/** Month and year ("Mar 2026") of a `yyyy-mm` or ISO date; the month alone ("Mar") when `short`. */
export function formatMonth(locale: string | undefined, iso: string, short = false): string {
  const options: Intl.DateTimeFormatOptions = short ? { month: 'short', timeZone: 'UTC' } : { month: 'short', year: 'numeric', timeZone: 'UTC' };
  return cached(`mo|${short}|${locale}`, () => new Intl.DateTimeFormat(locale, options)).format(new Date(`${iso.slice(0, 7)}-01T00:00:00Z`));
}

export function formatNumber(locale: string | undefined, value: number): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

export function formatDate(locale: string | undefined, iso: string): string {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  const dateOnly = iso.length === 10;
  return cached(`d|${locale}|${dateOnly}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: dateOnly ? 'UTC' : undefined })).format(date);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 5 hours", "3 days ago". */
export function formatRelative(locale: string | undefined, iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const rtf = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'minute') return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(0, 'minute');
}

/** Date and time ("7 Dec 2026, 17:40"): receipts. */
export function formatDateTime(locale: string | undefined, iso: string): string {
  return cached(`dt|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso));
}
