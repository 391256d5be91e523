/**
 * Which part of a search the trigram index looks up (server/pipeline/search-terms.ts): a
 * phrase's uncommon words only, every candidate then tested for the whole phrase. As a table, then
 * on a server whose deals share a common next step: the same matches, in order, on every page,
 * whether the index looks up the whole phrase or part of it, and the plan reads the part.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Deal } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import type { SessionClaims } from '../../server/auth.js';
import type { Queryable } from '../../server/db.js';
import { listDeals } from '../../server/deals.js';
import { COMMON_SHARE, indexTerms, searchSample } from '../../server/pipeline/search-terms.js';
import { withScope } from '../../server/scope.js';
import { makeServer, mint, vendorQuery, type Caller } from './helpers.js';

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
  it('without a sample, all of q', () => {
    assert.equal(indexTerms('acme follow up', []), null);
  });
});

describe('a phrase of common and uncommon words, at 1,500 deals', () => {
  let srv: PartnerkitServer;
  let nw: Caller;
  let cm: Caller;
  before(async () => {
    srv = await makeServer();
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
  });
  after(async () => {
    await srv?.close();
  });

  it('the sample reads the deals’ texts outside any scope, all of a small table', async () => {
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

  for (const q of ['call back 77', 'back 1', 'umbra 1 ', 'nora call back 149']) {
    it(`${JSON.stringify(q)}: every match, in order, on every page, for a partner and a manager`, async () => {
      for (const [sort, order] of [['-lastActivityAt', 'last_activity_at DESC, id DESC'], ['amount', 'amount_sort, id']]) {
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

  it('the index looks up the uncommon word only, and the candidates are tested for the whole phrase', async () => {
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
