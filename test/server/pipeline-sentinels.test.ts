/**
 * Safe fields only, proved by sentinels (issue 11): a marker string is planted in every
 * vendor-only column (discount band, internal notes, the internal note of a history entry,
 * another partner's involvement in a deal, another partner's own deals and identity), and no
 * partner response carries any of them — list (every page, search), get, history, summary, CSV
 * export and the live events. The channel manager's responses do carry them (the control that
 * the markers are really there).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PartnerkitServer } from '../../server/index.js';
import { makeServer, mint, vendorQuery, type Caller } from './helpers.js';
import { SseReader } from './sse.js';

const S = {
  discount: 'SNTL_DISCOUNT_BAND_7f3a',
  internal: 'SNTL_INTERNAL_NOTES_91c2',
  historyNote: 'SNTL_HISTORY_INTERNAL_4d8e',
  otherPartnerName: 'SNTL Other Partner 22b1',
  otherPartnerId: 'p_sntl_other_5e0c',
  otherCompany: 'SNTL Other Customer 8a6f',
} as const;
const MARKERS = Object.values(S);

let srv: PartnerkitServer;
let nw: Caller;
let cm: Caller;
let dealId: string;
const readers: SseReader[] = [];

async function send(caller: Caller, method: string, path: string, body: unknown): Promise<Response> {
  return srv.app.request(path, { method, headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function assertClean(where: string, text: string): void {
  for (const m of MARKERS) assert.ok(!text.includes(m), `${where} leaks ${m}`);
}

before(async () => {
  srv = await makeServer({ jobIntervalMs: 0, events: { heartbeatMs: 300, pollMs: 500 } });
  nw = await mint(srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' });
  cm = await mint(srv, { userId: 'u_cm', partnerId: null, role: 'channel_manager' });
  dealId = (await vendorQuery<{ id: string }>(srv, "SELECT id FROM deals WHERE partner_id = 'p_northwind' AND status = 'approved' ORDER BY id LIMIT 1")).rows[0].id;
  await vendorQuery(srv, `INSERT INTO partners (id, name, tier, certifications, motions) VALUES ($1, $2, 'gold', '[]', '["reseller"]')`, [S.otherPartnerId, S.otherPartnerName]);
  // Every Northwind deal: vendor-only columns set to markers.
  await vendorQuery(srv, "UPDATE deals SET discount_band = $1, internal_notes = $2 WHERE partner_id = 'p_northwind'", [S.discount, S.internal]);
  // Another partner influences a Northwind deal, and has its own deal on another customer.
  await vendorQuery(srv, "INSERT INTO deal_partners (deal_id, partner_id, type, percent) VALUES ($1, $2, 'influenced', 20)", [dealId, S.otherPartnerId]);
  await vendorQuery(
    srv,
    `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, owner_name, next_step, attribution_type,
       attribution_percent, amount_value, currency, expected_close_date, last_activity_at, created_at, discount_band, internal_notes)
     VALUES ('dl_sntl_other', $1, 'reseller', 'qualification', 'approved', $2, 'sntl-other.example', $3, $3, 'sourced', 100, 1, 'USD',
       DATE '2027-01-01', now(), now(), $4, $5)`,
    [S.otherPartnerId, S.otherCompany, S.otherPartnerName, S.discount, S.internal],
  );
  // A history entry with a vendor-only note.
  await vendorQuery(
    srv,
    "INSERT INTO deal_history (deal_id, partner_id, at, action, actor_id, actor_name, actor_role, reason, internal_note) VALUES ($1, 'p_northwind', now(), 'reassigned', 'u_cm', 'Morgan', 'channel_manager', 'Territory change', $2)",
    [dealId, S.historyNote],
  );
});
after(async () => {
  await Promise.all(readers.map((r) => r.close()));
  await srv?.close();
});

describe('no vendor-only value reaches a partner', () => {
  it('list: every page, every sort, and searches for the markers', async () => {
    for (const qs of ['sort=-lastActivityAt', 'sort=amount', 'sort=customer', 'q=sntl', `q=${encodeURIComponent(S.otherCompany)}`, `q=${S.discount}`]) {
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await nw.get(`/v1/deals?limit=100&${qs}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        const text = await res.text();
        assert.equal(res.status, 200, text);
        assertClean(`GET /v1/deals?${qs}`, text);
        cursor = (JSON.parse(text) as { nextCursor: string | null }).nextCursor;
        pages++;
      } while (cursor && pages < 50);
    }
    assert.equal(((await (await nw.get(`/v1/deals?q=${encodeURIComponent(S.otherCompany)}`)).json()) as { total: number }).total, 0);
  });

  it("get: the deal another partner influences; the other partner's deal is a 404", async () => {
    const text = await (await nw.get(`/v1/deals/${dealId}`)).text();
    assertClean('GET /v1/deals/{id}', text);
    assert.equal((await nw.get('/v1/deals/dl_sntl_other')).status, 404);
  });

  it('history, summary and export', async () => {
    assertClean('history', await (await nw.get(`/v1/deals/${dealId}/history`)).text());
    assertClean('summary', await (await nw.get('/v1/deals/summary')).text());
    assertClean('summary q', await (await nw.get('/v1/deals/summary?q=sntl')).text());
    const csv = await (await nw.get('/v1/deals/export.csv')).text();
    assert.ok(csv.split('\r\n').length > 10, 'the export has rows');
    assertClean('export.csv', csv);
  });

  it('PATCH answers and refusals (409 with the fresh deal, 422)', async () => {
    const deal = (await (await nw.get(`/v1/deals/${dealId}`)).json()) as { version: number };
    const ok = await send(nw, 'PATCH', `/v1/deals/${dealId}`, { version: deal.version, nextStep: 'Call the CFO', stageNote: 'Budget holder met' });
    assert.equal(ok.status, 200);
    assertClean('PATCH 200', await ok.text());
    const stale = await send(nw, 'PATCH', `/v1/deals/${dealId}`, { version: deal.version, nextStep: 'Another' });
    assert.equal(stale.status, 409);
    assertClean('PATCH 409', await stale.text());
    assertClean('PATCH 422', await (await send(nw, 'PATCH', `/v1/deals/${dealId}`, { version: 1, discountBand: 'x' })).text());
  });

  it('live events: deal.updated to the partner carries the safe view', async () => {
    const res = await srv.app.request('/v1/events', { headers: { authorization: `Bearer ${nw.token}`, 'Last-Event-ID': '0' } });
    assert.equal(res.status, 200);
    const reader = new SseReader(res);
    readers.push(reader);
    const deal = (await (await cm.get(`/v1/deals/${dealId}`)).json()) as { version: number };
    const res2 = await send(cm, 'PATCH', `/v1/deals/${dealId}`, { version: deal.version, stageNote: 'Updated by the channel manager' });
    assert.equal(res2.status, 200);
    await reader.next('deal.updated', (e: { data: Record<string, unknown> }) => (e.data.stageNote as { text: string } | null)?.text === 'Updated by the channel manager');
    for (const e of reader.events) assertClean(`event ${e.event}`, e.data);
  });

  it("control: the channel manager's answers do carry the markers", async () => {
    const get = await (await cm.get(`/v1/deals/${dealId}`)).text();
    for (const m of [S.discount, S.internal, S.otherPartnerName]) assert.ok(get.includes(m), m);
    assert.ok((await (await cm.get(`/v1/deals/${dealId}/history`)).text()).includes(S.historyNote));
    const csv = await (await cm.get('/v1/deals/export.csv')).text();
    for (const m of [S.discount, S.internal, S.otherCompany]) assert.ok(csv.includes(m), m);
    assert.ok((await (await cm.get('/v1/deals?q=sntl')).text()).includes(S.otherCompany));
  });
});
