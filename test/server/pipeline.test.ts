/**
 * The shared pipeline's server side (issue 11): PATCH /v1/deals/{id} (edits, stage moves under the
 * exit criteria, 409 stale-write, 404 for another partner's deal, bad input), the lane summary
 * (true counts and per-currency amounts, closed area) and the CSV export (BOM, formula
 * injection, scoping), and the list's `total` without a count per page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DealSchema,
  HistorySchema,
  LaneSummarySchema,
  VendorDealSchema,
  asExitCriteriaProblem,
  asStaleWriteProblem,
  stagesOf,
  type Deal,
  type LaneSummary,
} from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { expectProblem, makeServer, mint, vendorQuery, type Caller } from './helpers.js';

let srv: PartnerkitServer;
let nw: Caller;
let co: Caller;
let cm: Caller;

before(async () => {
  srv = await makeServer();
  nw = await mint(srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user', name: 'Nora Whitfield' });
  co = await mint(srv, { userId: 'u_co_admin', partnerId: 'p_contoso', role: 'partner_admin' });
  cm = await mint(srv, { userId: 'u_cm', partnerId: null, role: 'channel_manager', name: 'Morgan Vendor' });
});
after(async () => {
  await srv?.close();
});

async function send(caller: Caller, method: string, path: string, body?: unknown, raw?: string): Promise<Response> {
  return srv.app.request(path, {
    method,
    headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
}

async function getDeal(caller: Caller, id: string): Promise<Deal> {
  const res = await caller.get(`/v1/deals/${id}`);
  assert.equal(res.status, 200);
  return DealSchema.parse(await res.json());
}

/** A Northwind deal in `stageIndex` of its motion with `status`, made ready to move (or not). */
async function plantDeal(opts: { stageIndex: number; status: string; partnerId?: string; motion?: string; ready?: boolean }): Promise<string> {
  const motion = (opts.motion ?? 'reseller') as 'reseller';
  const id = `dl_test_${Math.random().toString(36).slice(2, 10)}`;
  const ready = opts.ready ?? true;
  await vendorQuery(
    srv,
    `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, owner_name, next_step,
       stage_note, stage_note_updated_at, attribution_type, attribution_percent, amount_value, currency, expected_close_date,
       last_activity_at, created_at)
     VALUES ($1, $2, $3, $4, $5, 'Planted Co', 'planted.example', 'Nora Whitfield', $6, $7, $8, 'sourced', 100, 1234.5, 'EUR',
       DATE '2027-03-01', now(), now())`,
    [id, opts.partnerId ?? 'p_northwind', motion, stagesOf(motion)[opts.stageIndex], opts.status,
      ready ? 'Send the quote' : null, ready ? 'Budget confirmed' : null, ready ? new Date().toISOString() : null],
  );
  return id;
}

