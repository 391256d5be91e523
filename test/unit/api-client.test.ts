/**
 * ApiClient (src/api/client.ts), RestBackend and resolveBackend (src/api/backend.ts)
 * against the real reference server, plus tiny local HTTP servers for misbehaving backends.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { startServer, type RunningServer } from '../../server/index.js';
import { ApiClient } from '../../src/api/client.js';
import { RestBackend, resolveBackend, type PartnerBackend } from '../../src/api/backend.js';
import { SessionManager, type SessionResult } from '../../src/api/session.js';
import { PkApiError } from '../../src/api/errors.js';
import { MeSchema, type Role } from '../../src/contract/index.js';

let srv: RunningServer;

before(async () => {
  srv = await startServer({ port: 0, host: '127.0.0.1', dataDir: ':memory:', secretKey: 'test-secret-key-123456' });
});
after(async () => {
  await srv?.close();
});

const USERS = {
  nwRep: { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' },
  coRep: { userId: 'u_co_rep', partnerId: 'p_contoso', role: 'partner_user' },
  cm: { userId: 'u_cm', partnerId: null, role: 'channel_manager' },
} satisfies Record<string, { userId: string; partnerId: string | null; role: Role }>;
type UserKey = keyof typeof USERS;

async function mint(user: UserKey): Promise<{ token: string; expiresAt: string }> {
  const res = await fetch(`${srv.url}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${srv.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(USERS[user]),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { token: string; expiresAt: string };
}

/** A session fetcher that mints real tokens (optionally preceded by scripted results) and counts calls. */
function countingFetcher(user: UserKey, script: Array<SessionResult> = []) {
  const f = Object.assign(
    async (): Promise<SessionResult> => {
      f.calls++;
      const scripted = script.shift();
      if (scripted !== undefined) return scripted;
      return mint(user);
    },
    { calls: 0 },
  );
  return f;
}

/** A fetch wrapper that records every request (method, url, authorization). */
function recordingFetch() {
  const requests: Array<{ method: string; url: string; auth: string | null }> = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    requests.push({ method: req.method, url: req.url, auth: req.headers.get('authorization') });
    return fetch(input, init);
  }) as typeof fetch;
  return { fetch: f, requests };
}

function backendFor(user: UserKey): RestBackend {
  return new RestBackend(srv.url, new SessionManager(() => mint(user)));
}

/** A throwaway local HTTP server; `hits` counts requests per "METHOD path". */
async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const hits: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = createHttpServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const s = createHttpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function isPk(kind: PkApiError['kind'], status?: number) {
  return (e: unknown) => {
    assert.ok(e instanceof PkApiError, `expected PkApiError, got ${String(e)}`);
    assert.equal(e.kind, kind, `kind (${e.message})`);
    if (status !== undefined) assert.equal(e.status, status);
    return true;
  };
}

