import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HealthSchema, MeSchema, SessionSchema } from '../../src/contract/index.js';
import { DEMO_USERS, createServer, generateSecretKey, startServer, type PartnerkitServer } from '../../server/index.js';
import { DEMO_SECRET_KEY } from '../../server/auth.js';
import { MIGRATIONS } from '../../server/migrations.js';
import { SECRET, expectProblem, makeServer, vendorQuery } from './helpers.js';

let srv: PartnerkitServer;
let tmp: string;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'pk-app-'));
  mkdirSync(join(tmp, 'sdk'));
  writeFileSync(join(tmp, 'sdk', 'partnerkit.js'), 'export const hello = 1;\n');
  mkdirSync(join(tmp, 'demo'));
  writeFileSync(join(tmp, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(tmp, 'demo', 'app.css'), 'body{}');
  writeFileSync(join(tmp, 'secret.txt'), 'do not serve');
  srv = await makeServer({ sdkDir: join(tmp, 'sdk'), demoDir: join(tmp, 'demo') });
});
after(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('health, openapi, errors', () => {
  it('GET /healthz', async () => {
    const res = await srv.app.request('/healthz');
    assert.equal(res.status, 200);
    const body = HealthSchema.parse(await res.json());
    assert.equal(body.version, '0.1.0');
  });

  it('GET /v1/openapi.json is an OpenAPI 3.1 document with every route, without auth', async () => {
    const res = await srv.app.request('/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const doc = (await res.json()) as any;
    assert.match(doc.openapi, /^3\.1\./);
    for (const p of ['/healthz', '/v1/openapi.json', '/v1/sessions', '/v1/me', '/v1/deals', '/v1/deals/{id}']) assert.ok(doc.paths[p], p);
    assert.ok(doc.paths['/v1/sessions'].post.requestBody);
    assert.equal(doc.components.securitySchemes.sessionToken.scheme, 'bearer');
    for (const s of ['Problem', 'SessionRequest', 'Session', 'Me', 'Deal', 'VendorDeal', 'DealList', 'VendorDealList']) assert.ok(doc.components.schemas[s], s);
    assert.ok(doc.components.schemas.VendorDeal.properties.discountBand);
    assert.ok(!doc.components.schemas.Deal.properties.discountBand);
    const params = doc.paths['/v1/deals'].get.parameters.map((p: { name: string }) => p.name).sort();
    assert.deepEqual(params, ['cursor', 'limit', 'motion', 'q', 'sort', 'stage', 'status']);
    // every $ref resolves
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const r of refs) assert.ok(doc.components.schemas[r.split('/').pop()!], r);
  });

  it('unknown routes are 404 problems', async () => {
    await expectProblem(await srv.app.request('/nope'), 404);
    await expectProblem(await srv.app.request('/v1/openapi.yaml'), 401);
    const res = await srv.app.request('/v1/sessions', { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'u_cm', partnerId: null, role: 'channel_manager' }) });
    const { token } = SessionSchema.parse(await res.json());
    await expectProblem(await srv.app.request('/v1/nope', { headers: { authorization: `Bearer ${token}` } }), 404);
  });

  it('CORS preflight on /v1 allows any origin and the SDK headers, without credentials', async () => {
    const res = await srv.app.request('/v1/deals', {
      method: 'OPTIONS',
      headers: { origin: 'https://partners.vendor.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
    });
    assert.ok(res.status === 204 || res.status === 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const h of ['authorization', 'content-type', 'idempotency-key']) assert.ok(allowed.includes(h), h);
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
    const actual = await srv.app.request('/v1/me', { headers: { origin: 'https://partners.vendor.example' } });
    assert.equal(actual.status, 401);
    assert.equal(actual.headers.get('access-control-allow-origin'), '*');
  });
});

