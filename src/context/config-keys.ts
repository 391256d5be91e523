/**
 * Global keys shared by the script-tag loader (src/cdn/loader.ts) and the core, which arrive in
 * different files: settings given to the loader's `configure()` before the core has loaded wait
 * under PENDING_CONFIG_KEY; the core's `configure()` is published under CONFIGURE_KEY.
 */
export const PENDING_CONFIG_KEY = Symbol.for('partnerkit.pending-config');
export const CONFIGURE_KEY = Symbol.for('partnerkit.configure');
