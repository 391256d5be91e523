/**
 * Announcements: the feed (pinned first, newest next, paged, unread count), audience by tier and
 * motion (404 outside it), expiry, idempotent read and acknowledgment receipts, publishing and
 * the receipt report (channel manager), bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AnnouncementListSchema,
  AnnouncementReceiptReportSchema,
  AnnouncementReceiptSchema,
  AnnouncementSchema,
  type AnnouncementList,
} from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { inAudience } from '../../server/announcements/announcements.js';
import { ALL_PARTNERS, withScope } from '../../server/scope.js';
import { api, type Api } from './engagement-helpers.js';
import { expectProblem, makeServer, vendorQuery } from './helpers.js';

const T0 = new Date('2026-05-04T10:00:00Z');
const clock = { now: T0 };
const later = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));

async function feed(user: Api, query = ''): Promise<AnnouncementList> {
  return AnnouncementListSchema.parse(await user.json(`/v1/announcements${query}`));
}

async function allItems(user: Api, limit: number): Promise<AnnouncementList['items']> {
  const items: AnnouncementList['items'] = [];
  let cursor: string | null = null;
  do {
    const page = await feed(user, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('announcements', () => {
  let srv: PartnerkitServer;
  let nw: Api; // Northwind: gold, reseller
  let fa: Api; // Fabrikam: silver, marketplace
  let ta: Api; // Tailspin: registered, referral
  let co: Api; // Contoso: platinum, services + tech
  let cm: Api;

  before(async () => {
    srv = await makeServer({ now: () => clock.now, jobIntervalMs: 0 });
    nw = await api(srv, 'u_nw_rep', 'p_northwind');
    fa = await api(srv, 'u_fa_rep', 'p_fabrikam');
    ta = await api(srv, 'u_ta_rep', 'p_tailspin');
    co = await api(srv, 'u_co_rep', 'p_contoso');
    cm = await api(srv, 'u_cm', null);
  });
  after(() => srv.close());

  it('the feed: pinned first, then newest; audience and expiry applied; Markdown and sanitized HTML', async () => {
    const f = await feed(nw);
    assert.deepEqual(f.items.map((a) => a.id), ['an_welcome_h2', 'an_win_story', 'an_release_52', 'an_rules_v2']);
    assert.equal(f.total, 4);
    assert.equal(f.nextCursor, null);
    const pinned = f.items[0];
    assert.equal(pinned.pinned, true);
    assert.match(pinned.body, /\*\*Double MDF\*\*/);
    assert.match(pinned.bodyHtml, /<strong>Double MDF<\/strong>/);
    assert.match(pinned.bodyHtml, /<a href="mailto:partners@acmecloud\.example">/);
    assert.match(f.items.find((a) => a.id === 'an_release_52')!.bodyHtml, /<table>/);
    assert.equal(pinned.audience, undefined, 'partners do not see the targeting');
    assert.equal(pinned.publishedBy.id, null);
    // Fabrikam (silver, marketplace) sees the marketplace item but not the gold/platinum win story.
    const ids = (await feed(fa)).items.map((a) => a.id);
    assert.ok(ids.includes('an_marketplace_offers'));
    assert.ok(!ids.includes('an_win_story'));
    assert.ok(!ids.includes('an_webinar_closed'), 'expired');
    // The channel manager sees everything, with the audience.
    const all = await feed(cm);
    assert.equal(all.total, 6);
    assert.deepEqual(all.items.find((a) => a.id === 'an_win_story')?.audience, { tiers: ['gold', 'platinum'], motions: [] });
  });

  it('unread count and read receipts are the caller’s own', async () => {
    const f = await feed(nw);
    // Seed: u_nw_rep read the welcome and the rules notice, acknowledged the rules notice.
    assert.equal(f.unreadCount, 2);
    assert.equal(f.unacknowledgedCount, 0);
    assert.ok(f.items.find((a) => a.id === 'an_welcome_h2')?.readAt);
    assert.equal(f.items.find((a) => a.id === 'an_release_52')?.readAt, null);
    const t = await feed(ta);
    assert.equal(t.unreadCount, t.total);
    assert.equal(t.unacknowledgedCount, 1);
  });

  it('POST /v1/announcements/{id}/read is idempotent; the unread count drops once', async () => {
    later(1000);
    const first = await ta.post('/v1/announcements/an_release_52/read');
    assert.equal(first.status, 201, await first.clone().text());
    const receipt = AnnouncementReceiptSchema.parse(await first.json());
    assert.deepEqual(receipt, { announcementId: 'an_release_52', readAt: clock.now.toISOString(), acknowledgedAt: null });
    later(1000);
    for (let i = 0; i < 3; i++) {
      const again = await ta.post('/v1/announcements/an_release_52/read', {});
      assert.equal(again.status, 200);
      assert.deepEqual(AnnouncementReceiptSchema.parse(await again.json()), receipt);
    }
    const f = await feed(ta);
    assert.equal(f.unreadCount, f.total - 1);
    const { rows } = await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM announcement_receipts WHERE user_id = 'u_ta_rep' AND announcement_id = 'an_release_52'");
    assert.equal(rows[0].n, 1);
  });

  it('acknowledgment: only where required (409 otherwise), implies read, idempotent', async () => {
    await expectProblem(await ta.post('/v1/announcements/an_release_52/acknowledgement'), 409);
    later(1000);
    const res = await ta.post('/v1/announcements/an_rules_v2/acknowledgement');
    assert.equal(res.status, 201);
    const r = AnnouncementReceiptSchema.parse(await res.json());
    assert.equal(r.readAt, clock.now.toISOString());
    assert.equal(r.acknowledgedAt, clock.now.toISOString());
    later(1000);
    const again = await ta.post('/v1/announcements/an_rules_v2/acknowledgement');
    assert.equal(again.status, 200);
    assert.deepEqual(AnnouncementReceiptSchema.parse(await again.json()), r);
    assert.equal((await feed(ta)).unacknowledgedCount, 0);
  });

  it('a partner never sees an announcement outside its audience, nor an expired one: 404 everywhere', async () => {
    for (const [user, id] of [[ta, 'an_win_story'], [nw, 'an_marketplace_offers'], [co, 'an_marketplace_offers'], [nw, 'an_webinar_closed'], [nw, 'an_nope']] as const) {
      await expectProblem(await user.get(`/v1/announcements/${id}`), 404);
      await expectProblem(await user.post(`/v1/announcements/${id}/read`), 404);
      await expectProblem(await user.post(`/v1/announcements/${id}/acknowledgement`), 404);
    }
    const one = AnnouncementSchema.parse(await co.json('/v1/announcements/an_win_story'));
    assert.equal(one.title, 'Win story: a 3-year platform consolidation');
    assert.equal(typeof inAudience, 'function');
    assert.equal(inAudience({ tiers: ['gold'], motions: ['marketplace'] }, { tier: 'gold', motions: ['reseller'] }), false);
    assert.equal(inAudience({ tiers: [], motions: ['reseller', 'tech'] }, { tier: 'silver', motions: ['tech'] }), true);
  });

  it('POST /v1/announcements (channel manager): published to its audience, pinned first, with expiry', async () => {
    await expectProblem(await nw.post('/v1/announcements', { title: 'x', body: 'y' }), 403);
    later(1000);
    const res = await cm.post('/v1/announcements', {
      title: 'Services partners: new SOW template',
      body: '## New SOW template\n\nUse it from **today**. <script>alert(1)</script> [x](javascript:alert(1))',
      audience: { motions: ['services'] },
      expiresAt: new Date(clock.now.getTime() + 7 * 86_400_000).toISOString(),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const a = AnnouncementSchema.parse(await res.json());
    assert.equal(res.headers.get('location'), `/v1/announcements/${a.id}`);
    assert.deepEqual(a.audience, { tiers: [], motions: ['services'] });
    assert.equal(a.pinned, false);
    assert.equal(a.requiresAcknowledgement, false);
    assert.doesNotMatch(a.bodyHtml, /<script|javascript:/i);
    assert.match(a.bodyHtml, /<h2>New SOW template<\/h2>/);
    assert.equal((await feed(co)).items[1].id, a.id, 'newest after the pinned one');
    await expectProblem(await nw.get(`/v1/announcements/${a.id}`), 404);
    // Once expired, gone from partners' feeds, still listed for the channel manager.
    clock.now = new Date(clock.now.getTime() + 8 * 86_400_000);
    const co2 = await api(srv, 'u_co_rep', 'p_contoso');
    await expectProblem(await co2.get(`/v1/announcements/${a.id}`), 404);
    const cm2 = await api(srv, 'u_cm', null);
    assert.ok((await feed(cm2)).items.some((x) => x.id === a.id));
    clock.now = new Date(T0.getTime() + 60_000);
  });

  it('cursor pagination visits every item once, in order', async () => {
    for (let i = 0; i < 7; i++) {
      later(1000);
      const r = await cm.post('/v1/announcements', { title: `Note ${i}`, body: `Body ${i}`, pinned: i === 3, requiresAcknowledgement: i % 2 === 0 });
      assert.equal(r.status, 201);
    }
    const whole = await feed(nw, '?limit=100');
    const paged = await allItems(nw, 3);
    assert.deepEqual(paged.map((a) => a.id), whole.items.map((a) => a.id));
    assert.equal(new Set(paged.map((a) => a.id)).size, whole.total);
    const pinnedIdx = paged.map((a) => a.pinned);
    assert.deepEqual(pinnedIdx, [...pinnedIdx].sort((x, y) => Number(y) - Number(x)), 'pinned first');
    const unpinned = paged.filter((a) => !a.pinned).map((a) => a.publishedAt);
    assert.deepEqual(unpinned, [...unpinned].sort().reverse(), 'then newest first');
  });

  it('GET /v1/announcements/{id}/receipts: who read and acknowledged, and who has not (channel manager only)', async () => {
    await expectProblem(await nw.get('/v1/announcements/an_rules_v2/receipts'), 403);
    await expectProblem(await cm.get('/v1/announcements/an_nope/receipts'), 404);
    const r = AnnouncementReceiptReportSchema.parse(await cm.json('/v1/announcements/an_rules_v2/receipts'));
    assert.equal(r.requiresAcknowledgement, true);
    assert.equal(r.total, 5);
    const user = (p: string, u: string) => r.items.find((i) => i.partner.id === p)!.users.find((x) => x.id === u)!;
    assert.ok(user('p_northwind', 'u_nw_rep').acknowledgedAt);
    assert.ok(user('p_tailspin', 'u_ta_rep').acknowledgedAt);
    assert.equal(user('p_fabrikam', 'u_fa_rep').readAt, null);
    assert.equal(r.pending, r.items.reduce((n, i) => n + i.pending, 0));
    // An announcement for the marketplace motion only reports on the partner orgs that see it.
    const m = AnnouncementReceiptReportSchema.parse(await cm.json('/v1/announcements/an_marketplace_offers/receipts'));
    assert.deepEqual(m.items.map((i) => i.partner.id), ['p_fabrikam']);
    const page = AnnouncementReceiptReportSchema.parse(await cm.json('/v1/announcements/an_rules_v2/receipts?limit=2'));
    assert.equal(page.items.length, 2);
    assert.ok(page.nextCursor);
  });

  it('receipts are append-only', async () => {
    for (const sql of ['UPDATE announcement_receipts SET at = now()', 'DELETE FROM announcement_receipts']) {
      await assert.rejects(withScope(srv.db, ALL_PARTNERS, (tx) => tx.query(sql)), /permission denied/, sql);
    }
  });

  it('bad input on every announcement endpoint: 4xx problem naming the field, never a 500', async () => {
    const good = { title: 'T', body: 'B' };
    const bad: Array<[unknown, string]> = [
      [{ body: 'B' }, 'title'],
      [{ ...good, title: '' }, 'title'],
      [{ ...good, title: 'x'.repeat(201) }, 'title'],
      [{ ...good, body: null }, 'body'],
      [{ ...good, body: 'x'.repeat(100_001) }, 'body'],
      [{ ...good, pinned: 'yes' }, 'pinned'],
      [{ ...good, requiresAcknowledgement: 1 }, 'requiresAcknowledgement'],
      [{ ...good, audience: 'partners' }, 'audience'],
      [{ ...good, audience: { tiers: ['diamond'] } }, 'audience.tiers.0'],
      [{ ...good, audience: { motions: ['cars'] } }, 'audience.motions.0'],
      [{ ...good, expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ ...good, expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ];
    for (const [body, path] of bad) await expectProblem(await cm.post('/v1/announcements', body), 422, path);
    await expectProblem(await cm.post('/v1/announcements', '{'), 400);
    await expectProblem(await cm.post('/v1/announcements', 'x', { 'content-type': 'text/plain' }), 415);
    await expectProblem(await nw.post('/v1/announcements/an_release_52/read', { extra: 1 }), 422, '');
    await expectProblem(await nw.post('/v1/announcements/an_release_52/read', '{'), 400);
    await expectProblem(await nw.get('/v1/announcements?limit=0'), 400, 'limit');
    await expectProblem(await nw.get('/v1/announcements?limit=abc'), 400, 'limit');
    await expectProblem(await nw.get('/v1/announcements?cursor=nope'), 400, 'cursor');
    const forged = Buffer.from(JSON.stringify({ p: true, t: '2026-13-45T00:00:00Z', id: 'x' })).toString('base64url');
    await expectProblem(await nw.get(`/v1/announcements?cursor=${forged}`), 400, 'cursor');
    await expectProblem(await nw.get('/v1/announcements?unread=1'), 400, 'unread');
    await expectProblem(await cm.get('/v1/announcements/an_rules_v2/receipts?cursor=%%%'), 400, 'cursor');
    await expectProblem(await nw.get(`/v1/announcements/${'x'.repeat(5000)}`), 404);
  });

  it('a partner’s feed and receipts never carry another partner’s users', async () => {
    for (const path of ['/v1/announcements?limit=100', '/v1/announcements/an_rules_v2']) {
      const text = await (await ta.get(path)).text();
      for (const other of ['u_nw_rep', 'u_co_rep', 'p_northwind', 'u_cm']) assert.ok(!text.includes(other), `${path} mentions ${other}`);
    }
  });
});
