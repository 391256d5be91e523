/**
 * Partnerkit reference backend as a library: the `partnerkit-server` package (`server/` in the
 * repository; `partnerkit/server` re-exports it).
 *
 *   const { fetch, close } = await createServer({ dataDir: ':memory:' });
 *   const { url } = await startServer({ port: 8787 });
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { parseFxRates, type CurrencyRates } from './metrics/fx.js';
import { DEFAULT_SESSION_TTL_SECONDS, SessionAuth, resolveSecretKey, type AuthEnv } from './auth.js';
import { databaseKeyRing, staticKeyRing, type SigningKeyRing } from './keys.js';
import { answerClientErrors, resolveLimits, type RequestLimits } from './limits.js';
import { OriginPolicy, resolveAllowedOrigins, type AllowedOrigins } from './origins.js';
import { resolveRateLimits, type RateLimits } from './rate-limit.js';
import { openDb, type Db } from './db.js';
import { migrate } from './migrations.js';
import { assertRlsApplies, enterRequestRole } from './rls.js';
import { seedIfEmpty } from './seed.js';
import { resolvePolicy, type RegistrationPolicy } from './registration/policy.js';
import { runRegistrationJob, scheduleRegistrationJob, type JobResult } from './registration/job.js';
import { scheduleStatistics } from './statistics.js';
import { EventHub, type HubOptions } from './events/hub.js';

export { DEMO_USERS, SEED_PARTNERS, normaliseDomain, type DemoUser } from './seed.js';
export { DEMO_SECRET_KEY, type SessionClaims } from './auth.js';
export type { Db, Queryable } from './db.js';
export { DEFAULT_POLICY, type RegistrationPolicy } from './registration/policy.js';
export type { JobResult } from './registration/job.js';
export { generateSecretKey, rotateSigningKey } from './keys.js';
export { DEFAULT_LIMITS, type RequestLimits } from './limits.js';
export { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimits } from './rate-limit.js';
export type { AllowedOrigins } from './origins.js';
export type * from '../src/contract/index.js';

export interface ServerOptions {
  /** How often PGlite's planner statistics are checked and refreshed (ms, default 60 000; 0 = never). PostgreSQL's autovacuum does this itself. */
  statisticsIntervalMs?: number;
  /** PGlite data directory (default `.partnerkit/`); `':memory:'` for an in-memory database. */
  dataDir?: string;
  /** PostgreSQL URL; when set, PostgreSQL is used instead of PGlite. */
  databaseUrl?: string;
  /** Secret key for POST /v1/sessions; default env PARTNERKIT_SECRET_KEY, else the demo key (refused in production). */
  secretKey?: string;
  /** The previous secret key, still accepted while a vendor rolls a new one out; default env PARTNERKIT_SECRET_KEY_PREVIOUS. */
  previousSecretKey?: string;
  /**
   * Key that signs session tokens (and the previous one, still verifying); default env
   * PARTNERKIT_SIGNING_KEY[_PREVIOUS], else random keys generated and kept in the database.
   */
  signingKey?: string;
  previousSigningKey?: string;
  /** Body and JSON nesting limits; default env PARTNERKIT_MAX_BODY_BYTES / PARTNERKIT_MAX_JSON_DEPTH, else 1 MiB / 32. */
  limits?: Partial<RequestLimits>;
  /** Rate limits (`false`: none); default env PARTNERKIT_RATE_LIMIT_*, else DEFAULT_RATE_LIMITS. See the README. */
  rateLimits?: Partial<RateLimits> | false;
  /** How many reverse proxies in front are trusted for X-Forwarded-For (default env PARTNERKIT_TRUST_PROXY, else 0). */
  trustProxy?: number;
  /** Origins that may embed and call the API (`'*'` or a list); default env PARTNERKIT_ALLOWED_ORIGINS, else `'*'`. */
  allowedOrigins?: AllowedOrigins;
  /** Session token lifetime in seconds (default 900). */
  sessionTtlSeconds?: number;
  /**
   * Enables the demo site and its /demo/* routes, which mint sessions for the demo users without
   * any login. Default: env PARTNERKIT_DEMO (`1`/`0`), else on only while the demo secret key is
   * in use — so a server given a real secret key never exposes them by accident. Never in production.
   */
  demo?: boolean;
  /** Directory holding the built `partnerkit.js` (default: the package's `dist/sdk/`; `<repo>/dist` from source). */
  sdkDir?: string;
  /** Directory with the demo site (default: the package's `demo/`). */
  demoDir?: string;
  /** PGlite data-directory lock: stale after this many ms without a refresh (default 30 000; tests shorten it). */
  lockStaleMs?: number;
  /** Seed demo data into an empty database (default true). */
  seed?: boolean;
  /** Clock override (tests). */
  now?: () => Date;
  /** Deal registration policy overrides (defaults ← PARTNERKIT_* env ← this); see the README. */
  policy?: Partial<RegistrationPolicy>;
  /** How often the registration job runs (expiry, reminders, SLA, inactivity), in ms; 0 = never. Default 60 000. */
  jobIntervalMs?: number;
  /** GET /v1/events: heartbeat interval, safety poll of the outbox, per-stream queue limit. */
  events?: HubOptions;
  /**
   * Exchange rates for GET /v1/metrics' converted totals: `{ base, rates, note }` or its JSON.
   * Default env PARTNERKIT_FX_RATES; null or unset: amounts stay per currency.
   */
  currencyConversion?: string | CurrencyRates | null;
}

