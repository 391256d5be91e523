/**
 * EventStream (src/api/event-stream.ts) against a real node:http server speaking
 * server-sent events: delivery and type filters, one connection shared by subscribers,
 * resume with Last-Event-ID after the server ends the stream, a forced token refresh on 401,
 * backoff on errors, and closing when the last subscriber leaves.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { EventStream, type PkStreamEvent } from '../../src/api/event-stream.js';
import { SessionManager } from '../../src/api/session.js';

interface Connection {
  req: IncomingMessage;
  res: ServerResponse;
}

/** An SSE server whose behaviour each test sets: `onConnect` decides what each connection gets. */
function sseServer() {
  const state = {
    url: '',
    connections: [] as Connection[],
    open: new Set<ServerResponse>(),
    onConnect: (_c: Connection, _n: number) => {},
  };
  const server = createServer((req, res) => {
    const c = { req, res };
    state.connections.push(c);
    state.open.add(res);
    res.on('close', () => state.open.delete(res));
    state.onConnect(c, state.connections.length);
  });
  return {
    state,
    start: () => new Promise<void>((done) => server.listen(0, '127.0.0.1', () => ((state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/events`), done()))),
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

const streamHead = (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
const send = (res: ServerResponse, id: number, type: string, data: unknown) => res.write(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);

async function until(predicate: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A session source handing out t1, t2, … and counting its calls. */
function tokens() {
  const fetcher = Object.assign(async () => ({ token: `t${++fetcher.calls}`, expiresAt: Date.now() + 15 * 60_000 }), { calls: 0 });
  return fetcher;
}

describe('EventStream', () => {
  const srv = sseServer();
  before(() => srv.start());
  after(() => srv.stop());

  test('delivers parsed events to each subscriber by type, over one shared connection, with the Authorization header', async () => {
    srv.state.connections = [];
    srv.state.onConnect = ({ res }) => {
      streamHead(res);
      send(res, 1, 'deal.created', { id: 'd1' });
      send(res, 2, 'rules.published', { version: 3 });
      // REST v1's envelope: the payload is unwrapped, its time kept.
      send(res, 3, 'deal.updated', { id: '3', type: 'deal.updated', occurredAt: '2026-12-07T10:00:00.000Z', data: { id: 'd1', stage: 'validate' } });
    };
    const stream = new EventStream({ url: srv.state.url, session: new SessionManager(tokens()) });
    const deals: PkStreamEvent[] = [];
    const all: PkStreamEvent[] = [];
    const offDeals = stream.subscribe((e) => deals.push(e), ['deal.created', 'deal.updated']);
    const offAll = stream.subscribe((e) => all.push(e));
    await until(() => all.length === 3);
    assert.deepEqual(deals.map((e) => [e.id, e.type, e.data]), [['1', 'deal.created', { id: 'd1' }], ['3', 'deal.updated', { id: 'd1', stage: 'validate' }]]);
    assert.equal(deals[1].occurredAt, '2026-12-07T10:00:00.000Z');
    assert.equal(srv.state.connections.length, 1, 'one connection for both subscribers');
    assert.equal(srv.state.connections[0].req.headers.authorization, 'Bearer t1');
    assert.equal(srv.state.connections[0].req.headers.accept, 'text/event-stream');
    offDeals();
    assert.ok(stream.active, 'still open while a subscriber remains');
    offAll();
    assert.equal(stream.active, false);
    await until(() => srv.state.open.size === 0);
  });

  test('resumes with Last-Event-ID after the server ends the stream, so no event is missed or repeated', async () => {
    srv.state.connections = [];
    srv.state.onConnect = ({ req, res }, n) => {
      streamHead(res);
      const from = Number(req.headers['last-event-id'] ?? 0);
      for (let id = from + 1; id <= Math.min(from + 2, 5); id++) send(res, id, 'deal.updated', { id });
      if (n < 3) res.end(); // the server (or a proxy) closes the stream twice
    };
    const stream = new EventStream({ url: srv.state.url, session: new SessionManager(tokens()), initialDelayMs: 5, maxDelayMs: 20 });
    const seen: string[] = [];
    const off = stream.subscribe((e) => seen.push(e.id));
    await until(() => seen.length === 5);
    assert.deepEqual(seen, ['1', '2', '3', '4', '5']);
    assert.deepEqual(srv.state.connections.map((c) => c.req.headers['last-event-id'] ?? null), [null, '2', '4']);
    off();
  });

  test('a 401 refreshes the token once and reconnects with the new one', async () => {
    srv.state.connections = [];
    srv.state.onConnect = ({ req, res }) => {
      if (req.headers.authorization === 'Bearer t1') {
        res.writeHead(401, { 'Content-Type': 'application/problem+json' });
        res.end('{"type":"x","title":"Unauthorized","status":401}');
        return;
      }
      streamHead(res);
      send(res, 7, 'deal.decided', { id: 'd9' });
    };
    const fetcher = tokens();
    const stream = new EventStream({ url: srv.state.url, session: new SessionManager(fetcher), initialDelayMs: 5 });
    const seen: PkStreamEvent[] = [];
    const off = stream.subscribe((e) => seen.push(e));
    await until(() => seen.length === 1);
    assert.deepEqual(srv.state.connections.map((c) => c.req.headers.authorization), ['Bearer t1', 'Bearer t2']);
    assert.equal(fetcher.calls, 2);
    off();
  });

  test('backs off with growing, jittered delays while the server fails, honouring Retry-After', async () => {
    srv.state.connections = [];
    const at: number[] = [];
    srv.state.onConnect = ({ res }, n) => {
      at.push(Date.now());
      if (n === 1) {
        res.writeHead(503, { 'Retry-After': '0' });
        res.end();
      } else if (n < 5) {
        res.writeHead(500);
        res.end();
      } else {
        streamHead(res);
        send(res, 1, 'deal.created', {});
      }
    };
    const stream = new EventStream({ url: srv.state.url, session: new SessionManager(tokens()), initialDelayMs: 40, maxDelayMs: 1000, random: () => 1 });
    const seen: PkStreamEvent[] = [];
    const off = stream.subscribe((e) => seen.push(e));
    await until(() => seen.length === 1, 5000);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    assert.ok(gaps[0] < 40, `Retry-After: 0 reconnects at once (${gaps[0]} ms)`);
    // Then 40, 80, 160 ms (random() = 1 → the full delay): each wait longer than the one before.
    assert.ok(gaps[1] >= 35 && gaps[2] >= 75 && gaps[3] >= 150, `exponential: ${gaps.join(', ')} ms`);
    off();
  });

  test('a listener that throws does not stop the others', async () => {
    srv.state.connections = [];
    srv.state.onConnect = ({ res }) => {
      streamHead(res);
      send(res, 1, 'deal.created', {});
    };
    const stream = new EventStream({ url: srv.state.url, session: new SessionManager(tokens()) });
    const errors = console.error;
    console.error = () => {};
    try {
      let got = 0;
      const offBad = stream.subscribe(() => {
        throw new Error('element bug');
      });
      const offGood = stream.subscribe(() => got++);
      await until(() => got === 1);
      offBad();
      offGood();
    } finally {
      console.error = errors;
    }
  });
});
