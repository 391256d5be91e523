/**
 * `dist/partnerkit.js`, the script-tag entry: a small module that loads each element's code from
 * its own folder next to this file the first time its tag appears, in the page or in a shadow
 * root an element creates (the pattern of Web Awesome's and Shoelace's autoloaders). No other
 * origin, no inline script or style: chunks are imported relative to this module's URL.
 *
 * `import()` of each element's `define` makes the build split one chunk per element (with the
 * shared core in chunks of its own); the `cdn` build (vite.config.ts) replaces `__PK_DEPS__` with the
 * static imports of each element's chunk so they are fetched in parallel, not one after another.
 */
import type { PartnerkitConfig } from '../context/config.js';
import type * as Core from '../core.js';
import type { PartnerkitLoader } from '../internal/lazy.js';

// Nothing here is imported statically (the build checks): the browser fetches this small file,
// then the shared core and the first element's chunk side by side, instead of the core first and
// the element after. So the global keys are spelled out here rather than imported (the same
// Symbol.for names as src/internal/lazy.ts and src/context/config-keys.ts).
const LOADER_KEY = Symbol.for('partnerkit.loader');
const PENDING_CONFIG_KEY = Symbol.for('partnerkit.pending-config');
const CONFIGURE_KEY = Symbol.for('partnerkit.configure');
const SESSION_PREFETCH_KEY = Symbol.for('partnerkit.session-prefetch');
const GET_PREFETCH_KEY = Symbol.for('partnerkit.get-prefetch');

/** The whole API (`PkApiError`, the schemas, `PkElement`, …), loaded on first use. */
export function api(): Promise<typeof Core> {
  return import('../core.js');
}

/**
 * `configure()` of the npm package: page-wide settings. Safe to call before any element's code
 * has arrived: the core picks the settings up when it loads.
 */
export function configure(config: PartnerkitConfig): void {
  const g = globalThis as unknown as Record<symbol, unknown>;
  const real = g[CONFIGURE_KEY] as ((c: PartnerkitConfig) => void) | undefined;
  if (real) real(config);
  else g[PENDING_CONFIG_KEY] = { ...(g[PENDING_CONFIG_KEY] as PartnerkitConfig | undefined), ...config };
}

/** `signOut()` of the npm package (drops session tokens, wipes saved drafts); loads the core if needed. */
export function signOut(): Promise<void> {
  return api().then((core) => core.signOut());
}

const ELEMENTS: Record<string, () => Promise<unknown>> = {
  'pk-portal': () => import('../../components/portal/define.js'),
  'pk-pipeline': () => import('../../components/pipeline/define.js'),
  'pk-deal-form': () => import('../../components/deal-form/define.js'),
  'pk-registration-review': () => import('../../components/registration-review/define.js'),
  'pk-rules': () => import('../../components/rules/define.js'),
  'pk-rules-gate': () => import('../../components/rules-gate/define.js'),
  'pk-announcements': () => import('../../components/announcements/define.js'),
  'pk-content-library': () => import('../../components/content-library/define.js'),
  'pk-insights': () => import('../../components/insights/define.js'),
};

/**
 * Each element's own chunk, then the chunks it imports, relative to this file (filled in by the
 * build).
 */
const CHUNKS: Record<string, string[]> = JSON.parse('__PK_DEPS__');

/** The default portal (an empty `<pk-portal>`) opens on insights: fetch both at once. */
const DEFAULT_SECTION = 'pk-insights';

/**
 * Space held for an element until its code has arrived (it then holds its own, see each
 * element's `--pk-<name>-min-height`), so a late script never pushes the page. A constructed
 * style sheet, not a `<style>` element: nothing for a strict CSP to refuse.
 */
const RESERVE =
  'pk-pipeline:not(:defined){display:block;min-height:var(--pk-pipeline-min-height,100vh)}' +
  'pk-insights:not(:defined){display:block;min-height:var(--pk-insights-min-height,40rem)}' +
  'pk-portal:not(:defined):not(:has(*)){display:block;min-height:var(--pk-portal-min-height,100vh)}';

const loading = new Map<string, Promise<void>>();
const observed = new WeakSet<Node>();
/** Failed attempts to load each element's code. */
const failures = new Map<string, number>();

