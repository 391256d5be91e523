/**
 * Which web origins may embed Partnerkit and call the API (issue 8, finding 7).
 *
 * `PARTNERKIT_ALLOWED_ORIGINS` (or the `allowedOrigins` option): `*` (default, open — the demo
 * and any vendor page) or a comma-separated list of origins (`https://partners.example.com`).
 * With a list, CORS answers only those origins, a /v1/* request whose `Origin` is another one is
 * refused (403), and a session is bound to the origin it was minted for (the `org` claim) and
 * refused from any other.
 */
import { ProblemError } from './problem.js';

export type AllowedOrigins = '*' | readonly string[];

/** `https://Example.com:443/` → `https://example.com`; null when it is not an http(s) origin. */
export function normaliseOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return null;
  return url.origin;
}

/** default `*` ← PARTNERKIT_ALLOWED_ORIGINS ← option; an entry that is not an origin stops the server. */
export function resolveAllowedOrigins(option?: AllowedOrigins | string, env: NodeJS.ProcessEnv = process.env): AllowedOrigins {
  const raw = option ?? env.PARTNERKIT_ALLOWED_ORIGINS ?? '*';
  const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [...raw];
  if (list.length === 0 || list.includes('*')) {
    if (list.length > 1) throw new Error('PARTNERKIT_ALLOWED_ORIGINS is either * or a list of origins, not both.');
    return '*';
  }
  return list.map((entry) => {
    const origin = normaliseOrigin(entry);
    if (!origin) throw new Error(`PARTNERKIT_ALLOWED_ORIGINS: "${entry}" is not an origin such as https://partners.example.com.`);
    return origin;
  });
}

export class OriginPolicy {
  constructor(readonly allowed: AllowedOrigins) {}

  get open(): boolean {
    return this.allowed === '*';
  }

  /** Whether a browser on `origin` may call the API (the server's own origin always may). */
  allows(origin: string, selfOrigin?: string): boolean {
    if (this.allowed === '*') return true;
    const o = normaliseOrigin(origin);
    return o !== null && (this.allowed.includes(o) || o === selfOrigin);
  }

  /** The value for Access-Control-Allow-Origin, or null to answer without CORS headers. */
  corsOrigin(origin: string | undefined): string | null {
    if (this.allowed === '*') return '*';
    return origin && this.allows(origin) ? origin : null;
  }

  /** Throws 403 when a request's `Origin` is not allowed. No Origin (a server, curl): allowed. */
  check(origin: string | undefined, selfOrigin: string): void {
    if (!origin || this.allows(origin, selfOrigin)) return;
    throw new ProblemError({
      status: 403,
      slug: 'origin-not-allowed',
      title: 'Origin not allowed',
      detail: `Pages on ${origin} may not call this Partnerkit server (PARTNERKIT_ALLOWED_ORIGINS).`,
      errors: [{ path: 'Origin', code: 'not_allowed', message: 'This origin is not in the allowed list.' }],
    });
  }

  /**
   * The origin a new session is bound to: the one asked for (must be allowed), else the only
   * allowed origin when there is exactly one, else none (usable from every allowed origin).
   */
  bindFor(requested: string | undefined): string | null {
    if (requested !== undefined) {
      const o = normaliseOrigin(requested);
      if (!o) throw new ProblemError({ status: 422, detail: 'origin must be an origin such as https://partners.example.com.', errors: [{ path: 'origin', code: 'invalid_format', message: 'Expected an http(s) origin without a path.' }] });
      if (!this.allows(o)) throw new ProblemError({ status: 422, detail: 'The origin is not allowed.', errors: [{ path: 'origin', code: 'not_allowed', message: `${o} is not in PARTNERKIT_ALLOWED_ORIGINS.` }] });
      return o;
    }
    return this.allowed !== '*' && this.allowed.length === 1 ? this.allowed[0] : null;
  }
}

/** Refuses a session token bound to one origin when a browser presents it from another. */
export function checkBoundOrigin(bound: string | null, origin: string | undefined): void {
  if (!bound || !origin) return;
  if (normaliseOrigin(origin) === bound) return;
  throw new ProblemError({
    status: 403,
    slug: 'origin-mismatch',
    title: 'Session bound to another origin',
    detail: `This session was issued for ${bound}; it cannot be used from ${origin}.`,
    errors: [{ path: 'Origin', code: 'not_allowed', message: `Expected ${bound}.` }],
  });
}
