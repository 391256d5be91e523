/**
 * ApiClient (src/api/client.ts) on the platform fetch: the verbs and bodies beyond GET/POST JSON
 * (PATCH, DELETE, a multipart upload, text and file answers, the raw response), schemas loaded on
 * demand, and the retry rules (network failures, Retry-After, Idempotency-Key and 409), against a
 * tiny local HTTP server.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { ApiClient } from '../../src/api/client.js';
import { SessionManager } from '../../src/api/session.js';
import { PkApiError } from '../../src/api/errors.js';

interface Hit {
  method: string;
  url: string;
  type: string | undefined;
  auth: string | undefined;
  body: string;
}

async function localServer(handler: (req: IncomingMessage, res: ServerResponse, hit: Hit) => void) {
  const hits: Hit[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const hit = { method: req.method!, url: req.url!, type: req.headers['content-type'], auth: req.headers.authorization, body };
      hits.push(hit);
      handler(req, res, hit);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const client = (retries = 2) => new ApiClient({ apiUrl: url, session: new SessionManager(() => 'tok'), retries });
  return {
    url,
    hits,
    client,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

const isPk = (kind: PkApiError['kind'], status?: number) => (e: unknown) => {
  assert.ok(e instanceof PkApiError, `expected PkApiError, got ${String(e)}`);
  assert.equal(e.kind, kind);
  if (status !== undefined) assert.equal(e.status, status);
  return true;
};

describe('ApiClient verbs and bodies', () => {
  test('PATCH and PUT send JSON; DELETE with a 204 answers null', async () => {
    const local = await localServer((req, res) => (req.method === 'DELETE' ? (res.writeHead(204), res.end()) : send(res, 200, { ok: true })));
    try {
      const client = local.client();
      assert.deepEqual(await client.patch('deals/d1', z.object({ ok: z.boolean() }), { json: { stage: 'won' } }), { ok: true });
      assert.deepEqual(await client.put('things/t1', z.object({ ok: z.boolean() }), { json: { a: 1 } }), { ok: true });
      assert.equal(await client.delete('things/t1', z.null()), null);
      assert.deepEqual(
        local.hits.map((h) => [h.method, h.url, h.type ?? null, h.body, h.auth]),
        [
          ['PATCH', '/v1/deals/d1', 'application/json', '{"stage":"won"}', 'Bearer tok'],
          ['PUT', '/v1/things/t1', 'application/json', '{"a":1}', 'Bearer tok'],
          ['DELETE', '/v1/things/t1', null, '', 'Bearer tok'],
        ],
      );
    } finally {
      await local.close();
    }
  });

  test('postForm sends multipart/form-data with the file, and is not retried', async () => {
    const local = await localServer((_req, res, hit) =>
      hit.body.includes('hello file') ? send(res, 503, { type: 'about:blank', title: 'Busy', status: 503 }) : send(res, 400, null),
    );
    try {
      const form = new FormData();
      form.set('title', 'Deck');
      form.set('file', new Blob(['hello file'], { type: 'text/plain' }), 'deck.txt');
      await assert.rejects(local.client().postForm('content', z.unknown(), form), isPk('http', 503));
      assert.equal(local.hits.length, 1, 'a POST without Idempotency-Key is sent once');
      const [hit] = local.hits;
      assert.match(hit!.type ?? '', /^multipart\/form-data; boundary=/);
      assert.match(hit!.body, /name="title"\r\n\r\nDeck/);
      assert.match(hit!.body, /filename="deck\.txt"/);
    } finally {
      await local.close();
    }
  });

  test('text(), blob() and response() give the 2xx body as it is; a failure is still a PkApiError', async () => {
    const local = await localServer((req, res) => {
      if (req.url!.startsWith('/v1/export')) {
        res.writeHead(200, { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="deals.csv"' });
        return res.end('id,name\nd1,Acme\n');
      }
      send(res, 404, { type: 'about:blank', title: 'Not found', status: 404 }, { 'content-type': 'application/problem+json' });
    });
    try {
      const client = local.client();
      assert.equal(await client.text('export', { searchParams: { format: 'csv' } }), 'id,name\nd1,Acme\n');
      assert.equal(local.hits[0]!.url, '/v1/export?format=csv');
      const blob = await client.blob('export');
      assert.equal(blob.type, 'text/csv');
      assert.equal(await blob.text(), 'id,name\nd1,Acme\n');
      const response = await client.response('get', 'export');
      assert.equal(response.headers.get('content-disposition'), 'attachment; filename="deals.csv"');
      assert.equal(await response.text(), 'id,name\nd1,Acme\n');
      await assert.rejects(client.text('missing'), isPk('http', 404));
    } finally {
      await local.close();
    }
  });

  test('a schema loaded on demand validates like a schema; a failed load is a PkApiError', async () => {
    const local = await localServer((_req, res) => send(res, 200, { n: 'not a number' }));
    try {
      const client = local.client();
      let loads = 0;
      const lazy = async () => (loads++, z.object({ n: z.string() }));
      assert.deepEqual(await client.get('x', lazy), { n: 'not a number' });
      assert.equal(loads, 1);
      await assert.rejects(client.get('x', async () => z.object({ n: z.number() })), isPk('schema'));
      await assert.rejects(
        client.get('x', () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'))),
        isPk('network'),
      );
    } finally {
      await local.close();
    }
  });
});

describe('ApiClient retries', () => {
  test('a network failure is retried for a GET (with backoff), not for a POST', async () => {
    let n = 0;
    const local = await localServer((req, res) => {
      // the first GET dies with the connection reset, as on a flaky mobile link
      if (req.method === 'GET' && ++n === 1) return req.socket.destroy();
      if (req.method === 'POST') return req.socket.destroy();
      send(res, 200, { ok: true });
    });
    try {
      const client = local.client();
      const started = Date.now();
      assert.deepEqual(await client.get('thing', z.object({ ok: z.boolean() })), { ok: true });
      assert.ok(Date.now() - started >= 250, 'waited the first backoff (300 ms)');
      assert.equal(local.hits.filter((h) => h.method === 'GET').length, 2);
      await assert.rejects(client.post('thing', z.unknown(), { json: {} }), isPk('network'));
      assert.equal(local.hits.filter((h) => h.method === 'POST').length, 1);
    } finally {
      await local.close();
    }
  });

  test('with an Idempotency-Key a POST is retried, including a 409 with Retry-After; a 409 without it is final', async () => {
    let n = 0;
    const local = await localServer((req, res) => {
      if (req.url === '/v1/plain-conflict') return send(res, 409, { type: 'about:blank', title: 'Conflict', status: 409 });
      n++;
      if (n === 1) return send(res, 502, { type: 'about:blank', title: 'Bad gateway', status: 502 });
      if (n === 2) return send(res, 409, { type: 'about:blank', title: 'In progress', status: 409 }, { 'retry-after': '0' });
      send(res, 201, { id: 'd1' });
    });
    try {
      const client = local.client();
      const key = { 'Idempotency-Key': 'k1' };
      assert.deepEqual(await client.post('deals', z.object({ id: z.string() }), { json: {}, headers: key }), { id: 'd1' });
      assert.equal(n, 3);
      await assert.rejects(client.post('plain-conflict', z.unknown(), { json: {}, headers: key }), isPk('http', 409));
      assert.equal(local.hits.filter((h) => h.url === '/v1/plain-conflict').length, 1);
    } finally {
      await local.close();
    }
  });

  test('an abort during a Retry-After wait stops at once with an AbortError', async () => {
    const local = await localServer((_req, res) => send(res, 503, { type: 'about:blank', title: 'Busy', status: 503 }, { 'retry-after': '3' }));
    try {
      const ac = new AbortController();
      const started = Date.now();
      const call = local.client().get('x', z.unknown(), { signal: ac.signal });
      setTimeout(() => ac.abort(), 100);
      await assert.rejects(call, (e: unknown) => (assert.equal((e as Error).name, 'AbortError'), true));
      assert.ok(Date.now() - started < 2_000);
      assert.equal(local.hits.length, 1);
    } finally {
      await local.close();
    }
  });
});

describe('ApiClient and the script-tag loader’s prefetched GETs', () => {
  test('a GET takes the answer the loader fetched for the same URL and token, once; another token or URL asks the server', async () => {
    const local = await localServer((_req, res) => send(res, 200, { from: 'server' }));
    const key = Symbol.for('partnerkit.get-prefetch');
    const held = new Map<string, { at: number; token: string; response: Promise<Response> }>();
    (globalThis as unknown as Record<symbol, unknown>)[key] = held;
    try {
      const prefetched = (body: unknown, token = 'tok') => ({ at: Date.now(), token, response: Promise.resolve(new Response(JSON.stringify(body), { status: 200 })) });
      held.set(`${local.url}/v1/me`, prefetched({ from: 'loader' }));
      held.set(`${local.url}/v1/deals?limit=25`, prefetched({ from: 'loader' }, 'someone-else'));
      const client = local.client();
      const Shape = z.object({ from: z.string() });
      assert.deepEqual(await client.get('me', Shape), { from: 'loader' });
      assert.deepEqual(await client.get('me', Shape), { from: 'server' }, 'taken once');
      assert.deepEqual(await client.get('deals', Shape, { searchParams: { limit: 25 } }), { from: 'server' }, 'another token is not taken');
      assert.deepEqual(local.hits.map((h) => h.url), ['/v1/me', '/v1/deals?limit=25']);
      assert.equal(held.size, 0);
    } finally {
      delete (globalThis as unknown as Record<symbol, unknown>)[key];
      await local.close();
    }
  });
});