export interface PartnerkitServer {
  app: Hono<AuthEnv>;
  fetch: (req: Request) => Promise<Response>;
  db: Db;
  secretKey: string;
  /** Whether the demo site and /demo/* routes are served. */
  demo: boolean;
  /** The effective registration policy. */
  policy: RegistrationPolicy;
  /** Runs the registration job once now (what the schedule does); `now` overrides the clock. */
  runJobs(now?: () => Date): Promise<JobResult>;
  /** The event hub of GET /v1/events (one per process). */
  events: EventHub;
  close(): Promise<void>;
}

export interface StartOptions extends ServerOptions {
  /** Port to listen on; 0 picks a free port. Default 8787. */
  port?: number;
  /**
   * Interface to bind. Default: `127.0.0.1` while the demo routes are on (they mint any demo
   * user's session, channel manager included, without a login, so they must not be reachable
   * from the network by accident), else `0.0.0.0`.
   */
  host?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The interface it listens on. */
  host: string;
  secretKey: string;
  isDemoSecretKey: boolean;
  server: PartnerkitServer;
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The `partnerkit-server` package root (`server/`): this module runs from there under tsx and
 * from `dist/` inside it once built or installed from npm.
 */
export function packageRoot(): string {
  let dir = here;
  for (let i = 0; i < 4; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'partnerkit-server') return dir;
      } catch {
        /* keep walking */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return basename(here) === 'dist' ? dirname(here) : here;
}

/**
 * Where the built SDK is: next to the built server (`dist/sdk/`, copied there by the build, so an
 * installed `partnerkit-server` serves the SDK of its own version), or the repository's `dist/`
 * when the server runs from source (`npm run dev`, the tests).
 */
function defaultSdkDir(root: string): string {
  return here === root ? join(root, '..', 'dist') : join(root, 'dist', 'sdk');
}

function packageVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function demoEnabled(option: boolean | undefined, isDemoDefault: boolean): boolean {
  if (process.env.NODE_ENV === 'production') return false;
  if (option !== undefined) return option;
  const env = process.env.PARTNERKIT_DEMO;
  if (env === '1' || env === 'true') return true;
  if (env === '0' || env === 'false') return false;
  return isDemoDefault;
}

function resolveTrustProxy(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const v = option ?? (env.PARTNERKIT_TRUST_PROXY ? Number(env.PARTNERKIT_TRUST_PROXY) : 0);
  if (!Number.isInteger(v) || v < 0 || v > 10) throw new Error(`PARTNERKIT_TRUST_PROXY (trustProxy) must be a whole number from 0 to 10 (got ${String(v)}).`);
  return v;
}

export async function createServer(opts: ServerOptions = {}): Promise<PartnerkitServer> {
  const { secretKey, previousSecretKey, isDemoDefault } = resolveSecretKey(opts.secretKey, process.env, opts.previousSecretKey);
  const policy = resolvePolicy(opts.policy);
  const limits = resolveLimits(opts.limits);
  const rateLimits = resolveRateLimits(opts.rateLimits);
  const trustProxy = resolveTrustProxy(opts.trustProxy);
  const origins = new OriginPolicy(resolveAllowedOrigins(opts.allowedOrigins));
  const signingKey = opts.signingKey ?? (process.env.PARTNERKIT_SIGNING_KEY || undefined);
  const previousSigningKey = opts.previousSigningKey ?? (process.env.PARTNERKIT_SIGNING_KEY_PREVIOUS || undefined);
  const staticRing = signingKey ? staticKeyRing(signingKey, previousSigningKey) : null;
  const fx = typeof opts.currencyConversion === 'object' && opts.currencyConversion !== null
    ? parseFxRates(JSON.stringify(opts.currencyConversion), 'currencyConversion')
    : parseFxRates(opts.currencyConversion === undefined ? process.env.PARTNERKIT_FX_RATES : opts.currencyConversion);
  const root = packageRoot();
  const now = opts.now ?? (() => new Date());
  const db = await openDb({ dataDir: opts.dataDir ?? process.env.DATA_DIR ?? '.partnerkit', databaseUrl: opts.databaseUrl, lockStaleMs: opts.lockStaleMs });
  let ring: SigningKeyRing;
  try {
    await assertRlsApplies(db);
    await migrate(db);
    if (opts.seed ?? true) await seedIfEmpty(db, { now });
    ring = staticRing ?? (await databaseKeyRing(db));
    await enterRequestRole(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  const events = new EventHub(db, opts.events);
  try {
    await events.start();
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  const auth = new SessionAuth({ current: secretKey, previous: previousSecretKey }, ring, opts.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS, now);
  const demo = demoEnabled(opts.demo, isDemoDefault);
  const app = createApp({
    db,
    auth,
    now,
    version: packageVersion(root),
    demo,
    sdkDir: opts.sdkDir ?? defaultSdkDir(root),
    demoDir: opts.demoDir ?? join(root, 'demo'),
    policy,
    limits,
    rateLimits,
    trustProxy,
    origins,
    events,
    fx,
  });
  const intervalMs = opts.jobIntervalMs ?? 60_000;
  const stopJob = intervalMs > 0 ? scheduleRegistrationJob(db, { now, policy, intervalMs }) : () => {};
  const stopStatistics = scheduleStatistics(db, opts.statisticsIntervalMs ?? 60_000);
  return {
    app,
    fetch: async (req: Request) => app.fetch(req),
    db,
    secretKey,
    demo,
    policy,
    runJobs: (clock = now) => runRegistrationJob(db, { now: clock, policy }),
    events,
    close: async () => {
      stopJob();
      stopStatistics();
      await events.stop();
      await db.close();
    },
  };
}

/** The interface `startServer` binds when no host is given (see `StartOptions.host`). */
export function defaultHost(demo: boolean): string {
  return demo ? '127.0.0.1' : '0.0.0.0';
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const server = await createServer(opts);
  const { isDemoDefault } = resolveSecretKey(opts.secretKey, process.env, opts.previousSecretKey);
  const host = opts.host ?? defaultHost(server.demo);
  let http: ReturnType<typeof serve>;
  try {
    http = await new Promise<ReturnType<typeof serve>>((resolvePromise, reject) => {
      const s = serve({ fetch: server.fetch, port: opts.port ?? 8787, hostname: host }, () => resolvePromise(s));
      s.once('error', reject);
    });
    answerClientErrors(http); // 431 problem+json for oversized headers or URLs, not a bare status line
  } catch (error) {
    await server.close(); // e.g. the port is taken: release the database (and its lock)
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    secretKey: server.secretKey,
    isDemoSecretKey: isDemoDefault,
    server,
    close() {
      closing ??= (async () => {
        await new Promise<void>((res) => {
          http.close(() => res());
          (http as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await server.close();
      })();
      return closing;
    },
  };
}