describe('PATCH /v1/deals/{id}', () => {
  it('edits the next step and stage note: new version, history entries, deal.updated event', async () => {
    const id = await plantDeal({ stageIndex: 1, status: 'approved' });
    const before = await getDeal(nw, id);
    assert.equal(before.version, 1);
    const res = await send(nw, 'PATCH', `/v1/deals/${id}`, { version: 1, nextStep: '  Book the workshop ', stageNote: 'Champion is the CFO' });
    assert.equal(res.status, 200, await res.clone().text());
    const deal = DealSchema.parse(await res.json());
    assert.equal(deal.nextStep, 'Book the workshop');
    assert.equal(deal.stageNote?.text, 'Champion is the CFO');
    assert.ok(Date.now() - Date.parse(deal.stageNote!.updatedAt) < 60_000);
    assert.ok(deal.version! > 1);
    const history = HistorySchema.parse(await (await nw.get(`/v1/deals/${id}/history`)).json());
    const actions = history.items.map((h) => h.action);
    assert.deepEqual(actions.slice(-2).sort(), ['next-step-updated', 'stage-note-updated']);
    const noteEntry = history.items.find((h) => h.action === 'stage-note-updated')!;
    assert.deepEqual(noteEntry.change, { from: 'Budget confirmed', to: 'Champion is the CFO' });
    assert.equal(noteEntry.actor.name, 'Nora Whitfield');
    const events = await vendorQuery<{ type: string; partner_id: string }>(srv, "SELECT type, partner_id FROM event_outbox WHERE data->>'id' = $1 ORDER BY id", [id]);
    assert.deepEqual(events.rows.map((e) => [e.type, e.partner_id]), [['deal.updated', 'p_northwind']]);
  });

  it('moves the stage when the exit criteria are met, with a stage-moved history entry', async () => {
    const id = await plantDeal({ stageIndex: 1, status: 'approved' });
    const res = await send(nw, 'PATCH', `/v1/deals/${id}`, { version: 1, stage: 'configure-quote' });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(DealSchema.parse(await res.json()).stage, 'configure-quote');
    const history = HistorySchema.parse(await (await nw.get(`/v1/deals/${id}/history`)).json());
    const moved = history.items.find((h) => h.action === 'stage-moved');
    assert.deepEqual(moved?.change, { from: 'qualification', to: 'configure-quote' });
  });

  // The criteria table end to end: each row a deal state, a target, and what the 422 lists.
  const table: Array<{ name: string; stageIndex: number; status: string; ready: boolean; patch: Record<string, unknown>; missing: string[] | null }> = [
    { name: 'pending registration may not leave the first stage', stageIndex: 0, status: 'pending', ready: true, patch: { stage: 'qualification' }, missing: ['registration-approved'] },
    { name: 'approved registration leaves the first stage', stageIndex: 0, status: 'approved', ready: true, patch: { stage: 'qualification' }, missing: null },
    { name: 'no next step and no stage note', stageIndex: 1, status: 'approved', ready: false, patch: { stage: 'configure-quote' }, missing: ['next-step', 'stage-note-fresh'] },
    { name: 'the same request may supply them', stageIndex: 1, status: 'approved', ready: false, patch: { stage: 'configure-quote', nextStep: 'Quote', stageNote: 'Fresh' }, missing: null },
    { name: 'into the last stage needs amount and close date confirmed', stageIndex: 3, status: 'approved', ready: true, patch: { stage: 'launch-enable' }, missing: ['amount-confirmed', 'close-date-confirmed'] },
    { name: 'confirming them in the same request lets it move', stageIndex: 3, status: 'approved', ready: true, patch: { stage: 'launch-enable', amountConfirmed: true, closeDateConfirmed: true }, missing: null },
    { name: 'a declined deal does not move', stageIndex: 1, status: 'declined', ready: true, patch: { stage: 'deal-registration' }, missing: ['deal-open'] },
    { name: 'skipping stages needs every criterion on the way', stageIndex: 0, status: 'pending', ready: false, patch: { stage: 'launch-enable' }, missing: ['registration-approved', 'next-step', 'stage-note-fresh', 'amount-confirmed', 'close-date-confirmed'] },
  ];
  for (const row of table) {
    it(`criteria: ${row.name}`, async () => {
      const id = await plantDeal({ stageIndex: row.stageIndex, status: row.status, ready: row.ready });
      const res = await send(nw, 'PATCH', `/v1/deals/${id}`, { version: 1, ...row.patch });
      if (row.missing === null) {
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal(DealSchema.parse(await res.json()).stage, row.patch.stage);
        return;
      }
      const body = await expectProblem(res, 422, 'stage', 'exit_criteria_unmet');
      const problem = asExitCriteriaProblem(body);
      assert.ok(problem, JSON.stringify(body));
      assert.deepEqual(problem.missing, row.missing);
      assert.equal(problem.to, row.patch.stage);
      // Nothing was written: not the stage, not the other fields of the refused request.
      const after = await getDeal(nw, id);
      assert.equal(after.stage, stagesOf('reseller')[row.stageIndex]);
      assert.equal(after.version, 1);
    });
  }

  it('refuses a stage of another motion with 422 naming stage', async () => {
    const id = await plantDeal({ stageIndex: 1, status: 'approved' });
    await expectProblem(await send(nw, 'PATCH', `/v1/deals/${id}`, { version: 1, stage: 'validate' }), 422, 'stage', 'invalid_choice');
  });

  it('refuses a stale write with 409 carrying the fresh deal; a retry of an applied change is idempotent', async () => {
    const id = await plantDeal({ stageIndex: 1, status: 'approved' });
    const first = await send(cm, 'PATCH', `/v1/deals/${id}`, { version: 1, nextStep: 'Manager changed this' });
    assert.equal(first.status, 200);
    assert.ok(VendorDealSchema.safeParse(await first.json()).success, 'a channel manager gets the vendor view');
    const stale = await send(nw, 'PATCH', `/v1/deals/${id}`, { version: 1, nextStep: 'Partner change' });
    const body = await expectProblem(stale, 409, 'version', 'stale');
    const problem = asStaleWriteProblem(body);
    assert.ok(problem);
    assert.equal(problem.deal.nextStep, 'Manager changed this');
    assert.equal(problem.deal.version, 2);
    assert.ok(!('discountBand' in problem.deal), 'the fresh deal is the partner view');
    // The same change sent again with the old version: nothing to do, 200 with the deal as it is.
    const retry = await send(cm, 'PATCH', `/v1/deals/${id}`, { version: 1, nextStep: 'Manager changed this' });
    assert.equal(retry.status, 200);
    assert.equal((await getDeal(nw, id)).version, 2);
  });

  it("is a 404 for another partner's deal and for an unknown id, whatever the body", async () => {
    const id = await plantDeal({ stageIndex: 1, status: 'approved', partnerId: 'p_contoso', motion: 'services' });
    await expectProblem(await send(nw, 'PATCH', `/v1/deals/${id}`, { version: 1, nextStep: 'x' }), 404);
    await expectProblem(await send(nw, 'PATCH', `/v1/deals/${id}`, { nope: true }), 404);
    await expectProblem(await send(nw, 'PATCH', '/v1/deals/dl_does_not_exist', { version: 1, nextStep: 'x' }), 404);
    assert.equal((await getDeal(co, id)).nextStep, 'Send the quote');
  });

  const bad: Array<[string, unknown, string, string]> = [
    ['no version', { nextStep: 'x' }, 'version', 'required'],
    ['version not an integer', { version: 1.5, nextStep: 'x' }, 'version', 'not_an_integer'],
    ['nothing to change', { version: 1 }, '', 'required'],
    ['unknown stage', { version: 1, stage: 'heaven' }, 'stage', 'invalid_choice'],
    ['next step too long', { version: 1, nextStep: 'x'.repeat(501) }, 'nextStep', 'too_long'],
    ['stage note not text', { version: 1, stageNote: 42 }, 'stageNote', 'invalid_type'],
    ['vendor-only field', { version: 1, discountBand: 'A' }, 'discountBand', 'unknown_field'],
    ['confirmation not boolean', { version: 1, amountConfirmed: 'yes' }, 'amountConfirmed', 'invalid_type'],
  ];
  for (const [label, body, path, code] of bad) {
    it(`bad input: ${label} → 422 naming ${path || 'the body'}`, async () => {
      const id = await plantDeal({ stageIndex: 1, status: 'approved' });
      await expectProblem(await send(nw, 'PATCH', `/v1/deals/${id}`, body), 422, path, code);
    });
  }
  it('bad input: not JSON → 400, wrong content type → 415', async () => {
    const id = await plantDeal({ stageIndex: 1, status: 'approved' });
    await expectProblem(await send(nw, 'PATCH', `/v1/deals/${id}`, undefined, '{"version":'), 400);
    const res = await srv.app.request(`/v1/deals/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${nw.token}`, 'content-type': 'text/plain' }, body: 'x' });
    await expectProblem(res, 415);
  });
});