describe('RestBackend against the reference server', () => {
  test('getMe returns the session user and partner org', async () => {
    const me = await backendFor('nwRep').getMe();
    assert.equal(me.user.id, 'u_nw_rep');
    assert.equal(me.user.role, 'partner_user');
    assert.equal(me.partner?.id, 'p_northwind');
    assert.equal(me.partner?.tier, 'gold');
    assert.deepEqual(me.partner?.motions, ['reseller']);
    assert.equal(typeof me.rules.acknowledged, 'boolean');

    const cm = await backendFor('cm').getMe();
    assert.equal(cm.user.id, 'u_cm');
    assert.equal(cm.user.role, 'channel_manager');
    assert.equal(cm.partner, null);
  });

  test('listDeals is scoped to the session partner', async () => {
    const nw = await backendFor('nwRep').listDeals({ limit: 100 });
    const co = await backendFor('coRep').listDeals({ limit: 100 });
    assert.ok(nw.items.length > 0 && co.items.length > 0);
    assert.ok(nw.items.every((d) => d.partner.id === 'p_northwind'), 'northwind sees only its deals');
    assert.ok(co.items.every((d) => d.partner.id === 'p_contoso'), 'contoso sees only its deals');
    const nwIds = new Set(nw.items.map((d) => d.id));
    assert.equal(co.items.filter((d) => nwIds.has(d.id)).length, 0);
    // the channel manager sees more than any one partner
    const cm = await backendFor('cm').listDeals({ limit: 1 });
    assert.ok(cm.total > nw.total && cm.total > co.total, `cm ${cm.total} vs ${nw.total}/${co.total}`);
  });

  test('listDeals passes filters, limit and cursor through', async () => {
    const cm = backendFor('cm');
    const all = await cm.listDeals({ limit: 1 });
    const referral = await cm.listDeals({ motion: 'referral', limit: 100 });
    assert.ok(referral.items.length > 0);
    assert.ok(referral.items.every((d) => d.motion === 'referral'));
    assert.ok(referral.total < all.total);

    const nw = backendFor('nwRep');
    const approved = await nw.listDeals({ status: 'approved', limit: 100 });
    assert.ok(approved.items.every((d) => d.status === 'approved'));
    const pending = await nw.listDeals({ status: 'pending', limit: 100 });
    assert.ok(pending.items.every((d) => d.status === 'pending'));
    const unfiltered = await nw.listDeals({ limit: 1 });
    assert.ok(approved.total + pending.total <= unfiltered.total);
    assert.ok(approved.total + pending.total > 0);

    const page1 = await nw.listDeals({ limit: 3, sort: 'createdAt' });
    assert.equal(page1.items.length, 3);
    assert.equal(page1.total, unfiltered.total);
    assert.equal(typeof page1.nextCursor, 'string');
    const page2 = await nw.listDeals({ limit: 3, sort: 'createdAt', cursor: page1.nextCursor! });
    assert.equal(page2.items.length, 3);
    const ids1 = new Set(page1.items.map((d) => d.id));
    assert.ok(page2.items.every((d) => !ids1.has(d.id)), 'the cursor moves to the next page');
    const created = [...page1.items, ...page2.items].map((d) => d.createdAt);
    assert.deepEqual(created, [...created].sort(), 'sorted ascending by createdAt');

    const target = page1.items[0]!;
    const byQ = await nw.listDeals({ q: target.customer.company, limit: 100 });
    assert.ok(byQ.items.some((d) => d.id === target.id), 'q finds the deal by company');
    assert.ok(byQ.total < unfiltered.total);
  });

  test('getDeal returns an own deal; another partner’s deal is a 404 http error', async () => {
    const nw = backendFor('nwRep');
    const list = await nw.listDeals({ limit: 1 });
    const own = list.items[0]!;
    assert.deepEqual(await nw.getDeal(own.id), own);

    const contosoDeal = (await backendFor('coRep').listDeals({ limit: 1 })).items[0]!;
    await assert.rejects(nw.getDeal(contosoDeal.id), isPk('http', 404));
    await assert.rejects(nw.getDeal('d_does_not_exist'), isPk('http', 404));
  });

  test("400 problem (limit=0) → kind 'validation' with fieldErrors naming limit", async () => {
    await assert.rejects(backendFor('nwRep').listDeals({ limit: 0 }), (e: unknown) => {
      isPk('validation', 400)(e);
      const err = e as PkApiError;
      assert.equal(typeof err.fieldErrors.limit, 'string');
      assert.ok(err.fieldErrors.limit!.length > 0);
      assert.equal(err.problem.status, 400);
      assert.match(err.problem.type, /^https:\/\/partnerkit\.dev\/problems\//);
      assert.equal(err.retryable, false);
      return true;
    });
  });

  test("unreachable port → kind 'network'", async () => {
    const port = await freePort();
    const backend = new RestBackend(`http://127.0.0.1:${port}`, new SessionManager(() => 'tok'));
    await assert.rejects(backend.getMe(), (e: unknown) => {
      isPk('network')(e);
      assert.equal((e as PkApiError).status, undefined);
      assert.equal((e as PkApiError).retryable, true);
      return true;
    });
  });
});

describe('ApiClient session handling against the reference server', () => {
  test('a 401 triggers exactly one refresh and one resend, then succeeds', async () => {
    const fetcher = countingFetcher('nwRep', [{ token: 'garbage-token', expiresAt: new Date(Date.now() + 600_000).toISOString() }]);
    const rec = recordingFetch();
    const client = new ApiClient({ apiUrl: srv.url, session: new SessionManager(fetcher), fetch: rec.fetch });
    const me = await client.get('me', MeSchema);
    assert.equal(me.user.id, 'u_nw_rep');
    assert.equal(fetcher.calls, 2);
    assert.equal(rec.requests.length, 2);
    assert.equal(rec.requests[0]!.auth, 'Bearer garbage-token');
    assert.notEqual(rec.requests[1]!.auth, 'Bearer garbage-token');
    assert.match(rec.requests[1]!.auth ?? '', /^Bearer .+/);
    // the refreshed token is kept: the next call needs no refresh
    await client.get('me', MeSchema);
    assert.equal(fetcher.calls, 2);
    assert.equal(rec.requests.length, 3);
  });

  test("a persistent 401 gives kind 'auth' after exactly 2 fetcher calls, no loop", async () => {
    let n = 0;
    const fetcher = Object.assign(
      async () => {
        fetcher.calls++;
        return `garbage-${++n}`;
      },
      { calls: 0 },
    );
    const rec = recordingFetch();
    const client = new ApiClient({ apiUrl: srv.url, session: new SessionManager(fetcher), fetch: rec.fetch });
    await assert.rejects(client.get('me', MeSchema), isPk('auth', 401));
    assert.equal(fetcher.calls, 2);
    assert.equal(rec.requests.length, 2);
    assert.deepEqual(rec.requests.map((r) => r.auth), ['Bearer garbage-1', 'Bearer garbage-2']);
  });

  test('a secret key used as a session token is refused (auth), never accepted', async () => {
    const client = new ApiClient({ apiUrl: srv.url, session: new SessionManager(() => srv.secretKey) });
    await assert.rejects(client.get('me', MeSchema), isPk('auth', 401));
  });

  test('many concurrent requests on a fresh SessionManager cause one session fetch', async () => {
    const fetcher = countingFetcher('coRep');
    const backend = new RestBackend(srv.url, new SessionManager(fetcher));
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => backend.getMe()),
      ...Array.from({ length: 6 }, () => backend.listDeals({ limit: 2 })),
    ]);
    assert.equal(results.length, 12);
    assert.equal(fetcher.calls, 1);
    for (const r of results.slice(0, 6)) assert.equal((r as { user: { id: string } }).user.id, 'u_co_rep');
    for (const r of results.slice(6)) assert.equal((r as { items: unknown[] }).items.length, 2);
  });

  test('concurrent 401s share one refresh', async () => {
    const fetcher = countingFetcher('nwRep', ['stale-garbage']);
    const backend = new RestBackend(srv.url, new SessionManager(fetcher));
    const mes = await Promise.all(Array.from({ length: 5 }, () => backend.getMe()));
    assert.ok(mes.every((m) => m.user.id === 'u_nw_rep'));
    assert.equal(fetcher.calls, 2, 'one initial fetch, one refresh for all five 401s');
  });
});