function load(tag: string): Promise<void> {
  let p = loading.get(tag);
  if (!p) {
    const element = ELEMENTS[tag];
    if (!element) return Promise.reject(new Error(`[partnerkit] no element <${tag}>`));
    if (customElements.get(tag)) return Promise.resolve();
    const base = import.meta.url;
    const [own, ...deps] = CHUNKS[tag] ?? [];
    const failed = failures.get(tag) ?? 0;
    // A browser keeps a module whose fetch failed as failed for the page's life (Chromium does):
    // after a failure the element's own chunk is asked for under a new URL.
    const code = failed && own ? import(/* @vite-ignore */ new URL(`${own}?retry=${failed}`, base).href) : element();
    p = Promise.all([code, ...deps.map((f) => import(/* @vite-ignore */ new URL(f, base).href))]).then(
      () => customElements.whenDefined(tag).then(() => undefined),
    );
    p.catch((error: unknown) => {
      // The next time the tag appears, try again. Tell the host page the way elements do (pk-error).
      loading.delete(tag);
      failures.set(tag, failed + 1);
      console.error(`[partnerkit] could not load <${tag}>`, error);
      const detail = {
        type: 'https://partnerkit.dev/problems/sdk-unavailable',
        title: 'Could not load Partnerkit',
        status: 0,
        detail: `<${tag}>: ${error instanceof Error ? error.message : String(error)}`,
        kind: 'network',
      };
      document.dispatchEvent(Object.assign(new Event('pk-error', { bubbles: true, composed: true }), { detail }));
    });
    loading.set(tag, p);
  }
  return p;
}

/**
 * Starts the session request of an element that names its backend and session endpoint while its
 * code is still on the way, instead of after: the session round trip overlaps the download. The
 * core's first session fetch for that URL takes the answer (src/api/session.ts), once.
 */
function prefetchSession(el: Element): void {
  const sessionUrl = el.getAttribute('session-url');
  // Once the core runs, it holds the session (a tag added later needs no new one).
  if (!sessionUrl || !el.getAttribute('api-url') || (globalThis as unknown as Record<symbol, unknown>)[CONFIGURE_KEY]) return;
  const held = ((globalThis as unknown as Record<symbol, Map<string, unknown>>)[SESSION_PREFETCH_KEY] ??= new Map());
  let url: string;
  try {
    url = new URL(sessionUrl, location.href).href;
  } catch {
    return; // the element reports the bad URL itself
  }
  if (held.has(url)) return;
  const response = fetch(url, { method: 'POST', credentials: 'include', headers: { Accept: 'application/json' } });
  response.catch(() => {}); // whoever takes it sees the failure
  held.set(url, { at: Date.now(), response });
  const urls = firstRequestUrls(el);
  if (urls.length) {
    warmPreflights(urls);
    // Registered before the core's own reading of this answer, so the clone comes first.
    response
      .then((r) => (r.ok ? r.clone().json() : null))
      .then((body: { token?: unknown } | null) => prefetchGets(urls, body?.token))
      .catch(() => {});
  }
}

/**
 * What an element asks for first with no filter attributes, sent once the session is there while
 * its code still loads and runs: `<pk-pipeline>` — `/v1/me`, then its first page at its page size;
 * the default `<pk-portal>` — `/v1/me` and the figures of its opening section, insights, for this
 * quarter (a partner's first view; a channel manager's adds a breakdown, so that guess goes unused).
 * The API client takes the answers (same URL and token) instead of asking again; a guess that does
 * not match (other attributes, a view the user saved, a changed first query) is an unused GET, never
 * a wrong answer.
 */
function firstRequests(el: Element): string[] {
  const tag = el.localName;
  if (tag === 'pk-portal' && el.childElementCount === 0) return ['me', 'metrics?period=this_quarter'];
  if (tag !== 'pk-pipeline') return [];
  if (['motion', 'stage', 'status', 'q', 'sort'].some((a) => el.hasAttribute(a))) return ['me'];
  const limit = Math.min(100, Math.max(1, Math.trunc(Number(el.getAttribute('page-size'))) || 50));
  return ['me', `deals?limit=${limit}`];
}

/** The absolute URLs of {@link firstRequests} on the element's `api-url`; none when that URL is malformed (the element reports it). */
function firstRequestUrls(el: Element): string[] {
  const paths = firstRequests(el);
  if (!paths.length) return [];
  try {
    const api = new URL(el.getAttribute('api-url')!, location.href).href.replace(/\/+$/, '');
    return paths.map((path) => new URL(`${api}/v1/${path}`).href);
  } catch {
    return [];
  }
}

