import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { DealQuerySchema, SessionRequestSchema, type Me, type PartnerOrg, type SessionRequest } from '../src/contract/index.js';
import { bearerToken, requireSession, sessionExpired, type AuthEnv, type SessionAuth } from './auth.js';
import type { Db } from './db.js';
import { appendAudit } from './audit.js';
import { ALL_PARTNERS, withScope } from './scope.js';
import { genericPlanSafe, getDeal, listDeals } from './deals.js';
import { searchSample } from './pipeline/search-terms.js';
import { buildOpenApi } from './openapi.js';
import { checkQueryKeys, invalidQuery, issuesToErrors, rejectNulInUrl, notFound, onError, onNotFound, problemResponse, readJson, unauthorized, validationFailed } from './problem.js';
import { DEMO_USERS } from './seed.js';
import type { RegistrationPolicy } from './registration/policy.js';
import { dealRegistrationRoutes } from './routes/deal-registration.js';
import { requestLimits, type RequestLimits } from './limits.js';
import { clientAddress, limiter, type RateLimits } from './rate-limit.js';
import type { OriginPolicy } from './origins.js';
import { rulesRoutes } from './routes/rules.js';
import { announcementRoutes } from './routes/announcements.js';
import { eventRoutes } from './routes/events.js';
import type { EventHub } from './events/hub.js';
import { compression } from './compression.js';
import { sdkRoutes } from './sdk.js';
import { pipelineRoutes } from './routes/pipeline.js';
import { CONTENT_UPLOAD_MAX_BODY, SHARE_RATE_LIMIT, contentRoutes, isContentUpload, shareRoutes } from './routes/content.js';
import { metricsRoutes } from './routes/metrics.js';
import type { CurrencyRates } from './metrics/fx.js';

z.config(z.locales.en());

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

export interface AppOptions {
  db: Db;
  auth: SessionAuth;
  version: string;
  demo: boolean;
  sdkDir: string;
  demoDir: string;
  now: () => Date;
  policy: RegistrationPolicy;
  limits: RequestLimits;
  rateLimits: RateLimits;
  /** Reverse proxies in front of the server whose X-Forwarded-For is trusted (0: none). */
  trustProxy: number;
  origins: OriginPolicy;
  /** Fan-out of the event outbox to GET /v1/events (server/events/hub.ts). */
  events: EventHub;
  /** Exchange rates for GET /v1/metrics (PARTNERKIT_FX_RATES); absent or null: amounts stay per currency. */
  fx?: CurrencyRates | null;
}

export const DEMO_USER_COOKIE = 'pk_demo_user';
/** The demo user before anyone picks one in the switcher. */
const DEFAULT_DEMO_USER = 'u_nw_rep';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