describe('ApiClient against misbehaving local servers', () => {
  const session = () => new SessionManager(() => 'tok');

  test("a 2xx with the wrong shape → kind 'schema'", async () => {
    const local = await localServer((req, res) => {
      if (req.url === '/v1/me') return sendJson(res, 200, { user: { id: 42 }, partner: null });
      if (req.url?.startsWith('/v1/deals')) return sendJson(res, 200, { items: [{ id: 'd1' }], nextCursor: null, total: 1 });
      return sendJson(res, 200, 'not json at all', 'text/html');
    });
    try {
      const backend = new RestBackend(local.url, session());
      await assert.rejects(backend.getMe(), (e: unknown) => {
        isPk('schema')(e);
        assert.match((e as PkApiError).problem.detail ?? '', /GET \/v1\/me: user\.id/);
        return true;
      });
      await assert.rejects(backend.listDeals(), isPk('schema'));
      assert.deepEqual(local.hits, ['GET /v1/me', 'GET /v1/deals'], 'schema errors are not retried');
    } finally {
      await local.close();
    }
  });

  test("a 2xx that is not JSON → kind 'schema'", async () => {
    const local = await localServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>sign in</html>');
    });
    try {
      await assert.rejects(new RestBackend(local.url, session()).getMe(), isPk('schema'));
    } finally {
      await local.close();
    }
  });

  test('a non-problem error body still yields a PkApiError with the status', async () => {
    const local = await localServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('Bad gateway');
    });
    try {
      const client = new ApiClient({ apiUrl: local.url, session: session(), retries: 0 });
      await assert.rejects(client.get('me', MeSchema), (e: unknown) => {
        isPk('http', 502)(e);
        assert.equal((e as PkApiError).retryable, true);
        return true;
      });
    } finally {
      await local.close();
    }
  });

  test('GET is retried on 503, POST is not', async () => {
    const local = await localServer((_req, res) =>
      sendJson(res, 503, { type: 'about:blank', title: 'Unavailable', status: 503 }, 'application/problem+json'),
    );
    try {
      const client = new ApiClient({ apiUrl: local.url, session: session(), retries: 2 });
      const Any = z.unknown();
      await assert.rejects(client.get('deals', Any), isPk('http', 503));
      assert.deepEqual(local.hits, ['GET /v1/deals', 'GET /v1/deals', 'GET /v1/deals']);
      local.hits.length = 0;
      await assert.rejects(client.post('deals', Any, { json: { x: 1 } }), isPk('http', 503));
      assert.deepEqual(local.hits, ['POST /v1/deals']);
    } finally {
      await local.close();
    }
  });

  test('a long Retry-After fails fast with the 429 instead of waiting; a short one is honoured', async () => {
    let n = 0;
    const local = await localServer((req, res) => {
      if (req.url!.includes('long')) {
        res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '3600' });
        return res.end(JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429 }));
      }
      if (++n === 1) {
        res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1' });
        return res.end(JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429 }));
      }
      sendJson(res, 200, { ok: true });
    });
    try {
      const client = new ApiClient({ apiUrl: local.url, session: session(), retries: 2 });
      const started = Date.now();
      await assert.rejects(client.get('long', z.unknown()), isPk('http', 429));
      assert.ok(Date.now() - started < 2_000, 'did not wait an hour');
      assert.deepEqual(local.hits, ['GET /v1/long']);
      local.hits.length = 0;
      assert.deepEqual(await client.get('short', z.object({ ok: z.boolean() })), { ok: true });
      assert.deepEqual(local.hits, ['GET /v1/short', 'GET /v1/short']);
    } finally {
      await local.close();
    }
  });

  test('a late 401 for a token another request already replaced reuses the new token (no second refresh)', async () => {
    const seen: string[] = [];
    const local = await localServer((req, res) => {
      const auth = req.headers.authorization ?? '';
      seen.push(`${req.url} ${auth}`);
      const answer = () =>
        auth === 'Bearer old' ? sendJson(res, 401, { type: 'about:blank', title: 'Expired', status: 401 }) : sendJson(res, 200, { ok: auth });
      // the slow request's 401 arrives well after the fast one has refreshed and resent
      if (req.url === '/v1/slow') setTimeout(answer, 150);
      else answer();
    });
    try {
      const tokens = ['old', 'new', 'newer'];
      let calls = 0;
      const client = new ApiClient({
        apiUrl: local.url,
        session: new SessionManager(() => tokens[calls++]!),
        retries: 0,
      });
      const Ok = z.object({ ok: z.string() });
      const [slow, fast] = await Promise.all([client.get('slow', Ok), client.get('fast', Ok)]);
      assert.equal(fast.ok, 'Bearer new');
      assert.equal(slow.ok, 'Bearer new');
      assert.equal(calls, 2, 'the slow request reused the token the fast one fetched');
      assert.deepEqual(seen.filter((s) => s.startsWith('/v1/slow')), ['/v1/slow Bearer old', '/v1/slow Bearer new']);
    } finally {
      await local.close();
    }
  });

  test('a GET retry that then succeeds returns the data', async () => {
    let n = 0;
    const local = await localServer((_req, res) => {
      if (++n === 1) return sendJson(res, 503, { type: 'about:blank', title: 'Unavailable', status: 503 });
      sendJson(res, 200, { ok: true });
    });
    try {
      const client = new ApiClient({ apiUrl: local.url, session: session(), retries: 2 });
      assert.deepEqual(await client.get('thing', z.object({ ok: z.boolean() })), { ok: true });
      assert.equal(local.hits.length, 2);
    } finally {
      await local.close();
    }
  });

  test('query params and JSON body are sent; empty and undefined params are dropped', async () => {
    const seen: Array<{ url: string; body: string; auth: string | undefined; ct: string | undefined }> = [];
    const local = await localServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url!, body, auth: req.headers.authorization, ct: req.headers['content-type'] });
        sendJson(res, 200, { ok: true });
      });
    });
    try {
      const client = new ApiClient({ apiUrl: `${local.url}///`, session: session() });
      const Ok = z.object({ ok: z.boolean() });
      await client.get('/deals', Ok, { searchParams: { motion: 'reseller', q: '', stage: undefined, limit: 5 } });
      await client.post('deals', Ok, { json: { a: 1 } });
      assert.equal(seen[0]!.url, '/v1/deals?motion=reseller&limit=5');
      assert.equal(seen[0]!.auth, 'Bearer tok');
      assert.equal(seen[1]!.body, '{"a":1}');
      assert.match(seen[1]!.ct ?? '', /^application\/json/);
    } finally {
      await local.close();
    }
  });

  test('/v1/me once per page: every caller of a backend shares one request; a failure is not kept', async () => {
    let fail = true;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const me = { user: { id: 'u1', name: 'Ada', email: null, role: 'partner_user' }, partner: null, rules: { currentVersion: null, acknowledgedVersion: null, acknowledgedAt: null, acknowledged: true } };
    const local = await localServer(async (req, res) => {
      if (req.url !== '/v1/me') return sendJson(res, 404, {});
      await gate;
      if (fail) return sendJson(res, 403, { type: 'about:blank', title: 'Forbidden', status: 403 }, 'application/problem+json');
      return sendJson(res, 200, me);
    });
    const meHits = () => local.hits.filter((h) => h === 'GET /v1/me').length;
    try {
      const backend = new RestBackend(local.url, session());
      const aborted = new AbortController();
      const calls = [backend.getMe(), backend.getMe({ signal: aborted.signal }), backend.getMe()];
      aborted.abort();
      await assert.rejects(calls[1], (e: unknown) => (e as Error).name === 'AbortError', "one caller's abort ends only its own wait");
      release();
      const [a, c] = await Promise.allSettled([calls[0], calls[2]]);
      assert.equal(a.status, 'rejected');
      assert.equal(c.status, 'rejected');
      assert.equal((a as PromiseRejectedResult).reason, (c as PromiseRejectedResult).reason, 'the same answer for every caller');
      assert.equal(meHits(), 1, 'one request for three callers');
      fail = false;
      assert.equal((await backend.getMe()).user.id, 'u1', 'a failure is not kept: the next call asks again');
      assert.equal(meHits(), 2);
      await Promise.all([backend.getMe(), backend.getMe()]);
      assert.equal(meHits(), 2, 'later callers share the answer without a request');
      backend.forgetMe();
      await backend.getMe();
      assert.equal(meHits(), 3, 'forgetMe() asks again');
    } finally {
      await local.close();
    }
  });

  test('an AbortSignal aborts with an AbortError, not a PkApiError', async () => {
    const local = await localServer(() => {
      /* never answers */
    });
    try {
      const client = new ApiClient({ apiUrl: local.url, session: session() });
      const ac = new AbortController();
      const started = Date.now();
      // Abort once the request has reached the server (a fixed delay races a loaded machine).
      const abortWhenHit = setInterval(() => local.hits.length && ac.abort(), 5);
      await assert.rejects(client.get('me', MeSchema, { signal: ac.signal }).finally(() => clearInterval(abortWhenHit)), (e: unknown) => {
        assert.ok(!(e instanceof PkApiError), `got PkApiError ${String(e)}`);
        assert.equal((e as Error).name, 'AbortError');
        return true;
      });
      assert.ok(Date.now() - started < 2_000);
      assert.equal(local.hits.length, 1, 'an abort is not retried');

      // RestBackend passes the signal through as well
      const ac2 = new AbortController();
      setTimeout(() => ac2.abort(), 20);
      await assert.rejects(new RestBackend(local.url, session()).getMe({ signal: ac2.signal }), (e: unknown) => {
        assert.ok(!(e instanceof PkApiError));
        assert.equal((e as Error).name, 'AbortError');
        return true;
      });
    } finally {
      await local.close();
    }
  });

  test("a per-attempt timeout → kind 'network'", async () => {
    const local = await localServer(() => {
      /* never answers */
    });
    try {
      const client = new ApiClient({ apiUrl: local.url, session: session(), timeout: 100, retries: 0 });
      await assert.rejects(client.get('me', MeSchema), (e: unknown) => {
        isPk('network')(e);
        assert.match((e as PkApiError).problem.type, /timeout$/);
        return true;
      });
    } finally {
      await local.close();
    }
  });
});

