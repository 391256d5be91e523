/**
 * GET /v1/metrics on a small hand-made program whose every figure is worked out by hand below:
 * attribution-weighted pipeline and revenue (multi-partner deals, one whose percents add up to
 * more than 100), several currencies, win rate, median cycle time, registrations, SLA compliance,
 * the previous period, the monthly trend, the snapshot, the channel manager's breakdown and
 * program average, exchange-rate conversion; partner scoping of every figure; bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MetricsSchema, type AttributedAmount, type Metrics } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { bounds, monthsOf, resolvePeriod } from '../../server/metrics/period.js';
import { parseFxRates } from '../../server/metrics/fx.js';
import { ALL_PARTNERS, withScope } from '../../server/scope.js';
import { expectProblem, freshPgDatabase, makeServer, mint, vendorQuery, type Caller } from './helpers.js';

// this_quarter: 2026-04-01..2026-06-15 (76 days); previous: the same 76 days of Q1, 2026-01-01..2026-03-17.
const NOW = new Date('2026-06-15T12:00:00Z');

interface DealRow {
  id: string;
  partner: string;
  motion: string;
  status: string;
  amount: number;
  currency: string;
  created: string;
  closed?: string;
  decided?: string;
  slaDue?: string;
  protectionEnds?: string;
  noteAt?: string;
  /** [partner, type, percent], the owner's first. */
  attribution: Array<[string, 'sourced' | 'influenced', number]>;
}

const DEALS: DealRow[] = [
  // Current period.
  { id: 'd1', partner: 'pA', motion: 'reseller', status: 'approved', amount: 1000, currency: 'USD', created: '2026-04-10', decided: '2026-04-11', slaDue: '2026-04-12', protectionEnds: '2026-06-20', noteAt: '2026-06-14', attribution: [['pA', 'sourced', 100]] },
  { id: 'd2', partner: 'pA', motion: 'reseller', status: 'won', amount: 2000, currency: 'USD', created: '2026-03-01', closed: '2026-05-10', attribution: [['pA', 'sourced', 60], ['pB', 'influenced', 40]] },
  { id: 'd3', partner: 'pA', motion: 'reseller', status: 'won', amount: 500, currency: 'EUR', created: '2026-04-02', closed: '2026-05-02', attribution: [['pA', 'sourced', 100]] },
  { id: 'd4', partner: 'pA', motion: 'reseller', status: 'lost', amount: 300, currency: 'USD', created: '2026-04-05', closed: '2026-06-04', attribution: [['pA', 'sourced', 100]] },
  { id: 'd5', partner: 'pB', motion: 'referral', status: 'pending', amount: 800, currency: 'GBP', created: '2026-06-01', slaDue: '2026-06-03', attribution: [['pB', 'sourced', 80], ['pA', 'influenced', 20]] },
  { id: 'd6', partner: 'pB', motion: 'referral', status: 'declined', amount: 400, currency: 'USD', created: '2026-04-20', decided: '2026-04-25', slaDue: '2026-04-22', attribution: [['pB', 'sourced', 100]] },
  // Percents add up to 180: the program counts it once (10,000 sourced), each partner its own share.
  { id: 'd7', partner: 'pC', motion: 'tech', status: 'approved', amount: 10000, currency: 'USD', created: '2026-05-01', decided: '2026-05-02', slaDue: '2026-05-03', protectionEnds: '2026-08-01', noteAt: '2026-05-01', attribution: [['pC', 'sourced', 100], ['pA', 'influenced', 50], ['pB', 'influenced', 30]] },
  // Previous period.
  { id: 'd8', partner: 'pA', motion: 'reseller', status: 'won', amount: 700, currency: 'USD', created: '2026-01-10', closed: '2026-02-09', decided: '2026-01-11', slaDue: '2026-01-12', attribution: [['pA', 'sourced', 100]] },
  { id: 'd9', partner: 'pA', motion: 'reseller', status: 'lost', amount: 100, currency: 'USD', created: '2026-01-20', closed: '2026-03-01', attribution: [['pA', 'sourced', 100]] },
  { id: 'd10', partner: 'pB', motion: 'referral', status: 'approved', amount: 900, currency: 'USD', created: '2026-02-01', decided: '2026-02-05', slaDue: '2026-02-03', protectionEnds: '2026-07-30', noteAt: '2026-06-10', attribution: [['pB', 'influenced', 50]] },
  // Closed between the periods (Mar 20, after Mar 17): in neither.
  { id: 'd11', partner: 'pA', motion: 'reseller', status: 'won', amount: 5000, currency: 'USD', created: '2026-03-01', closed: '2026-03-20', attribution: [['pA', 'sourced', 100]] },
];

