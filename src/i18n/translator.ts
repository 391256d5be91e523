import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat, type Formatters } from 'intl-messageformat';
import { html, type TemplateResult } from 'lit';
import { en } from './en/index.js';
import { directionOf } from './match.js';
import { isPlainText } from './plain-text.js';
import type { Catalogue, Direction, MessageKey } from './types.js';

/** Plain values for `t()`: numbers and dates are formatted by the message (`{n, number}`, `{d, date}`). */
export type PlainValues = Record<string, string | number | Date | null | undefined>;
/** Values for `rich()`: plain values, Lit templates, or tag handlers (`{ b: (chunks) => html`…` }`). */
export type RichValues = Record<string, unknown>;

/** Rich tags every message may use; `t()` keeps their text, `rich()` renders them. */
const RICH_TAGS: Record<string, (chunks: unknown[]) => unknown> = {
  b: (chunks) => html`<strong>${chunks}</strong>`,
  i: (chunks) => html`<em>${chunks}</em>`,
};
const PLAIN_TAGS: Record<string, (chunks: unknown[]) => string> = {
  b: (chunks) => chunks.join(''),
  i: (chunks) => chunks.join(''),
};

/**
 * One set of Intl formatters for every message: intl-messageformat otherwise builds its own
 * `Intl.NumberFormat`/`PluralRules`/`DateTimeFormat` for each message, the bulk of the time an
 * element's first render spends on a slow phone. Keyed by their arguments (locale and options).
 */
const SHARED_FORMATTERS: Formatters = (() => {
  const cache = new Map<string, unknown>();
  const memo =
    <A extends unknown[], R>(kind: string, make: (...args: A) => R) =>
    (...args: A): R => {
      const key = kind + JSON.stringify(args);
      let made = cache.get(key) as R | undefined;
      if (made === undefined) cache.set(key, (made = make(...args)));
      return made;
    };
  return {
    getNumberFormat: memo('n', (...a: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...a)),
    getDateTimeFormat: memo('d', (...a: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...a)),
    getPluralRules: memo('p', (...a: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...a)),
  };
})();

/**
 * intl-messageformat resolves the locale anew for every message it compiles with
 * `Intl.NumberFormat.supportedLocalesOf`, which costs ~150 ms on a slow phone the first time.
 * For one locale tag (all Partnerkit passes) its answer is always `new Intl.Locale(tag)` (the tag
 * if supported, else the tag itself; both throw the same RangeError on a malformed tag), so that
 * is what it gets, once per tag; a list still goes through the library's own resolution.
 */
const MEMO = Symbol.for('partnerkit.resolve-locale-memo');
const mf = IntlMessageFormat as unknown as { resolveLocale: (locales: string | string[]) => Intl.Locale | undefined; [MEMO]?: true };
if (!mf[MEMO] && typeof Intl.Locale === 'function') {
  const resolve = mf.resolveLocale;
  const resolved = new Map<string, Intl.Locale>();
  mf.resolveLocale = (locales) => {
    if (typeof locales !== 'string') return resolve(locales);
    let locale = resolved.get(locales);
    if (!locale) resolved.set(locales, (locale = new Intl.Locale(locales)));
    return locale;
  };
  mf[MEMO] = true;
}

/**
 * The first Intl formatter a page builds costs ~100 ms on a slow phone, whichever kind it is (the
 * engine loads its locale data then); those after it cost a few ms. A translator is made before
 * an element's first render, and its first rows need formatters: the ones every plural message
 * uses are built in a task of their own right after (usually while the element waits for its
 * data), not inside the long task that renders the first rows. They are cached and used later.
 */
const warmed = new Set<string>();
function warmUp(locale: string): void {
  if (warmed.has(locale)) return;
  warmed.add(locale);
  setTimeout(() => {
    try {
      SHARED_FORMATTERS.getPluralRules(locale, { type: 'cardinal' });
      SHARED_FORMATTERS.getNumberFormat(locale);
    } catch {
      // A malformed tag: the messages that use it report it when they are formatted.
    }
  });
}

const compile = (message: string | MessageFormatElement[], locale: string) => new IntlMessageFormat(message, locale, undefined, { formatters: SHARED_FORMATTERS });

/** A message ready to format: plain text as it is, anything else compiled (once per key). */
type Compiled = IntlMessageFormat | string;
const prepare = (message: string | MessageFormatElement[], locale: string): Compiled => (isPlainText(message) ? message : compile(message, locale));

const warned = new Set<string>();
function warnOnce(message: string, error?: unknown): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`[partnerkit] ${message}`, error ?? '');
}

/**
 * Formats the messages of one locale. Elements get theirs from `PkElement` (`this.t(…)`,
 * `this.rich(…)`, `this.i18n`); it is resolved per element, so two portals on one page may
 * speak two languages.
 */
