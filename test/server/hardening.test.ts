/**
 * Issue 8, findings 1, 2, 3, 6 and 7: bounded requests, rate limits, keys, headers, origins.
 * (Row-level security: rls.test.ts; the data-directory lock: lock.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { createServer, generateSecretKey, rotateSigningKey, startServer, type PartnerkitServer } from '../../server/index.js';
import { DEMO_SECRET_KEY, resolveSecretKey } from '../../server/auth.js';
import { openDb } from '../../server/db.js';
import { DEFAULT_LIMITS, jsonTooDeep, resolveLimits } from '../../server/limits.js';
import { resolveAllowedOrigins } from '../../server/origins.js';
import { DEFAULT_RATE_LIMITS, resolveRateLimits } from '../../server/rate-limit.js';
import { SECRET, expectProblem, makeServer, mint } from './helpers.js';

const json = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const sessionBody = JSON.stringify({ userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' });
const tmp = mkdtempSync(join(tmpdir(), 'pk-harden-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('request bounds (finding 1)', () => {
  let srv: PartnerkitServer;
  before(async () => {
    srv = await makeServer({ seed: false, limits: { maxBodyBytes: 64 * 1024, maxJsonDepth: 8 } });
  });
  after(() => srv?.close());

  it('413 problem+json for a body over the limit (Content-Length), before it is read', async () => {
    const half = 512 * 1024;
    const res = await srv.app.request('/demo/session', json('['.repeat(half) + ']'.repeat(half)));
    const problem = await expectProblem(res, 413);
    assert.equal(problem.maxBytes, 64 * 1024);
  });

  it('413 for a streamed body (no Content-Length) as soon as it passes the limit', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode('['.repeat(16 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const req = new Request('http://localhost/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', authorization: `Bearer ${SECRET}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(await srv.app.request(req), 413);
    assert.ok(pulled < 256 * 1024, `stopped reading after ${pulled} bytes`);
  });

  it('400 naming the path for JSON nested deeper than the limit; shallower JSON is fine', async () => {
    const deep = await expectProblem(
      await srv.app.request('/v1/sessions', json('{"userId":{"a":[[[[[[[[1]]]]]]]]}}', { authorization: `Bearer ${SECRET}` })),
      400,
      'userId.a.0.0.0.0.0.0',
    );
    assert.match(String(deep.type), /json-too-deep$/);
    // Within the limit: the usual 422 naming the field, never a 500.
    await expectProblem(await srv.app.request('/v1/sessions', json('{"userId":[[1]],"partnerId":null,"role":"channel_manager"}', { authorization: `Bearer ${SECRET}` })), 422, 'userId');
  });

  it('the depth scanner ignores brackets inside strings and names array indexes', () => {
    assert.equal(jsonTooDeep('{"a":"[[[[[[[[[[[[","b":[1,2,[3,[4]]]}', 3), 'b.2.1');
    assert.equal(jsonTooDeep('{"a":"\\"[[[[","b":{}}', 2), null);
    assert.equal(jsonTooDeep('[[[]]]', 2), '0.0');
  });

  it('defaults: 1 MiB bodies, 32 levels; PARTNERKIT_MAX_BODY_BYTES / PARTNERKIT_MAX_JSON_DEPTH; a bad value stops the server', () => {
    assert.deepEqual(DEFAULT_LIMITS, { maxBodyBytes: 1024 * 1024, maxJsonDepth: 32 });
    assert.deepEqual(resolveLimits({}, {}), DEFAULT_LIMITS);
    assert.deepEqual(resolveLimits({ maxJsonDepth: 5 }, { PARTNERKIT_MAX_BODY_BYTES: '2048', PARTNERKIT_MAX_JSON_DEPTH: '9' }), { maxBodyBytes: 2048, maxJsonDepth: 5 });
    assert.throws(() => resolveLimits({}, { PARTNERKIT_MAX_BODY_BYTES: 'lots' }), /PARTNERKIT_MAX_BODY_BYTES/);
  });

  it('431 problem+json (not a bare status line) for headers or a URL over Node’s limit', async () => {
    const running = await startServer({ dataDir: ':memory:', secretKey: SECRET, seed: false, port: 0, host: '127.0.0.1' });
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(running.port, '127.0.0.1', () => socket.end(request));
        let out = '';
        socket.on('data', (d) => (out += d));
        socket.on('end', () => resolve(out));
        socket.on('error', reject);
      });
    try {
      for (const request of [
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        `GET /healthz?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      ]) {
        const out = await raw(request);
        assert.match(out, /^HTTP\/1\.1 431 /);
        assert.match(out, /content-type: application\/problem\+json/i);
        assert.match(out, /x-content-type-options: nosniff/i);
        const body = JSON.parse(out.slice(out.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
        assert.equal(body.status, 431);
        assert.match(String(body.type), /request-header-fields-too-large$/);
      }
      const bad = await raw('NOT HTTP\r\n\r\n');
      assert.match(bad, /^HTTP\/1\.1 400 [^]*application\/problem\+json/);
    } finally {
      await running.close();
    }
  });
});

describe('rate limits (finding 2)', () => {
  it('wrong secret keys: 429 problem+json with Retry-After once the failures are spent, even for the right key', async () => {
    const srv = await makeServer({ seed: false, rateLimits: { authFailures: { limit: 5, windowMs: 60_000 } } });
    try {
      for (let i = 0; i < 5; i++) await expectProblem(await srv.app.request('/v1/sessions', json(sessionBody, { authorization: `Bearer wrong_${i}` })), 401);
      const limited = await srv.app.request('/v1/sessions', json(sessionBody, { authorization: 'Bearer wrong_again' }));
      const retryAfter = Number(limited.headers.get('retry-after'));
      await expectProblem(limited, 429);
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      await expectProblem(await srv.app.request('/v1/sessions', json(sessionBody, { authorization: `Bearer ${SECRET}` })), 429);
      // Forged session tokens count as failures too.
      await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: 'Bearer forged.token.here' } }), 429);
    } finally {
      await srv.close();
    }
  });

  it('expired session tokens do not count as failures (the SDK refreshes them)', async () => {
    let clock = new Date('2026-03-01T12:00:00Z');
    const srv = await makeServer({ seed: false, now: () => clock, rateLimits: { authFailures: { limit: 2, windowMs: 60_000 } } });
    try {
      const { token } = await mint(srv, { userId: 'cm', partnerId: null, role: 'channel_manager' });
      clock = new Date(clock.getTime() + 3600_000);
      for (let i = 0; i < 5; i++) await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } }), 401);
      for (let i = 0; i < 2; i++) await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: 'Bearer forged' } }), 401);
      await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: 'Bearer forged' } }), 429);
    } finally {
      await srv.close();
    }
  });

  it('successful requests do not count as failures', async () => {
    const srv = await makeServer({ seed: false, rateLimits: { authFailures: { limit: 2, windowMs: 60_000 } } });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await srv.app.request('/v1/sessions', json(JSON.stringify({ userId: 'cm', partnerId: null, role: 'channel_manager' }), { authorization: `Bearer ${SECRET}` }))).status, 201);
    } finally {
      await srv.close();
    }
  });

  it('POST /v1/sessions and POST /demo/* have their own per-address limits', async () => {
    const srv = await makeServer({ seed: false, rateLimits: { sessions: { limit: 3, windowMs: 60_000 }, demo: { limit: 2, windowMs: 60_000 } } });
    try {
      const cm = JSON.stringify({ userId: 'cm', partnerId: null, role: 'channel_manager' });
      for (let i = 0; i < 3; i++) assert.equal((await srv.app.request('/v1/sessions', json(cm, { authorization: `Bearer ${SECRET}` }))).status, 201);
      const res = await srv.app.request('/v1/sessions', json(cm, { authorization: `Bearer ${SECRET}` }));
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      await expectProblem(res, 429);
      for (let i = 0; i < 2; i++) assert.notEqual((await srv.app.request('/demo/session', { method: 'POST' })).status, 429);
      await expectProblem(await srv.app.request('/demo/session', { method: 'POST' }), 429);
      assert.equal((await srv.app.request('/demo/users')).status, 200, 'GETs of the demo site are not limited');
    } finally {
      await srv.close();
    }
  });

  it('the rest of /v1 is limited per session user, each user on its own budget', async () => {
    const srv = await makeServer({ rateLimits: { api: { limit: 3, windowMs: 60_000 } } });
    try {
      const a = await mint(srv, { userId: 'rl_a', partnerId: 'p_northwind', role: 'partner_user' });
      const b = await mint(srv, { userId: 'rl_b', partnerId: 'p_northwind', role: 'partner_user' });
      for (let i = 0; i < 3; i++) assert.equal((await a.get('/v1/me')).status, 200);
      const limited = await a.get('/v1/me');
      assert.equal(limited.headers.get('ratelimit-limit'), '3');
      await expectProblem(limited, 429);
      assert.equal((await b.get('/v1/me')).status, 200);
    } finally {
      await srv.close();
    }
  });

  it('settings: defaults, PARTNERKIT_RATE_LIMIT_* as "<requests>/<seconds>" or "off", options win', () => {
    assert.deepEqual(resolveRateLimits(undefined, {}), DEFAULT_RATE_LIMITS);
    assert.deepEqual(DEFAULT_RATE_LIMITS.authFailures, { limit: 20, windowMs: 300_000 });
    const r = resolveRateLimits({ api: { limit: 7, windowMs: 1000 } }, { PARTNERKIT_RATE_LIMIT_SESSIONS: '10/30', PARTNERKIT_RATE_LIMIT_DEMO: 'off', PARTNERKIT_RATE_LIMIT_API: '5/5' });
    assert.deepEqual(r.sessions, { limit: 10, windowMs: 30_000 });
    assert.equal(r.demo, false);
    assert.deepEqual(r.api, { limit: 7, windowMs: 1000 });
    assert.throws(() => resolveRateLimits(undefined, { PARTNERKIT_RATE_LIMIT_API: 'lots' }), /PARTNERKIT_RATE_LIMIT_API must be/);
  });

  it('behind PARTNERKIT_TRUST_PROXY proxies, the address the outermost proxy saw is the key', async () => {
    const srv = await makeServer({ seed: false, trustProxy: 1, rateLimits: { sessions: { limit: 1, windowMs: 60_000 } } });
    try {
      const cm = JSON.stringify({ userId: 'cm', partnerId: null, role: 'channel_manager' });
      const from = (xff: string) => srv.app.request('/v1/sessions', json(cm, { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': xff }));
      assert.equal((await from('spoofed, 203.0.113.7')).status, 201);
      assert.equal((await from('198.51.100.9')).status, 201, 'another client');
      assert.equal((await from('another-spoof, 203.0.113.7')).status, 429, 'a spoofed left-hand entry does not make a new client');
    } finally {
      await srv.close();
    }
    assert.throws(() => resolveRateLimits(undefined, { PARTNERKIT_RATE_LIMIT_SESSIONS: '0/60' }), /must be/);
  });

  it('with the defaults, the 21st wrong key from one address is refused', async () => {
    const srv = await makeServer({ seed: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await srv.app.request('/v1/sessions', json(sessionBody, { authorization: `Bearer wrong_${i}` }))).status);
      assert.deepEqual(statuses, [...Array(20).fill(401), 429, 429]);
    } finally {
      await srv.close();
    }
  });
});

describe('keys (finding 3)', () => {
  const inProduction = <T>(fn: () => T): T => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      return fn();
    } finally {
      if (saved === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = saved;
    }
  };

  it('production refuses short and low-entropy secret keys with a message saying how to make one', () => {
    for (const key of ['short_key_12345678', 'test_secret_key_0123456789abcdef', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'abcdefghijklmnopqrstuvwxyz0123456789ABCD']) {
      assert.throws(() => inProduction(() => resolveSecretKey(key)), /PARTNERKIT_SECRET_KEY.*(characters|guessable).*keygen/, key);
    }
    assert.throws(() => inProduction(() => resolveSecretKey(generateSecretKey(), process.env, 'weak_previous_key_0000000000000000')), /PARTNERKIT_SECRET_KEY_PREVIOUS/);
    assert.throws(() => inProduction(() => resolveSecretKey(DEMO_SECRET_KEY)), /demo secret key/);
    const key = generateSecretKey();
    assert.equal(inProduction(() => resolveSecretKey(key)).secretKey, key);
    assert.equal(resolveSecretKey('test_secret_key_0123456789abcdef').secretKey, 'test_secret_key_0123456789abcdef', 'development accepts it');
  });

  it('`partnerkit-server keygen` prints a key production accepts', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', 'keygen'], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    assert.equal(out.status, 0, out.stderr);
    const key = out.stdout.trim();
    assert.match(key, /^pk_sk_[A-Za-z0-9_-]{43}$/);
    assert.doesNotThrow(() => inProduction(() => resolveSecretKey(key)));
  });

  it('`partnerkit-server rotate-signing-key` adds a key to DATA_DIR; an unknown command is refused', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const dataDir = join(tmp, 'cli-rotate');
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } });
    const out = run('rotate-signing-key');
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /New signing key k_[0-9a-f]{16}: restart the server/);
    const bad = run('rotate');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /Unknown command "rotate"\. Usage: partnerkit-server \[start \| keygen \| rotate-signing-key\]/);
  });

  it('a captured token does not reveal the secret key: it is not signed with anything derived from it', async () => {
    const srv = await makeServer({ seed: false });
    try {
      const { token } = await mint(srv, { userId: 'cm', partnerId: null, role: 'channel_manager' });
      const derived = new Uint8Array(createHmac('sha256', SECRET).update('partnerkit-session-v1').digest());
      await assert.rejects(jwtVerify(token, derived), /signature/);
      for (const guess of [new TextEncoder().encode(SECRET), new Uint8Array(createHmac('sha256', SECRET).digest())]) await assert.rejects(jwtVerify(token, guess));
      assert.match(String(decodeProtectedHeader(token).kid), /^k_[0-9a-f]{16}$/);
    } finally {
      await srv.close();
    }
  });

  it('signing keys are random per database and survive a restart; rotation: the previous verifies, only the current signs', async () => {
    const dataDir = join(tmp, 'keys');
    const cm = { userId: 'cm', partnerId: null, role: 'channel_manager' as const };
    const open = () => createServer({ dataDir, secretKey: SECRET, seed: false, lockStaleMs: 2000 });
    let srv = await open();
    const t1 = (await mint(srv, cm)).token;
    await srv.close();
    srv = await open();
    assert.equal((await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${t1}` } })).status, 200, 'same key after a restart');
    await srv.close();

    const rotate = async () => {
      const db = await openDb({ dataDir, lockStaleMs: 2000 });
      try {
        return await rotateSigningKey(db);
      } finally {
        await db.close();
      }
    };
    const k2 = await rotate();
    srv = await open();
    const t2 = (await mint(srv, cm)).token;
    assert.equal(decodeProtectedHeader(t2).kid, k2, 'the new key signs');
    assert.notEqual(decodeProtectedHeader(t1).kid, k2);
    assert.equal((await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${t1}` } })).status, 200, 'the previous key still verifies');
    await srv.close();

    await rotate();
    srv = await open();
    try {
      await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${t1}` } }), 401);
      assert.equal((await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${t2}` } })).status, 200);
    } finally {
      await srv.close();
    }
  });

  it('operator-given signing keys (PARTNERKIT_SIGNING_KEY[_PREVIOUS]) rotate the same way and must be strong', async () => {
    const [k1, k2] = [generateSecretKey(), generateSecretKey()];
    const cm = { userId: 'cm', partnerId: null, role: 'channel_manager' as const };
    const a = await makeServer({ seed: false, signingKey: k1 });
    const b = await makeServer({ seed: false, signingKey: k2, previousSigningKey: k1 });
    const c = await makeServer({ seed: false, signingKey: k2 });
    try {
      const t1 = (await mint(a, cm)).token;
      const t2 = (await mint(b, cm)).token;
      assert.notEqual(decodeProtectedHeader(t1).kid, decodeProtectedHeader(t2).kid);
      assert.equal((await b.app.request('/v1/me', { headers: { authorization: `Bearer ${t1}` } })).status, 200);
      await expectProblem(await c.app.request('/v1/me', { headers: { authorization: `Bearer ${t1}` } }), 401);
      assert.equal((await c.app.request('/v1/me', { headers: { authorization: `Bearer ${t2}` } })).status, 200);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
    await assert.rejects(makeServer({ seed: false, signingKey: 'signing_key_0123456789abcdefghijkl' }), /PARTNERKIT_SIGNING_KEY is refused/);
  });

  it('a previous secret key is accepted while a new one rolls out, and neither works as a session token', async () => {
    const previous = 'previous_secret_key_zq81mVx02LpQa7';
    const srv = await makeServer({ seed: false, previousSecretKey: previous });
    try {
      for (const key of [SECRET, previous]) {
        assert.equal((await srv.app.request('/v1/sessions', json(JSON.stringify({ userId: 'cm', partnerId: null, role: 'channel_manager' }), { authorization: `Bearer ${key}` }))).status, 201);
        await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${key}` } }), 401);
      }
    } finally {
      await srv.close();
    }
  });
});

describe('headers (finding 6)', () => {
  let srv: PartnerkitServer;
  let token: string;
  before(async () => {
    srv = await makeServer();
    token = (await mint(srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' })).token;
  });
  after(() => srv?.close());

  it('every response has nosniff, a referrer policy and a frame policy; API answers are no-store', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const cases: Array<[string, RequestInit | undefined, boolean]> = [
      ['/healthz', undefined, false],
      ['/', undefined, false],
      ['/demo/users', undefined, false],
      ['/no/such/route', undefined, false],
      ['/sdk/partnerkit.js', undefined, false],
      ['/v1/me', { headers: auth }, true],
      ['/v1/deals?limit=1', { headers: auth }, true],
      ['/v1/deals/nope', { headers: auth }, true],
      ['/v1/me', undefined, true],
      ['/v1/openapi.json', undefined, true],
      ['/v1/deals', { method: 'OPTIONS', headers: { origin: 'https://vendor.example', 'access-control-request-method': 'GET' } }, true],
    ];
    for (const [path, init, api] of cases) {
      const res = await srv.app.request(path, init);
      const h = (name: string) => res.headers.get(name);
      assert.equal(h('x-content-type-options'), 'nosniff', path);
      assert.equal(h('referrer-policy'), 'no-referrer', path);
      assert.equal(h('x-frame-options'), 'DENY', path);
      assert.match(h('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
      if (api) assert.equal(h('cache-control'), 'no-store', path);
      assert.equal(h('cross-origin-resource-policy'), path.startsWith('/sdk/') ? 'cross-origin' : 'same-origin', path);
      // Page-only headers on pages; not on the SDK's files and the API's answers, which no browser shows as a page.
      const page = !path.startsWith('/sdk/') && !path.startsWith('/v1/');
      assert.equal(h('cross-origin-opener-policy'), page ? 'same-origin' : null, path);
      assert.equal(h('origin-agent-cluster'), page ? '?1' : null, path);
      for (const name of ['x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection']) assert.equal(h(name) !== null, page, `${path} ${name}`);
    }
  });
});

describe('headers on the wire (finding 6)', () => {
  it('a real server sends them on small and compressed answers alike', async () => {
    const running = await startServer({ dataDir: ':memory:', secretKey: SECRET, seed: false, port: 0, host: '127.0.0.1' });
    try {
      const cm = await fetch(`${running.url}/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'cm', partnerId: null, role: 'channel_manager' }) });
      const { token } = (await cm.json()) as { token: string };
      for (const [path, api, headers] of [
        ['/healthz', false, {}],
        ['/v1/me', true, { authorization: `Bearer ${token}` }],
        ['/v1/openapi.json', true, { 'accept-encoding': 'br, gzip' }],
        ['/v1/me', true, {}],
      ] as const) {
        const res = await fetch(`${running.url}${path}`, { headers });
        await res.arrayBuffer();
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
        assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
        assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
        if (api) assert.equal(res.headers.get('cache-control'), 'no-store', path);
      }
    } finally {
      await running.close();
    }
  });
});

describe('allowed origins (finding 7)', () => {
  const VENDOR = 'https://partners.vendor.example';
  const OTHER = 'https://intranet.vendor.example';
  let srv: PartnerkitServer;
  before(async () => {
    srv = await makeServer({ allowedOrigins: [VENDOR, OTHER] });
  });
  after(() => srv?.close());

  const mintFor = async (origin?: string) => {
    const res = await srv.app.request(
      '/v1/sessions',
      json(JSON.stringify({ userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user', ...(origin ? { origin } : {}) }), { authorization: `Bearer ${SECRET}` }),
    );
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { token: string }).token;
  };

  it('CORS answers only the allowed origins', async () => {
    const preflight = (origin: string) =>
      srv.app.request('/v1/me', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    assert.equal((await preflight(VENDOR)).headers.get('access-control-allow-origin'), VENDOR);
    assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
  });

  it('a browser request from another origin is refused (403), whatever its token', async () => {
    const token = await mintFor();
    await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' } }), 403, 'Origin');
    assert.equal((await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}`, origin: VENDOR } })).status, 200);
  });

  it('a session minted for an origin carries it and is refused from another allowed origin', async () => {
    const token = await mintFor(`${VENDOR}/`);
    assert.equal(decodeJwt(token).org, VENDOR);
    assert.equal((await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}`, origin: VENDOR } })).status, 200);
    const problem = await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}`, origin: OTHER } }), 403, 'Origin');
    assert.match(String(problem.type), /origin-mismatch$/);
    assert.equal((await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } })).status, 200, 'no Origin: a server-side call');
  });

  it('422 naming origin for an origin outside the list or not an origin', async () => {
    for (const origin of ['https://evil.example', 'not a url', 'https://partners.vendor.example/path']) {
      await expectProblem(
        await srv.app.request('/v1/sessions', json(JSON.stringify({ userId: 'u', partnerId: null, role: 'channel_manager', origin }), { authorization: `Bearer ${SECRET}` })),
        422,
        'origin',
      );
    }
  });

  it('PARTNERKIT_ALLOWED_ORIGINS: a comma-separated list of origins, normalised, or *', () => {
    assert.deepEqual(resolveAllowedOrigins(undefined, { PARTNERKIT_ALLOWED_ORIGINS: ' https://A.example:443 , http://localhost:3000/ ' }), ['https://a.example', 'http://localhost:3000']);
    assert.equal(resolveAllowedOrigins(undefined, {}), '*');
    assert.equal(resolveAllowedOrigins(undefined, { PARTNERKIT_ALLOWED_ORIGINS: '*' }), '*');
    assert.throws(() => resolveAllowedOrigins(undefined, { PARTNERKIT_ALLOWED_ORIGINS: 'https://a.example,*' }), /either \*/);
    assert.throws(() => resolveAllowedOrigins(undefined, { PARTNERKIT_ALLOWED_ORIGINS: 'ftp://a.example' }), /not an origin/);
  });

  it('with one allowed origin, sessions are bound to it; by default everything stays open', async () => {
    const single = await makeServer({ seed: false, allowedOrigins: [VENDOR] });
    const open = await makeServer({ seed: false });
    try {
      const cm = JSON.stringify({ userId: 'cm', partnerId: null, role: 'channel_manager' });
      const res = await single.app.request('/v1/sessions', json(cm, { authorization: `Bearer ${SECRET}` }));
      assert.equal(decodeJwt(((await res.json()) as { token: string }).token).org, VENDOR);
      const o = await open.app.request('/v1/sessions', json(cm, { authorization: `Bearer ${SECRET}` }));
      const token = ((await o.json()) as { token: string }).token;
      assert.equal(decodeJwt(token).org, null);
      const me = await open.app.request('/v1/me', { headers: { authorization: `Bearer ${token}`, origin: 'https://anyone.example' } });
      assert.equal(me.status, 200);
      assert.equal(me.headers.get('access-control-allow-origin'), '*');
      await assert.rejects(makeServer({ seed: false, allowedOrigins: ['partners.vendor.example'] }), /not an origin/);
    } finally {
      await Promise.all([single.close(), open.close()]);
    }
  });
});