const at = (day: string | undefined) => (day === undefined ? null : `${day}T09:00:00Z`);

async function insertProgram(srv: PartnerkitServer): Promise<void> {
  await withScope(srv.db, ALL_PARTNERS, async (tx) => {
    for (const [id, name, tier] of [['pA', 'Alpha Resellers', 'gold'], ['pB', 'Beta Referrals', 'silver'], ['pC', 'Gamma Software', 'gold']]) {
      await tx.query('INSERT INTO partners (id, name, tier) VALUES ($1, $2, $3)', [id, name, tier]);
    }
    for (const d of DEALS) {
      const [, ownType, ownPercent] = d.attribution[0];
      await tx.query(
        `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, owner_name, attribution_type,
           attribution_percent, amount_value, currency, expected_close_date, last_activity_at, created_at, closed_at, decided_at, sla_due_at,
           protection_starts_at, protection_ends_at, stage_note, stage_note_updated_at)
         VALUES ($1,$2,$3,'stage',$4,$5,$6,'Owner',$7,$8,$9,$10,'2026-09-01',$11,$12,$13,$14,$15,$16,$17,$18,$19)`,
        [d.id, d.partner, d.motion, d.status, `Customer ${d.id}`, `${d.id}.example`, ownType, ownPercent, d.amount, d.currency,
          at(d.closed ?? d.created), at(d.created), at(d.closed), at(d.decided), at(d.slaDue), d.protectionEnds ? at(d.decided) : null,
          at(d.protectionEnds), d.noteAt ? 'note' : null, at(d.noteAt)],
      );
      for (const [partner, type, percent] of d.attribution) {
        await tx.query('INSERT INTO deal_partners (deal_id, partner_id, type, percent) VALUES ($1, $2, $3, $4)', [d.id, partner, type, percent]);
      }
    }
  });
}

const amounts = (...rows: Array<[string, number, number, number]>): AttributedAmount[] =>
  rows.map(([currency, sourced, influenced, deals]) => ({ currency, sourced, influenced, deals }));

