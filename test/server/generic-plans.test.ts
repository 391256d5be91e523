/**
 * Prepared statements and generic plans on PGlite (server/pglite-statements.ts, issue 11): which
 * list pages may run on a generic plan (a table), that such a plan reads a partner-leading index
 * for a partner with few deals in a table where another has thousands, that requests really run
 * on one, and that statements stay correct when they are reused, fail, or outlive a schema change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEAL_SORTS, type DealSort } from '../../src/contract/index.js';
import type { SessionClaims } from '../../server/auth.js';
import type { Queryable } from '../../server/db.js';
import { genericPlanSafe, pageDeals } from '../../server/deals.js';
import type { PartnerkitServer } from '../../server/index.js';
import { ALL_PARTNERS, sqlString, withScope } from '../../server/scope.js';
import { listDeals, makeServer, mint, vendorQuery } from './helpers.js';

const partner = (partnerId: string): SessionClaims => ({ userId: `u_${partnerId}`, partnerId, role: 'partner_user', name: 'Rep', email: null });
const CM: SessionClaims = { userId: 'u_cm', partnerId: null, role: 'channel_manager', name: 'CM', email: null };
const SAFE = new Set(['createdAt', 'lastActivityAt', 'expectedCloseDate', 'amount', 'customer']);

describe('genericPlanSafe', () => {
  const cases: Array<[string, SessionClaims, { sort: DealSort; q?: string }, boolean]> = [];
  for (const sort of DEAL_SORTS) cases.push([`partner, sort=${sort}`, partner('p_contoso'), { sort }, SAFE.has(sort.replace(/^-/, ''))]);
  cases.push(['partner, a search', partner('p_contoso'), { sort: '-lastActivityAt', q: 'bank' }, false]);
  cases.push(['partner, a blank search', partner('p_contoso'), { sort: '-lastActivityAt', q: '  ' }, true]);
  cases.push(['channel manager, default sort', CM, { sort: '-lastActivityAt' }, false]);
  for (const [label, session, p, expected] of cases) {
    it(`${label}: ${expected ? 'generic' : 'planned per request'}`, () => {
      assert.equal(genericPlanSafe(session, { limit: 25, ...p }), expected);
    });
  }
});

describe('generic plans on PGlite', () => {
  let srv: PartnerkitServer;
  before(async () => {
    srv = await makeServer();
    // Skew: Northwind has thousands of deals, Contoso a handful (the case a generic plan can get wrong).
    await vendorQuery(
      srv,
      `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, owner_name, attribution_type,
         attribution_percent, amount_value, currency, expected_close_date, last_activity_at, created_at, customer_domain_key, customer_company_key)
       SELECT 'gp_' || i, 'p_northwind', 'reseller', 'qualification', 'approved', 'Skew ' || i, 'skew-' || i || '.example.com', 'Nora',
              'sourced', 100, 1000 + i, 'USD', DATE '2027-01-01' + (i % 300), now() - (i || ' seconds')::interval,
              now() - (i || ' minutes')::interval, 'skew-' || i || '.example.com', 'skew ' || i
         FROM generate_series(1, 4000) AS i`,
    );
    await srv.db.exec('RESET ROLE; ANALYZE deals; SET ROLE partnerkit_app');
  });
  after(async () => {
    await srv.close();
  });

  /** The SQL and parameters of a partner's first page, as pageDeals sends them. */
  async function pageSql(session: SessionClaims, sort: DealSort, search?: { q: string; search: 'common' }): Promise<{ sql: string; params: unknown[] }> {
    let captured: { sql: string; params: unknown[] } | undefined;
    await withScope(srv.db, session, async (tx) => {
      const recorder: Queryable = {
        query: async <T>(sql: string, params: unknown[] = []) => ((captured = { sql, params }), tx.query<T>(sql, params)),
        exec: (sql) => tx.exec(sql),
      };
      await pageDeals(recorder, session, { sort, limit: 25, ...search }, !search);
    });
    return captured!;
  }

  const cases: Array<[label: string, partnerId: string, search?: { q: string; search: 'common' }]> = [
    ['for a partner with five deals among 4,000', 'p_contoso'],
    ['a search with 4,000 matches (each deal’s text tested in the walk)', 'p_northwind', { q: 'skew', search: 'common' }],
  ];
  for (const sort of DEAL_SORTS.filter((s) => SAFE.has(s.replace(/^-/, '')))) for (const [label, partnerId, search] of cases) {
    it(`sort=${sort}: the generic plan reads a partner-leading index, ${label}`, async () => {
      const session = partner(partnerId);
      const { sql, params } = await pageSql(session, sort, search);
      // The page's prepared statement (server/pglite-statements.ts), explained as it runs in a
      // request that asks for generic plans.
      const text = await withScope(
        srv.db,
        session,
        async (tx) => {
          const { rows } = await tx.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE statement = $1', [sql]);
          assert.equal(rows.length, 1, 'the page is a prepared statement');
          const args = params.map((v) => (typeof v === 'number' ? String(v) : sqlString(String(v)))).join(', ');
          const plan = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${rows[0].name}(${args})`);
          return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        },
        { genericPlans: true },
      );
      assert.match(text, /partner_id = \$1/, `a generic plan (the partner is a parameter):\n${text}`);
      assert.match(text, /Index Scan(?: Backward)? using deals_partner_\w+_idx on deals d/, text);
      assert.doesNotMatch(text, /Seq Scan on deals|Sort Key: d\./, text);
    });
  }

  it('a partner’s list runs on a generic plan (after its first request), and its pages are right', async () => {
    const contoso = await mint(srv, { userId: 'u_ct', partnerId: 'p_contoso', role: 'partner_user' });
    const northwind = await mint(srv, { userId: 'u_nw', partnerId: 'p_northwind', role: 'partner_user' });
    const expected = async (partnerId: string) =>
      (await vendorQuery<{ id: string }>(srv, 'SELECT id FROM deals WHERE partner_id = $1 ORDER BY amount_sort, id LIMIT 7', [partnerId])).rows.map((r) => r.id);
    for (let i = 0; i < 3; i++) {
      // Alternating a small and a large partner: one plan serves both.
      assert.deepEqual((await listDeals(contoso, 'sort=amount&limit=7')).items.map((d) => d.id), await expected('p_contoso'));
      assert.deepEqual((await listDeals(northwind, 'sort=amount&limit=7')).items.map((d) => d.id), await expected('p_northwind'));
    }
    const { rows } = await withScope(srv.db, ALL_PARTNERS, (tx) =>
      tx.query<{ generic_plans: number; custom_plans: number }>("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE 'SELECT row_to_json%ORDER BY d.amount_sort ASC, d.id ASC%' AND statement NOT LIKE '%LIKE $%'"),
    );
    assert.equal(rows.length, 1, `one prepared statement for the page, reused: ${JSON.stringify(rows)}`);
    assert.ok(Number(rows[0].generic_plans) >= 6, `generic plans: ${rows[0].generic_plans}`);
  });

  it('a channel manager’s page and a search are still planned for their own parameters', async () => {
    const cm = await mint(srv, { userId: 'u_cm', partnerId: null, role: 'channel_manager' });
    const contoso = await mint(srv, { userId: 'u_ct', partnerId: 'p_contoso', role: 'partner_user' });
    for (let i = 0; i < 3; i++) {
      await listDeals(cm, 'sort=amount&limit=5');
      assert.ok((await listDeals(contoso, 'q=skew')).total === 0, 'Contoso sees none of Northwind’s deals');
    }
    const { rows } = await withScope(srv.db, ALL_PARTNERS, (tx) =>
      tx.query<{ statement: string; custom_plans: number; generic_plans: number }>(
        "SELECT statement, custom_plans, generic_plans FROM pg_prepared_statements WHERE (statement LIKE 'SELECT row_to_json%' AND statement NOT LIKE '%WHERE d.partner_id = $1%' AND statement NOT LIKE '%id = ANY(%') OR statement LIKE 'SELECT count(*)::int AS n%FROM deal_search s WHERE%'",
      ),
    );
    assert.ok(rows.some((r) => r.statement.includes('deal_search')) && rows.some((r) => !r.statement.includes('d.partner_id = $')), 'the search and the manager’s page are prepared');
    for (const r of rows) assert.ok(Number(r.generic_plans) === 0 && Number(r.custom_plans) >= 3, r.statement);
  });

  it('a partner’s search in an order no partner-leading index has walks on a plan of its own; with one, generic', async () => {
    const northwind = await mint(srv, { userId: 'u_nw', partnerId: 'p_northwind', role: 'partner_user' });
    for (let i = 0; i < 3; i++) {
      // "skew": 4,000 matches, above the count's cap: the pages walk the sort's order.
      for (const sort of ['stage', 'customer']) {
        const page = await listDeals(northwind, `q=skew&sort=${sort}&limit=5`);
        assert.equal(page.items.length, 5);
        assert.equal(page.total, 1000, 'an estimate');
      }
    }
    const { rows } = await withScope(srv.db, ALL_PARTNERS, (tx) =>
      tx.query<{ statement: string; custom_plans: number; generic_plans: number }>(
        "SELECT statement, custom_plans, generic_plans FROM pg_prepared_statements WHERE statement LIKE 'SELECT row_to_json%LIKE $%ORDER BY d.%_sort ASC, d.id ASC%'",
      ),
    );
    const stage = rows.filter((r) => r.statement.includes('d.stage_sort ASC'));
    const customer = rows.filter((r) => r.statement.includes('d.customer_sort ASC'));
    assert.equal(stage.length, 1, JSON.stringify(rows));
    assert.ok(Number(stage[0].generic_plans) === 0 && Number(stage[0].custom_plans) >= 3, JSON.stringify(stage));
    assert.equal(customer.length, 1, JSON.stringify(rows));
    assert.ok(Number(customer[0].generic_plans) >= 3 && Number(customer[0].custom_plans) === 0, JSON.stringify(customer));
  });

  it('a search’s first page reads its counted matches on one generic plan, for a partner and a manager', async () => {
    const northwind = await mint(srv, { userId: 'u_nw', partnerId: 'p_northwind', role: 'partner_user' });
    const cm = await mint(srv, { userId: 'u_cm', partnerId: null, role: 'channel_manager' });
    // "skew 12" matches Skew 12, 120–129 and 1200–1299: 111 deals, every one counted.
    const expected = async (where: string) =>
      (await vendorQuery<{ id: string }>(srv, `SELECT id FROM deals WHERE customer_company_key LIKE 'skew 12%' ${where} ORDER BY last_activity_at DESC, id DESC LIMIT 9`)).rows.map((r) => r.id);
    for (let i = 0; i < 3; i++) {
      const mine = await listDeals(northwind, 'q=skew%2012&limit=9');
      assert.deepEqual(mine.items.map((d) => d.id), await expected("AND partner_id = 'p_northwind'"));
      assert.equal(mine.total, 111);
      assert.deepEqual((await listDeals(cm, 'q=skew%2012&limit=9')).items.map((d) => d.id), await expected(''));
    }
    const { rows } = await withScope(srv.db, ALL_PARTNERS, (tx) =>
      tx.query<{ statement: string; generic_plans: number; custom_plans: number }>(
        "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE 'SELECT row_to_json%FROM deals WHERE id = ANY(%'",
      ),
    );
    assert.equal(rows.length, 2, 'one statement for the partner’s page, one for the manager’s');
    for (const r of rows) assert.ok(Number(r.generic_plans) >= 3 && Number(r.custom_plans) === 0, JSON.stringify(r));
  });

  it('a failed statement leaves the connection usable, and the same statement runs again', async () => {
    const sql = 'SELECT 1 / $1::int AS x';
    await assert.rejects(vendorQuery(srv, sql, [0]), /division by zero/);
    assert.deepEqual((await vendorQuery<{ x: number }>(srv, sql, [1])).rows, [{ x: 1 }]);
    // Outside a transaction too.
    await assert.rejects(srv.db.query(sql, [0]), /division by zero/);
    assert.deepEqual((await srv.db.query<{ x: number }>(sql, [1])).rows, [{ x: 1 }]);
  });

  it('a statement whose table changed shape is parsed again (outside a transaction)', async () => {
    await srv.db.exec('RESET ROLE; CREATE TABLE gp_shape (a int); INSERT INTO gp_shape VALUES (1); GRANT SELECT ON gp_shape TO partnerkit_app; SET ROLE partnerkit_app');
    try {
      assert.deepEqual((await srv.db.query('SELECT * FROM gp_shape WHERE a = $1', [1])).rows, [{ a: 1 }]);
      await srv.db.exec("RESET ROLE; ALTER TABLE gp_shape ADD COLUMN b text DEFAULT 'x'; SET ROLE partnerkit_app");
      assert.deepEqual((await srv.db.query('SELECT * FROM gp_shape WHERE a = $1', [1])).rows, [{ a: 1, b: 'x' }]);
    } finally {
      await srv.db.exec('RESET ROLE; DROP TABLE gp_shape; SET ROLE partnerkit_app');
    }
  });

  it('parameters keep their types: arrays, JSON, dates, nulls and numbers', async () => {
    const { rows } = await srv.db.query<{ a: string[]; j: { k: number[] }; d: Date; n: null; i: number }>(
      'SELECT $1::text[] AS a, $2::jsonb AS j, $3::timestamptz AS d, $4::text AS n, $5::int + 1 AS i',
      [['x', 'y,"z'], { k: [1, 2] }, new Date('2026-12-08T00:00:00Z'), null, 41],
    );
    assert.deepEqual(rows[0].a, ['x', 'y,"z']);
    assert.deepEqual(rows[0].j, { k: [1, 2] });
    assert.equal(rows[0].d.toISOString(), '2026-12-08T00:00:00.000Z');
    assert.equal(rows[0].n, null);
    assert.equal(rows[0].i, 42);
  });
});