/**
 * A cross-origin GET with `Authorization` waits for a CORS preflight first: one more round trip
 * after the session's. The browser caches a preflight's answer per URL, so asking it now, side by
 * side with the session request, lets the first GETs go straight out once the token is there. An
 * `OPTIONS` request needs the same preflight and carries no token: the server answers it like a
 * preflight (204), touching no data. A server that does not list OPTIONS among its CORS methods
 * refuses the warm-up, and the GETs are preflighted as before.
 */
function warmPreflights(urls: string[]): void {
  if (new URL(urls[0]).origin === location.origin) return; // same origin: no preflight to warm
  for (const url of urls) fetch(url, { method: 'OPTIONS', headers: { Authorization: '' } }).catch(() => {});
}

function prefetchGets(urls: string[], token: unknown): void {
  if (typeof token !== 'string' || !token) return;
  const held = ((globalThis as unknown as Record<symbol, Map<string, unknown>>)[GET_PREFETCH_KEY] ??= new Map());
  for (const url of urls) {
    if (held.has(url)) continue;
    const response = fetch(url, { headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
    response.catch(() => {});
    held.set(url, { at: Date.now(), token, response });
  }
}

/**
 * The first Intl formatter a page builds loads the engine's locale data: ~100 ms of main thread on
 * a slow phone (mostly one native call, the list of the engine's locales for the first formatter
 * kind, whichever it is: it cannot be split), which used to land in the task that renders the
 * first rows. Built here, one per task while the chunks download (the main thread is idle then),
 * the element's own formatters of the same locale come from data already loaded. The locale is a
 * guess (the element's or its portal's `locale`, else the page's language): a wrong one costs
 * those idle tasks, nothing else.
 */
let warmed = false;
function warmIntl(el: Element): void {
  if (warmed || typeof Intl === 'undefined') return;
  warmed = true;
  const locale = el.closest('[locale]')?.getAttribute('locale') || document.documentElement.lang || navigator.language;
  // The engine's likely-subtags data first (some 20–40 ms at 4× CPU of what the first
  // formatter's locale resolution would otherwise do in the same task), then one formatter per task.
  const steps = [
    () => new Intl.Locale(locale).maximize(),
    () => new Intl.PluralRules(locale),
    () => new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }),
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
  ];
  const next = () => {
    try {
      steps.shift()?.();
    } catch {
      return; // a malformed tag: the element reports it
    }
    if (steps.length) setTimeout(next);
  };
  setTimeout(next);
}

function discover(root: ParentNode): void {
  const found = new Set<string>();
  const visit = (el: Element) => {
    const tag = el.localName;
    if (Object.hasOwn(ELEMENTS, tag) && !customElements.get(tag)) {
      found.add(tag);
      prefetchSession(el);
      warmIntl(el);
      if (tag === 'pk-portal' && el.childElementCount === 0) found.add(DEFAULT_SECTION);
    }
  };
  if (root instanceof Element) visit(root);
  for (const el of root.querySelectorAll(':not(:defined)')) visit(el);
  for (const tag of found) load(tag).catch(() => {});
}

/**
 * Loads every `pk-*` tag in `root` now and whenever one is added to it. The document and the
 * shadow roots of Partnerkit's own elements are watched already; call it for a shadow root of
 * your own that holds Partnerkit tags (a component of your site).
 */
export function observe(root: Document | ShadowRoot): void {
  // The first copy of the loader on the page does the work (the moving and the versioned URL are
  // two copies of this module; they load the same chunk files).
  (globalThis as unknown as Record<symbol, PartnerkitLoader>)[LOADER_KEY].observe(root);
}

function watch(root: Document | ShadowRoot): void {
  if (observed.has(root)) return;
  observed.add(root);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) discover(n as Element);
  }).observe(root, { childList: true, subtree: true });
  discover(root);
}

const g = globalThis as unknown as Record<symbol, PartnerkitLoader | undefined>;
if (!g[LOADER_KEY]) {
  g[LOADER_KEY] = { tags: new Set(Object.keys(ELEMENTS)), load, observe: watch };
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(RESERVE);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    /* no constructable style sheets: the space is reserved once the element's code runs */
  }
  watch(document);
}
