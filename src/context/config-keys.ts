/**
 * Global keys shared by the script-tag loader (src/cdn/loader.ts) and the core, which arrive in
 * different files: settings given to the loader's `configure()` before the core has loaded wait
 * under PENDING_CONFIG_KEY; the core's `configure()` is published under CONFIGURE_KEY.
 */
export const PENDING_CONFIG_KEY = Symbol.for('partnerkit.pending-config');
export const CONFIGURE_KEY = Symbol.for('partnerkit.configure');
/**
 * Session requests the script-tag loader started for `session-url` elements before the core
 * arrived (a `Map` of absolute session URL → `{ at, response }`); the first session fetch for that
 * URL takes its answer (src/api/session.ts) instead of asking again.
 */
export const SESSION_PREFETCH_KEY = Symbol.for('partnerkit.session-prefetch');
/**
 * The first GETs (`/v1/me`, the pipeline's first page) the script-tag loader sent as soon as its
 * prefetched session arrived: a `Map` of absolute URL → `{ at, token, response }`. The API client
 * takes a matching one (same URL, same token, fresh) for its first attempt, once (src/api/client.ts).
 */
export const GET_PREFETCH_KEY = Symbol.for('partnerkit.get-prefetch');