describe('static files', () => {
  it('serves the SDK bundle with CORS and a short cache', async () => {
    const res = await srv.app.request('/sdk/partnerkit.js');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('cache-control') ?? '', /max-age=\d+/);
    assert.equal(await res.text(), 'export const hello = 1;\n');
  });

  it('404 problem with a hint when the SDK is not built', async () => {
    const other = await createServer({ dataDir: ':memory:', secretKey: SECRET, seed: false, sdkDir: join(tmp, 'missing') });
    try {
      const body = await expectProblem(await other.app.request('/sdk/partnerkit.js'), 404);
      assert.match(String(body.detail), /npm run build/);
    } finally {
      await other.close();
    }
  });

  it('serves the demo site and refuses path traversal', async () => {
    const index = await srv.app.request('/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await index.text(), /<title>demo<\/title>/);
    const css = await srv.app.request('/demo/app.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    await expectProblem(await srv.app.request('/demo/..%2fsecret.txt'), 404);
    await expectProblem(await srv.app.request('/demo/%2e%2e/secret.txt'), 404);
    await expectProblem(await srv.app.request('/demo/missing.js'), 404);
  });
});

describe('demo routes', () => {
  it('GET /demo/users lists the demo users', async () => {
    const users = (await (await srv.app.request('/demo/users')).json()) as typeof DEMO_USERS;
    assert.deepEqual(users.map((u) => u.id), ['u_nw_rep', 'u_nw_admin', 'u_co_rep', 'u_co_admin', 'u_fa_rep', 'u_ta_rep', 'u_li_rep', 'u_cm']);
    assert.equal(users.find((u) => u.id === 'u_cm')?.partnerId, null);
  });

  it('POST /demo/session mints for the cookie user (default u_nw_rep), and /demo/user switches it', async () => {
    const first = await srv.app.request('/demo/session', { method: 'POST' });
    assert.equal(first.status, 200);
    const s1 = SessionSchema.parse(await first.json());
    const me1 = MeSchema.parse(await (await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${s1.token}` } })).json());
    assert.equal(me1.user.id, 'u_nw_rep');
    assert.equal(me1.partner?.id, 'p_northwind');

    const sw = await srv.app.request('/demo/user', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'u_cm' }) });
    assert.equal(sw.status, 204);
    const cookie = sw.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^pk_demo_user=u_cm/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\//);

    const second = await srv.app.request('/demo/session', { method: 'POST', headers: { cookie: cookie.split(';')[0] } });
    const s2 = SessionSchema.parse(await second.json());
    const me2 = MeSchema.parse(await (await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${s2.token}` } })).json());
    assert.equal(me2.user.role, 'channel_manager');
    assert.equal(me2.partner, null);

    const third = await srv.app.request('/demo/session', { method: 'POST', headers: { cookie: 'pk_demo_user=u_cm', 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'u_li_rep' }) });
    const s3 = SessionSchema.parse(await third.json());
    const me3 = MeSchema.parse(await (await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${s3.token}` } })).json());
    assert.equal(me3.partner?.id, 'p_litware');
  });

  it('rejects unknown demo users', async () => {
    await expectProblem(await srv.app.request('/demo/user', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"u_evil"}' }), 422, 'userId');
    await expectProblem(await srv.app.request('/demo/session', { method: 'POST', headers: { cookie: 'pk_demo_user=u_evil' } }), 422, 'userId');
  });

  it('demo routes are absent when demo is false', async () => {
    const other = await createServer({ dataDir: ':memory:', secretKey: SECRET, seed: false, demo: false });
    try {
      await expectProblem(await other.app.request('/demo/users'), 404);
      await expectProblem(await other.app.request('/demo/session', { method: 'POST' }), 404);
    } finally {
      await other.close();
    }
  });
});

describe('when the demo routes are on by default', () => {
  const withEnv = async (env: Record<string, string | undefined>, fn: () => Promise<void>) => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    for (const [k, v] of Object.entries(env)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    try {
      await fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    }
  };
  const demoFor = async (opts: Parameters<typeof createServer>[0]) => {
    const s = await createServer({ dataDir: ':memory:', seed: false, ...opts });
    try {
      const res = await s.app.request('/demo/session', { method: 'POST' });
      assert.equal(s.demo, res.status !== 404, 'the demo flag matches what is served');
      return s.demo;
    } finally {
      await s.close();
    }
  };

  it('only with the demo secret key: a real key never exposes login-free sessions by accident', async () => {
    await withEnv({ NODE_ENV: undefined, PARTNERKIT_DEMO: undefined, PARTNERKIT_SECRET_KEY: undefined }, async () => {
      assert.equal(await demoFor({ secretKey: DEMO_SECRET_KEY }), true);
      assert.equal(await demoFor({ secretKey: SECRET }), false);
    });
  });

  it('PARTNERKIT_DEMO overrides the default, and production never serves them', async () => {
    await withEnv({ NODE_ENV: undefined, PARTNERKIT_DEMO: '1' }, async () => assert.equal(await demoFor({ secretKey: SECRET }), true));
    await withEnv({ NODE_ENV: undefined, PARTNERKIT_DEMO: '0' }, async () => assert.equal(await demoFor({ secretKey: DEMO_SECRET_KEY }), false));
    await withEnv({ NODE_ENV: 'production', PARTNERKIT_DEMO: '1' }, async () => assert.equal(await demoFor({ secretKey: generateSecretKey(), demo: true }), false));
  });
});

describe('configuration and persistence', () => {
  it('refuses the demo secret key in production', async () => {
    const saved = { env: process.env.NODE_ENV, key: process.env.PARTNERKIT_SECRET_KEY };
    process.env.NODE_ENV = 'production';
    delete process.env.PARTNERKIT_SECRET_KEY;
    try {
      await assert.rejects(createServer({ dataDir: ':memory:' }), /demo secret key.*production/);
      await assert.rejects(createServer({ dataDir: ':memory:', secretKey: DEMO_SECRET_KEY }), /PARTNERKIT_SECRET_KEY/);
    } finally {
      if (saved.env === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = saved.env;
      if (saved.key !== undefined) process.env.PARTNERKIT_SECRET_KEY = saved.key;
    }
  });

  it('refuses a second server on a data directory in use, and releases the lock on close', async () => {
    const dir = join(tmp, 'locked');
    // 10 s: a busy test machine can block a's event loop (PGlite work) for a few seconds, and a
    // lock not refreshed within its stale period would be taken over.
    const a = await createServer({ dataDir: dir, secretKey: SECRET, seed: false, lockStaleMs: 10_000 });
    try {
      await assert.rejects(createServer({ dataDir: dir, secretKey: SECRET, seed: false, lockStaleMs: 10_000 }), /is in use by another Partnerkit server/);
    } finally {
      await a.close();
    }
    assert.equal(existsSync(join(dir, 'server.lock')), false, 'the lock is released on close');
    const b = await createServer({ dataDir: dir, secretKey: SECRET, seed: false });
    await b.close();
  });

  it('migrations are idempotent and seeding happens once on a persistent dataDir', async () => {
    const dir = join(tmp, 'data');
    const a = await createServer({ dataDir: dir, secretKey: SECRET });
    const ids1 = (await vendorQuery<{ id: string }>(a, 'SELECT id FROM deals ORDER BY id')).rows.map((r) => r.id);
    await vendorQuery(a, "UPDATE deals SET next_step = 'persisted marker' WHERE id = $1", [ids1[0]]);
    await a.close();
    const b = await createServer({ dataDir: dir, secretKey: SECRET });
    try {
      const ids2 = (await vendorQuery<{ id: string }>(b, 'SELECT id FROM deals ORDER BY id')).rows.map((r) => r.id);
      assert.deepEqual(ids2, ids1);
      assert.equal(ids2.length, 240);
      const mig = (await vendorQuery<{ version: number }>(b, 'SELECT version FROM schema_migrations')).rows;
      assert.deepEqual(mig.map((m) => Number(m.version)).sort((x, y) => x - y), MIGRATIONS.map((m) => m.version).sort((x, y) => x - y));
      const marker = (await vendorQuery<{ next_step: string }>(b, 'SELECT next_step FROM deals WHERE id = $1', [ids1[0]])).rows[0];
      assert.equal(marker.next_step, 'persisted marker');
      assert.equal(Number((await vendorQuery<{ n: number }>(b, 'SELECT count(*)::int AS n FROM partners')).rows[0].n), 5);
    } finally {
      await b.close();
    }
  });

  it('startServer listens on a real port', async () => {
    const running = await startServer({ dataDir: ':memory:', secretKey: SECRET, seed: false, port: 0, host: '127.0.0.1' });
    try {
      assert.ok(running.port > 0);
      assert.equal(running.url, `http://127.0.0.1:${running.port}`);
      assert.equal(running.secretKey, SECRET);
      const res = await fetch(`${running.url}/healthz`);
      assert.equal(res.status, 200);
      const bad = await fetch(`${running.url}/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' }, body: '{' });
      await expectProblem(bad, 400);
    } finally {
      await running.close();
    }
  });
});