describe('resolveBackend', () => {
  test('returns a configured backend object unchanged', () => {
    const custom = { getMe: async () => ({}) } as unknown as PartnerBackend;
    assert.equal(resolveBackend({ backend: custom, apiUrl: 'http://x.example' }), custom);
  });

  test("missing api-url or session source → kind 'config'", () => {
    assert.throws(() => resolveBackend({ sessionUrl: 'http://x.example/s' }), isPk('config'));
    assert.throws(() => resolveBackend({ apiUrl: 'http://x.example' }), isPk('config'));
  });

  test("an api-url or session-url that is not a URL → kind 'config' naming it", () => {
    assert.throws(
      () => resolveBackend({ apiUrl: 'http://exa mple:port/', sessionUrl: 'http://x.example/s' }),
      (e: unknown) => isPk('config')(e) && /api-url "http:\/\/exa mple:port\/" is not a valid URL/.test((e as PkApiError).problem.detail ?? ''),
    );
    // In Node there is no page to resolve a relative session-url against.
    assert.throws(() => resolveBackend({ apiUrl: 'http://x.example', sessionUrl: '/session' }), (e: unknown) => isPk('config')(e) && /session-url/.test((e as PkApiError).problem.detail ?? ''));
  });

  test('shares one backend per (api-url, session source)', () => {
    const fs1 = () => 'a';
    const fs2 = () => 'b';
    const a = resolveBackend({ apiUrl: 'http://shared.example/api', fetchSession: fs1 });
    const b = resolveBackend({ apiUrl: 'http://shared.example/api', fetchSession: fs1 });
    const c = resolveBackend({ apiUrl: 'http://shared.example/api', fetchSession: fs2 });
    const d = resolveBackend({ apiUrl: 'http://other.example/api', fetchSession: fs1 });
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.notEqual(a, d);
    assert.ok(a instanceof RestBackend);
  });

  test('end to end: session-url is POSTed once for concurrent calls and the backend works', async () => {
    const sessionEndpoint = await localServer(async (req, res) => {
      assert.equal(req.method, 'POST');
      sendJson(res, 200, await mint('nwRep'));
    });
    try {
      const backend = resolveBackend({ apiUrl: srv.url, sessionUrl: `${sessionEndpoint.url}/partnerkit/session` });
      const [me, deals] = await Promise.all([backend.getMe(), backend.listDeals({ limit: 2 }), backend.getMe()]);
      assert.equal(me.user.id, 'u_nw_rep');
      assert.ok(deals.items.every((d) => d.partner.id === 'p_northwind'));
      assert.deepEqual(sessionEndpoint.hits, ['POST /partnerkit/session']);
    } finally {
      await sessionEndpoint.close();
    }
  });
});

