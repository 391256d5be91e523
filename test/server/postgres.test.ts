/**
 * The same server on a real PostgreSQL (DATABASE_URL). Runs when TEST_DATABASE_URL points at a
 * role that may create databases (.ci/run sets one up); each run uses a fresh database.
 * Without it every test here is reported as skipped (each one counts in the run's "skipped"
 * figure), never silently dropped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it as nodeIt } from 'node:test';
import pg from 'pg';
import { DealListSchema } from '../../src/contract/index.js';
import { decodeProtectedHeader } from 'jose';
import { createServer, rotateSigningKey, type PartnerkitServer } from '../../server/index.js';
import { SECRET, expectProblem, mint } from './helpers.js';

const adminUrl = process.env.TEST_DATABASE_URL;

const skip = adminUrl ? false : 'TEST_DATABASE_URL is not set (see README: Developing)';
/** `it`, skipped with the reason above when there is no PostgreSQL to test against. */
const it = (name: string, fn: () => Promise<void>) => nodeIt(name, { skip }, fn);

describe('reference server on PostgreSQL', () => {
  const dbName = `pk_test_${process.pid}_${Date.now()}`;
  let databaseUrl: string;
  let srv: PartnerkitServer;

  before(async () => {
    if (!adminUrl) return;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(adminUrl!);
    url.pathname = `/${dbName}`;
    databaseUrl = url.href;
    srv = await createServer({ databaseUrl, secretKey: SECRET });
  });

  after(async () => {
    if (!adminUrl) return;
    await srv?.close();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
  });

  it('migrates and seeds once; a second server on the same database does not seed again', async () => {
    const cm = await mint(srv, { userId: 'cm', partnerId: null, role: 'channel_manager' });
    const before = DealListSchema.parse(await (await cm.get('/v1/deals?limit=1')).json()).total;
    assert.ok(before >= 200, `seeded ${before} deals`);
    const again = await createServer({ databaseUrl, secretKey: SECRET });
    try {
      const cm2 = await mint(again, { userId: 'cm', partnerId: null, role: 'channel_manager' });
      assert.equal(DealListSchema.parse(await (await cm2.get('/v1/deals?limit=1')).json()).total, before);
    } finally {
      await again.close();
    }
  });

  it('never JIT-compiles (a forced index plan costs more than jit_above_cost: a channel manager’s page took ~500 ms compiling)', async () => {
    const { rows } = await srv.db.query<{ jit: string }>('SHOW jit');
    assert.equal(rows[0]?.jit, 'off', 'every pooled connection has jit off');
  });

  for (const sort of ['amount', '-lastActivityAt', 'customer']) {
    it(`pages through a partner's deals exactly once (sort ${sort}), scoped to that partner`, async () => {
      const rep = await mint(srv, { userId: 'rep', partnerId: 'p_northwind', role: 'partner_user' });
      const seen: string[] = [];
      let cursor: string | null = null;
      let total = -1;
      do {
        const res = await rep.get(`/v1/deals?limit=7&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200);
        const page = DealListSchema.parse(await res.json());
        total = page.total;
        for (const d of page.items) {
          assert.equal(d.partner.id, 'p_northwind');
          seen.push(d.id);
        }
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total);
    });
  }

  it('answers a forged cursor with a 400 problem, not a 500', async () => {
    const rep = await mint(srv, { userId: 'rep', partnerId: 'p_northwind', role: 'partner_user' });
    // Well-formed enough to reach the database, but not a real date.
    const forged = Buffer.from(JSON.stringify({ s: 'expectedCloseDate', v: '2026-13-45', id: 'x' })).toString('base64url');
    await expectProblem(await rep.get(`/v1/deals?sort=expectedCloseDate&cursor=${forged}`), 400, 'cursor');
  });

  it('servers on one database share its random signing key; after a rotation the old key still verifies and the new one signs', async () => {
    const cm = { userId: 'cm', partnerId: null, role: 'channel_manager' as const };
    const t1 = (await mint(srv, cm)).token;
    const kid1 = decodeProtectedHeader(t1).kid;
    const kid2 = await rotateSigningKey(srv.db);
    assert.notEqual(kid2, kid1);
    const other = await createServer({ databaseUrl, secretKey: SECRET, seed: false });
    try {
      const t2 = (await mint(other, cm)).token;
      assert.equal(decodeProtectedHeader(t2).kid, kid2, 'a server started after the rotation signs with the new key');
      assert.equal((await other.app.request('/v1/me', { headers: { authorization: `Bearer ${t1}` } })).status, 200, 'the previous key verifies');
      assert.equal((await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${t2}` } })).status, 200, 'a running server learns the new key id');
    } finally {
      await other.close();
    }
  });
});
