import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PartnerkitServer } from '../../server/index.js';
import { refreshStatistics } from '../../server/statistics.js';
import { makeServer, vendorQuery } from './helpers.js';

describe('planner statistics on PGlite (no autovacuum)', () => {
  let srv: PartnerkitServer;
  before(async () => {
    srv = await makeServer({ statisticsIntervalMs: 0 });
  });
  after(() => srv.close());

  it('analyzes the tables that changed enough, as the owner for one transaction only, then requests are the request role again', async () => {
    const first = await refreshStatistics(srv.db);
    assert.ok(first.includes('deals'), `the seeded tables are analyzed: ${first.join(', ')}`);
    assert.deepEqual(await refreshStatistics(srv.db), [], 'nothing changed since: nothing to do');

    await vendorQuery(srv, "UPDATE deals SET next_step = coalesce(next_step, '') || '' WHERE id IN (SELECT id FROM deals LIMIT 100)");
    assert.deepEqual(await refreshStatistics(srv.db), ['deal_search', 'deals'], '100 of 240 rows changed: past 50 + 10% (deal_search is kept in step with deals by a trigger)');
    const { rows } = await srv.db.query<{ last_analyze: Date | null }>("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'deals'");
    assert.ok(rows[0].last_analyze, 'deals has statistics');

    const who = await srv.db.query<{ current_user: string }>('SELECT current_user');
    assert.equal(who.rows[0].current_user, 'partnerkit_app', 'back to the request role');
    const visible = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM deals');
    assert.equal(visible.rows[0].n, 0, 'row-level security applies again outside a scope');
  });
});
