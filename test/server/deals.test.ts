import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DealListSchema, DealSchema, MOTIONS, STAGES, VendorDealListSchema, VendorDealSchema, type Deal, type VendorDeal } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { assertSorted, expectProblem, listDeals, makeServer, mint, vendorQuery, walkDeals, type Caller } from './helpers.js';

let srv: PartnerkitServer;
let nw: Caller; // Northwind rep
let co: Caller; // Contoso admin
let cm: Caller; // channel manager

before(async () => {
  srv = await makeServer();
  nw = await mint(srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' });
  co = await mint(srv, { userId: 'u_co_admin', partnerId: 'p_contoso', role: 'partner_admin' });
  cm = await mint(srv, { userId: 'u_cm', partnerId: null, role: 'channel_manager' });
});
after(async () => {
  await srv?.close();
});

const list = listDeals;
const walk = walkDeals;

const dbCount = async (where = 'TRUE', params: unknown[] = []) =>
  Number((await vendorQuery<{ n: number }>(srv, `SELECT count(*)::int AS n FROM deals WHERE ${where}`, params)).rows[0].n);

describe('seed data', () => {
  it('has 240 deals over all partners, motions and stages', async () => {
    assert.equal(await dbCount(), 240);
    const { rows } = await vendorQuery<{ partner_id: string; motion: string; stage: string }>(srv, 'SELECT DISTINCT partner_id, motion, stage FROM deals');
    const partners = new Map<string, string[]>([['p_northwind', ['reseller']], ['p_contoso', ['services', 'tech']], ['p_fabrikam', ['marketplace']], ['p_tailspin', ['referral']], ['p_litware', ['tech', 'referral']]]);
    for (const [pid, motions] of partners) {
      for (const m of motions) {
        for (const [stage] of STAGES[m as keyof typeof STAGES]) {
          assert.ok(rows.some((r) => r.partner_id === pid && r.motion === m && r.stage === stage), `${pid} ${m} ${stage}`);
        }
      }
    }
    assert.ok(rows.every((r) => partners.get(r.partner_id)!.includes(r.motion)), 'every motion is one the partner runs');
    for (const status of ['pending', 'approved', 'declined', 'expired', 'won', 'lost']) assert.ok((await dbCount('status = $1', [status])) > 0, status);
    assert.equal(await dbCount("status = 'pending' AND (protection_starts_at IS NOT NULL OR sla_due_at <> created_at + interval '48 hours')"), 0);
    assert.equal(await dbCount("status = 'approved' AND protection_ends_at <> protection_starts_at + interval '90 days'"), 0);
    assert.ok((await dbCount("conflict_status <> 'none'")) > 0);
    assert.ok((await dbCount("stage_note_updated_at < now() - interval '7 days'")) > 0);
    assert.ok((await dbCount("customer_domain LIKE 'www.%' OR customer_domain <> lower(customer_domain)")) === 0);
    assert.ok(Number((await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM deal_partners WHERE type = 'influenced'")).rows[0].n) > 0);
  });
});

describe('scoping and serialization', () => {
  it("a partner only ever sees its own org's deals, with safe fields only", async () => {
    const { items, total } = await walk(nw, 'limit=100');
    assert.equal(total, await dbCount("partner_id = 'p_northwind'"));
    assert.equal(items.length, total);
    DealListSchema.parse({ items, nextCursor: null, total });
    for (const d of items) {
      assert.deepEqual(d.partner, { id: 'p_northwind', name: 'Northwind Resellers' });
      assert.deepEqual(Object.keys(d).sort(), Object.keys(DealSchema.def.shape).sort());
      for (const k of ['discountBand', 'internalNotes', 'partners']) assert.ok(!(k in d), `no ${k}`);
    }
    const raw = JSON.stringify(items);
    for (const other of ['p_contoso', 'p_fabrikam', 'p_tailspin', 'p_litware', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware']) {
      assert.ok(!raw.includes(other), `no trace of ${other}`);
    }
  });

  it("another partner's deal is 404 for a partner and 200 for the channel manager", async () => {
    const { rows } = await vendorQuery<{ id: string }>(srv, "SELECT id FROM deals WHERE partner_id = 'p_contoso' ORDER BY id LIMIT 1");
    const id = rows[0].id;
    await expectProblem(await nw.get(`/v1/deals/${id}`), 404);
    const own = await co.get(`/v1/deals/${id}`);
    assert.equal(own.status, 200);
    const ownDeal = (await own.json()) as Record<string, unknown>;
    DealSchema.parse(ownDeal);
    assert.ok(!('discountBand' in ownDeal) && !('internalNotes' in ownDeal) && !('partners' in ownDeal));
    const vendor = await cm.get(`/v1/deals/${id}`);
    assert.equal(vendor.status, 200);
    const v = VendorDealSchema.parse(await vendor.json());
    assert.equal(v.partner.id, 'p_contoso');
    assert.ok(v.partners.some((p) => p.partnerId === 'p_contoso'));
    await expectProblem(await nw.get('/v1/deals/dl_doesnotexist'), 404);
    await expectProblem(await cm.get('/v1/deals/dl_doesnotexist'), 404);
  });

  it('influencer partners are visible to the vendor only', async () => {
    const { rows } = await vendorQuery<{ deal_id: string; partner_id: string; owner: string }>(srv, 
      "SELECT dp.deal_id, dp.partner_id, d.partner_id AS owner FROM deal_partners dp JOIN deals d ON d.id = dp.deal_id WHERE dp.partner_id <> d.partner_id LIMIT 1",
    );
    const { deal_id, partner_id, owner } = rows[0];
    const vendor = VendorDealSchema.parse(await (await cm.get(`/v1/deals/${deal_id}`)).json());
    assert.ok(vendor.partners.some((p) => p.partnerId === partner_id && p.type === 'influenced'));
    const ownerCaller = await mint(srv, { userId: `owner_${owner}`, partnerId: owner, role: 'partner_user' });
    const text = await (await ownerCaller.get(`/v1/deals/${deal_id}`)).text();
    assert.ok(!text.includes(partner_id), 'owner does not learn the influencer');
    // and the influencer cannot read the deal either
    const infl = await mint(srv, { userId: `infl_${partner_id}`, partnerId: partner_id, role: 'partner_user' });
    await expectProblem(await infl.get(`/v1/deals/${deal_id}`), 404);
  });

  it('the channel manager sees every deal with vendor fields', async () => {
    const page = VendorDealListSchema.parse(await (await cm.get('/v1/deals?limit=100')).json());
    assert.equal(page.total, 240);
    assert.equal(page.items.length, 100);
    assert.ok(page.items.some((d) => d.discountBand !== null));
    assert.ok(page.items.some((d) => d.internalNotes !== null));
    assert.ok(new Set(page.items.map((d) => d.partner.id)).size > 1);
  });
});

describe('filters', () => {
  it('motion narrows and every item matches', async () => {
    const all = await list(co, 'limit=1');
    for (const motion of ['services', 'tech'] as const) {
      const { items, total } = await walk(co, `motion=${motion}&limit=100`);
      assert.ok(total > 0 && total < all.total);
      assert.equal(total, await dbCount('partner_id = $1 AND motion = $2', ['p_contoso', motion]));
      assert.ok(items.every((d) => d.motion === motion));
    }
    assert.equal((await list(co, 'motion=reseller')).total, 0);
  });

  it('stage narrows and every item matches', async () => {
    const { items, total } = await walk(cm, 'stage=commercials&limit=100');
    assert.equal(total, await dbCount("stage = 'commercials'"));
    assert.ok(total > 0 && total < 240);
    assert.ok(items.every((d) => d.stage === 'commercials'));
    assert.deepEqual(new Set(items.map((d) => d.motion)), new Set(['referral', 'services']));
  });

  it('status narrows and every item matches', async () => {
    for (const status of ['pending', 'approved', 'won']) {
      const { items, total } = await walk(nw, `status=${status}&limit=100`);
      assert.equal(total, await dbCount("partner_id = 'p_northwind' AND status = $1", [status]));
      assert.ok(items.every((d) => d.status === status));
    }
  });

  it('q matches company, domain or next step, case-insensitively', async () => {
    const { rows } = await vendorQuery<{ customer_company: string; customer_domain: string }>(srv, 
      "SELECT customer_company, customer_domain FROM deals WHERE partner_id = 'p_northwind' ORDER BY id LIMIT 1",
    );
    const word = rows[0].customer_company.split(' ')[1];
    const { items, total } = await walk(nw, `q=${encodeURIComponent(word.toUpperCase())}&limit=100`);
    assert.ok(total > 0 && total < (await list(nw, 'limit=1')).total);
    const w = word.toLowerCase();
    assert.ok(items.every((d) => d.customer.company.toLowerCase().includes(w) || d.customer.domain.includes(w) || (d.nextStep ?? '').toLowerCase().includes(w)));
    const byDomain = await list(nw, `q=${encodeURIComponent(rows[0].customer_domain)}`);
    assert.ok(byDomain.items.some((d) => d.customer.domain === rows[0].customer_domain));
    const byNextStep = await walk(cm, 'q=procurement%20contact&limit=100');
    assert.ok(byNextStep.total > 0);
    assert.ok(byNextStep.items.every((d) => d.nextStep === 'Confirm procurement contact'));
  });

  it('q treats LIKE wildcards literally', async () => {
    assert.equal((await list(cm, 'q=%25')).total, 0);
    assert.equal((await list(cm, 'q=_')).total, 0);
    assert.equal((await list(cm, 'q=%5C')).total, 0);
  });

  it('filters combine', async () => {
    const { items, total } = await walk(cm, 'motion=tech&status=approved&limit=100');
    assert.equal(total, await dbCount("motion = 'tech' AND status = 'approved'"));
    assert.ok(items.every((d) => d.motion === 'tech' && d.status === 'approved'));
  });
});

describe('sorting and pagination', () => {
  it('defaults to -lastActivityAt and limit 25', async () => {
    const page = await list(cm, '');
    assert.equal(page.items.length, 25);
    assert.equal(page.total, 240);
    assert.ok(page.nextCursor);
    assertSorted(page.items, '-lastActivityAt');
  });

  for (const [sort, qs, caller] of [
    ['amount', 'limit=7', () => cm],
    ['-createdAt', 'limit=10', () => cm],
    ['customer', 'limit=9', () => nw],
    ['-expectedCloseDate', 'limit=13&status=approved', () => cm],
  ] as const) {
    it(`walks every page of sort=${sort} (${qs}) exactly once, in order`, async () => {
      const { items, total, pages } = await walk(caller(), `sort=${encodeURIComponent(sort)}&${qs}`);
      assert.ok(pages > 1, 'more than one page');
      assert.equal(items.length, total);
      assert.equal(new Set(items.map((d) => d.id)).size, total, 'no duplicates');
      assertSorted(items, sort);
    });
  }

  it('sort by amount really orders by amount (not as text)', async () => {
    const asc = await list(cm, 'sort=amount&limit=1');
    const desc = await list(cm, 'sort=-amount&limit=1');
    const { rows } = await vendorQuery<{ lo: string; hi: string }>(srv, 'SELECT min(amount_value)::text AS lo, max(amount_value)::text AS hi FROM deals');
    assert.equal(asc.items[0].amount.value, Number(rows[0].lo));
    assert.equal(desc.items[0].amount.value, Number(rows[0].hi));
  });

  it('the last page has nextCursor null', async () => {
    const page = await list(nw, 'limit=100');
    assert.equal(page.nextCursor, null);
    assert.equal(page.items.length, page.total);
  });

  it('a cursor from one sort is refused with another sort', async () => {
    const page = await list(cm, 'sort=amount&limit=5');
    await expectProblem(await cm.get(`/v1/deals?sort=-amount&cursor=${page.nextCursor}`), 400, 'cursor');
    assert.equal((await cm.get(`/v1/deals?sort=amount&cursor=${page.nextCursor}`)).status, 200);
  });
});

describe('bad query parameters', () => {
  for (const [qs, field] of [
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['motion=bogus', 'motion'],
    ['stage=bogus', 'stage'],
    ['status=open', 'status'],
    ['sort=bogus', 'sort'],
    ['sort=amount&cursor=garbage!!', 'cursor'],
    ['cursor=bm90LWpzb24', 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify({ s: '-lastActivityAt', v: 'not a date', id: 'x' })).toString('base64url')}`, 'cursor'],
    [`sort=amount&cursor=${Buffer.from(JSON.stringify({ s: 'amount', v: '1; DROP TABLE deals', id: 'x' })).toString('base64url')}`, 'cursor'],
    [`sort=expectedCloseDate&cursor=${Buffer.from(JSON.stringify({ s: 'expectedCloseDate', v: '2026-13-45', id: 'x' })).toString('base64url')}`, 'cursor'],
    [`q=${'x'.repeat(201)}`, 'q'],
  ] as const) {
    it(`${qs.slice(0, 60)} → 400 naming ${field}`, async () => {
      await expectProblem(await cm.get(`/v1/deals?${qs}`), 400, field);
    });
  }
});

describe('motions', () => {
  it('every motion has deals', async () => {
    for (const m of MOTIONS) assert.ok((await list(cm, `motion=${m}&limit=1`)).total > 0, m);
  });
});

export type { VendorDeal };