describe('PkApiError', () => {
  test('from(new Error) wraps it as an http backend error with the cause', () => {
    const original = new Error('x');
    const e = PkApiError.from(original);
    assert.ok(e instanceof PkApiError);
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'PkApiError');
    assert.equal(e.kind, 'http');
    assert.equal(e.problem.detail, 'x');
    assert.equal(e.status, undefined);
    assert.equal(e.cause, original);
    assert.match(e.message, /: x$/);
  });

  test('from() returns a PkApiError unchanged and stringifies non-errors', () => {
    const pk = new PkApiError('auth', { type: 'about:blank', title: 'Signed out', status: 401 });
    assert.equal(PkApiError.from(pk), pk);
    assert.equal(PkApiError.from('plain string').problem.detail, 'plain string');
  });

  test('fieldErrors keeps the first message per path; retryable by kind and status', () => {
    const e = new PkApiError('validation', {
      type: 'about:blank',
      title: 'Invalid',
      status: 422,
      errors: [
        { path: 'amount.value', message: 'first' },
        { path: 'amount.value', message: 'second' },
        { path: 'customer.domain', message: 'bad domain' },
      ],
    });
    assert.deepEqual(e.fieldErrors, { 'amount.value': 'first', 'customer.domain': 'bad domain' });
    assert.equal(e.retryable, false);
    assert.equal(new PkApiError('http', { type: 'about:blank', title: 'x', status: 404 }).retryable, false);
    assert.equal(new PkApiError('http', { type: 'about:blank', title: 'x', status: 503 }).retryable, true);
    assert.equal(new PkApiError('network', { type: 'about:blank', title: 'x', status: 0 }).retryable, true);
  });
});
