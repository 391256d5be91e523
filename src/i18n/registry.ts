import { en } from './en/index.js';
import { matchLocale, type LocaleMatch } from './match.js';
import { Translator, loadParser, needsParser, preloadParser } from './translator.js';
import type { Catalogue, MessageOverrides } from './types.js';

type Loader = () => Promise<{ default: Catalogue }>;

/**
 * Locales Partnerkit ships besides English. Each is its own chunk, loaded the first time an
 * element resolves to it: a page that only speaks English never downloads them.
 */
const SHIPPED: Record<string, Loader> = {
  de: () => import('./locales/de/index.js'),
  fr: () => import('./locales/fr/index.js'),
  es: () => import('./locales/es/index.js'),
  ja: () => import('./locales/ja/index.js'),
  ar: () => import('./locales/ar/index.js'),
  'en-XA': () => import('./locales/en-XA.js'),
};

/** The loader of a shipped locale's catalogue (for tests; not part of the public API). */
export const shippedLoader = (locale: string): Loader | undefined => SHIPPED[locale];

/** Every locale Partnerkit ships (English built in; pseudo-locales excluded). */
export const SHIPPED_LOCALES: readonly string[] = ['en', ...Object.keys(SHIPPED).filter((l) => !l.endsWith('-XA'))];

const catalogues = new Map<string, Catalogue>([['en', en]]);
const vendorCatalogues = new WeakMap<object, Catalogue>();
const loading = new Map<unknown, Promise<void>>();

/** Loads a shipped locale or a vendor loader once; a failure warns and leaves English in place. */
function load(id: unknown, run: () => Promise<Catalogue>, store: (c: Catalogue) => void): Promise<void> {
  let p = loading.get(id);
  if (!p) {
    p = run().then(store, (error) => {
      console.warn('[partnerkit] could not load messages; falling back to English', error);
      store({});
    });
    loading.set(id, p);
  }
  return p;
}

function overrideEntry(overrides: MessageOverrides | undefined, locale: string) {
  if (!overrides) return undefined;
  const key = Object.keys(overrides).find((k) => k.toLowerCase() === locale.toLowerCase());
  return key === undefined ? undefined : overrides[key];
}

/** What an element asked for: locale preferences (best first) and vendor messages (lowest precedence first). */
export interface LocaleRequest {
  preferences: ReadonlyArray<string | undefined | null>;
  overrides: ReadonlyArray<MessageOverrides | undefined>;
}

export function availableLocales(overrides: LocaleRequest['overrides']): string[] {
  const all = new Set(['en', ...Object.keys(SHIPPED)]);
  for (const o of overrides) for (const k of Object.keys(o ?? {})) all.add(k);
  return [...all];
}

const ids = new WeakMap<object, number>();
let nextId = 1;
const idOf = (o: object | undefined) => (o ? (ids.get(o) ?? (ids.set(o, nextId++), nextId - 1)) : 0);
const translators = new Map<string, Translator>();

/**
 * The translator for a request, or the promise that loads what it needs (the element waits
 * for it before rendering, so it never flashes English first).
 */
export function translatorFor(request: LocaleRequest): Translator | Promise<void> {
  // Fast path: elements ask on every update with mostly the same request.
  const requestKey = [...request.preferences, ...request.overrides.map((o) => idOf(o))].join('\u0000');
  const known = byRequest.get(requestKey);
  if (known) return known;
  const result = resolve(request);
  if (result instanceof Translator) {
    if (byRequest.size > 256) byRequest.clear();
    byRequest.set(requestKey, result);
  }
  return result;
}

const byRequest = new Map<string, Translator>();

function resolve(request: LocaleRequest): Translator | Promise<void> {
  const match: LocaleMatch = matchLocale(request.preferences, availableLocales(request.overrides));
  const locale = match.messages;
  const pending: Array<Promise<void>> = [];
  if (!catalogues.has(locale) && SHIPPED[locale]) {
    pending.push(load(locale, async () => (await SHIPPED[locale]()).default, (c) => catalogues.set(locale, c)));
    // Its messages are strings: fetch the ICU parser at the same time, not after (script-tag build).
    pending.push(preloadParser());
  }
  const entries = request.overrides.map((o) => overrideEntry(o, locale));
  for (const entry of entries) {
    if (typeof entry === 'function' && !vendorCatalogues.has(entry)) {
      pending.push(
        load(entry, async () => { const m = await entry(); return ('default' in m ? m.default : m) as Catalogue; }, (c) => vendorCatalogues.set(entry, c)),
      );
    }
  }
  if (pending.length) return Promise.all(pending).then(() => undefined);

  const key = [match.format, locale, ...entries.map((e) => idOf(e))].join('|');
  let translator = translators.get(key);
  if (!translator) {
    const layers = entries.map((e) => (typeof e === 'function' ? vendorCatalogues.get(e) : e) ?? {});
    const catalogue = Object.assign({}, en, catalogues.get(locale), ...layers) as Catalogue;
    // Messages that were not parsed at build time (a vendor's, another locale's) need the parser.
    if (needsParser(catalogue)) return loadParser();
    translator = new Translator(match.format, locale, catalogue);
    if (translators.size > 64) translators.clear(); // vendors passing fresh override objects
    translators.set(key, translator);
  }
  return translator;
}
