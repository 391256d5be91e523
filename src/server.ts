/**
 * `partnerkit/server` moved to its own package, `partnerkit-server`, so that installing the SDK
 * never pulls the server's dependencies. This subpath re-exports it for existing users; it
 * works when `partnerkit-server` is installed next to `partnerkit` (`npm install partnerkit-server`).
 */
export * from 'partnerkit-server';
