import type { PartnerBackend } from '../api/backend.js';
import type { FetchSession } from '../api/session.js';
import type { MessageOverrides } from '../i18n/types.js';
import { CONFIGURE_KEY, PENDING_CONFIG_KEY } from './config-keys.js';

export type Theme = 'light' | 'dark' | 'auto';

/** Page-wide configuration; element attributes and the nearest `<pk-portal>` take precedence. */
export interface PartnerkitConfig {
  /** Base URL of the Partnerkit backend (the part before `/v1`). */
  apiUrl?: string;
  /** Same-origin endpoint of the vendor's server that answers POST with `{ token, expiresAt }`. */
  sessionUrl?: string;
  /** Alternative to `sessionUrl`: returns the session token, or `{ token, expiresAt }`. */
  fetchSession?: FetchSession;
  /** Replaces the REST backend entirely. */
  backend?: PartnerBackend;
  /**
   * BCP 47 locale of every word, date and amount (default: the page's `lang`, then the
   * browser's languages); the best shipped or vendor-added match is used, English last.
   */
  locale?: string;
  /**
   * Vendor wording per locale, over Partnerkit's own: `{ en: { 'pipeline.col.customer': 'Account' } }`.
   * Naming a locale Partnerkit does not ship adds it (missing keys fall back to English); a value
   * may be a function that loads the messages on first use (`() => import('./pt-BR.js')`).
   */
  messages?: MessageOverrides;
}

const g = globalThis as unknown as Record<symbol, unknown>;
/** Settings given to the script-tag loader's `configure()` before this module had loaded. */
let globalConfig: PartnerkitConfig = { ...(g[PENDING_CONFIG_KEY] as PartnerkitConfig | undefined) };
delete g[PENDING_CONFIG_KEY];
const listeners = new Set<() => void>();

/** Sets page-wide defaults for every Partnerkit element. Later calls merge into earlier ones. */
export function configure(config: PartnerkitConfig): void {
  globalConfig = { ...globalConfig, ...config };
  for (const listener of listeners) listener();
}
// The script-tag loader's configure() forwards here from now on (the first copy on a page wins).
g[CONFIGURE_KEY] ??= configure;

export function getGlobalConfig(): Readonly<PartnerkitConfig> {
  return globalConfig;
}

/** @internal elements re-resolve their configuration when configure() is called. */
export function onGlobalConfigChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
