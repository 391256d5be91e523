/**
 * Idempotency under injected faults: the SDK's RestBackend registers 200 deals through a proxy
 * that drops a share of the responses to POST /v1/deals AFTER the real server committed them
 * (the client sees a network failure, as on a flaky mobile link). The SDK retries with the same
 * Idempotency-Key, and when it gives up the submission is sent again with that key (what
 * <pk-deal-form> does with its draft). Afterwards exactly 200 deals exist: 0 lost, 0 duplicated.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RestBackend } from '../../src/api/backend.js';
import { PkApiError } from '../../src/api/errors.js';
import { SessionManager } from '../../src/api/session.js';
import type { DealRegistrationInput } from '../../src/contract/index.js';
import { startServer, type RunningServer } from '../../server/index.js';

const SECRET = 'faults_secret_key_0123456789abcdef';
const SUBMISSIONS = 200;
const DROP_SHARE = 0.25;
const CONCURRENCY = 8;

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A proxy to `target` that, for POST /v1/deals, waits for the server's answer and then cuts the connection instead. */
function faultyProxy(target: string, drop: () => boolean) {
  const stats = { forwarded: 0, dropped: 0 };
  const server: Server = createServer((req, res) => {
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        if (req.method === 'POST' && req.url?.startsWith('/v1/deals') && drop()) {
          stats.dropped++;
          req.socket.destroy(); // the deal is committed; the client never hears of it
          return;
        }
        stats.forwarded++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(chunks));
      });
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  return {
    stats,
    url: '',
    async start() {
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function registration(i: number, runId: string): DealRegistrationInput {
  return {
    motion: 'reseller',
    dealType: 'new',
    customer: { company: `Faultline ${runId} Customer ${i}`, domain: `faultline-${runId}-${i}.example.com`, contact: { name: 'Jana Roth', email: 'jana@example.com' } },
    amount: { value: 1000 + i, currency: 'EUR' },
    expectedCloseDate: '2030-06-30',
    description: 'Injected-fault registration with a long enough proof of work.',
    attribution: { type: 'sourced', percent: 100 },
    partnerContacts: [{ name: 'Nora Whitfield', email: 'nora@northwind.example', role: 'AE' }],
  };
}

describe('registration under dropped responses', () => {
  let running: RunningServer;
  let dataDir: string;
  const proxy = { current: null as ReturnType<typeof faultyProxy> | null };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pk-faults-'));
    running = await startServer({ port: 0, host: '127.0.0.1', dataDir, secretKey: SECRET, demo: true });
  });
  after(async () => {
    await proxy.current?.close();
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${SUBMISSIONS} submissions, ${DROP_SHARE * 100}% of responses dropped after commit: 0 lost, 0 duplicated`, async () => {
    const mintToken = async () => {
      const res = await fetch(`${running.url}/v1/sessions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user', name: 'Nora Whitfield' }),
      });
      const text = await res.text();
      assert.equal(res.status, 201, text);
      return JSON.parse(text) as { token: string; expiresAt: string };
    };
    // The rules must be acknowledged before registering (straight to the server, no faults).
    const { token } = await mintToken();
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const me = (await (await fetch(`${running.url}/v1/me`, { headers: auth })).json()) as { rules: { currentVersion: number | null; acknowledged: boolean } };
    if (!me.rules.acknowledged && me.rules.currentVersion !== null) {
      const ack = await fetch(`${running.url}/v1/rules/${me.rules.currentVersion}/acknowledgements`, { method: 'POST', headers: auth, body: '{}' });
      assert.ok(ack.ok, `acknowledge the rules: ${ack.status} ${await ack.text()}`);
    }

    const random = prng(20261207);
    proxy.current = faultyProxy(running.url, () => random() < DROP_SHARE);
    await proxy.current.start();
    const backend = new RestBackend(proxy.current.url, new SessionManager(mintToken));

    const runId = randomUUID().slice(0, 8);
    let resends = 0;
    const created = new Map<number, string>();
    let next = 0;
    const worker = async () => {
      while (next < SUBMISSIONS) {
        const i = next++;
        const idempotencyKey = randomUUID(); // made with the draft, reused on every retry
        for (let attempt = 1; ; attempt++) {
          try {
            const deal = await backend.registerDeal(registration(i, runId), { idempotencyKey });
            created.set(i, deal.id);
            break;
          } catch (error) {
            const e = PkApiError.from(error);
            assert.equal(e.kind, 'network', `only dropped responses fail: ${e.message}`);
            assert.ok(attempt < 20, `submission ${i} never got through`);
            resends++; // the SDK gave up after its own retries; the form sends the draft again
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // What the server holds for this run, read straight from the database (channel manager view).
    const cm = await fetch(`${running.url}/v1/sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 'u_cm', partnerId: null, role: 'channel_manager', name: 'Morgan Lee' }),
    });
    const cmToken = ((await cm.json()) as { token: string }).token;
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `q=${encodeURIComponent(`Faultline ${runId}`)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(`${running.url}/v1/deals?${qs}`, { headers: { Authorization: `Bearer ${cmToken}` } })).json()) as { items: Array<{ id: string }>; nextCursor: string | null };
      ids.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);

    console.log(`# ${SUBMISSIONS} submissions: ${proxy.current.stats.dropped} responses dropped after commit, ${resends} resends after the SDK's own retries; ${ids.length} deals on the server`);
    assert.ok(proxy.current.stats.dropped >= SUBMISSIONS * DROP_SHARE * 0.5, `faults were injected (${proxy.current.stats.dropped} dropped)`);
    assert.equal(created.size, SUBMISSIONS, 'every submission got its deal back');
    assert.equal(new Set(created.values()).size, SUBMISSIONS, 'each submission got a different deal');
    assert.equal(ids.length, SUBMISSIONS, '0 lost, 0 duplicated on the server');
    assert.deepEqual(new Set(ids), new Set(created.values()), 'the server holds exactly the deals the client was given');
  });
});
