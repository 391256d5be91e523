/**
 * GET /v1/deals sorted by every column of DEAL_SORTS (issue 11): each sort's order, keyset pages
 * without duplicates or gaps, for a partner and a channel manager, on PGlite and (with
 * TEST_DATABASE_URL) PostgreSQL; the channel manager's pages read the sort's index; bad sorts and
 * forged cursors are 400s.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEAL_SORTS, stagesOf, type DealSort } from '../../src/contract/index.js';
import type { SessionClaims } from '../../server/auth.js';
import { pageDeals } from '../../server/deals.js';
import type { PartnerkitServer } from '../../server/index.js';
import { withScope } from '../../server/scope.js';
import { assertSorted, expectProblem, listDeals, makeServer, mint, pgServer, vendorQuery, walkDeals, type Caller } from './helpers.js';

const list = listDeals;
const walk = walkDeals;

const CM: SessionClaims = { userId: 'u_cm', partnerId: null, role: 'channel_manager', name: 'CM', email: null };

function suite(name: string, open: () => Promise<{ srv: PartnerkitServer; done(): Promise<void> } | null>): void {
  describe(name, () => {
    let env: { srv: PartnerkitServer; done(): Promise<void> } | null = null;
    let nw: Caller;
    let cm: Caller;
    let ids: { all: string[]; northwind: string[] };
    before(async () => {
      env = await open();
      if (!env) return;
      nw = await mint(env.srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' });
      cm = await mint(env.srv, { userId: 'u_cm', partnerId: null, role: 'channel_manager' });
      const { rows } = await vendorQuery<{ id: string; partner_id: string }>(env.srv, 'SELECT id, partner_id FROM deals ORDER BY id');
      ids = { all: rows.map((r) => r.id), northwind: rows.filter((r) => r.partner_id === 'p_northwind').map((r) => r.id) };
    });
    after(async () => {
      await env?.done();
    });
    const skip = () => env === null;

    for (const sort of DEAL_SORTS) {
      for (const [who, limit] of [['channel manager', 17], ['partner', 11]] as const) {
        it(`sort=${sort} (${who}): every deal once, in order, over keyset pages`, async (t) => {
          if (skip()) return t.skip('TEST_DATABASE_URL is not set');
          const { items, total, pages } = await walk(who === 'partner' ? nw : cm, `sort=${encodeURIComponent(sort)}&limit=${limit}`);
          const expected = who === 'partner' ? ids.northwind : ids.all;
          assert.ok(pages > 1, 'more than one page');
          assert.equal(total, expected.length);
          assert.deepEqual([...items.map((d) => d.id)].sort(), expected, 'no duplicates, no gaps');
          assertSorted(items, sort);
        });
      }
    }

    it('a filtered sort (status=approved, sort=-stage) pages in order too', async (t) => {
      if (skip()) return t.skip('TEST_DATABASE_URL is not set');
      const { items, total } = await walk(cm, 'status=approved&sort=-stage&limit=9');
      assert.equal(items.length, total);
      assert.ok(items.every((d) => d.status === 'approved'));
      assertSorted(items, '-stage');
    });

    it('stage sorts by the motion’s order, not alphabetically', async (t) => {
      if (skip()) return t.skip('TEST_DATABASE_URL is not set');
      const { items } = await walk(nw, 'motion=reseller&sort=stage&limit=100');
      const seen = [...new Set(items.map((d) => d.stage))];
      assert.deepEqual(seen, stagesOf('reseller').filter((s) => seen.includes(s)));
      assert.notDeepEqual(seen, [...seen].sort(), 'the seed has reseller stages whose order is not alphabetical');
    });

    it('a renamed partner moves in the partner sort (the stored key follows the name)', async (t) => {
      if (skip()) return t.skip('TEST_DATABASE_URL is not set');
      const srv = env!.srv;
      const { rows } = await vendorQuery<{ name: string }>(srv, "SELECT name FROM partners WHERE id = 'p_northwind'");
      try {
        await vendorQuery(srv, "UPDATE partners SET name = 'AAA First Partner' WHERE id = 'p_northwind'");
        const page = await list(cm, 'sort=partner&limit=1');
        assert.equal(page.items[0].partner.id, 'p_northwind');
        assert.equal(page.items[0].partner.name, 'AAA First Partner');
      } finally {
        await vendorQuery(srv, "UPDATE partners SET name = $1 WHERE id = 'p_northwind'", [rows[0].name]);
      }
      const last = await list(cm, 'sort=partner&limit=1');
      assert.notEqual(last.items[0].partner.name, 'AAA First Partner');
    });

    it('the channel manager’s page of every sort reads its index (no sort of all deals)', async (t) => {
      if (skip()) return t.skip('TEST_DATABASE_URL is not set');
      const plans: string[] = [];
      await withScope(env!.srv.db, CM, async (tx) => {
        const explain = {
          query: async (sql: string, params?: unknown[]) => {
            const r = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
            plans.push(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
            return { rows: [] };
          },
          exec: (sql: string) => tx.exec(sql),
        };
        for (const sort of DEAL_SORTS) await pageDeals(explain, CM, { sort: sort as DealSort, limit: 25 });
      });
      DEAL_SORTS.forEach((sort, i) => {
        assert.match(plans[i], /Index Scan( Backward)? using deals_\w+ on deals/, `${sort}:\n${plans[i]}`);
        assert.doesNotMatch(plans[i], /\bSort\b|Seq Scan on deals/, `${sort}:\n${plans[i]}`);
      });
    });

    for (const [qs, field] of [
      ['sort=partnerName', 'sort'],
      ['sort=--stage', 'sort'],
      ['sort=Stage', 'sort'],
      ['sort=next_step', 'sort'],
      [`sort=stage&cursor=${Buffer.from(JSON.stringify({ s: 'stage', v: 'x; DROP TABLE deals', id: 'x' })).toString('base64url')}`, 'cursor'],
      [`sort=status&cursor=${Buffer.from(JSON.stringify({ s: 'status', v: '99999999999', id: 'x' })).toString('base64url')}`, 'cursor'],
      [`sort=owner&cursor=${Buffer.from(JSON.stringify({ s: 'nextStep', v: 'a', id: 'x' })).toString('base64url')}`, 'cursor'],
    ] as const) {
      it(`${qs.slice(0, 50)} → 400 naming ${field}`, async (t) => {
        if (skip()) return t.skip('TEST_DATABASE_URL is not set');
        await expectProblem(await cm.get(`/v1/deals?${qs}`), 400, field);
      });
    }
  });
}

suite('sorts on PGlite', async () => {
  const srv = await makeServer();
  return { srv, done: () => srv.close() };
});

suite('sorts on PostgreSQL', () => pgServer('sorts'));
