/**
 * GET /v1/events on PGlite: the outbox, deal events scoped to their partner (safe fields) and the
 * vendor view for channel managers, rules and announcement events, Last-Event-ID replay without
 * gaps (header and query), heartbeats, bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DealSchema, LiveEventSchema, VendorDealSchema } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { appendEvent } from '../../server/events/outbox.js';
import { eventPayloadFor, type OutboxEvent } from '../../server/events/visibility.js';
import { ALL_PARTNERS, withScope } from '../../server/scope.js';
import { api, type Api } from './engagement-helpers.js';
import { expectProblem, makeServer, vendorQuery } from './helpers.js';
import { SseReader } from './sse.js';

const VENDOR_ONLY = ['discountBand', 'internalNotes', 'partners'];

function registration(company: string, domain: string) {
  return {
    motion: 'reseller', dealType: 'new',
    customer: { company, domain, contact: { name: 'Ada Byron', email: `ada@${domain}` } },
    amount: { value: 12000, currency: 'EUR' }, expectedCloseDate: '2027-06-30',
    description: 'Discovery workshop held with the customer IT team.',
    attribution: { type: 'sourced', percent: 100 }, partnerContacts: [{ name: 'Nora Whitfield', email: 'nora@northwind.example', role: 'AE' }],
  };
}

describe('GET /v1/events', () => {
  let srv: PartnerkitServer;
  let nw: Api;
  let co: Api;
  let fa: Api;
  let cm: Api;
  const open: SseReader[] = [];

  async function stream(user: Api, headers: Record<string, string> = {}, query = ''): Promise<SseReader> {
    const res = await srv.app.request(`/v1/events${query}`, { headers: { authorization: `Bearer ${user.token}`, ...headers } });
    assert.equal(res.status, 200, res.status === 200 ? '' : await res.text());
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const r = new SseReader(res);
    open.push(r);
    // Subscribed once the first bytes (the retry hint) are out.
    await r.until(() => true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return r;
  }

  before(async () => {
    srv = await makeServer({ jobIntervalMs: 0, events: { heartbeatMs: 300, pollMs: 1000 } });
    nw = await api(srv, 'u_nw_rep', 'p_northwind');
    co = await api(srv, 'u_co_rep', 'p_contoso');
    fa = await api(srv, 'u_fa_rep', 'p_fabrikam');
    cm = await api(srv, 'u_cm', null);
  });
  after(async () => {
    await Promise.all(open.map((r) => r.close()));
    await srv.close();
  });

  it('a deal decision reaches its partner (safe fields) and the channel manager (vendor view), and no other partner', async () => {
    const [nwS, coS, cmS] = [await stream(nw), await stream(co), await stream(cm)];
    const { rows } = await vendorQuery<{ id: string }>(srv, "SELECT id FROM deals WHERE partner_id = 'p_northwind' AND status = 'pending' ORDER BY id LIMIT 1");
    const dealId = rows[0].id;
    const res = await cm.post(`/v1/deals/${dealId}/decision`, { decision: 'approve', reason: 'Clean registration.', internalNote: 'secret vendor note' });
    assert.equal(res.status, 200, await res.clone().text());
    const forPartner = LiveEventSchema.parse(await nwS.next('deal.decided'));
    const deal = forPartner.data as Record<string, unknown>;
    assert.equal(deal.id, dealId);
    assert.equal(deal.status, 'approved');
    for (const k of VENDOR_ONLY) assert.ok(!(k in deal), `partner payload has no ${k}`);
    assert.deepEqual(Object.keys(deal).sort(), Object.keys(DealSchema.parse(deal)).sort());
    const forVendor = await cmS.next('deal.decided');
    const vendorDeal = VendorDealSchema.parse(forVendor.data);
    assert.equal(vendorDeal.id, dealId);
    assert.ok('discountBand' in (forVendor.data as object));
    assert.equal(forVendor.id, forPartner.id, 'one event, two views');
    // Contoso gets the next event addressed to everyone, but never the Northwind deal before it.
    assert.equal((await cm.post('/v1/rules', { title: 'R', body: 'Rules body', summary: 'S' })).status, 201);
    await coS.next('rules.published');
    assert.deepEqual(coS.events.map((e) => e.event), ['rules.published']);
    assert.ok(!coS.events.some((e) => e.data.includes(dealId)));
    const rulesEvent = await nwS.next('rules.published');
    assert.ok(BigInt(rulesEvent.id) > BigInt(forPartner.id), 'ids increase');
    assert.equal((rulesEvent.data as { version: number }).version, 3);
  });

  it('deal.created from POST /v1/deals, deal.updated from the registration job', async () => {
    const nwS = await stream(nw);
    const coS = await stream(co);
    await nw.post('/v1/rules/3/acknowledgements');
    const res = await nw.post('/v1/deals', registration('Numbat Oboe Partners', 'numbat-oboe.example'));
    assert.equal(res.status, 201, await res.clone().text());
    const created = (await res.json()) as { id: string };
    const e = await nwS.next('deal.created', (d) => d.data.id === created.id);
    for (const k of VENDOR_ONLY) assert.ok(!(k in e.data));
    // The job (here: SLA overdue two days later) announces deal.updated for each deal it touches.
    const job = await srv.runJobs(() => new Date(Date.now() + 3 * 86_400_000));
    assert.ok(job.overdue > 0);
    await nwS.next('deal.updated', (d) => d.data.id === created.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { rows } = await vendorQuery<{ id: string }>(srv, "SELECT id FROM deals WHERE partner_id <> 'p_contoso'");
    const others = new Set(rows.map((r) => r.id));
    for (const ev of coS.events) {
      const d = JSON.parse(ev.data) as { data: { id?: string; partner?: { id: string } } };
      if (ev.event?.startsWith('deal.')) {
        assert.equal(d.data.partner?.id, 'p_contoso');
        assert.ok(!others.has(d.data.id!));
      }
    }
  });

  it('announcement events reach only the announcement’s audience', async () => {
    const [nwS, faS, cmS] = [await stream(nw), await stream(fa), await stream(cm)];
    const res = await cm.post('/v1/announcements', { title: 'Marketplace only', body: 'Hello **marketplace**', audience: { motions: ['marketplace'] } });
    const a = (await res.json()) as { id: string };
    const got = await faS.next('announcement.published', (d) => d.data.id === a.id);
    assert.deepEqual(Object.keys(got.data).sort(), ['id', 'pinned', 'publishedAt', 'requiresAcknowledgement', 'title']);
    await cmS.next('announcement.published', (d) => d.data.id === a.id);
    // Northwind then receives a later event for everyone, but not the marketplace one before it.
    await cm.post('/v1/announcements', { title: 'Everyone', body: 'Hi all' });
    await nwS.next('announcement.published', (d) => d.data.title === 'Everyone');
    assert.ok(!nwS.events.some((e) => e.data.includes(a.id)));
  });

  it('Last-Event-ID (header or ?lastEventId=) replays what was missed, in order, without gaps, then goes live', async () => {
    const { rows } = await vendorQuery<{ id: string }>(srv, 'SELECT id::text FROM event_outbox ORDER BY event_outbox.id');
    const allIds = rows.map((r) => r.id);
    assert.ok(allIds.length >= 6);
    const from = allIds[1];
    const cmResume = await stream(cm, { 'Last-Event-ID': from });
    await cmResume.until(() => cmResume.events.length >= allIds.length - 2, 5000, 'replay');
    assert.deepEqual(cmResume.ids(), allIds.slice(2), 'a channel manager sees every event after the id, in order');
    // Query fallback, for a partner: exactly the visible ones.
    const nwResume = await stream(nw, {}, `?lastEventId=${from}`);
    const events = (await withScope(srv.db, ALL_PARTNERS, (tx) => tx.query<{ id: string; type: string; audience: string; partner_id: string | null; audience_tiers: string[]; audience_motions: string[]; data: unknown }>(
      'SELECT id::text, type, audience, partner_id, audience_tiers, audience_motions, data FROM event_outbox WHERE event_outbox.id > $1 ORDER BY event_outbox.id', [from],
    ))).rows;
    const expected = events
      .filter((e) => eventPayloadFor({ id: e.id, type: e.type as OutboxEvent['type'], audience: e.audience as OutboxEvent['audience'], partnerId: e.partner_id, audienceTiers: e.audience_tiers as never, audienceMotions: e.audience_motions as never, data: e.data, vendorData: null, occurredAt: '' },
        { role: 'partner_user', partner: { id: 'p_northwind', tier: 'gold', motions: ['reseller'] } }))
      .map((e) => e.id);
    await nwResume.until(() => nwResume.events.length >= expected.length, 5000, 'partner replay');
    assert.deepEqual(nwResume.ids(), expected);
    // Then live, continuing the same sequence.
    await cm.post('/v1/announcements', { title: 'After resume', body: 'x' });
    const live = await cmResume.next('announcement.published', (d) => d.data.title === 'After resume');
    assert.equal(cmResume.ids().at(-1), live.id);
    const ids = cmResume.ids().map((i) => BigInt(i));
    assert.ok(ids.every((id, i) => i === 0 || id > ids[i - 1]), 'strictly increasing, no duplicates');
    // The header wins over the query.
    const both = await stream(cm, { 'Last-Event-ID': allIds.at(-1)! }, `?lastEventId=${allIds[0]}`);
    await both.next('announcement.published', (d) => d.data.title === 'After resume');
    assert.equal(both.events.length, 1);
  });

  it('concurrent writers: every stream sees the same gap-free, increasing sequence', async () => {
    const live = await stream(cm);
    const before = (await vendorQuery<{ m: string }>(srv, 'SELECT coalesce(max(id), 0)::text AS m FROM event_outbox')).rows[0].m;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => cm.post('/v1/announcements', { title: `Burst ${i}`, body: 'x' })));
    assert.ok(results.every((r) => r.status === 201));
    await live.until(() => live.events.filter((e) => e.data.includes('Burst')).length === 8, 5000, 'burst');
    const replay = await stream(cm, { 'Last-Event-ID': before });
    await replay.until(() => replay.events.length >= 8, 5000, 'burst replay');
    assert.deepEqual(replay.ids(), live.ids());
  });

  it('an event is written in its change’s transaction: a rolled-back change leaves none', async () => {
    const count = async () => (await vendorQuery<{ n: number }>(srv, 'SELECT count(*)::int AS n FROM event_outbox')).rows[0].n;
    const n = await count();
    await assert.rejects(withScope(srv.db, ALL_PARTNERS, async (tx) => {
      await appendEvent(tx, { type: 'content.published', audience: { kind: 'all' }, data: { id: 'c1' }, at: new Date() });
      throw new Error('rolled back');
    }), /rolled back/);
    assert.equal(await count(), n);
    // The outbox is append-only.
    await assert.rejects(withScope(srv.db, ALL_PARTNERS, (tx) => tx.query('DELETE FROM event_outbox')), /permission denied/);
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const s = await stream(fa);
    await s.until(() => s.comments.filter((c) => c === 'heartbeat').length >= 2, 5000, 'heartbeats');
  });

  it('bad input: 400 naming Last-Event-ID or lastEventId; unknown parameters; no session', async () => {
    const get = (headers: Record<string, string>, q = '') => srv.app.request(`/v1/events${q}`, { headers: { authorization: `Bearer ${nw.token}`, ...headers } });
    await expectProblem(await get({ 'Last-Event-ID': 'abc' }), 400, 'Last-Event-ID');
    await expectProblem(await get({ 'Last-Event-ID': '-1' }), 400, 'Last-Event-ID');
    await expectProblem(await get({ 'Last-Event-ID': '1'.repeat(30) }), 400, 'Last-Event-ID');
    await expectProblem(await get({}, '?lastEventId=1.5'), 400, 'lastEventId');
    await expectProblem(await get({}, '?since=1'), 400, 'since');
    await expectProblem(await srv.app.request('/v1/events'), 401);
  });

  it('the stream ends when its session token expires (the client resumes with a fresh one)', async () => {
    const short = await makeServer({ jobIntervalMs: 0, seed: false, sessionTtlSeconds: 2 });
    try {
      const cmShort = await api(short, 'u_cm', null);
      const res = await short.app.request('/v1/events', { headers: { authorization: `Bearer ${cmShort.token}` } });
      assert.equal(res.status, 200);
      const r = new SseReader(res);
      const started = Date.now();
      await assert.rejects(r.until(() => false, 6000, 'the end'), /stream ended/);
      assert.ok(Date.now() - started < 5000);
    } finally {
      await short.close();
    }
  });

  it('a client that does not keep up is closed, and resumes with Last-Event-ID without a gap', async () => {
    const small = await makeServer({ jobIntervalMs: 0, seed: false, events: { maxQueue: 5, pollMs: 0 } });
    try {
      const cmSmall = await api(small, 'u_cm', null);
      const res = await small.app.request('/v1/events', { headers: { authorization: `Bearer ${cmSmall.token}` } });
      // Nobody reads the stream while 20 events are published.
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < 20; i++) assert.equal((await cmSmall.post('/v1/announcements', { title: `Flood ${i}`, body: 'x' })).status, 201);
      const slow = new SseReader(res);
      await assert.rejects(slow.until(() => false, 5000, 'the end'), /stream ended/);
      assert.ok(slow.events.length < 20, `closed early (${slow.events.length} events)`);
      const last = slow.events.at(-1)?.id;
      const resumed = await small.app.request('/v1/events', { headers: { authorization: `Bearer ${cmSmall.token}`, ...(last ? { 'Last-Event-ID': last } : { 'Last-Event-ID': '0' }) } });
      const r = new SseReader(resumed);
      await r.until(() => slow.events.length + r.events.length >= 20, 5000, 'the rest');
      const titles = [...slow.events, ...r.events].map((e) => (JSON.parse(e.data) as { data: { title: string } }).data.title);
      assert.deepEqual(titles, Array.from({ length: 20 }, (_, i) => `Flood ${i}`));
      await r.close();
    } finally {
      await small.close();
    }
  });

  it('who receives what (the hub’s filter)', () => {
    const base: OutboxEvent = { id: '1', type: 'deal.created', audience: 'partner', partnerId: 'p_a', audienceTiers: [], audienceMotions: [], data: { safe: 1 }, vendorData: { vendor: 1 }, occurredAt: '' };
    const a = { role: 'partner_user' as const, partner: { id: 'p_a', tier: 'gold' as const, motions: ['reseller' as const] } };
    const b = { role: 'partner_admin' as const, partner: { id: 'p_b', tier: 'gold' as const, motions: ['reseller' as const] } };
    const vendor = { role: 'channel_manager' as const, partner: null };
    assert.deepEqual(eventPayloadFor(base, a), { data: { safe: 1 } });
    assert.equal(eventPayloadFor(base, b), undefined);
    assert.deepEqual(eventPayloadFor(base, vendor), { data: { vendor: 1 } });
    assert.equal(eventPayloadFor({ ...base, audience: 'vendor', partnerId: null }, a), undefined);
    const ann = { ...base, type: 'announcement.published' as const, audience: 'audience' as const, partnerId: null, vendorData: null };
    assert.ok(eventPayloadFor({ ...ann, audienceTiers: ['gold'] }, a));
    assert.equal(eventPayloadFor({ ...ann, audienceTiers: ['silver'] }, a), undefined);
    assert.equal(eventPayloadFor({ ...ann, audienceMotions: ['marketplace'] }, a), undefined);
    assert.ok(eventPayloadFor({ ...ann, audienceMotions: ['marketplace', 'reseller'] }, b));
  });
});
