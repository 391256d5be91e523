/**
 * Prospect share links: created by a partner for a shareable, unlocked item; opened without a
 * session (a file inline, a link redirected); counted as prospect opens for the sharing partner;
 * refused once expired or revoked, or when the item is withdrawn; only the token's hash is
 * stored; rate limited per address; scoped to the sharing org.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContentEngagementReport, ShareLink, ShareLinkList } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { contentApi, type ContentApi } from './content-helpers.js';
import { expectProblem, makeServer, vendorQuery } from './helpers.js';

const DAY = 86_400_000;
const clock = { now: new Date('2026-06-01T10:00:00Z') };

describe('content share links', () => {
  let srv: PartnerkitServer;
  let nw: ContentApi;
  let co: ContentApi;
  let ta: ContentApi;
  let cm: ContentApi;

  before(async () => {
    srv = await makeServer({ jobIntervalMs: 0, now: () => clock.now });
    nw = await contentApi(srv, 'u_nw_rep', 'p_northwind');
    co = await contentApi(srv, 'u_co_rep', 'p_contoso');
    ta = await contentApi(srv, 'u_ta_rep', 'p_tailspin');
    cm = await contentApi(srv, 'u_cm', null);
  });
  after(() => srv.close());

  async function share(who: ContentApi, id: string, body?: unknown): Promise<ShareLink> {
    const res = await who.post(`/v1/content/${id}/share-links`, body);
    const text = await res.text();
    assert.equal(res.status, 201, text);
    return JSON.parse(text) as ShareLink;
  }
  const open = (link: ShareLink | string) => srv.app.request(typeof link === 'string' ? link : new URL(link.url).pathname);
  const opensOf = async (partnerId: string, contentId: string) =>
    (await cm.json<ContentEngagementReport>(`/v1/content/engagement?by=partner&contentId=${contentId}`)).rows.find((r) => r.partner?.id === partnerId)!;

  it('opens a shared file without a session and counts the open for the sharing partner', async () => {
    const link = await share(nw, 'ct_roi_financial_services');
    assert.match(link.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(new URL(link.url).pathname, `/share/${link.token}`);
    assert.equal(Date.parse(link.expiresAt) - clock.now.getTime(), 14 * DAY);
    const before = await opensOf('p_northwind', 'ct_roi_financial_services');
    assert.equal(before.shares, 1);
    const res = await open(link);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(Buffer.from(await res.arrayBuffer()).toString('latin1'), /^%PDF-/);
    await open(link);
    const after = await opensOf('p_northwind', 'ct_roi_financial_services');
    assert.equal(after.prospectOpens, before.prospectOpens + 2);
    assert.equal((await opensOf('p_contoso', 'ct_roi_financial_services')).prospectOpens, 0);
    // The org's live links, with their opens, and never the token again.
    const links = await nw.json<ShareLinkList>('/v1/content/ct_roi_financial_services/share-links');
    assert.deepEqual(links.items.map((l) => [l.id, l.opens]), [[link.id, 2]]);
    assert.ok(!JSON.stringify(links).includes(link.token));
    // Only the hash is stored.
    const stored = await vendorQuery(srv, 'SELECT * FROM content_share_links WHERE id = $1', [link.id]);
    assert.ok(!JSON.stringify(stored.rows).includes(link.token));
  });

  it('a shared link redirects to its page', async () => {
    const link = await share(co, 'ct_roi_calculator');
    const res = await open(link);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://example.com/acme/roi-calculator');
  });

  it('expires', async () => {
    const link = await share(nw, 'ct_datasheet_platform', { expiresInDays: 1 });
    assert.equal((await open(link)).status, 200);
    clock.now = new Date(clock.now.getTime() + DAY + 1000);
    try {
      await expectProblem(await open(link), 410);
      // A fresh session: the earlier one expired with the clock.
      const later = await contentApi(srv, 'u_nw_rep', 'p_northwind');
      const listed = await later.json<ShareLinkList>('/v1/content/ct_datasheet_platform/share-links');
      assert.ok(!listed.items.some((l) => l.id === link.id), 'an expired link is not listed as live');
    } finally {
      clock.now = new Date(clock.now.getTime() - DAY - 1000);
    }
  });

  it('is revocable by the sharing org only, idempotently', async () => {
    const link = await share(nw, 'ct_security_whitepaper');
    await expectProblem(await co.del(`/v1/content/ct_security_whitepaper/share-links/${link.id}`), 404);
    assert.equal((await open(link)).status, 200);
    assert.equal((await nw.del(`/v1/content/ct_security_whitepaper/share-links/${link.id}`)).status, 204);
    assert.equal((await nw.del(`/v1/content/ct_security_whitepaper/share-links/${link.id}`)).status, 204);
    await expectProblem(await open(link), 410);
    await expectProblem(await nw.del('/v1/content/ct_security_whitepaper/share-links/sl_nope'), 404);
  });

  it('stops working when the item is unpublished or made unshareable', async () => {
    const link = await share(nw, 'ct_case_study_retail');
    assert.equal((await cm.patch('/v1/content/ct_case_study_retail', { shareable: false })).status, 200);
    await expectProblem(await open(link), 410);
    assert.equal((await cm.patch('/v1/content/ct_case_study_retail', { shareable: true, published: false })).status, 200);
    await expectProblem(await open(link), 410);
    assert.equal((await cm.patch('/v1/content/ct_case_study_retail', { published: true })).status, 200);
    assert.equal((await open(link)).status, 200);
  });

  it('is refused for a non-shareable item, a locked item, an unknown item, and a channel manager', async () => {
    await expectProblem(await nw.post('/v1/content/ct_reseller_pricing_matrix/share-links', {}), 409);
    // The (shareable) private-offer explainer needs the Marketplace Seller certification, which Tailspin lacks.
    await expectProblem(await ta.post('/v1/content/ct_marketplace_private_offer/share-links', {}), 403);
    await expectProblem(await nw.post('/v1/content/ct_nope/share-links', {}), 404);
    await expectProblem(await nw.post('/v1/content/ct_draft_h2_launch/share-links', {}), 404);
    await expectProblem(await cm.post('/v1/content/ct_roi_calculator/share-links', {}), 403);
    await expectProblem(await cm.get('/v1/content/ct_roi_calculator/share-links'), 403);
  });

  it('unknown or malformed tokens are a 404; no session is needed or used', async () => {
    await expectProblem(await open('/share/' + 'A'.repeat(43)), 404);
    await expectProblem(await open('/share/not-a-token'), 404);
    await expectProblem(await open('/share/%2e%2e%2fv1%2fme'), 404);
  });

  it('is rate limited per client address', async () => {
    const limited = await (await import('./helpers.js')).makeServer({ jobIntervalMs: 0 });
    try {
      let last = 0;
      for (let i = 0; i < 61; i++) last = (await limited.app.request('/share/' + 'B'.repeat(43))).status;
      assert.equal(last, 429);
    } finally {
      await limited.close();
    }
  });
});
