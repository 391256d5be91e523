import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictCheckSchema, DealSchema, HistorySchema, ReviewQueueSchema, VendorDealSchema, type DealRegistrationInput } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { expectProblem, makeServer, mint, vendorQuery, type Caller } from './helpers.js';

const T0 = new Date('2026-03-02T09:00:00Z');
let clock = T0;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function registration(overrides: Partial<DealRegistrationInput> = {}): DealRegistrationInput {
  return {
    motion: 'reseller',
    dealType: 'new',
    customer: { company: 'Quokka Zylophonics GmbH', domain: 'https://www.quokka-zylo.de/kontakt', contact: { name: 'Jana Roth', email: 'jana@quokka-zylo.de' } },
    amount: { value: 48000, currency: 'EUR' },
    expectedCloseDate: '2026-06-30',
    description: 'Consolidating three legacy CRMs; workshop held on 2026-02-20.',
    attribution: { type: 'sourced', percent: 100 },
    partnerContacts: [{ name: 'Nora Whitfield', email: 'nora@northwind.example', role: 'AE' }],
    ...overrides,
  };
}

interface Api extends Caller {
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

async function caller(srv: PartnerkitServer, userId: string, partnerId: string | null, name: string): Promise<Api> {
  const c = await mint(srv, { userId, partnerId, role: partnerId ? 'partner_user' : 'channel_manager', name });
  return {
    ...c,
    post: async (path, body, headers = {}) =>
      srv.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

/** Acknowledges the current rules the way a partner does: read the current version, acknowledge it. */
export async function acknowledgeRules(api: Api): Promise<void> {
  const current = (await (await api.get('/v1/rules/current')).json()) as { version: number; bodySha256: string };
  const res = await api.post(`/v1/rules/${current.version}/acknowledgements`, { bodySha256: current.bodySha256 });
  assert.ok(res.ok, await res.text());
}

describe('deal registration', () => {
  let srv: PartnerkitServer;
  let nw: Api; // Northwind (gold, no marketplace certification)
  let co: Api; // Contoso
  let fa: Api; // Fabrikam (marketplace certified)
  let cm: Api;

  before(async () => {
    srv = await makeServer({ now: () => clock, jobIntervalMs: 0 });
    nw = await caller(srv, 'u_nw_rep', 'p_northwind', 'Nora Whitfield');
    co = await caller(srv, 'u_co_rep', 'p_contoso', 'Carlos Ortega');
    fa = await caller(srv, 'u_fa_rep', 'p_fabrikam', 'Fiona Marsh');
    cm = await caller(srv, 'u_cm', null, 'Morgan Lee');
  });
  after(() => srv.close());

  it('refuses with 409 until the current rules are acknowledged', async () => {
    // The seed has these users acknowledge version 2; the channel manager publishes version 3.
    const published = await cm.post('/v1/rules', { title: 'Rules 2026 (v3)', body: '# Rules\n\nRegister first.', summary: 'Shorter.' });
    assert.equal(published.status, 201, await published.clone().text());
    const body = await expectProblem(await nw.post('/v1/deals', registration()), 409);
    assert.match(String(body.type), /rules-not-acknowledged/);
    assert.equal(body.currentVersion, 3);
    assert.match(String(body.detail), /version 3/);
    await acknowledgeRules(nw);
    await acknowledgeRules(co);
    await acknowledgeRules(fa);
  });

  const badBodies: Array<[string, unknown, string, string]> = [
    ['missing motion', { ...registration(), motion: undefined }, 'motion', 'required'],
    ['unknown motion', registration({ motion: 'cars' as never }), 'motion', 'invalid_choice'],
    ['missing deal type', { ...registration(), dealType: undefined }, 'dealType', 'required'],
    ['blank company', registration({ customer: { ...registration().customer, company: '  ' } }), 'customer.company', 'required'],
    ['not a domain', registration({ customer: { ...registration().customer, domain: 'not a domain' } }), 'customer.domain', 'invalid_domain'],
    ['a bare public suffix', registration({ customer: { ...registration().customer, domain: 'co.uk' } }), 'customer.domain', 'invalid_domain'],
    ['bad contact email', registration({ customer: { ...registration().customer, contact: { name: 'J', email: 'nope' } } }), 'customer.contact.email', 'invalid_email'],
    ['zero amount', registration({ amount: { value: 0, currency: 'EUR' } }), 'amount.value', 'too_small'],
    ['amount as a string', registration({ amount: { value: '10' as never, currency: 'EUR' } }), 'amount.value', 'not_a_number'],
    ['lower-case currency', registration({ amount: { value: 10, currency: 'eur' } }), 'amount.currency', 'invalid_currency'],
    ['bad close date', registration({ expectedCloseDate: '30/06/2026' }), 'expectedCloseDate', 'invalid_date'],
    ['close date in the past', registration({ expectedCloseDate: '2026-01-01' }), 'expectedCloseDate', 'date_in_past'],
    ['short description', registration({ description: 'hi' }), 'description', 'too_short'],
    ['percent over 100', registration({ attribution: { type: 'influenced', percent: 120 } }), 'attribution.percent', 'too_big'],
    ['no partner contacts', registration({ partnerContacts: [] }), 'partnerContacts', 'required'],
    ['contact without role', registration({ partnerContacts: [{ name: 'A', email: 'a@b.co', role: 'CEO' as never }] }), 'partnerContacts.0.role', 'invalid_choice'],
    ['services without scope', registration({ motion: 'services' }), 'details.servicesScope', 'required'],
    ['locked motion (certification)', registration({ motion: 'marketplace', details: { cloudMarketplace: 'aws' } }), 'motion', 'certification_required'],
    ['an array', [], '', 'invalid_type'],
  ];
  for (const [name, body, path, code] of badBodies) {
    it(`422 naming the field and its code: ${name}`, async () => {
      await expectProblem(await nw.post('/v1/deals', body), 422, path, code);
    });
  }

  it('400/415 for malformed bodies, never a 500', async () => {
    await expectProblem(await nw.post('/v1/deals', '{'), 400);
    const res = await srv.app.request('/v1/deals', { method: 'POST', headers: { authorization: `Bearer ${nw.token}`, 'content-type': 'text/plain' }, body: 'x' });
    await expectProblem(res, 415);
    await expectProblem(await nw.post('/v1/deals', registration(), { 'Idempotency-Key': 'x'.repeat(300) }), 422, 'Idempotency-Key');
  });

  it('a channel manager cannot register', async () => {
    await expectProblem(await cm.post('/v1/deals', registration()), 403);
  });

  let firstId = '';
  it('registers a pending deal with the SLA and the first stage of its motion', async () => {
    const res = await nw.post('/v1/deals', registration(), { 'Idempotency-Key': 'k-first' });
    assert.equal(res.status, 201, await res.clone().text());
    const deal = DealSchema.parse(await res.json());
    firstId = deal.id;
    assert.equal(res.headers.get('location'), `/v1/deals/${deal.id}`);
    assert.equal(deal.status, 'pending');
    assert.equal(deal.stage, 'deal-registration');
    assert.equal(deal.customer.domain, 'quokka-zylo.de');
    assert.equal(deal.slaDueAt, new Date(T0.getTime() + 48 * HOUR).toISOString());
    assert.equal(deal.conflict.status, 'none');
    assert.equal(deal.protection, null);
  });

  it('Idempotency-Key: same key and body replays; other body is 422; in flight is 409', async () => {
    const again = await nw.post('/v1/deals', registration(), { 'Idempotency-Key': 'k-first' });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(DealSchema.parse(await again.json()).id, firstId);
    const { rows } = await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM deals WHERE customer_domain_key = 'quokka-zylo.de'");
    assert.equal(Number(rows[0].n), 1);
    // Key order does not change the body.
    const reordered = Object.fromEntries(Object.entries(registration()).reverse());
    assert.equal((await nw.post('/v1/deals', reordered, { 'Idempotency-Key': 'k-first' })).headers.get('idempotent-replayed'), 'true');
    await expectProblem(await nw.post('/v1/deals', registration({ description: 'Something else entirely, at length.' }), { 'Idempotency-Key': 'k-first' }), 422, 'Idempotency-Key');
    // Keys are per user: another user's same key is a new request (here: blocked by the conflict of its own, not replayed).
    await vendorQuery(srv, "INSERT INTO idempotency_keys (user_id, key, partner_id, request_hash, state, created_at) VALUES ('u_nw_rep', 'k-busy', 'p_northwind', $1, 'in_flight', $2)", [
      (await import('../../server/idempotency.js')).requestHash(registration()), clock.toISOString(),
    ]);
    const busy = await nw.post('/v1/deals', registration(), { 'Idempotency-Key': 'k-busy' });
    assert.equal(busy.headers.get('retry-after'), '1');
    await expectProblem(busy, 409);
    // A failed request frees its key: the same key works once the body is fixed... with the same body.
    await expectProblem(await nw.post('/v1/deals', registration({ description: 'x' }), { 'Idempotency-Key': 'k-fail' }), 422, 'description');
    const { rows: left } = await vendorQuery(srv, "SELECT 1 FROM idempotency_keys WHERE key = 'k-fail'");
    assert.equal(left.length, 0);
  });

  it('the second partner sees the conflict in another spelling, never who holds it', async () => {
    const check = await co.get('/v1/deals/conflicts?domain=' + encodeURIComponent('HTTP://Sales.QUOKKA-ZYLO.de./') + '&company=' + encodeURIComponent('quokka zylophonics'));
    assert.equal(check.status, 200);
    const text = await check.text();
    const body = ConflictCheckSchema.parse(JSON.parse(text));
    assert.equal(body.status, 'risk');
    assert.equal(body.domain, 'quokka-zylo.de');
    assert.ok(body.reason && body.reason.length > 10);
    for (const secret of ['p_northwind', 'Northwind', 'Nora', 'u_nw_rep']) assert.ok(!text.includes(secret), `leaks ${secret}: ${text}`);
    // By company name alone, with accents and a legal suffix.
    const byName = ConflictCheckSchema.parse(await (await co.get('/v1/deals/conflicts?company=' + encodeURIComponent('Quokka Zylophonics S.A.'))).json());
    assert.equal(byName.status, 'risk');
    // Registering anyway records the conflict on the deal, still without the other's identity.
    const res = await co.post('/v1/deals', registration({ motion: 'services', details: { servicesScope: 'CRM migration' }, customer: { company: 'QUOKKA ZYLOPHONICS', domain: 'quokka-zylo.de', contact: { name: 'J', email: 'j@quokka-zylo.de' } }, partnerContacts: [{ name: 'Carlos Ortega', email: 'c@contoso.example', role: 'SE' }] }));
    const created = await res.text();
    assert.equal(res.status, 201, created);
    assert.equal(DealSchema.parse(JSON.parse(created)).conflict.status, 'risk');
    for (const secret of ['p_northwind', 'Northwind', 'u_nw_rep']) assert.ok(!created.includes(secret));
    const unrelated = ConflictCheckSchema.parse(await (await co.get('/v1/deals/conflicts?domain=never-seen-before-xyz.com')).json());
    assert.equal(unrelated.status, 'none');
  });

  it('conflicts: bad input is a 400 naming the parameter', async () => {
    await expectProblem(await co.get('/v1/deals/conflicts'), 400, 'domain');
    await expectProblem(await co.get('/v1/deals/conflicts?domain=localhost'), 400, 'domain');
    await expectProblem(await co.get('/v1/deals/conflicts?domian=a.com'), 400, 'domian');
    await expectProblem(await co.get('/v1/deals/conflicts?domain=a.com&motion=cars'), 400, 'motion');
    await expectProblem(await co.get('/v1/deals/conflicts?domain=' + 'a'.repeat(300) + '.com'), 400, 'domain');
  });

  it('the review queue shows the channel manager both, ordered by SLA, with the evidence and partners', async () => {
    await expectProblem(await nw.get('/v1/deals/review-queue'), 403);
    const q = ReviewQueueSchema.parse(await (await cm.get('/v1/deals/review-queue')).json());
    const dues = q.items.map((i) => i.dueAt ?? '');
    assert.deepEqual([...dues].sort(), dues);
    const mine = q.items.find((i) => i.deal.id === firstId);
    assert.ok(mine);
    assert.ok(mine.evidence.some((e) => e.partner.id === 'p_contoso' && e.match === 'domain'));
    assert.equal(q.policy.protectionDays, 90);
    assert.ok(q.items.some((i) => i.overdue), 'seeded pending deals past their SLA are overdue');
  });

  it('decisions: channel manager only, reason to decline, protection within 60–90 days, once', async () => {
    await expectProblem(await nw.post(`/v1/deals/${firstId}/decision`, { decision: 'approve' }), 403);
    await expectProblem(await co.post(`/v1/deals/${firstId}/decision`, { decision: 'approve' }), 404);
    await expectProblem(await cm.post('/v1/deals/dl_nope/decision', { decision: 'approve' }), 404);
    await expectProblem(await cm.post(`/v1/deals/${firstId}/decision`, { decision: 'decline' }), 422, 'reason');
    await expectProblem(await cm.post(`/v1/deals/${firstId}/decision`, { decision: 'approve', protectionDays: 59 }), 422, 'protectionDays');
    await expectProblem(await cm.post(`/v1/deals/${firstId}/decision`, { decision: 'maybe' }), 422, 'decision');
    await expectProblem(await cm.post(`/v1/deals/${firstId}/decision`, 'nope'), 400);
    const res = await cm.post(`/v1/deals/${firstId}/decision`, { decision: 'approve', protectionDays: 60, reason: 'Registered first', internalNote: 'Contoso also chasing; vendor-only' });
    assert.equal(res.status, 200, await res.clone().text());
    const deal = VendorDealSchema.parse(await res.json());
    assert.equal(deal.status, 'approved');
    assert.equal(deal.protection?.startsAt, T0.toISOString());
    assert.equal(deal.protection?.endsAt, new Date(T0.getTime() + 60 * DAY).toISOString());
    await expectProblem(await cm.post(`/v1/deals/${firstId}/decision`, { decision: 'decline', reason: 'x' }), 409);
    // Now protected: the check says active.
    const check = ConflictCheckSchema.parse(await (await co.get('/v1/deals/conflicts?domain=quokka-zylo.de')).json());
    assert.equal(check.status, 'active');
  });

  it('extensions: the partner asks, the channel manager decides', async () => {
    await expectProblem(await nw.post(`/v1/deals/${firstId}/extension`, {}), 422, 'reason');
    await expectProblem(await co.post(`/v1/deals/${firstId}/extension`, { reason: 'x' }), 404);
    await expectProblem(await cm.post(`/v1/deals/${firstId}/extension`, { decision: 'approve' }), 409);
    const res = await nw.post(`/v1/deals/${firstId}/extension`, { reason: 'Customer board meets in May' });
    assert.equal(res.status, 201, await res.clone().text());
    await expectProblem(await nw.post(`/v1/deals/${firstId}/extension`, { reason: 'again' }), 409);
    await expectProblem(await nw.post(`/v1/deals/${firstId}/extension`, { reason: 'x', decision: 'approve' }), 422, 'decision');
    const q = ReviewQueueSchema.parse(await (await cm.get('/v1/deals/review-queue')).json());
    assert.ok(q.items.some((i) => i.kind === 'extension' && i.deal.id === firstId && i.extension?.days === 30));
    await expectProblem(await cm.post(`/v1/deals/${firstId}/extension`, {}), 422, 'decision');
    const ok = await cm.post(`/v1/deals/${firstId}/extension`, { decision: 'approve' });
    assert.equal(ok.status, 200, await ok.clone().text());
    const { deal } = (await ok.json()) as { deal: { protection: { endsAt: string } } };
    assert.equal(deal.protection.endsAt, new Date(T0.getTime() + 90 * DAY).toISOString());
  });

  it('history: who, when, why; the partner sees its own deal without vendor-only notes', async () => {
    const vendor = HistorySchema.parse(await (await cm.get(`/v1/deals/${firstId}/history`)).json());
    assert.deepEqual(vendor.items.map((i) => i.action), ['submitted', 'approved', 'extension-requested', 'extension-approved']);
    assert.equal(vendor.items[1].internalNote, 'Contoso also chasing; vendor-only');
    assert.equal(vendor.items[1].actor.name, 'Morgan Lee');
    const text = await (await nw.get(`/v1/deals/${firstId}/history`)).text();
    const partner = HistorySchema.parse(JSON.parse(text));
    assert.equal(partner.items.length, 4);
    assert.ok(!text.includes('vendor-only') && !text.includes('internalNote'));
    await expectProblem(await co.get(`/v1/deals/${firstId}/history`), 404);
    await expectProblem(await co.get(`/v1/deals/${firstId}/history?x=1`), 400, 'x');
  });

  it('the audit trail is append-only', async () => {
    await assert.rejects(vendorQuery(srv, "UPDATE deal_history SET reason = 'rewritten'"), /append-only|permission denied/);
    await assert.rejects(vendorQuery(srv, 'DELETE FROM deal_history'), /append-only|permission denied/);
  });

  it('the job: SLA overdue, reminder, expiry, inactivity — each once', async () => {
    // A fresh pending deal whose SLA passes.
    const res = await fa.post('/v1/deals', registration({ motion: 'marketplace', details: { cloudMarketplace: 'aws' }, customer: { company: 'Wombat Kinetics', domain: 'wombat-kinetics.io', contact: { name: 'W', email: 'w@wombat-kinetics.io' } } }));
    assert.equal(res.status, 201, await res.clone().text());
    const pendingId = DealSchema.parse(await res.json()).id;
    const at = (ms: number) => () => new Date(T0.getTime() + ms);
    const r1 = await srv.runJobs(at(49 * HOUR));
    assert.equal(r1.ran, true);
    const again = await srv.runJobs(at(49 * HOUR));
    assert.deepEqual({ ...again, ran: true }, { ran: true, expired: 0, reminded: 0, overdue: 0, flagged: 0 });
    const hist = async (id: string) => HistorySchema.parse(await (await cm.get(`/v1/deals/${id}/history`)).json()).items.map((i) => i.action);
    assert.ok((await hist(pendingId)).includes('sla-overdue'));
    // firstId: protection ends at T0+90d → reminder at 83d+, expiry at 90d.
    await srv.runJobs(at(84 * DAY));
    assert.ok((await hist(firstId)).includes('protection-reminder'));
    await srv.runJobs(at(91 * DAY));
    const h = await hist(firstId);
    assert.ok(h.includes('expired'));
    assert.equal(h.filter((a) => a === 'protection-reminder').length, 1);
    assert.equal(DealSchema.parse(await (await nw.get(`/v1/deals/${firstId}`)).json()).status, 'expired');
    assert.ok((await hist(pendingId)).includes('flagged-for-reassignment'));
  });

  it('the policy is readable by partners', async () => {
    const p = (await (await nw.get('/v1/deals/policy')).json()) as Record<string, unknown>;
    assert.equal(p.protectionDays, 90);
    assert.deepEqual(p.certificationRequired, { marketplace: 'Acme Marketplace Seller' });
  });
});