describe('GET /v1/deals/summary', () => {
  async function summary(caller: Caller, qs = ''): Promise<LaneSummary> {
    const res = await caller.get(`/v1/deals/summary${qs}`);
    assert.equal(res.status, 200, await res.clone().text());
    return LaneSummarySchema.parse(await res.json());
  }
  /** The same figures straight from the deals table. */
  async function truth(where: string, params: unknown[]) {
    const { rows } = await vendorQuery<{ motion: string; stage: string; status: string; currency: string; n: number; amount: string }>(
      srv,
      `SELECT motion, stage, status, currency, count(*)::int AS n, sum(amount_value)::text AS amount FROM deals WHERE ${where} GROUP BY 1, 2, 3, 4`,
      params,
    );
    return rows;
  }

  it("gives a partner true counts and per-currency amounts of its whole pipeline; closed deals only in the closed area", async () => {
    const s = await summary(nw, '?motion=reseller');
    assert.deepEqual(s.lanes.map((l) => l.stage), stagesOf('reseller'));
    const rows = await truth("partner_id = 'p_northwind' AND motion = 'reseller'", []);
    for (const lane of s.lanes) {
      const open = rows.filter((r) => r.stage === lane.stage && !['declined', 'lost', 'expired'].includes(r.status));
      assert.equal(lane.count, open.reduce((a, r) => a + r.n, 0), lane.stage);
      const byCurrency = new Map<string, number>();
      for (const r of open) byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + Number(r.amount));
      assert.deepEqual(lane.amounts, [...byCurrency].sort(([a], [b]) => a.localeCompare(b)).map(([currency, value]) => ({ currency, value })));
    }
    for (const area of s.closed) assert.equal(area.count, rows.filter((r) => r.status === area.status).reduce((a, r) => a + r.n, 0), area.status);
    assert.equal(s.total, rows.reduce((a, r) => a + r.n, 0));
    assert.ok(s.lanes.some((l) => l.count > 25) || s.total > 25, 'counts are not per page');
  });

  it('follows changes (counters kept by the database), filters by status and q, and scopes a partner', async () => {
    const before = await summary(nw, '?motion=reseller');
    const id = await plantDeal({ stageIndex: 2, status: 'approved' });
    const after = await summary(nw, '?motion=reseller');
    assert.equal(after.lanes[2].count, before.lanes[2].count + 1);
    await send(nw, 'PATCH', `/v1/deals/${id}`, { version: 1, stage: 'qualification' });
    const moved = await summary(nw, '?motion=reseller');
    assert.equal(moved.lanes[2].count, before.lanes[2].count);
    assert.equal(moved.lanes[1].count, before.lanes[1].count + 1);

    const lost = await summary(nw, '?status=lost');
    assert.ok(lost.lanes.every((l) => l.count === 0));
    assert.equal(lost.total, lost.closed.find((c) => c.status === 'lost')!.count);

    const q = await summary(nw, '?q=planted');
    assert.equal(q.total, Number((await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM deals WHERE partner_id = 'p_northwind' AND customer_company = 'Planted Co'")).rows[0].n));
    // Contoso's summary shows no Northwind deals: its lanes are its own motions' totals.
    const contoso = await summary(co);
    const contosoTotal = Number((await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM deals WHERE partner_id = 'p_contoso'")).rows[0].n);
    assert.equal(contoso.total, contosoTotal);
    const all = await summary(cm);
    assert.equal(all.total, Number((await vendorQuery<{ n: number }>(srv, 'SELECT count(*)::int AS n FROM deals')).rows[0].n));
  });

  it('bad query → 400 naming the parameter', async () => {
    await expectProblem(await nw.get('/v1/deals/summary?motion=nope'), 400, 'motion');
    await expectProblem(await nw.get('/v1/deals/summary?stage=validate'), 400, 'stage', 'unknown_parameter');
    await expectProblem(await nw.get(`/v1/deals/summary?q=${'x'.repeat(201)}`), 400, 'q');
  });
});

describe('GET /v1/deals/export.csv', () => {
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
        else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') row.push(cell), (cell = '');
      else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
      else cell += ch;
    }
    return rows;
  }

  it('streams the filtered, sorted view: BOM, header, every matching deal, safe columns for a partner', async () => {
    const res = await nw.get('/v1/deals/export.csv?motion=reseller&sort=amount');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="deals-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const rows = parseCsv(new TextDecoder().decode(bytes).slice(1));
    const [header, ...data] = rows;
    assert.ok(header.includes('company') && header.includes('nextStep'));
    for (const vendorOnly of ['discountBand', 'internalNotes', 'partners', 'partnerName']) assert.ok(!header.includes(vendorOnly), vendorOnly);
    const { rows: expected } = await vendorQuery<{ id: string }>(srv, "SELECT id FROM deals WHERE partner_id = 'p_northwind' AND motion = 'reseller' ORDER BY amount_sort, id");
    assert.deepEqual(data.map((r) => r[0]), expected.map((r) => r.id), 'same filter and sort as the list, every page');
  });

  it('defuses formulas and quotes separators', async () => {
    const id = await plantDeal({ stageIndex: 1, status: 'approved' });
    const res = await send(nw, 'PATCH', `/v1/deals/${id}`, { version: 1, nextStep: '=HYPERLINK("http://evil.example","click")', stageNote: '@SUM(1,2)\nline two' });
    assert.equal(res.status, 200);
    await vendorQuery(srv, "UPDATE deals SET customer_company = '+cmd|'' /C calc''!A0', owner_name = '-2+3' WHERE id = $1", [id]);
    const text = (await (await nw.get('/v1/deals/export.csv?q=planted.example')).text()).slice(1);
    const rows = parseCsv(text);
    const header = rows[0];
    const row = rows.find((r) => r[0] === id)!;
    assert.ok(row, text);
    const col = (name: string) => row[header.indexOf(name)];
    assert.equal(col('nextStep'), `'=HYPERLINK("http://evil.example","click")`);
    assert.equal(col('stageNote'), `'@SUM(1,2)\nline two`);
    assert.equal(col('company'), `'+cmd|' /C calc'!A0`);
    assert.equal(col('owner'), `'-2+3`);
  });

  it("gives a channel manager the vendor columns; a partner never sees another partner's deals", async () => {
    const res = await cm.get('/v1/deals/export.csv?status=approved');
    const rows = parseCsv((await res.text()).slice(1));
    assert.ok(rows[0].includes('discountBand') && rows[0].includes('partnerName'));
    const partners = new Set(rows.slice(1).map((r) => r[rows[0].indexOf('partnerId')]));
    assert.ok(partners.size > 1);
    const nwRows = parseCsv((await (await nw.get('/v1/deals/export.csv')).text()).slice(1));
    const ids = nwRows.slice(1).map((r) => r[0]);
    const { rows: foreign } = await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM deals WHERE id = ANY($1::text[]) AND partner_id <> 'p_northwind'", [ids]);
    assert.equal(foreign[0].n, 0);
    assert.equal(ids.length, Number((await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM deals WHERE partner_id = 'p_northwind'")).rows[0].n));
  });

  it('bad query → 400 naming the parameter, before any CSV', async () => {
    await expectProblem(await nw.get('/v1/deals/export.csv?sort=discountBand'), 400, 'sort');
    await expectProblem(await nw.get('/v1/deals/export.csv?cursor=abc'), 400, 'cursor', 'unknown_parameter');
  });
});

describe('GET /v1/deals: total without a count per page', () => {
  it('is exact from the counters without q, and matches the table', async () => {
    const res = await nw.get('/v1/deals?limit=5&status=approved');
    const body = (await res.json()) as { total: number; totalIsEstimate?: boolean };
    const n = Number((await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM deals WHERE partner_id = 'p_northwind' AND status = 'approved'")).rows[0].n);
    assert.equal(body.total, n);
    assert.equal(body.totalIsEstimate, undefined);
  });
  it('searches company, domain, owner and next step through the index, case-insensitively', async () => {
    const id = await plantDeal({ stageIndex: 1, status: 'approved' });
    await vendorQuery(srv, "UPDATE deals SET next_step = 'Call Zyxwv about 50% off' WHERE id = $1", [id]);
    for (const q of ['zyxwv', 'ZYXWV', '50%', 'PLANTED.EXAMPLE']) {
      const body = (await (await nw.get(`/v1/deals?q=${encodeURIComponent(q)}`)).json()) as { items: Deal[]; total: number };
      assert.ok(body.items.some((d) => d.id === id), q);
      assert.equal(body.total, body.items.length, q);
    }
    const none = (await (await co.get('/v1/deals?q=zyxwv')).json()) as { total: number };
    assert.equal(none.total, 0, "another partner's deal is not found");
  });
  it('a search counts once, on its first page: above 1,000 matches an estimate, carried by the cursor; a forged one is a 400', async () => {
    await vendorQuery(
      srv,
      `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, owner_name, attribution_type,
         attribution_percent, amount_value, currency, expected_close_date, last_activity_at, created_at, customer_domain_key, customer_company_key)
       SELECT 'many_' || i, 'p_northwind', 'reseller', 'qualification', 'approved', 'Qwertz Many ' || i, 'many-' || i || '.example', 'Nora',
              'sourced', 100, 1000, 'USD', DATE '2027-01-01', now() - (i || ' seconds')::interval, now(), 'many-' || i || '.example', 'qwertz many ' || i
         FROM generate_series(1, 1100) AS i`,
    );
    try {
      type Page = { items: Deal[]; total: number; totalIsEstimate?: boolean; nextCursor: string | null };
      const first = (await (await nw.get('/v1/deals?q=qwertz&limit=100')).json()) as Page;
      assert.equal(first.total, 1000);
      assert.equal(first.totalIsEstimate, true);
      let cursor = first.nextCursor;
      let seen = first.items.length;
      while (cursor) {
        const page = (await (await nw.get(`/v1/deals?q=qwertz&limit=100&cursor=${encodeURIComponent(cursor)}`)).json()) as Page;
        assert.equal(page.total, 1000);
        assert.equal(page.totalIsEstimate, true);
        seen += page.items.length;
        cursor = page.nextCursor;
      }
      assert.equal(seen, 1100, 'every match is listed, the estimate only bounds the total');
      const rare = (await (await nw.get('/v1/deals?q=qwertz%20many%2010&limit=5')).json()) as Page;
      const { rows } = await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM deals WHERE lower(customer_company) LIKE '%qwertz many 10%'");
      assert.equal(rare.total, rows[0].n);
      assert.equal(rare.totalIsEstimate, undefined);
      const next = (await (await nw.get(`/v1/deals?q=qwertz%20many%2010&limit=5&cursor=${encodeURIComponent(rare.nextCursor!)}`)).json()) as Page;
      assert.equal(next.total, rows[0].n, 'the next page carries the count');
      // Every page, in order, whichever way the matches are found: the common word's pages walk
      // the sort's order, the rare phrase's pages sort its few matches (first page and later).
      const sorts = [['-lastActivityAt', 'last_activity_at DESC, id DESC'], ['customer', 'customer_sort, id'], ['-stage', 'stage_sort DESC, id DESC']];
      for (const [q, limit] of [['qwertz', 100], ['qwertz many 10', 5]] as const) {
        for (const [sort, order] of sorts) {
          const { rows: want } = await vendorQuery<{ id: string }>(srv, `SELECT id FROM deals WHERE lower(customer_company) LIKE $1 ORDER BY ${order}`, [`%${q}%`]);
          for (const [who, client] of [['partner', nw], ['manager', cm]] as const) {
            const ids: string[] = [];
            let at: string | null = '';
            while (at !== null) {
              const page = (await (await client.get(`/v1/deals?q=${encodeURIComponent(q)}&sort=${sort}&limit=${limit}${at ? `&cursor=${encodeURIComponent(at)}` : ''}`)).json()) as Page;
              ids.push(...page.items.map((d) => d.id));
              at = page.nextCursor;
            }
            assert.deepEqual(ids, want.map((r) => r.id), `${q}, ${sort}, ${who}`);
          }
        }
      }
      const forged = JSON.parse(Buffer.from(rare.nextCursor!, 'base64url').toString('utf8'));
      for (const t of [5000, -1, 1.5, 'x']) {
        const bad = Buffer.from(JSON.stringify({ ...forged, t }), 'utf8').toString('base64url');
        await expectProblem(await nw.get(`/v1/deals?q=qwertz%20many%2010&limit=5&cursor=${bad}`), 400, 'cursor');
      }
    } finally {
      await vendorQuery(srv, "DELETE FROM deals WHERE id LIKE 'many\\_%'");
    }
  });
});

describe('OpenAPI', () => {
  it('lists PATCH /v1/deals/{id}, the summary and the export, with their schemas', async () => {
    const doc = (await (await srv.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };
    assert.ok(doc.paths['/v1/deals/{id}'].get && doc.paths['/v1/deals/{id}'].patch);
    assert.ok(doc.paths['/v1/deals/summary'].get);
    assert.ok(doc.paths['/v1/deals/export.csv'].get.responses['200'].content['text/csv']);
    for (const s of ['DealPatch', 'ExitCriteriaProblem', 'StaleWriteProblem', 'LaneSummary']) assert.ok(doc.components.schemas[s], s);
    assert.ok(doc.components.schemas.DealPatch.required.includes('version'));
    assert.ok(doc.components.schemas.Deal.properties.version);
    assert.ok(doc.components.schemas.DealList.properties.totalIsEstimate);
    assert.deepEqual(doc.paths['/v1/deals/summary'].get.parameters.map((p: { name: string }) => p.name).sort(), ['motion', 'q', 'status']);
  });
});

describe('demo data for the deal panel', () => {
  it('seeded deals have partner contacts by role, stage notes of varied ages, next steps and some confirmations', async () => {
    const res = await nw.get('/v1/deals?limit=100');
    const items = ((await res.json()) as { items: Deal[] }).items.filter((d) => !d.id.startsWith('dl_test_'));
    assert.ok(items.length > 20);
    assert.ok(items.every((d) => d.partnerContacts?.some((c) => c.role === 'AE' && c.name === d.owner)), 'the owner is the AE');
    assert.ok(items.some((d) => d.partnerContacts?.some((c) => c.role === 'SE')));
    const ages = items.filter((d) => d.stageNote).map((d) => (Date.now() - Date.parse(d.stageNote!.updatedAt)) / 86_400_000);
    assert.ok(ages.some((a) => a < 7) && ages.some((a) => a > 7), 'fresh and stale notes');
    assert.ok(items.some((d) => d.nextStep));
    assert.ok(items.some((d) => d.amountConfirmedAt) && items.some((d) => d.stage === 'transact' && !d.closeDateConfirmedAt));
  });
});