describe('GET /v1/metrics', () => {
  let srv: PartnerkitServer;
  let a: Caller;
  let b: Caller;
  let cm: Caller;
  const metrics = async (caller: Caller, query = ''): Promise<Metrics> => {
    const res = await caller.get(`/v1/metrics${query}`);
    assert.equal(res.status, 200, await res.clone().text());
    return MetricsSchema.parse(await res.json());
  };

  before(async () => {
    srv = await makeServer({ seed: false, now: () => NOW, jobIntervalMs: 0, currencyConversion: null });
    await insertProgram(srv);
    a = await mint(srv, { userId: 'ua', partnerId: 'pA', role: 'partner_user' });
    b = await mint(srv, { userId: 'ub', partnerId: 'pB', role: 'partner_user' });
    cm = await mint(srv, { userId: 'ucm', partnerId: null, role: 'channel_manager' });
  });
  after(() => srv.close());

  it('resolves this quarter and the same days of the quarter before', async () => {
    const m = await metrics(a);
    assert.deepEqual(m.period, { key: 'this_quarter', from: '2026-04-01', to: '2026-06-15', days: 76 });
    assert.deepEqual(m.previousPeriod, { from: '2026-01-01', to: '2026-03-17', days: 76 });
    assert.equal(m.generatedAt, NOW.toISOString());
  });

  it('a partner: its attribution-weighted pipeline and revenue per motion and currency, including other orgs’ deals it influenced', async () => {
    const m = await metrics(a);
    assert.deepEqual(m.scope, { kind: 'partner', partner: { id: 'pA', name: 'Alpha Resellers', tier: 'gold' } });
    // d1 sourced 100% of 1,000; d7 (pC's) influenced 50% of 10,000; d5 (pB's) influenced 20% of GBP 800.
    assert.deepEqual(m.current.pipeline, amounts(['GBP', 0, 160, 1], ['USD', 1000, 5000, 2]));
    // d2 sourced 60% of 2,000 (pB holds the other 40%); d3 EUR 500.
    assert.deepEqual(m.current.revenue, amounts(['EUR', 500, 0, 1], ['USD', 1200, 0, 1]));
    const by = Object.fromEntries(m.current.motions.map((x) => [x.motion, x]));
    assert.deepEqual(m.current.motions.map((x) => x.motion), ['referral', 'reseller', 'marketplace', 'services', 'tech']);
    assert.deepEqual(by.reseller.pipeline, amounts(['USD', 1000, 0, 1]));
    assert.deepEqual(by.referral.pipeline, amounts(['GBP', 0, 160, 1]));
    assert.deepEqual(by.tech.pipeline, amounts(['USD', 0, 5000, 1]));
    assert.deepEqual(by.reseller.revenue, amounts(['EUR', 500, 0, 1], ['USD', 1200, 0, 1]));
    assert.deepEqual(by.marketplace.pipeline, []);
    // Its own deals closed: d2 (70 days), d3 (30) won, d4 (60) lost.
    assert.equal(m.current.won, 2);
    assert.equal(m.current.lost, 1);
    assert.equal(m.current.winRate, 0.6667);
    assert.equal(m.current.medianCycleDays, 60);
    assert.equal(by.reseller.winRate, 0.6667);
    assert.equal(by.tech.winRate, null);
    assert.equal(by.tech.medianCycleDays, null);
    // Registered in the period: d1, d3, d4. Decided: d1 within its SLA.
    assert.equal(m.current.registrationsTotal, 3);
    assert.deepEqual(Object.fromEntries(m.current.registrations.map((r) => [r.status, r.count])), { pending: 0, approved: 1, declined: 0, expired: 0, won: 1, lost: 1 });
    assert.deepEqual(m.current.sla, { decided: 1, withinSla: 1, compliance: 1 });
    assert.deepEqual(m.snapshot.protectionExpiring, { count: 1, days: 14, link: { status: ['approved'] } });
    assert.equal(m.snapshot.staleDeals.count, 0);
    assert.equal(m.current.converted, null);
    assert.equal(m.currencyConversion, null);
  });

  it('a partner: the previous period, and nothing that closed between the periods', async () => {
    const m = await metrics(a);
    // Open at the end of Mar 17: d2 (won May 10) and d11 (won Mar 20), both its own, sourced.
    assert.deepEqual(m.previous.pipeline, amounts(['USD', 6200, 0, 2]));
    assert.deepEqual(m.previous.revenue, amounts(['USD', 700, 0, 1])); // d8; not d11 (Mar 20)
    assert.equal(m.previous.won, 1);
    assert.equal(m.previous.lost, 1);
    assert.equal(m.previous.winRate, 0.5);
    assert.equal(m.previous.medianCycleDays, 35);
    assert.equal(m.previous.registrationsTotal, 4); // d2, d8, d9, d11
    assert.deepEqual(m.previous.sla, { decided: 1, withinSla: 1, compliance: 1 });
  });

  it('a partner: the monthly revenue trend, every month × currency', async () => {
    const m = await metrics(a);
    assert.deepEqual(m.trend, [
      { month: '2026-04', currency: 'EUR', sourced: 0, influenced: 0, deals: 0 },
      { month: '2026-04', currency: 'USD', sourced: 0, influenced: 0, deals: 0 },
      { month: '2026-05', currency: 'EUR', sourced: 500, influenced: 0, deals: 1 },
      { month: '2026-05', currency: 'USD', sourced: 1200, influenced: 0, deals: 1 },
      { month: '2026-06', currency: 'EUR', sourced: 0, influenced: 0, deals: 0 },
      { month: '2026-06', currency: 'USD', sourced: 0, influenced: 0, deals: 0 },
    ]);
  });

  it('another partner sees only its own figures: its influence on other orgs’ deals at its percent, its own counts', async () => {
    const m = await metrics(b);
    assert.equal(m.scope.partner?.id, 'pB');
    assert.deepEqual(m.current.pipeline, amounts(['GBP', 640, 0, 1], ['USD', 0, 3450, 2])); // d5, d7, d10
    assert.deepEqual(m.current.revenue, amounts(['USD', 0, 800, 1]));
    assert.equal(m.current.won + m.current.lost, 0);
    assert.equal(m.current.winRate, null);
    assert.equal(m.current.registrationsTotal, 2);
    assert.deepEqual(m.current.sla, { decided: 1, withinSla: 0, compliance: 0 });
    assert.equal(m.snapshot.protectionExpiring.count, 0);
    assert.equal(m.snapshot.staleDeals.count, 1); // d5: no stage note
    // Open on Mar 17: d2 (won May 10), d10.
    assert.deepEqual(m.previous.pipeline, amounts(['USD', 0, 1250, 2]));
    assert.deepEqual(m.trend.filter((t) => t.sourced + t.influenced > 0), [{ month: '2026-05', currency: 'USD', sourced: 0, influenced: 800, deals: 1 }]);
  });

  it('a partner never gets program-wide or another org’s figures: no breakdown, no average, partnerId and breakdown refused', async () => {
    const program = await metrics(cm, '?period=last_12_months');
    for (const caller of [a, b]) {
      const m = await metrics(caller, '?period=last_12_months');
      assert.equal(m.breakdown, null);
      assert.equal(m.programAverage, null);
      assert.equal(m.scope.kind, 'partner');
      assert.notDeepEqual(m.current.pipeline, program.current.pipeline);
      assert.notEqual(m.current.registrationsTotal, program.current.registrationsTotal);
      assert.notDeepEqual(m.current.sla, program.current.sla);
      assert.notDeepEqual(m.snapshot, program.snapshot);
      for (const mm of m.current.motions) for (const link of Object.values(mm.links)) assert.equal(link.partnerId, undefined);
    }
    await expectProblem(await a.get('/v1/metrics?partnerId=pB'), 400, 'partnerId', 'not_allowed');
    await expectProblem(await a.get('/v1/metrics?partnerId=pA'), 400, 'partnerId', 'not_allowed');
    await expectProblem(await b.get('/v1/metrics?breakdown=partner'), 400, 'breakdown', 'not_allowed');
  });

  it('a channel manager: program totals count every deal once, whatever the percents add up to', async () => {
    const m = await metrics(cm);
    assert.deepEqual(m.scope, { kind: 'program', partner: null });
    // Open now: d1 1,000 + d7 10,000 (100% sourced; its 80% of influence has no room left) + d10 450 influenced; d5 GBP 640/160.
    assert.deepEqual(m.current.pipeline, amounts(['GBP', 640, 160, 1], ['USD', 11000, 450, 3]));
    assert.deepEqual(m.current.revenue, amounts(['EUR', 500, 0, 1], ['USD', 1200, 800, 1]));
    for (const row of m.current.pipeline) assert.ok(row.sourced + row.influenced <= DEALS.filter((d) => d.currency === row.currency).reduce((s, d) => s + d.amount, 0));
    assert.equal(m.current.winRate, 0.6667);
    assert.equal(m.current.medianCycleDays, 60);
    assert.equal(m.current.registrationsTotal, 6);
    assert.deepEqual(Object.fromEntries(m.current.registrations.map((r) => [r.status, r.count])), { pending: 1, approved: 2, declined: 1, expired: 0, won: 1, lost: 1 });
    assert.deepEqual(m.current.sla, { decided: 3, withinSla: 2, compliance: 0.6667 });
    assert.equal(m.snapshot.protectionExpiring.count, 1);
    assert.equal(m.snapshot.staleDeals.count, 2); // d5 (none), d7 (May 1)
    assert.deepEqual(m.previous.pipeline, amounts(['USD', 6200, 1250, 3])); // d2, d10, d11
    assert.deepEqual(m.previous.revenue, amounts(['USD', 700, 0, 1]));
    // Average partner org (3): the partners' own credits summed, divided by 3.
    assert.deepEqual(m.programAverage, {
      partners: 3,
      // deals: credited deals per partner org (GBP 2 / 3, USD 5 / 3; revenue EUR 1 / 3, USD 2 / 3), rounded.
      pipeline: amounts(['GBP', 213.33, 53.33, 1], ['USD', 3666.67, 2816.67, 2]),
      revenue: amounts(['EUR', 166.67, 0, 0], ['USD', 400, 266.67, 1]),
      winRate: 0.6667,
      medianCycleDays: 60,
      converted: null,
    });
    assert.equal(m.breakdown, null);
  });

  it('a channel manager: breakdown by partner org and by tier', async () => {
    const byPartner = await metrics(cm, '?breakdown=partner');
    assert.equal(byPartner.breakdown?.by, 'partner');
    const rows = Object.fromEntries(byPartner.breakdown!.rows.map((r) => [r.key, r]));
    assert.deepEqual(byPartner.breakdown!.rows.map((r) => r.label), ['Alpha Resellers', 'Beta Referrals', 'Gamma Software']);
    assert.deepEqual(rows.pA.pipeline, amounts(['GBP', 0, 160, 1], ['USD', 1000, 5000, 2]));
    assert.deepEqual(rows.pA.revenue, amounts(['EUR', 500, 0, 1], ['USD', 1200, 0, 1]));
    assert.equal(rows.pA.winRate, 0.6667);
    assert.equal(rows.pA.registrationsTotal, 3);
    assert.deepEqual(rows.pB.pipeline, amounts(['GBP', 640, 0, 1], ['USD', 0, 3450, 2]));
    assert.deepEqual(rows.pB.sla, { decided: 1, withinSla: 0, compliance: 0 });
    assert.deepEqual(rows.pC.pipeline, amounts(['USD', 10000, 0, 1]));
    assert.deepEqual(rows.pC.link, { partnerId: 'pC' });
    const byTier = await metrics(cm, '?breakdown=tier');
    assert.deepEqual(byTier.breakdown!.rows.map((r) => [r.key, r.partners]), [['gold', 2], ['silver', 1]]);
    const gold = byTier.breakdown!.rows[0];
    assert.deepEqual(gold.pipeline, amounts(['GBP', 0, 160, 1], ['USD', 11000, 5000, 3])); // credited: pA d1, d7; pC d7
    assert.equal(gold.registrationsTotal, 4);
    assert.deepEqual(gold.sla, { decided: 2, withinSla: 2, compliance: 1 });
  });

  it('a channel manager filtered to one partner org: that org’s figures, the program average beside them', async () => {
    const m = await metrics(cm, '?partnerId=pA');
    const own = await metrics(a);
    assert.deepEqual(m.scope.partner?.id, 'pA');
    assert.deepEqual(m.current.pipeline, own.current.pipeline);
    assert.deepEqual(m.current.revenue, own.current.revenue);
    assert.deepEqual(m.current.sla, own.current.sla);
    assert.deepEqual(m.snapshot.protectionExpiring.count, own.snapshot.protectionExpiring.count);
    assert.equal(m.programAverage?.partners, 3);
    assert.equal(m.programAverage?.winRate, 0.6667);
    assert.equal(m.current.motions[1].links.pipeline.partnerId, 'pA');
    await expectProblem(await cm.get('/v1/metrics?partnerId=nope'), 400, 'partnerId', 'invalid_choice');
  });

  it('motion filter: only that motion, everywhere', async () => {
    const m = await metrics(cm, '?motion=referral');
    assert.equal(m.motion, 'referral');
    assert.deepEqual(m.current.motions.map((x) => x.motion), ['referral']);
    assert.deepEqual(m.current.pipeline, amounts(['GBP', 640, 160, 1], ['USD', 0, 450, 1]));
    assert.equal(m.current.registrationsTotal, 2);
    assert.equal(m.snapshot.staleDeals.count, 1);
    assert.deepEqual(m.current.motions[0].links.pipeline, { motion: 'referral', status: ['pending', 'approved'] });
    assert.deepEqual(m.current.registrations[0].link, { motion: 'referral', status: ['pending'], createdFrom: '2026-04-01', createdTo: '2026-06-15' });
  });

  it('custom from/to and its previous period of as many days', async () => {
    const m = await metrics(cm, '?from=2026-05-01&to=2026-05-31');
    assert.deepEqual(m.period, { key: 'custom', from: '2026-05-01', to: '2026-05-31', days: 31 });
    assert.deepEqual(m.previousPeriod, { from: '2026-03-31', to: '2026-04-30', days: 31 });
    assert.deepEqual(m.current.revenue, amounts(['EUR', 500, 0, 1], ['USD', 1200, 800, 1]));
    // Open on May 31: d1, d4 (lost Jun 4), d7, d10; on Apr 30: d1, d2, d3, d4, d10.
    assert.deepEqual(m.current.pipeline, amounts(['USD', 11300, 450, 4]));
    assert.deepEqual(m.previous.pipeline, amounts(['EUR', 500, 0, 1], ['USD', 2500, 1250, 4]));
  });

  it('converted totals with the vendor’s exchange rates, never without one for every currency', async () => {
    const fxSrv = await makeServer({ seed: false, now: () => NOW, jobIntervalMs: 0, currencyConversion: { base: 'USD', rates: { EUR: 1.1, GBP: 1.25 }, note: 'Plan rates FY2026' } });
    const partial = await makeServer({ seed: false, now: () => NOW, jobIntervalMs: 0, currencyConversion: '{"base":"USD","rates":{"EUR":1.1}}' });
    try {
      await insertProgram(fxSrv);
      await insertProgram(partial);
      const m = await metrics(await mint(fxSrv, { userId: 'ucm', partnerId: null, role: 'channel_manager' }));
      assert.deepEqual(m.currencyConversion, { base: 'USD', rates: { EUR: 1.1, GBP: 1.25, USD: 1 }, note: 'Plan rates FY2026', missing: [] });
      assert.deepEqual(m.current.converted, { pipeline: { sourced: 11800, influenced: 650 }, revenue: { sourced: 1750, influenced: 800 } });
      assert.deepEqual(m.current.pipeline, amounts(['GBP', 640, 160, 1], ['USD', 11000, 450, 3]), 'per-currency amounts stay');
      const p = await metrics(await mint(partial, { userId: 'ucm', partnerId: null, role: 'channel_manager' }));
      assert.deepEqual(p.currencyConversion?.missing, ['GBP']);
      assert.match(p.currencyConversion!.note, /vendor/);
      assert.equal(p.current.converted, null, 'GBP has no rate: no converted total');
      assert.deepEqual(p.current.motions.find((x) => x.motion === 'reseller')?.converted, { pipeline: { sourced: 1000, influenced: 0 }, revenue: { sourced: 1750, influenced: 800 } });
    } finally {
      await fxSrv.close();
      await partial.close();
    }
    assert.throws(() => parseFxRates('{"base":"usd","rates":{}}'), /PARTNERKIT_FX_RATES is invalid: base/);
    assert.throws(() => parseFxRates('nope'), /not valid JSON/);
    assert.equal(parseFxRates(''), null);
  });

  it('a deal won later: closed_at is set and every partner’s attribution row follows, across orgs, under row-level security', async () => {
    // pC (owner) wins d7 in its own scope; pA and pB hold attribution rows it cannot see.
    await withScope(srv.db, { partnerId: 'pC' }, (tx) => tx.query("UPDATE deals SET status = 'won', last_activity_at = '2026-06-12T10:00:00Z' WHERE id = 'd7'"));
    const rows = (await vendorQuery<{ partner_id: string; deal_status: string; deal_closed_at: Date | string }>(srv, "SELECT partner_id, deal_status, deal_closed_at FROM deal_partners WHERE deal_id = 'd7' ORDER BY partner_id")).rows;
    assert.deepEqual(rows.map((r) => [r.partner_id, r.deal_status, new Date(r.deal_closed_at).toISOString()]), [
      ['pA', 'won', '2026-06-12T10:00:00.000Z'],
      ['pB', 'won', '2026-06-12T10:00:00.000Z'],
      ['pC', 'won', '2026-06-12T10:00:00.000Z'],
    ]);
    const m = await metrics(a);
    assert.deepEqual(m.current.pipeline, amounts(['GBP', 0, 160, 1], ['USD', 1000, 0, 1]));
    assert.deepEqual(m.current.revenue, amounts(['EUR', 500, 0, 1], ['USD', 1200, 5000, 2]));
    // The scope of the transaction is back to pC's after the trigger.
    const seen = await withScope(srv.db, { partnerId: 'pC' }, async (tx) => {
      await tx.query("UPDATE deals SET amount_value = 12000 WHERE id = 'd7'");
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM deals')).rows[0].n;
    });
    assert.equal(seen, 1);
    await withScope(srv.db, ALL_PARTNERS, (tx) => tx.query("UPDATE deals SET status = 'approved' WHERE id = 'd7'"));
    const back = (await vendorQuery<{ closed_at: Date | null }>(srv, "SELECT closed_at FROM deals WHERE id = 'd7'")).rows[0];
    assert.equal(back.closed_at, null, 'reopened: no close time');
  });

  it('bad input: 400 problem+json naming the parameter', async () => {
    await expectProblem(await a.get('/v1/metrics?period=yesterday'), 400, 'period', 'invalid_choice');
    await expectProblem(await a.get('/v1/metrics?motion=telepathy'), 400, 'motion', 'invalid_choice');
    await expectProblem(await a.get('/v1/metrics?from=2026-02-30&to=2026-03-01'), 400, 'from', 'invalid_date');
    await expectProblem(await a.get('/v1/metrics?from=2026-05-01&to=2026-04-01'), 400, 'from', 'invalid');
    await expectProblem(await a.get('/v1/metrics?from=2026-05-01'), 400, 'to', 'required');
    await expectProblem(await a.get('/v1/metrics?to=2026-05-01'), 400, 'from', 'required');
    await expectProblem(await a.get('/v1/metrics?period=last_quarter&from=2026-01-01&to=2026-02-01'), 400, 'period', 'not_allowed');
    await expectProblem(await a.get('/v1/metrics?from=2020-01-01&to=2026-01-01'), 400, 'to', 'too_big');
    await expectProblem(await a.get('/v1/metrics?period=this_quarter&period=last_quarter'), 400, 'period', 'repeated_parameter');
    await expectProblem(await a.get('/v1/metrics?limit=5'), 400, 'limit', 'unknown_parameter');
    await expectProblem(await cm.get('/v1/metrics?breakdown=region'), 400, 'breakdown', 'invalid_choice');
    await expectProblem(await srv.app.request('/v1/metrics'), 401);
  });

  it('OpenAPI lists GET /v1/metrics with its parameters and the Metrics schema', async () => {
    const doc = (await (await srv.app.request('/v1/openapi.json')).json()) as {
      paths: Record<string, { get?: { parameters: Array<{ name: string }>; responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown> };
    };
    const op = doc.paths['/v1/metrics']?.get;
    assert.ok(op);
    assert.deepEqual(op.parameters.map((p) => p.name).sort(), ['breakdown', 'from', 'motion', 'partnerId', 'period', 'to']);
    assert.ok(op.responses['200'] && op.responses['400']);
    assert.ok(doc.components.schemas.Metrics);
  });
});

describe('metrics periods', () => {
  const r = (q: Parameters<typeof resolvePeriod>[0], now: string) => resolvePeriod(q, new Date(now));
  it('this quarter, last quarter, last 12 months, custom; previous periods', () => {
    assert.deepEqual(r({}, '2026-12-07T23:00:00Z').previous, { from: '2026-07-01', to: '2026-09-06', days: 68 });
    // Day 92 of a quarter against a 92-day quarter before it: never past its end.
    assert.deepEqual(r({}, '2026-06-30T10:00:00Z').previous, { from: '2026-01-01', to: '2026-03-31', days: 90 });
    assert.deepEqual(r({ period: 'last_quarter' }, '2026-02-10T00:00:00Z'), {
      key: 'last_quarter',
      current: { from: '2025-10-01', to: '2025-12-31', days: 92 },
      previous: { from: '2025-07-01', to: '2025-09-30', days: 92 },
    });
    assert.deepEqual(r({ period: 'last_12_months' }, '2026-03-31T10:00:00Z'), {
      key: 'last_12_months',
      current: { from: '2025-04-01', to: '2026-03-31', days: 365 },
      previous: { from: '2024-04-01', to: '2025-03-31', days: 365 },
    });
    assert.deepEqual(r({ period: 'last_12_months' }, '2024-02-29T10:00:00Z').previous.to, '2023-02-28');
    assert.deepEqual(monthsOf({ from: '2025-11-15', to: '2026-02-01', days: 0 }), ['2025-11', '2025-12', '2026-01', '2026-02']);
    assert.deepEqual(bounds({ from: '2026-01-01', to: '2026-01-31', days: 31 }), { start: '2026-01-01T00:00:00.000Z', end: '2026-02-01T00:00:00.000Z' });
  });
});

describe('metrics on PostgreSQL (row-level security without a superuser)', () => {
  const skip = process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set (see README: Developing)';
  it('the attribution triggers write other orgs’ rows and restore the caller’s scope; every figure as on PGlite', { skip }, async () => {
    const db = await freshPgDatabase('metrics');
    assert.ok(db);
    const srv = await makeServer({ databaseUrl: db.url, seed: false, now: () => NOW, jobIntervalMs: 0, currencyConversion: null });
    try {
      await insertProgram(srv);
      const a = await mint(srv, { userId: 'ua', partnerId: 'pA', role: 'partner_user' });
      const cm = await mint(srv, { userId: 'ucm', partnerId: null, role: 'channel_manager' });
      const get = async (c: Caller, q = '') => MetricsSchema.parse(await (await c.get(`/v1/metrics${q}`)).json());
      assert.deepEqual((await get(a)).current.pipeline, amounts(['GBP', 0, 160, 1], ['USD', 1000, 5000, 2]));
      assert.deepEqual((await get(cm)).current.pipeline, amounts(['GBP', 640, 160, 1], ['USD', 11000, 450, 3]));
      const seen = await withScope(srv.db, { partnerId: 'pC' }, async (tx) => {
        await tx.query("UPDATE deals SET status = 'won', last_activity_at = '2026-06-12T10:00:00Z' WHERE id = 'd7'");
        return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM deals')).rows[0].n;
      });
      assert.equal(seen, 1, 'back in pC’s scope after the trigger');
      assert.deepEqual((await get(a)).current.revenue, amounts(['EUR', 500, 0, 1], ['USD', 1200, 5000, 2]));
    } finally {
      await srv.close();
      await db.drop();
    }
  });
});