async function readStatic(root: string, relative: string): Promise<{ body: Buffer; type: string } | null> {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  let file = resolve(base, '.' + sep + decoded);
  if (file !== base && !file.startsWith(base + sep)) return null;
  try {
    const s = await stat(file);
    if (s.isDirectory()) {
      file = join(file, 'index.html');
      await stat(file);
    }
    return { body: await readFile(file), type: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

interface PartnerRow {
  id: string;
  name: string;
  tier: PartnerOrg['tier'];
  certifications: string[] | string;
  motions: PartnerOrg['motions'] | string;
}

const asArray = <T>(v: T[] | string): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : v);

export function createApp(opts: AppOptions): Hono<AuthEnv> {
  const { db, auth, now } = opts;
  const app = new Hono<AuthEnv>();
  app.onError(onError);
  app.notFound(onNotFound);

  // Every response: no MIME sniffing, no referrer, never framed (X-Frame-Options and CSP
  // frame-ancestors), a same-origin resource policy. The SDK is loaded by other origins' pages, so
  // /sdk/* is a cross-origin resource. HSTS is left to the TLS terminator.
  const headerOptions: SecureHeadersOptions = {
    xFrameOptions: 'DENY',
    contentSecurityPolicy: { frameAncestors: ["'none'"] },
    strictTransportSecurity: false,
  };
  // Headers a browser reads only on a page it shows (opener policy, agent cluster, DNS prefetch)
  // or that only retired software read (IE's X-XSS-Protection and X-Download-Options, Flash's
  // cross-domain policies): pages get them; the SDK's files and the API's answers, fetched by
  // another page, do not — over HTTP/1.1 they were ~200 bytes on each of the ~20 responses before
  // a pipeline's first row.
  const pageOnly: SecureHeadersOptions = {
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  };
  const pageHeaders = secureHeaders({ ...headerOptions, crossOriginResourcePolicy: 'same-origin' });
  const apiHeaders = secureHeaders({ ...headerOptions, ...pageOnly, crossOriginResourcePolicy: 'same-origin' });
  const sdkHeaders = secureHeaders({ ...headerOptions, ...pageOnly, crossOriginResourcePolicy: 'cross-origin' });
  app.use('*', (c, next) => (c.req.path.startsWith('/sdk/') ? sdkHeaders : c.req.path.startsWith('/v1/') ? apiHeaders : pageHeaders)(c, next));

  // API answers hold personal data: never stored by a browser or a shared cache.
  app.use('/v1/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  // brotli or gzip, as the browser accepts (server/compression.ts). Inside the header
  // middleware above: it replaces the response, and the headers must land on the one sent.
  app.use('*', compression());

  const { origins } = opts;
  app.use(
    '/v1/*',
    cors({
      origin: origins.open ? '*' : (origin) => origins.corsOrigin(origin),
      allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
      exposeHeaders: ['WWW-Authenticate', 'Location', 'Content-Disposition', 'Retry-After', 'Idempotent-Replayed', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
      // Preflights cached as long as browsers allow: Firefox takes 24 hours, Chromium caps it at 2.
      maxAge: 86400,
      credentials: false,
    }),
  );
  // CORS only tells browsers what to show; a browser request from another origin is refused here.
  app.use('/v1/*', async (c, next) => {
    origins.check(c.req.header('origin'), new URL(c.req.url).origin);
    await next();
  });

  app.use('*', async (c, next) => {
    rejectNulInUrl(c.req.url);
    await next();
  });

  // Rate limits before any body is read (server/rate-limit.ts).
  const rl = opts.rateLimits;
  const address = (c: Context) => clientAddress(c, opts.trustProxy);
  // Failed authentications: a wrong secret key, a missing, forged or malformed token; not an
  // expired one (laptops wake up with those, many behind one office address).
  app.use('/v1/*', limiter('authFailures', rl.authFailures, address, { countOnly: (c) => c.res.status === 401 && !sessionExpired(c as Context<AuthEnv>) }));
  const sessionsLimit = limiter('sessions', rl.sessions, address);
  app.use('/v1/sessions', (c, next) => (c.req.method === 'POST' ? sessionsLimit(c, next) : next()));
  if (opts.demo) {
    const demoLimit = limiter('demo', rl.demo, address);
    app.use('/demo/*', (c, next) => (c.req.method === 'POST' ? demoLimit(c, next) : next()));
  }

  // Content uploads (multipart POST/PATCH /v1/content) may carry a file up to the upload limit.
  const limits = requestLimits(opts.limits);
  const uploadLimits = requestLimits({ ...opts.limits, maxBodyBytes: Math.max(opts.limits.maxBodyBytes, CONTENT_UPLOAD_MAX_BODY) });
  app.use('*', (c, next) => (isContentUpload(c) ? uploadLimits(c, next) : limits(c, next)));

  app.get('/healthz', (c) => c.json({ status: 'ok' as const, version: opts.version }));

  const openapi = buildOpenApi(opts.version);
  app.get('/v1/openapi.json', (c) => c.json(openapi));

  /** Mints a session exactly as POST /v1/sessions does (after the secret key has been checked). */
  async function mintSession(input: SessionRequest, actor: string, origin: string | null): Promise<{ token: string; expiresAt: string }> {
    // The secret key (or the demo) speaks for the vendor: the all-partners scope.
    const user = await withScope(db, ALL_PARTNERS, async (tx) => {
      if (input.partnerId !== null) {
        const { rows } = await tx.query<{ id: string }>('SELECT id FROM partners WHERE id = $1', [input.partnerId]);
        if (rows.length === 0) {
          throw validationFailed('The partner does not exist.', [{ path: 'partnerId', code: 'invalid_choice', message: `Unknown partner "${input.partnerId}".` }]);
        }
      }
      const at = now().toISOString();
      const { rows } = await tx.query<{ name: string; email: string | null }>(
        `INSERT INTO users (id, partner_id, role, name, email, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (id) DO UPDATE SET partner_id = EXCLUDED.partner_id, role = EXCLUDED.role,
           name = COALESCE($7, users.name), email = COALESCE($5, users.email), updated_at = EXCLUDED.updated_at
         RETURNING name, email`,
        [input.userId, input.partnerId, input.role, input.name ?? input.userId, input.email ?? null, at, input.name ?? null],
      );
      await appendAudit(tx, { partnerId: input.partnerId, actor, action: 'session.minted', objectType: 'user', objectId: input.userId, detail: { role: input.role }, at });
      return rows[0];
    });
    return auth.mint({
      userId: input.userId,
      partnerId: input.partnerId,
      role: input.role,
      name: user?.name ?? input.userId,
      email: user?.email ?? null,
      origin,
    });
  }

  function parseSessionRequest(body: unknown): SessionRequest {
    const parsed = SessionRequestSchema.safeParse(body);
    if (!parsed.success) throw validationFailed('The session request is invalid.', issuesToErrors(parsed.error.issues, body));
    return parsed.data;
  }

  app.post('/v1/sessions', async (c) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw unauthorized('Send Authorization: Bearer <secret key>.');
    if (!auth.isSecretKey(token)) throw unauthorized('The secret key is not valid. Session tokens cannot mint sessions.');
    const input = parseSessionRequest(await readJson(c));
    const session = await mintSession(input, 'secret-key', origins.bindFor(input.origin));
    return c.json(session, 201, { 'Cache-Control': 'no-store' });
  });

  const v1 = new Hono<AuthEnv>();
  v1.use('*', requireSession(auth));
  v1.use('*', limiter('api', rl.api, (c) => `${c.get('session').partnerId ?? 'vendor'}:${c.get('session').userId}`));

  v1.get('/me', async (c) => {
    const s = c.var.session;
    const { partner, current, ack } = await withScope(db, s, async (tx) => {
      let partner: PartnerOrg | null = null;
      if (s.partnerId !== null) {
        const { rows } = await tx.query<PartnerRow>('SELECT id, name, tier, certifications, motions FROM partners WHERE id = $1', [s.partnerId]);
        const p = rows[0];
        if (p) partner = { id: p.id, name: p.name, tier: p.tier, certifications: asArray(p.certifications), motions: asArray(p.motions) };
      }
      const current = await tx.query<{ version: number }>(
        'SELECT version FROM rules WHERE published_at <= $1 ORDER BY version DESC LIMIT 1',
        [now().toISOString()],
      );
      const ack = await tx.query<{ version: number; acknowledged_at: Date | string }>(
        'SELECT version, acknowledged_at FROM rule_acknowledgements WHERE user_id = $1 ORDER BY version DESC LIMIT 1',
        [s.userId],
      );
      return { partner, current, ack };
    });
    const currentVersion = current.rows[0] ? Number(current.rows[0].version) : null;
    const a = ack.rows[0];
    const acknowledgedVersion = a ? Number(a.version) : null;
    const me: Me = {
      user: { id: s.userId, name: s.name, email: s.email, role: s.role },
      partner,
      rules: {
        currentVersion,
        acknowledgedVersion,
        acknowledgedAt: a ? new Date(a.acknowledged_at).toISOString() : null,
        acknowledged: currentVersion === null || (acknowledgedVersion !== null && acknowledgedVersion >= currentVersion),
      },
    };
    return c.json(me);
  });

  // Before GET /deals/:id, so /deals/conflicts and friends are not taken for an id.
  dealRegistrationRoutes(v1, { db, now, policy: opts.policy });
  rulesRoutes(v1, { db, now });
  announcementRoutes(v1, { db, now });
  eventRoutes(v1, { db, hub: opts.events, now });
  // Which words of a search the trigram index looks up (GET /v1/deals, its summary and export).
  const searchTexts = searchSample(db);
  const sampleFor = async (q: string | undefined) => (q?.trim() ? await searchTexts() : undefined);
  pipelineRoutes(v1, { db, now, sampleFor });
  contentRoutes(v1, { db, now });
  metricsRoutes(v1, { db, now, fx: opts.fx ?? null });

  v1.get('/deals', async (c) => {
    checkQueryKeys(c.req.queries(), Object.keys(DealQuerySchema.shape));
    const parsed = DealQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      throw invalidQuery(issuesToErrors(parsed.error.issues, c.req.query()));
    }
    const genericPlans = genericPlanSafe(c.var.session, parsed.data);
    const sample = await sampleFor(parsed.data.q);
    return c.json(await withScope(db, c.var.session, (tx) => listDeals(tx, c.var.session, { ...parsed.data, sample }), { genericPlans }));
  });

  v1.get('/deals/:id', async (c) => {
    const deal = await withScope(db, c.var.session, (tx) => getDeal(tx, c.var.session, c.req.param('id')));
    if (!deal) throw notFound('No such deal.');
    return c.json(deal);
  });

  app.route('/v1', v1);

  // Prospect share links (no session): GET /share/{token}, rate limited per address.
  shareRoutes(app, { db, now, rate: rl.api === false ? false : SHARE_RATE_LIMIT, trustProxy: opts.trustProxy });

  // Built SDK for script tags on the vendor's pages: entry, chunks, bundle, source maps (server/sdk.ts).
  app.route('/sdk', sdkRoutes(opts.sdkDir, opts.version));

  if (opts.demo) {
    app.get('/demo/users', (c) => c.json(DEMO_USERS));

    app.post('/demo/session', async (c) => {
      const body = await readJson(c, { optional: true });
      let userId = getCookie(c, DEMO_USER_COOKIE) ?? DEFAULT_DEMO_USER;
      if (body !== undefined) {
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationFailed('Expected a JSON object.', [{ path: '', code: 'invalid_type', message: 'Expected an object' }]);
        const u = (body as Record<string, unknown>).userId;
        if (u !== undefined) {
          if (typeof u !== 'string') throw validationFailed('userId must be a string.', [{ path: 'userId', code: 'invalid_type', message: 'Expected a string' }]);
          userId = u;
        }
      }
      const user = DEMO_USERS.find((u) => u.id === userId);
      if (!user) throw validationFailed('Unknown demo user.', [{ path: 'userId', code: 'invalid_choice', message: `Unknown demo user "${userId}".` }]);
      const session = await mintSession(
        parseSessionRequest({ userId: user.id, partnerId: user.partnerId, role: user.role, name: user.name, email: user.email }),
        'demo',
        // With an allowed-origins list, a demo session is bound to this server's own origin.
        origins.open ? null : new URL(c.req.url).origin,
      );
      return c.json(session, 200, { 'Cache-Control': 'no-store' });
    });

    app.get('/demo/user', (c) => c.json({ userId: getCookie(c, DEMO_USER_COOKIE) ?? DEFAULT_DEMO_USER }, 200, { 'Cache-Control': 'no-store' }));

    app.post('/demo/user', async (c) => {
      const body = await readJson(c);
      const userId = body && typeof body === 'object' ? (body as Record<string, unknown>).userId : undefined;
      if (typeof userId !== 'string' || !DEMO_USERS.some((u) => u.id === userId)) {
        throw validationFailed('Unknown demo user.', [{ path: 'userId', code: 'invalid_choice', message: 'Expected the id of a demo user (see GET /demo/users).' }]);
      }
      setCookie(c, DEMO_USER_COOKIE, userId, { httpOnly: true, sameSite: 'Lax', path: '/' });
      return c.body(null, 204);
    });

    const serveDemo = async (c: Context, rel: string) => {
      const file = await readStatic(opts.demoDir, rel);
      if (!file) return onNotFound(c);
      return c.body(new Uint8Array(file.body), 200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
    };
    app.get('/', (c) => serveDemo(c, 'index.html'));
    app.get('/demo', (c) => serveDemo(c, 'index.html'));
    app.get('/demo/*', (c) => serveDemo(c, c.req.path.slice('/demo/'.length) || 'index.html'));
  }

  return app;
}
