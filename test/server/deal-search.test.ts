/**
 * How GET /v1/deals finds a search's matches (issue 11): which part of a phrase the trigram index
 * looks up (server/pipeline/search-terms.ts: the uncommon words, every candidate then tested for
 * the whole phrase) and when a first page walks the sort's order instead of sorting the counted
 * matches (walkFor in server/deals.ts), as tables; then on a server whose deals share a common
 * next step: every page of several searches against SQL's own answer, for a partner and a
 * manager, the plan's index condition, and a walk that meets no match falling back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Deal } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import type { SessionClaims } from '../../server/auth.js';
import type { Queryable } from '../../server/db.js';
import { listDeals, walkFor } from '../../server/deals.js';
import { COMMON_SHARE, indexTerms, searchSample } from '../../server/pipeline/search-terms.js';
import { withScope } from '../../server/scope.js';
import { makeServer, mint, pgServer, vendorQuery, type Caller } from './helpers.js';

describe('indexTerms', () => {
  // 100 texts: "follow up" in every one, "acme" in 3, "whitfield" in 40, "42" after a space in 2.
  const sample = Array.from({ length: 100 }, (_, i) =>
    [i < 3 ? 'acme' : 'globex', i < 40 ? 'nora whitfield' : 'ian okafor', `follow up ${i === 42 || i === 7 ? 42 : i + 100}`].join(' '),
  );
  const table: Array<[q: string, expected: string[] | null, why: string]> = [
    ['acme', null, 'one word: all of it'],
    ['acme follow up', ['acme '], 'the uncommon word, with the space after it in q'],
    ['whitfield follow up 42', [' 42'], 'a short word keeps the space before it (the trigram " 42")'],
    ['follow up 42 acme', [' 42 ', ' acme'], 'several uncommon words: each is looked up'],
    ['acme globex', ['acme '], 'globex is in 97 texts of 100'],
    ['follow up', null, 'every word common: all of it'],
    ['acme  follow', ['acme '], 'two spaces are one boundary'],
    ['acme - follow', ['acme '], 'a word without letters or digits gives the index nothing'],
    ['zzz yyy', null, 'nothing common: all of it'],
    ['x follow up', null, 'the only uncommon word gives the index no trigram ("x " ends a word, no word starts)'],
    ['zed follow up', ['zed '], 'three letters are a trigram of their own'],
  ];
  for (const [q, expected, why] of table) {
    it(`${JSON.stringify(q)} → ${JSON.stringify(expected)} (${why})`, () => {
      assert.deepEqual(indexTerms(q, sample), expected);
    });
  }
  it('the share that makes a word common', () => {
    const texts = (withWord: number) => Array.from({ length: 100 }, (_, i) => (i < withWord ? 'deal beta' : 'deal alpha'));
    assert.deepEqual(indexTerms('zeta beta', texts(COMMON_SHARE * 100)), ['zeta ']);
    assert.equal(indexTerms('zeta beta', texts(COMMON_SHARE * 100 - 1)), null);
  });
  it('a domain: its rare part, with the characters around it', () => {
    const domains = Array.from({ length: 100 }, (_, i) => `umbra ${i} bench-${i}.example.com nora`);
    assert.deepEqual(indexTerms('bench-777.', domains), ['-777.']);
    assert.equal(indexTerms('bench-1', domains), null, '"-1" is in 11 texts of 100: nothing to gain');
  });
  it('without a sample, all of q', () => {
    assert.equal(indexTerms('acme follow up', []), null);
  });
});

describe('walkFor', () => {
  const table: Array<[n: number, within: number, limit: number, expected: number | null, why: string]> = [
    [834, 10_000, 25, 624, 'a twelfth of 10,000 deals: some 312 deals walked for 26 matches, twice that at most'],
    [834, 100_000, 25, null, 'the same matches among 100,000: read by id'],
    [1000, 100_000, 25, null, 'at most 1,000 matches among 100,000: always by id'],
    [5, 240, 25, null, 'a handful: by id'],
    [400, 1_250, 25, 163, 'a third of the deals'],
    [400, 1_250, 50, 319, 'a longer page walks further'],
    [400, 1_250, 100, null, 'a page of 100: by id'],
    [1, 1, 25, null, 'one match'],
  ];
  for (const [n, within, limit, expected, why] of table) {
    it(`${n} matches among ${within}, pages of ${limit} → ${expected ?? 'by id'} (${why})`, () => {
      assert.equal(walkFor(n, within, limit), expected);
    });
  }
});

function suite(name: string, open: () => Promise<{ srv: PartnerkitServer; done(): Promise<void> } | null>, pglite: boolean): void {
  describe(name, () => {
    let env: { srv: PartnerkitServer; done(): Promise<void> } | null = null;
    let srv: PartnerkitServer;
    let nw: Caller;
    let cm: Caller;
    before(async () => {
      env = await open();
      if (!env) return;
      srv = env.srv;
      nw = await mint(srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' });
      cm = await mint(srv, { userId: 'u_cm', partnerId: null, role: 'channel_manager' });
      // Before the first search, so the server's sample holds them: "call back" in most next steps.
      await vendorQuery(
        srv,
        `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, owner_name, next_step, attribution_type,
           attribution_percent, amount_value, currency, expected_close_date, last_activity_at, created_at, customer_domain_key, customer_company_key)
         SELECT 'cb_' || i, (ARRAY['p_northwind', 'p_contoso'])[1 + i % 2], 'reseller', 'qualification', 'approved', 'Umbra ' || i, 'cb-' || i || '.example',
                'Nora', 'Call back ' || i, 'sourced', 100, 1000 + i, 'USD', DATE '2027-01-01' + i % 90, now() - (i || ' seconds')::interval, now(),
                'cb-' || i || '.example', 'umbra ' || i
           FROM generate_series(1, 1500) AS i`,
      );
      // 400 of Northwind's deals, the least recently active: last in the default order.
      await vendorQuery(
        srv,
        `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, owner_name, next_step, attribution_type,
           attribution_percent, amount_value, currency, expected_close_date, last_activity_at, created_at, customer_domain_key, customer_company_key)
         SELECT 'lg_' || i, 'p_northwind', 'reseller', 'qualification', 'approved', 'Laggard ' || i, 'lg-' || i || '.example', 'Ian', null,
                'sourced', 100, 500 + i, 'USD', DATE '2027-01-01', now() - interval '3 years' - (i || ' seconds')::interval, now(),
                'lg-' || i || '.example', 'laggard ' || i
           FROM generate_series(1, 400) AS i`,
      );
    });
    after(async () => {
      await env?.done();
    });
    const skip = () => env === null;

    it('the sample reads the deals’ texts outside any scope, all of a small table', async (t) => {
      if (skip()) return t.skip('TEST_DATABASE_URL is not set');
      const texts = await searchSample(srv.db)();
      const { rows } = await vendorQuery<{ n: number }>(srv, 'SELECT count(*)::int AS n FROM deal_search');
      assert.equal(texts.length, rows[0].n);
      assert.ok(texts.includes('umbra 77 cb-77.example nora call back 77'), texts[0]);
    });

    async function all(client: Caller, q: string, sort: string, limit: number): Promise<string[]> {
      const ids: string[] = [];
      let at: string | null = '';
      while (at !== null) {
        const res = await client.get(`/v1/deals?q=${encodeURIComponent(q)}&sort=${sort}&limit=${limit}${at ? `&cursor=${encodeURIComponent(at)}` : ''}`);
        assert.equal(res.status, 200);
        const page = (await res.json()) as { items: Deal[]; nextCursor: string | null; total: number };
        ids.push(...page.items.map((d) => d.id));
        at = page.nextCursor;
      }
      return ids;
    }

    const sorts = [['-lastActivityAt', 'last_activity_at DESC, id DESC'], ['amount', 'amount_sort, id'], ['-amount', 'amount_sort DESC, id DESC']];
    // Part of a phrase looked up, all of it; matches spread through the order (walked), and all
    // at its end (walked in vain by the default order, then read by id).
    for (const q of ['call back 77', 'back 1', 'umbra 1 ', 'nora call back 149', 'cb-77.', 'laggard']) {
      it(`${JSON.stringify(q)}: every match, in order, on every page, for a partner and a manager`, async (t) => {
      if (skip()) return t.skip('TEST_DATABASE_URL is not set');
        for (const [sort, order] of sorts) {
          for (const [who, client, where] of [['partner', nw, "AND partner_id = 'p_northwind'"], ['manager', cm, '']] as const) {
            const { rows } = await vendorQuery<{ id: string }>(
              srv,
              `SELECT id FROM deals WHERE strpos(lower(customer_company || ' ' || customer_domain || ' ' || owner_name || ' ' || coalesce(next_step, '')), $1) > 0 ${where} ORDER BY ${order}`,
              [q.trim()],
            );
            assert.deepEqual(await all(client, q, sort, 7), rows.map((r) => r.id), `${q}, ${sort}, ${who}`);
          }
        }
      });
    }

    it('a first page walks when its matches are many, and reads them by id when the walk meets too few', async (t) => {
      if (skip()) return t.skip('TEST_DATABASE_URL is not set');
      // Counted in PGlite's prepared statements (server/pglite-statements.ts).
      if (!pglite) return t.skip('PGlite only');
      /** How many times each way of reading a page has run (executions of its prepared statements). */
      const runs = async () => {
        const { rows } = await withScope(srv.db, { allPartners: true }, (tx) =>
          tx.query<{ statement: string; n: string }>('SELECT statement, (generic_plans + custom_plans)::text AS n FROM pg_prepared_statements'),
        );
        const sum = (re: RegExp) => rows.filter((r) => re.test(r.statement)).reduce((t, r) => t + Number(r.n), 0);
        return { walk: sum(/^SELECT row_to_json.*FROM \(SELECT \* FROM deals d .*LIMIT \$\d+\) d/s), ids: sum(/^SELECT row_to_json.*WHERE id = ANY\(/s) };
      };
      const step = async (q: string) => {
        const before = await runs();
        const res = await nw.get(`/v1/deals?q=${encodeURIComponent(q)}&limit=25`);
        assert.equal(res.status, 200);
        const after = await runs();
        return { walk: after.walk - before.walk, ids: after.ids - before.ids };
      };
      // "umbra 1": some 300 of Northwind's 1,300 deals, spread through the order.
      assert.deepEqual(await step('umbra 1'), { walk: 1, ids: 0 });
      // "laggard": 400 matches, every one older than the rest.
      assert.deepEqual(await step('laggard'), { walk: 1, ids: 1 });
      // "call back 77": a handful.
      assert.deepEqual(await step('call back 77'), { walk: 0, ids: 1 });
    });

    it('the index looks up the uncommon word only, and the candidates are tested for the whole phrase', async (t) => {
      if (skip()) return t.skip('TEST_DATABASE_URL is not set');
      const sample = await searchSample(srv.db)();
      // A channel manager's search: the trigram index is the only index its conditions can use.
      const session: SessionClaims = { userId: 'u_cm', partnerId: null, role: 'channel_manager', name: 'CM', email: null };
      // The count's statement and parameters as listDeals sends them, explained as they are.
      const plan = await withScope(srv.db, session, async (tx) => {
        let first: { sql: string; params: unknown[] } | null = null;
        const recorder = {
          query: (sql: string, params?: unknown[]) => ((first ??= { sql, params: params ?? [] }), tx.query(sql, params)),
          exec: (sql: string) => tx.exec(sql),
        } as Queryable;
        await listDeals(recorder, session, { q: 'call back 77', sort: '-lastActivityAt', limit: 25, sample });
        assert.ok(first, 'the count was sent');
        const { sql, params } = first as { sql: string; params: unknown[] };
        assert.equal([...sql.matchAll(/s\.doc LIKE \$\d+/g)].length, 1, sql);
        assert.match(sql, /strpos\(s\.doc, \$\d+\) > 0/, sql);
        assert.ok(params.includes('% 77%') && params.includes('call back 77'), JSON.stringify(params));
        await tx.exec("SET LOCAL enable_seqscan = off"); // a small table: the planner would read it whole
        const r = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
        return r.rows.map((x) => x['QUERY PLAN']).join('\n');
      });
      assert.match(plan, /Bitmap Index Scan on deal_search_doc_trgm_idx[^\n]*\n\s+Index Cond: \(doc ~~ '% 77%'::text\)/, plan);
      assert.match(plan, /Filter: \(strpos\(doc, 'call back 77'::text\) > 0\)/, plan);
    });
  });
}

suite('searches on PGlite, at 1,500 deals', async () => {
  const srv = await makeServer();
  return { srv, done: () => srv.close() };
}, true);

suite('searches on PostgreSQL, at 1,500 deals', () => pgServer('search'), false);
