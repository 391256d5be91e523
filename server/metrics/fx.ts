/**
 * Exchange rates a vendor may configure for GET /v1/metrics (`PARTNERKIT_FX_RATES`, or the
 * `currencyConversion` server option). Without them amounts in different currencies are never
 * added up; with them, the answer adds base-currency totals and says which rates it used.
 *
 * PARTNERKIT_FX_RATES='{"base":"USD","rates":{"EUR":1.08,"GBP":1.27},"note":"Finance plan rates, FY2026"}'
 * (`rates`: units of `base` per one unit of the currency; `note` defaults to a neutral sentence).
 */
import { z } from 'zod';
import type { AttributedAmount } from '../../src/contract/index.js';

const code = z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code such as USD.');

const FxConfigSchema = z.strictObject({
  base: code,
  rates: z.record(code, z.number().positive().finite()),
  note: z.string().trim().min(1).max(300).optional(),
});

export interface CurrencyRates {
  base: string;
  /** Units of `base` per one unit of each currency; `base` itself is 1. */
  rates: Record<string, number>;
  note: string;
}

export const DEFAULT_FX_NOTE = 'Converted with exchange rates configured by the vendor.';

/** Parses the configured rates; throws a clear Error (naming the setting) when they are malformed. */
export function parseFxRates(raw: string | undefined | null, source = 'PARTNERKIT_FX_RATES'): CurrencyRates | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${source} is not valid JSON: expected {"base":"USD","rates":{"EUR":1.08},"note":"…"}.`);
  }
  const parsed = FxConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${source} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const { base, rates, note } = parsed.data;
  return { base, rates: { ...rates, [base]: 1 }, note: note ?? DEFAULT_FX_NOTE };
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** Sourced and influenced of `amounts` in the base currency; null when a currency has no rate. */
export function convert(fx: CurrencyRates, amounts: readonly AttributedAmount[]): { sourced: number; influenced: number } | null {
  let sourced = 0;
  let influenced = 0;
  for (const a of amounts) {
    const rate = fx.rates[a.currency];
    if (rate === undefined) return null;
    sourced += a.sourced * rate;
    influenced += a.influenced * rate;
  }
  return { sourced: cents(sourced), influenced: cents(influenced) };
}
