/**
 * The content library on the reference server: full-text search and its ranking, facets under the
 * other filters, sorts and keyset pages, gating by tier and certification (a locked file refused
 * even by its direct URL), unpublished items, vendor-only fields, engagement events and the
 * report, publishing and editing (link and file), content.published, and the tables' RLS.
 * On PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContentEngagementReport, ContentItem, ContentList } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { tinyPdf } from '../../server/content/demo-files.js';
import { contentApi, type ContentApi } from './content-helpers.js';
import { expectProblem, freshPgDatabase, makeServer, vendorQuery } from './helpers.js';

const list = (who: ContentApi, query = '') => who.json<ContentList>(`/v1/content${query}`);

async function created(res: Response): Promise<ContentItem> {
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text) as ContentItem;
}

for (const backend of [{ name: 'PGlite', pg: false }, { name: 'PostgreSQL', pg: true }]) {
  const skip = backend.pg && !process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL is not set' : false;
  describe(`content library on ${backend.name}`, { skip }, () => {
    let srv: PartnerkitServer;
    let drop: (() => Promise<void>) | undefined;
    let nw: ContentApi; // Northwind: gold, reseller, Acme Certified Sales
    let ta: ContentApi; // Tailspin: registered, referral, no certifications
    let co: ContentApi; // Contoso: platinum, services + tech
    let cm: ContentApi;

    before(async () => {
      if (backend.pg) {
        const db = (await freshPgDatabase('content'))!;
        drop = db.drop;
        srv = await makeServer({ dataDir: undefined, databaseUrl: db.url, jobIntervalMs: 0 });
      } else {
        srv = await makeServer({ jobIntervalMs: 0 });
      }
      nw = await contentApi(srv, 'u_nw_rep', 'p_northwind');
      ta = await contentApi(srv, 'u_ta_rep', 'p_tailspin');
      co = await contentApi(srv, 'u_co_rep', 'p_contoso');
      cm = await contentApi(srv, 'u_cm', null);
    });
    after(async () => {
      await srv?.close();
      await drop?.();
    });

    it('search ranks a title match above a description match, stems English words, and finds exact words in other languages', async () => {
      const inTitle = await created(await cm.post('/v1/content', { title: 'Zyphorix rollout guide', type: 'play', description: 'How to run it.', url: 'https://example.com/a' }));
      const inBody = await created(await cm.post('/v1/content', { title: 'General rollout notes', type: 'play', description: 'Mentions zyphorix once among other things.', url: 'https://example.com/b' }));
      await created(await cm.post('/v1/content', { title: 'Unrelated', type: 'play', description: 'Nothing to see.', url: 'https://example.com/c' }));
      const r = await list(nw, '?q=zyphorix');
      assert.deepEqual(r.items.map((i) => i.id), [inTitle.id, inBody.id]);
      assert.equal(r.total, 2);

      // A word from the description, stemmed: "migrated" in the healthcare case study.
      assert.ok((await list(nw, '?q=migrating%20imaging')).items.some((i) => i.id === 'ct_case_study_healthcare'));
      // German and French items by their own words.
      assert.deepEqual((await list(nw, '?q=Betriebskosten')).items.map((i) => i.id), ['ct_fallstudie_fertigung']);
      assert.deepEqual((await list(nw, '?q=d%C3%A9monstration')).items.map((i) => i.id), ['ct_guide_demo_fr']);
      // Web search syntax: a quoted phrase, and exclusion.
      assert.deepEqual((await list(nw, '?q=%22private%20offer%22')).items.map((i) => i.id).sort(), ['ct_marketplace_listing_checklist', 'ct_marketplace_private_offer'].sort());
      assert.ok(!(await list(nw, '?q=case%20study%20-healthcare')).items.some((i) => i.id === 'ct_case_study_healthcare'));
      // Nothing matches: an empty page, not an error.
      const none = await list(nw, '?q=qwertyuiopasdf');
      assert.equal(none.total, 0);
      assert.deepEqual(none.items, []);
    });

    it('facets count each dimension under every other active filter', async () => {
      const all = await list(nw, '?limit=100');
      const services = await list(nw, '?motion=services&limit=100');
      assert.ok(services.items.length > 0 && services.items.every((i) => i.motion === 'services'));
      // The motion facet ignores the motion filter: the same counts as with no filter.
      assert.deepEqual(services.facets.motion, all.facets.motion);
      // The type facet respects it.
      const types = new Map<string, number>();
      for (const i of services.items) types.set(i.type, (types.get(i.type) ?? 0) + 1);
      assert.deepEqual(new Map(services.facets.type.map((f) => [f.value, f.count])), types);
      assert.equal(services.total, services.items.length);
      // Counts agree with the unfiltered list.
      const motionCounts = new Map<string, number>();
      for (const i of all.items) if (i.motion) motionCounts.set(i.motion, (motionCounts.get(i.motion) ?? 0) + 1);
      assert.deepEqual(new Map(all.facets.motion.map((f) => [f.value, f.count])), motionCounts);
      // Two filters: industry facet under type=case_study.
      const cases = await list(nw, '?type=case_study&limit=100');
      assert.deepEqual(cases.facets.industry.map((f) => f.value).sort(), ['Healthcare', 'Manufacturing', 'Retail']);
      // With q, facets count only matches.
      const q = await list(nw, '?q=migration');
      assert.equal(q.facets.motion.reduce((n, f) => n + f.count, 0), q.items.filter((i) => i.motion).length);
    });

    for (const sort of ['updated', 'title', 'relevance'] as const) {
      it(`keyset pages (sort ${sort}) cover every item once, in order`, async () => {
        const q = sort === 'relevance' ? '&q=acme%20OR%20partner%20OR%20customer' : '';
        const whole = await list(nw, `?sort=${sort}&limit=100${q}`);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: ContentList = await list(nw, `?sort=${sort}&limit=4${q}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          assert.ok(page.items.length <= 4);
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
        } while (cursor);
        assert.deepEqual(seen, whole.items.map((i) => i.id));
        assert.equal(new Set(seen).size, whole.total);
        if (sort === 'title') {
          const titles = whole.items.map((i) => i.title.toLowerCase());
          assert.deepEqual(titles, [...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        }
        if (sort === 'updated') {
          const times = whole.items.map((i) => Date.parse(i.updatedAt));
          assert.deepEqual(times, [...times].sort((a, b) => b - a));
        }
      });
    }

    it('a gated item is listed locked, with the reason and what unlocks it, and without its link', async () => {
      const locked = (await list(ta, '?limit=100')).items.find((i) => i.id === 'ct_reseller_pricing_matrix')!;
      assert.deepEqual(locked.locked, { reason: 'tier_and_certification', unlockedBy: { tier: 'silver', certifications: ['Acme Certified Sales'] } });
      assert.equal(locked.url, null);
      assert.equal(locked.file?.mimeType, 'application/pdf');
      const open = (await list(nw, '?limit=100')).items.find((i) => i.id === 'ct_reseller_pricing_matrix')!;
      assert.equal(open.locked, null);
      // Certification only: Contoso is platinum but lacks the Sales certification.
      const cert = await co.json<ContentItem>('/v1/content/ct_battlecard_initech');
      assert.deepEqual(cert.locked, { reason: 'certification', unlockedBy: { tier: null, certifications: ['Acme Certified Sales', 'Acme Certified Pre-Sales Engineer'] } });
      // Tier only.
      assert.deepEqual((await nw.json<ContentItem>('/v1/content/ct_executive_briefing')).locked, { reason: 'tier', unlockedBy: { tier: 'platinum', certifications: [] } });
      assert.equal((await co.json<ContentItem>('/v1/content/ct_executive_briefing')).locked, null);
    });

    it('the server refuses a locked file even by its direct URL, and a gated link never reaches a locked partner', async () => {
      await expectProblem(await ta.get('/v1/content/ct_reseller_pricing_matrix/file'), 403);
      await expectProblem(await co.get('/v1/content/ct_battlecard_initech/file'), 403);
      const ok = await nw.get('/v1/content/ct_reseller_pricing_matrix/file');
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('content-type'), 'application/pdf');
      assert.match(Buffer.from(await ok.arrayBuffer()).toString('latin1'), /^%PDF-/);

      const link = await created(
        await cm.post('/v1/content', { title: 'Gold deal desk', type: 'play', description: 'x', url: 'https://example.com/secret-deal-desk', gate: { tier: 'gold' } }),
      );
      for (const who of [ta]) {
        const one = await who.json<ContentItem>(`/v1/content/${link.id}`);
        assert.equal(one.url, null);
        const text = JSON.stringify(await list(who, '?limit=100'));
        assert.ok(!text.includes('secret-deal-desk'), 'the locked link is not in the list');
        await expectProblem(await who.get(`/v1/content/${link.id}/file`), 403);
      }
      assert.equal((await nw.json<ContentItem>(`/v1/content/${link.id}`)).url, 'https://example.com/secret-deal-desk');
      // A locked item: a view is recorded, a download or share is refused.
      assert.equal((await ta.post('/v1/content/ct_reseller_pricing_matrix/events', { type: 'view' })).status, 201);
      await expectProblem(await ta.post('/v1/content/ct_reseller_pricing_matrix/events', { type: 'download' }), 403);
      await expectProblem(await ta.post('/v1/content/ct_reseller_pricing_matrix/events', { type: 'share' }), 403);
    });

    it('an unpublished item is invisible to partners (list, item, file, events) and visible to the channel manager', async () => {
      assert.ok(!(await list(nw, '?limit=100')).items.some((i) => i.id === 'ct_draft_h2_launch'));
      await expectProblem(await nw.get('/v1/content/ct_draft_h2_launch'), 404);
      await expectProblem(await nw.get('/v1/content/ct_draft_h2_launch/file'), 404);
      await expectProblem(await nw.post('/v1/content/ct_draft_h2_launch/events', { type: 'view' }), 404);
      const draft = await cm.json<ContentItem>('/v1/content/ct_draft_h2_launch');
      assert.equal(draft.published, false);
      await expectProblem(await nw.get('/v1/content/ct_nope'), 404);
    });

    it('vendor-only fields (published, gate) never reach a partner', async () => {
      for (const who of [nw, ta, co]) {
        const l = await list(who, '?limit=100');
        for (const i of l.items) {
          assert.ok(!('published' in i) && !('gate' in i), `${i.id} has vendor fields for a partner`);
        }
        const one = await who.json<Record<string, unknown>>('/v1/content/ct_roi_financial_services');
        assert.ok(!('published' in one) && !('gate' in one));
        assert.ok(!JSON.stringify(l).includes('created_by') && !JSON.stringify(l).includes('u_cm'));
      }
      const v = await cm.json<ContentItem>('/v1/content/ct_reseller_pricing_matrix');
      assert.deepEqual(v.gate, { tier: 'silver', certifications: ['Acme Certified Sales'] });
      assert.equal(v.locked, null);
    });

    it('views, downloads and shares are counted per item and per partner org; a channel manager’s own views are not', async () => {
      const item = await created(await cm.post('/v1/content', { title: 'Engagement probe', type: 'datasheet', description: 'x', url: 'https://example.com/probe', motion: 'reseller' }));
      const ev = (who: ContentApi, type: string) => who.post(`/v1/content/${item.id}/events`, { type });
      for (const [who, type] of [[nw, 'view'], [nw, 'view'], [nw, 'download'], [co, 'view'], [co, 'share'], [cm, 'view']] as const) {
        const res = await ev(who, type);
        assert.equal(res.status, 201, await res.clone().text());
        const body = (await res.json()) as { contentId: string; type: string; recordedAt: string };
        assert.equal(body.contentId, item.id);
        assert.equal(body.type, type);
      }
      const byItem = await cm.json<ContentEngagementReport>(`/v1/content/engagement?contentId=${item.id}`);
      assert.equal(byItem.rows.length, 1);
      assert.equal(byItem.rows[0].content?.id, item.id);
      assert.deepEqual({ ...byItem.rows[0], content: undefined, lastEngagedAt: undefined }, { content: undefined, views: 3, downloads: 1, shares: 1, prospectOpens: 0, lastEngagedAt: undefined });
      assert.ok(byItem.rows[0].lastEngagedAt);
      const byPartner = await cm.json<ContentEngagementReport>(`/v1/content/engagement?by=partner&contentId=${item.id}`);
      const row = (id: string) => byPartner.rows.find((r) => r.partner?.id === id)!;
      assert.deepEqual([row('p_northwind').views, row('p_northwind').downloads, row('p_contoso').views, row('p_contoso').shares], [2, 1, 1, 1]);
      assert.equal(row('p_tailspin').views, 0);
      assert.equal(row('p_tailspin').lastEngagedAt, null);
      assert.equal(byPartner.total, 5);
      // Whole-library report: paged, most engaged first.
      const first = await cm.json<ContentEngagementReport>('/v1/content/engagement?limit=3');
      assert.equal(first.rows.length, 3);
      assert.ok(first.nextCursor);
      const second = await cm.json<ContentEngagementReport>(`/v1/content/engagement?limit=3&cursor=${first.nextCursor}`);
      assert.ok(!second.rows.some((r) => first.rows.some((f) => f.content?.id === r.content?.id)));
      const total = (r: ContentEngagementReport['rows'][number]) => r.views + r.downloads + r.shares + r.prospectOpens;
      assert.ok(total(first.rows[0]) >= total(first.rows[2]));
      // Partners cannot read the report.
      await expectProblem(await nw.get('/v1/content/engagement'), 403);
    });

    it('lists the partners who never opened their motion’s key assets, until they do', async () => {
      const referral = () => cm.json<ContentEngagementReport>('/v1/content/engagement?motion=referral').then((r) => r.neverOpened.find((n) => n.motion === 'referral')!);
      const before = await referral();
      assert.equal(before.keyAssets, 1);
      assert.deepEqual(before.partners.map((p) => p.id).sort(), ['p_litware', 'p_tailspin']);
      assert.equal((await ta.post('/v1/content/ct_referral_talk_track/events', { type: 'view' })).status, 201);
      assert.deepEqual((await referral()).partners.map((p) => p.id), ['p_litware']);
    });

    it('a channel manager publishes a file and a link, edits, unpublishes and republishes; partners get content.published', async () => {
      const outbox = async () => (await vendorQuery<{ type: string; audience: string; data: Record<string, unknown> }>(srv, "SELECT type, audience, data FROM event_outbox WHERE type = 'content.published' ORDER BY id")).rows;
      const before = (await outbox()).length;
      const pdf = tinyPdf('Upload probe', ['hello']);
      const file = await created(
        await cm.upload('POST', '/v1/content', { title: 'Uploaded deck', type: 'play', motion: 'tech', description: 'A **deck**', shareable: true, gate: { certifications: ['Acme Technology Integration'] } }, { bytes: pdf, name: 'deck.pdf', type: 'application/pdf' }),
      );
      assert.equal(file.kind, 'file');
      assert.deepEqual(file.file, { name: 'deck.pdf', size: pdf.byteLength, mimeType: 'application/pdf' });
      assert.equal(file.descriptionHtml.trim(), '<p>A <strong>deck</strong></p>');
      const events = await outbox();
      assert.equal(events.length, before + 1);
      assert.equal(events[events.length - 1].audience, 'all');
      assert.deepEqual(events[events.length - 1].data, { id: file.id, title: 'Uploaded deck', type: 'play', motion: 'tech', publishedAt: file.publishedAt });
      // Litware has the certification and gets the very bytes back; Northwind does not.
      const li = await contentApi(srv, 'u_li_rep', 'p_litware');
      const got = await li.get(`/v1/content/${file.id}/file`);
      assert.equal(got.status, 200);
      assert.deepEqual(new Uint8Array(await got.arrayBuffer()), pdf);
      assert.match(got.headers.get('content-disposition') ?? '', /filename="deck\.pdf"/);
      await expectProblem(await nw.get(`/v1/content/${file.id}/file`), 403);

      // Edit metadata; replace the file with a link (the stored bytes go).
      const edited = await cm.patch(`/v1/content/${file.id}`, { title: 'Renamed deck', url: 'https://example.com/deck' });
      assert.equal(edited.status, 200, await edited.clone().text());
      const e = (await edited.json()) as ContentItem;
      assert.deepEqual([e.title, e.kind, e.file, e.url], ['Renamed deck', 'link', null, 'https://example.com/deck']);
      assert.equal((await vendorQuery(srv, 'SELECT 1 FROM content_files WHERE content_id = $1', [file.id])).rows.length, 0);
      // And back to a file.
      const png = await cm.upload('PATCH', `/v1/content/${file.id}`, {}, { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), name: 'x.png', type: 'image/png' });
      assert.equal(png.status, 200, await png.clone().text());
      assert.equal(((await png.json()) as ContentItem).file?.mimeType, 'image/png');

      // Unpublish: gone for partners, no event. Republish: one more event.
      assert.equal((await cm.patch(`/v1/content/${file.id}`, { published: false })).status, 200);
      await expectProblem(await li.get(`/v1/content/${file.id}`), 404);
      assert.equal((await outbox()).length, before + 1);
      assert.equal((await cm.patch(`/v1/content/${file.id}`, { published: true })).status, 200);
      assert.equal((await li.get(`/v1/content/${file.id}`)).status, 200);
      assert.equal((await outbox()).length, before + 2);
      // A draft published as such announces nothing.
      await created(await cm.post('/v1/content', { title: 'Quiet draft', type: 'play', url: 'https://example.com/q', published: false }));
      assert.equal((await outbox()).length, before + 2);
      // Partners may not publish or edit.
      await expectProblem(await nw.post('/v1/content', { title: 'x', type: 'play', url: 'https://example.com/x' }), 403);
      await expectProblem(await nw.patch(`/v1/content/${file.id}`, { title: 'mine now' }), 403);
      await expectProblem(await cm.patch('/v1/content/ct_nope', { title: 'x' }), 404);
    });

    it('a retried publish or event with the same Idempotency-Key is applied once', async () => {
      const body = { title: 'Idempotent item', type: 'play', url: 'https://example.com/idem' };
      const first = await created(await cm.post('/v1/content', body, { 'Idempotency-Key': 'idem-publish-1' }));
      const again = await cm.post('/v1/content', body, { 'Idempotency-Key': 'idem-publish-1' });
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(((await again.json()) as ContentItem).id, first.id);
      assert.equal((await vendorQuery(srv, "SELECT 1 FROM content_items WHERE title = 'Idempotent item'")).rows.length, 1);
      await expectProblem(await cm.post('/v1/content', { ...body, title: 'Other' }, { 'Idempotency-Key': 'idem-publish-1' }), 422, 'Idempotency-Key', 'conflict');
      for (let i = 0; i < 3; i++) assert.equal((await nw.post(`/v1/content/${first.id}/events`, { type: 'view' }, { 'Idempotency-Key': 'idem-view-1' })).status, 201);
      const report = await cm.json<ContentEngagementReport>(`/v1/content/engagement?contentId=${first.id}`);
      assert.equal(report.rows[0].views, 1);
    });

    it('engagement events are append-only and each org sees only its own (row-level security)', async () => {
      const { withScope } = await import('../../server/scope.js');
      await assert.rejects(
        withScope(srv.db, { partnerId: 'p_northwind' }, (tx) => tx.query("UPDATE content_events SET type = 'view' WHERE partner_id = 'p_northwind'")),
        /permission denied|policy/i,
      );
      const seen = await withScope(srv.db, { partnerId: 'p_northwind' }, (tx) => tx.query<{ partner_id: string }>('SELECT DISTINCT partner_id FROM content_events'));
      assert.deepEqual(seen.rows.map((r) => r.partner_id), ['p_northwind']);
      const links = await withScope(srv.db, { partnerId: 'p_northwind' }, (tx) => tx.query('SELECT 1 FROM content_share_links'));
      assert.equal(links.rows.length, 0, 'the seeded Contoso link is not visible to Northwind');
    });
  });
}