export class Translator {
  /** Text direction of the messages' language. */
  readonly dir: Direction;
  private readonly formatters = new Map<string, Compiled | null>();
  private readonly fallbackFormatters = new Map<string, Compiled>();

  constructor(
    /** Locale for numbers, dates and plural rules (the requested tag, e.g. `de-AT`). */
    readonly locale: string,
    /** Locale whose messages are used (e.g. `de`). */
    readonly messagesLocale: string,
    private readonly catalogue: Catalogue,
  ) {
    this.dir = directionOf(messagesLocale);
    warmUp(locale);
  }

  /** The message as plain text (for attributes, or text without data values). */
  t(key: MessageKey, values?: PlainValues): string {
    const out = this.format(key, { ...PLAIN_TAGS, ...values });
    return Array.isArray(out) ? out.join('') : String(out);
  }

  /**
   * The message for text content: every string value is isolated in `<bdi>` so a company name,
   * domain or date in another script never scrambles the sentence around it; `<b>` renders as
   * `<strong>`. Pass Lit templates or tag handlers as values for more markup.
   */
  rich(key: MessageKey, values?: RichValues): unknown {
    const wrapped: RichValues = { ...RICH_TAGS };
    for (const [k, v] of Object.entries(values ?? {})) wrapped[k] = typeof v === 'string' ? bdi(v) : v;
    return this.format(key, wrapped);
  }

  /** Whether this locale (or a vendor override) has a message for `key` — for keys built at run time. */
  has(key: string): key is MessageKey {
    return this.catalogue[key] !== undefined || key in en;
  }

  private format(key: MessageKey, values: Record<string, unknown>): unknown {
    const formatter = this.formatter(key);
    if (typeof formatter === 'string') return formatter;
    if (formatter) {
      try {
        return formatter.format(values as never);
      } catch (error) {
        warnOnce(`message "${key}" (${this.messagesLocale}) could not be formatted; using English`, error);
      }
    }
    try {
      const english = this.englishFormatter(key);
      return typeof english === 'string' ? english : english.format(values as never);
    } catch (error) {
      warnOnce(`message "${key}" could not be formatted`, error);
      return key;
    }
  }

  private formatter(key: string): Compiled | null {
    let f = this.formatters.get(key);
    if (f === undefined) {
      const source = this.catalogue[key];
      f = null;
      if (source !== undefined) {
        try {
          f = prepare(source, this.locale);
        } catch (error) {
          warnOnce(`message "${key}" (${this.messagesLocale}) is not valid ICU MessageFormat; using English`, error);
        }
      }
      this.formatters.set(key, f);
    }
    return f;
  }

  private englishFormatter(key: string): Compiled {
    let f = this.fallbackFormatters.get(key);
    if (f === undefined) this.fallbackFormatters.set(key, (f = prepare((en as Record<string, string>)[key] ?? key, this.locale)));
    return f;
  }
}

/** Whether a message needs the ICU parser before it can be compiled (a string that is not plain text). */
const needsParsing = (message: unknown) => typeof message === 'string' && !isPlainText(message);

/**
 * The script-tag build (`cdn` in vite.config.ts) parses the English catalogue at build time (its
 * messages are ASTs or plain text there, strings from source) and leaves the ICU parser out of
 * intl-messageformat. A catalogue with a message only known at run time (a vendor's wording,
 * another locale) then needs the parser loaded first ({@link loadParser}, a chunk of its own).
 */
const PARSER_BUNDLED = Object.values(en).some(needsParsing);

/** Starts loading the parser alongside a catalogue of strings (no-op when it is bundled). */
export function preloadParser(): Promise<void> {
  return PARSER_BUNDLED ? Promise.resolve() : loadParser();
}

export function needsParser(catalogue: Catalogue): boolean {
  if (PARSER_BUNDLED || parserLoaded || parserFailed) return false;
  return Object.values(catalogue).some(needsParsing);
}

let parserLoaded = false;
let parserFailed = false;
let parserLoading: Promise<void> | undefined;
/**
 * Loads the ICU parser the script-tag build leaves out of the core (its own chunk). Never
 * rejects: if it cannot be fetched, messages that need it fall back to English.
 */
export function loadParser(): Promise<void> {
  parserLoading ??= import('@formatjs/icu-messageformat-parser').then(
    ({ parse }) => {
      IntlMessageFormat.__parse = parse;
      parserLoaded = true;
    },
    (error: unknown) => {
      parserFailed = true;
      warnOnce('could not load the message parser; showing English', error);
    },
  );
  return parserLoading;
}

/** Isolates a data value (name, domain, number, date) from the text direction around it. */
export function bdi(value: unknown): TemplateResult {
  return html`<bdi>${value}</bdi>`;
}

export type { MessageFormatElement };
