import type { Direction } from './types.js';

/** Languages written right to left (ISO 639 codes). */
const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** `rtl` for Arabic, Hebrew, Persian, Urdu…; `ltr` otherwise. Pseudo-locale `ar-XB` is RTL too. */
export function directionOf(locale: string): Direction {
  return RTL.has(locale.split(/[-_]/)[0].toLowerCase()) ? 'rtl' : 'ltr';
}

function canonical(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

export interface LocaleMatch {
  /** The available locale whose messages are used (`de` for `de-AT`). */
  messages: string;
  /** The locale for dates, numbers and plural rules: the requested tag that matched (`de-AT`). */
  format: string;
}

/**
 * Best supported match for a list of requested BCP 47 tags, in order of preference:
 * for each tag, the exact locale, then the tag with subtags removed from the end (RFC 4647
 * lookup: `de-AT` → `de`), then a regional sibling (`pt` → `pt-BR`); the next tag if none.
 * English when nothing matches. Pseudo-locales (`…-XA`, `…-XB`) only match exactly.
 */
export function matchLocale(requested: ReadonlyArray<string | undefined | null>, available: readonly string[], fallback = 'en'): LocaleMatch {
  const byLower = new Map(available.map((a) => [a.toLowerCase(), a]));
  for (const raw of requested) {
    const tag = raw && canonical(raw);
    if (!tag) continue;
    const parts = tag.split('-');
    for (let n = parts.length; n > 0; n--) {
      const hit = byLower.get(parts.slice(0, n).join('-').toLowerCase());
      if (hit && (n === parts.length || !isPseudo(hit))) return { messages: hit, format: tag };
    }
    const language = parts[0].toLowerCase();
    const sibling = available.find((a) => !isPseudo(a) && a.toLowerCase().split('-')[0] === language);
    if (sibling) return { messages: sibling, format: tag };
  }
  return { messages: fallback, format: fallback };
}

export function isPseudo(locale: string): boolean {
  return /-(XA|XB)$/i.test(locale);
}
