/**
 * SessionManager and sessionUrlFetcher (src/api/session.ts): caching, refresh margin,
 * single flight, stale-token reuse, failure handling, JWT expiry, session-url errors.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionManager, sessionUrlFetcher, type FetchSession, type SessionResult } from '../../src/api/session.js';
import { PkApiError } from '../../src/api/errors.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const MIN = 60_000;

/** A settable clock for the manager's injectable `now`. */
function clock(start = T0) {
  const c = { t: start, now: () => c.t };
  return c;
}

/** A fetcher that answers from a queue of results (or errors) and counts its calls. */
function queueFetcher(...results: Array<SessionResult | Error>) {
  const f = Object.assign(
    async () => {
      f.calls++;
      const next = results.length > 1 ? results.shift()! : results[0];
      if (next instanceof Error) throw next;
      return next;
    },
    { calls: 0 },
  );
  return f;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** An unsigned JWT-shaped token with the given payload (the manager never verifies it). */
function jwt(payload: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** Calls a session fetcher, always as a promise. */
const call = async (f: FetchSession) => f();

describe('SessionManager', () => {
  test('caches the token while it is valid for more than the margin', async () => {
    const c = clock();
    const fetcher = queueFetcher({ token: 't1', expiresAt: iso(T0 + 15 * MIN) }, { token: 't2', expiresAt: iso(T0 + 30 * MIN) });
    const s = new SessionManager(fetcher, c.now);
    assert.equal(await s.token(), 't1');
    c.t = T0 + 5 * MIN;
    assert.equal(await s.token(), 't1');
    assert.equal(await s.token(), 't1');
    assert.equal(fetcher.calls, 1);
  });

  test('refreshes once the token is within 60 s of expiry, not before', async () => {
    const c = clock();
    const exp = T0 + 15 * MIN;
    const fetcher = queueFetcher({ token: 't1', expiresAt: iso(exp) }, { token: 't2', expiresAt: iso(exp + 15 * MIN) });
    const s = new SessionManager(fetcher, c.now);
    assert.equal(await s.token(), 't1');
    c.t = exp - 61_000; // 61 s left: still cached
    assert.equal(await s.token(), 't1');
    assert.equal(fetcher.calls, 1);
    c.t = exp - 59_000; // 59 s left: refresh
    assert.equal(await s.token(), 't2');
    assert.equal(fetcher.calls, 2);
    assert.equal(await s.token(), 't2');
    assert.equal(fetcher.calls, 2);
  });

  test('refreshes a token that has already expired', async () => {
    const c = clock();
    const fetcher = queueFetcher({ token: 't1', expiresAt: iso(T0 + MIN / 2) }, { token: 't2', expiresAt: iso(T0 + 15 * MIN) });
    const s = new SessionManager(fetcher, c.now);
    // A token that arrives already inside the margin is returned (it was just fetched)...
    assert.equal(await s.token(), 't1');
    c.t = T0 + 10 * MIN;
    assert.equal(await s.token(), 't2');
    assert.equal(fetcher.calls, 2);
  });

  test('single flight: N concurrent token()/refresh() calls on a fresh manager call the fetcher once', async () => {
    const d = deferred<SessionResult>();
    let calls = 0;
    const s = new SessionManager(() => {
      calls++;
      return d.promise;
    }, clock().now);
    const pending = [...Array.from({ length: 8 }, () => s.token()), s.refresh(), s.refresh()];
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(calls, 1, 'one fetch while in flight');
    d.resolve({ token: 'shared', expiresAt: iso(T0 + 15 * MIN) });
    assert.deepEqual(await Promise.all(pending), Array(10).fill('shared'));
    assert.equal(calls, 1);
  });

  test('single flight: concurrent refresh(stale) of the same stale token share one fetch, later refreshes fetch again', async () => {
    const c = clock();
    const fetcher = queueFetcher(
      { token: 't1', expiresAt: iso(T0 + 15 * MIN) },
      { token: 't2', expiresAt: iso(T0 + 15 * MIN) },
      { token: 't3', expiresAt: iso(T0 + 15 * MIN) },
    );
    const s = new SessionManager(fetcher, c.now);
    assert.equal(await s.token(), 't1');
    const results = await Promise.all([s.refresh('t1'), s.refresh('t1'), s.refresh('t1'), s.token()]);
    // token() started while t1 was still held and valid, so it does not wait for the refresh
    assert.deepEqual(results, ['t2', 't2', 't2', 't1']);
    assert.equal(fetcher.calls, 2);
    // the inflight promise is cleared: a later refresh of the current token fetches again
    assert.equal(await s.refresh('t2'), 't3');
    assert.equal(fetcher.calls, 3);
  });

  test('refresh(stale) reuses a token another caller already replaced', async () => {
    const c = clock();
    const fetcher = queueFetcher(
      { token: 't1', expiresAt: iso(T0 + 15 * MIN) },
      { token: 't2', expiresAt: iso(T0 + 15 * MIN) },
      { token: 't3', expiresAt: iso(T0 + 15 * MIN) },
    );
    const s = new SessionManager(fetcher, c.now);
    assert.equal(await s.token(), 't1');
    assert.equal(await s.refresh('t1'), 't2'); // first caller replaces t1
    assert.equal(fetcher.calls, 2);
    assert.equal(await s.refresh('t1'), 't2'); // second caller with the old token reuses t2
    assert.equal(fetcher.calls, 2);
    assert.equal(await s.token(), 't2');
    assert.equal(await s.refresh(), 't3'); // no stale token given: always fetches
    assert.equal(fetcher.calls, 3);
  });

  /** A plain error from a session source becomes kind `auth`, keeping the original as cause. */
  const wrapped = (original: Error) => (e: unknown) =>
    e instanceof PkApiError && e.kind === 'auth' && e.cause === original && e.problem.detail === original.message;

  test('a refresh failure while the held token is still valid returns the held token', async () => {
    const c = clock();
    const exp = T0 + 15 * MIN;
    const boom = new Error('session endpoint down');
    const fetcher = queueFetcher({ token: 't1', expiresAt: iso(exp) }, boom);
    const s = new SessionManager(fetcher, c.now);
    assert.equal(await s.token(), 't1');
    c.t = exp - 30_000; // inside the margin, not expired
    assert.equal(await s.token(), 't1');
    assert.equal(fetcher.calls, 2, 'a refresh was attempted');
    // refresh() itself does not swallow the error
    await assert.rejects(s.refresh('t1'), wrapped(boom));
  });

  test('a refresh failure with no valid token rejects with an auth PkApiError caused by the fetcher error', async () => {
    const boom = new Error('nope');
    const s = new SessionManager(queueFetcher(boom), clock().now);
    await assert.rejects(s.token(), wrapped(boom));

    const c = clock();
    const exp = T0 + 15 * MIN;
    const f2 = queueFetcher({ token: 't1', expiresAt: iso(exp) }, boom);
    const s2 = new SessionManager(f2, c.now);
    assert.equal(await s2.token(), 't1');
    c.t = exp + 1; // held token expired
    await assert.rejects(s2.token(), wrapped(boom));
    assert.equal(f2.calls, 2);
  });

  test('a failed refresh does not poison the manager: the next call fetches again', async () => {
    const boom = new Error('flaky');
    const fetcher = queueFetcher(boom, { token: 'ok', expiresAt: iso(T0 + 15 * MIN) });
    const s = new SessionManager(fetcher, clock().now);
    await assert.rejects(s.token(), wrapped(boom));
    assert.equal(await s.token(), 'ok');
    assert.equal(fetcher.calls, 2);
  });

  test('an empty token is rejected and not held', async () => {
    const fetcher = queueFetcher('', { token: 'real', expiresAt: iso(T0 + 15 * MIN) });
    const s = new SessionManager(fetcher, clock().now);
    await assert.rejects(s.token(), /empty token/);
    assert.equal(await s.token(), 'real');
    assert.equal(fetcher.calls, 2);
  });

  test('string results read exp from a JWT payload', async () => {
    const c = clock();
    const expSec = Math.floor((T0 + 10 * MIN) / 1000);
    const fetcher = queueFetcher(jwt({ sub: 'u', exp: expSec }), jwt({ sub: 'u', exp: expSec + 900 }));
    const s = new SessionManager(fetcher, c.now);
    const first = await s.token();
    c.t = expSec * 1000 - 61_000;
    assert.equal(await s.token(), first);
    assert.equal(fetcher.calls, 1);
    c.t = expSec * 1000 - 59_000;
    const second = await s.token();
    assert.notEqual(second, first);
    assert.equal(fetcher.calls, 2);
  });

  test('object results without expiresAt fall back to the JWT exp; an opaque string never expires', async () => {
    const c = clock();
    const expSec = Math.floor((T0 + 10 * MIN) / 1000);
    const f1 = queueFetcher({ token: jwt({ exp: expSec }) }, { token: 'next', expiresAt: null });
    const s1 = new SessionManager(f1, c.now);
    await s1.token();
    c.t = expSec * 1000 - 30_000;
    assert.equal(await s1.token(), 'next');
    assert.equal(f1.calls, 2);

    const c2 = clock();
    const f2 = queueFetcher('opaque-token');
    const s2 = new SessionManager(f2, c2.now);
    assert.equal(await s2.token(), 'opaque-token');
    c2.t = T0 + 365 * 24 * 60 * MIN;
    assert.equal(await s2.token(), 'opaque-token');
    assert.equal(f2.calls, 1);
  });

  test('expiresAt may be epoch ms or a Date', async () => {
    for (const expiresAt of [T0 + 5 * MIN, new Date(T0 + 5 * MIN)]) {
      const c = clock();
      const fetcher = queueFetcher({ token: 'a', expiresAt }, { token: 'b', expiresAt: T0 + 60 * MIN });
      const s = new SessionManager(fetcher, c.now);
      assert.equal(await s.token(), 'a');
      c.t = T0 + 4 * MIN + 1;
      assert.equal(await s.token(), 'b');
      assert.equal(fetcher.calls, 2);
    }
  });

  test('a token that arrives already inside the margin is used for a while, not refetched on every call', async () => {
    const c = clock();
    // The browser clock runs 14.5 minutes ahead: a 15-minute token looks 30 s from expiry.
    const fetcher = queueFetcher({ token: 't1', expiresAt: iso(T0 + 30_000) }, { token: 't2', expiresAt: iso(T0 + 15 * MIN) });
    const s = new SessionManager(fetcher, c.now);
    assert.equal(await s.token(), 't1');
    c.t = T0 + 30_000;
    assert.equal(await s.token(), 't1');
    assert.equal(await s.token(), 't1');
    assert.equal(fetcher.calls, 1);
    // The server's 401 still gets a new one.
    assert.equal(await s.refresh('t1'), 't2');
  });

  test('clear() during a refresh: the late token is not kept', async () => {
    const gate = deferred<SessionResult>();
    let calls = 0;
    const s = new SessionManager(async () => (++calls === 1 ? gate.promise : { token: 'after', expiresAt: iso(T0 + 15 * MIN) }), clock().now);
    const pending = s.token();
    s.clear(); // the user signed out while the session request was in flight
    gate.resolve({ token: 'before', expiresAt: iso(T0 + 15 * MIN) });
    assert.equal(await pending, 'before', 'the caller that asked still gets its answer');
    assert.equal(await s.token(), 'after', 'but the manager fetched again');
    assert.equal(calls, 2);
  });

  test('clear() forgets the token', async () => {
    const fetcher = queueFetcher({ token: 'a', expiresAt: iso(T0 + 15 * MIN) }, { token: 'b', expiresAt: iso(T0 + 15 * MIN) });
    const s = new SessionManager(fetcher, clock().now);
    assert.equal(await s.token(), 'a');
    s.clear();
    assert.equal(await s.token(), 'b');
    assert.equal(fetcher.calls, 2);
  });
});

describe('sessionUrlFetcher', () => {
  function fakeFetch(respond: () => Response | Promise<Response>) {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return respond();
    }) as typeof fetch;
    return { f, calls };
  }
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  test('POSTs with credentials included and returns { token, expiresAt }', async () => {
    const expiresAt = '2026-03-01T12:15:00.000Z';
    const { f, calls } = fakeFetch(() => json(200, { token: 'tok', expiresAt }));
    const result = await sessionUrlFetcher('https://vendor.example/partnerkit/session', f)();
    assert.deepEqual(result, { token: 'tok', expiresAt });
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.url, 'https://vendor.example/partnerkit/session');
    assert.equal(calls[0]!.init?.method, 'POST');
    assert.equal(calls[0]!.init?.credentials, 'include');
  });

  test('works end to end with SessionManager (expiresAt honoured)', async () => {
    const c = clock();
    let n = 0;
    const { f } = fakeFetch(() => json(200, { token: `tok${++n}`, expiresAt: iso(T0 + 2 * MIN) }));
    const s = new SessionManager(sessionUrlFetcher('/session', f), c.now);
    assert.equal(await s.token(), 'tok1');
    c.t = T0 + MIN + 1;
    assert.equal(await s.token(), 'tok2');
  });

  for (const status of [401, 403]) {
    test(`${status} → PkApiError kind 'auth'`, async () => {
      const { f } = fakeFetch(() => json(status, { error: 'signed out' }));
      await assert.rejects(call(sessionUrlFetcher('/session', f)), (e: unknown) => {
        assert.ok(e instanceof PkApiError);
        assert.equal(e.kind, 'auth');
        assert.equal(e.status, status);
        assert.equal(e.problem.status, status);
        return true;
      });
    });
  }

  test("500 → PkApiError kind 'http' with status 500", async () => {
    const { f } = fakeFetch(() => new Response('oops', { status: 500 }));
    await assert.rejects(call(sessionUrlFetcher('/session', f)), (e: unknown) => {
      assert.ok(e instanceof PkApiError);
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 500);
      assert.equal(e.retryable, true);
      return true;
    });
  });

  test("network failure → PkApiError kind 'network' with the cause", async () => {
    const cause = new TypeError('fetch failed');
    const f = (async () => {
      throw cause;
    }) as typeof fetch;
    await assert.rejects(call(sessionUrlFetcher('/session', f)), (e: unknown) => {
      assert.ok(e instanceof PkApiError);
      assert.equal(e.kind, 'network');
      assert.equal(e.status, undefined);
      assert.equal(e.cause, cause);
      return true;
    });
  });

  test('real network failure (unreachable port, global fetch) → kind network', async () => {
    await assert.rejects(call(sessionUrlFetcher('http://127.0.0.1:1/session')), (e: unknown) => e instanceof PkApiError && e.kind === 'network');
  });

  for (const [label, make] of [
    ['token is not a string', () => json(200, { token: 42, expiresAt: '2026-03-01T12:15:00.000Z' })],
    ['missing expiresAt', () => json(200, { token: 'tok' })],
    ['expiresAt not ISO', () => json(200, { token: 'tok', expiresAt: 'tomorrow' })],
    ['empty token', () => json(200, { token: '', expiresAt: '2026-03-01T12:15:00.000Z' })],
    ['body is not JSON', () => new Response('<html>login</html>', { status: 200 })],
  ] as const) {
    test(`wrong body shape (${label}) → PkApiError kind 'schema'`, async () => {
      const { f } = fakeFetch(make);
      await assert.rejects(call(sessionUrlFetcher('/session', f)), (e: unknown) => {
        assert.ok(e instanceof PkApiError);
        assert.equal(e.kind, 'schema');
        return true;
      });
    });
  }
});
