/**
 * Rate limits (issue 8, finding 2), with hono-rate-limiter (fixed windows in memory, per
 * server process). Over a limit: 429 problem+json with `Retry-After` (seconds) and the
 * `RateLimit-*` headers (draft 6) on every limited route.
 *
 * - `sessions`: POST /v1/sessions per client address (the vendor's servers mint here);
 * - `authFailures`: 401 answers on /v1/* per client address (a wrong secret key, a forged or
 *   malformed token; not an expired one) — strict, so keys cannot be guessed online at speed;
 * - `demo`: POST /demo/* per client address (they mint sessions without a login);
 * - `api`: every other /v1/* request per session user, generous.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { rateLimiter } from 'hono-rate-limiter';
import { problemResponse } from './problem.js';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

export interface RateLimits {
  sessions: RateLimit | false;
  authFailures: RateLimit | false;
  demo: RateLimit | false;
  api: RateLimit | false;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  sessions: { limit: 300, windowMs: 60_000 },
  authFailures: { limit: 20, windowMs: 300_000 },
  demo: { limit: 60, windowMs: 60_000 },
  api: { limit: 1200, windowMs: 60_000 },
};

const ENV: Record<keyof RateLimits, string> = {
  sessions: 'PARTNERKIT_RATE_LIMIT_SESSIONS',
  authFailures: 'PARTNERKIT_RATE_LIMIT_AUTH_FAILURES',
  demo: 'PARTNERKIT_RATE_LIMIT_DEMO',
  api: 'PARTNERKIT_RATE_LIMIT_API',
};

/** `"300/60"` (300 per 60 seconds) or `"off"` / `"0"`. */
export function parseRateLimit(name: string, raw: string): RateLimit | false {
  const v = raw.trim().toLowerCase();
  if (v === 'off' || v === '0') return false;
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(v);
  const limit = m ? Number(m[1]) : NaN;
  const seconds = m ? Number(m[2]) : NaN;
  if (!m || limit < 1 || seconds < 1 || seconds > 86_400) {
    throw new Error(`${name} must be "<requests>/<seconds>" such as "300/60", or "off" (got "${raw}").`);
  }
  return { limit, windowMs: seconds * 1000 };
}

/** defaults ← PARTNERKIT_RATE_LIMIT_* ← options (`false` turns every limit off). */
export function resolveRateLimits(options: Partial<RateLimits> | false | undefined, env: NodeJS.ProcessEnv = process.env): RateLimits {
  if (options === false) return { sessions: false, authFailures: false, demo: false, api: false };
  const out = { ...DEFAULT_RATE_LIMITS };
  for (const key of Object.keys(ENV) as Array<keyof RateLimits>) {
    const raw = env[ENV[key]];
    if (raw) out[key] = parseRateLimit(ENV[key], raw);
    const o = options?.[key];
    if (o !== undefined) {
      if (o !== false && (!Number.isInteger(o.limit) || o.limit < 1 || !Number.isInteger(o.windowMs) || o.windowMs < 1)) {
        throw new Error(`rateLimits.${key} must be false or { limit, windowMs } with positive whole numbers.`);
      }
      out[key] = o;
    }
  }
  return out;
}

/**
 * The client's address: the TCP peer, or with `trustProxy` = N reverse proxies in front, the
 * address the outermost of them saw (N-th entry from the right of X-Forwarded-For).
 */
export function clientAddress(c: Context, trustProxy = 0): string {
  if (trustProxy > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const entry = hops[hops.length - trustProxy];
    if (entry) return entry;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (app.request) have no socket
  }
}

type LimiterKey = (c: Context) => string;

/** One limiter: 429 problem+json with Retry-After once `limit` is spent within the window. */
export function limiter(
  name: string,
  rate: RateLimit | false,
  key: LimiterKey,
  opts: { countOnly?: (c: Context) => boolean } = {},
): MiddlewareHandler {
  if (!rate) return async (_c, next) => next();
  return rateLimiter({
    windowMs: rate.windowMs,
    limit: rate.limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => `${name}:${key(c)}`,
    // countOnly: only responses it matches count (e.g. 401s); the others are handed back.
    ...(opts.countOnly ? { skipSuccessfulRequests: true, requestWasSuccessful: (c: Context) => !opts.countOnly!(c) } : {}),
    handler: (c) => {
      const info = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
      const retryAfter = Math.max(1, Math.ceil(((info?.resetTime?.getTime() ?? Date.now() + rate.windowMs) - Date.now()) / 1000));
      const headers: Record<string, string> = { 'Retry-After': String(retryAfter) };
      for (const h of ['RateLimit-Policy', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) {
        const v = c.res.headers.get(h);
        if (v) headers[h] = v;
      }
      return problemResponse({
        status: 429,
        detail:
          name === 'authFailures'
            ? `Too many failed authentications from this address; try again in ${retryAfter} s.`
            : `Too many requests; try again in ${retryAfter} s.`,
        headers,
        extra: { retryAfter },
      });
    },
  }) as unknown as MiddlewareHandler;
}
