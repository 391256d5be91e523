/**
 * Rules of engagement: versions, the current version with what changed, acknowledgment receipts
 * (idempotent, append-only), the channel manager's report, and the rules check of deal registration.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CurrentRulesSchema,
  MeSchema,
  RulesAcknowledgementReportSchema,
  RulesReceiptSchema,
  RulesVersionListSchema,
  RulesVersionSchema,
} from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { hasAcknowledgedCurrentRules } from '../../server/rules/rules.js';
import { ALL_PARTNERS, withScope } from '../../server/scope.js';
import { RULES_V1, RULES_V2 } from '../../server/seed.js';
import { api, type Api } from './engagement-helpers.js';
import { expectProblem, makeServer, vendorQuery } from './helpers.js';

const T0 = new Date('2026-05-04T10:00:00Z');
const clock = { now: T0 };
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('rules of engagement', () => {
  let srv: PartnerkitServer;
  let nwRep: Api; // acknowledged v1 and v2
  let nwAdmin: Api; // acknowledged v1 only
  let taRep: Api; // acknowledged nothing
  let coRep: Api;
  let cm: Api;

  before(async () => {
    srv = await makeServer({ now: () => clock.now, jobIntervalMs: 0 });
    nwRep = await api(srv, 'u_nw_rep', 'p_northwind');
    nwAdmin = await api(srv, 'u_nw_admin', 'p_northwind', 'partner_admin');
    taRep = await api(srv, 'u_ta_rep', 'p_tailspin');
    coRep = await api(srv, 'u_co_rep', 'p_contoso');
    cm = await api(srv, 'u_cm', null);
  });
  after(() => srv.close());

  it('GET /v1/rules/current: the current version, Markdown and sanitized HTML, the body hash, the caller’s receipt', async () => {
    const r = CurrentRulesSchema.parse(await nwRep.json('/v1/rules/current'));
    assert.equal(r.version, 2);
    assert.equal(r.title, RULES_V2.title);
    assert.equal(r.body, RULES_V2.body);
    assert.equal(r.bodySha256, sha(RULES_V2.body));
    assert.match(r.bodyHtml, /^<h1>Rules of engagement 2026<\/h1>/);
    assert.match(r.bodyHtml, /<a href="https:\/\/partners\.example\.com\/named-accounts" rel="noopener noreferrer nofollow" target="_blank">/);
    assert.equal(r.summary, RULES_V2.summary);
    assert.equal(r.publishedBy.name, 'Morgan Lee');
    assert.equal(r.acknowledgedVersion, 2);
    assert.ok(r.acknowledgedAt);
    assert.equal(r.changes, null);
  });

  it('tells a user what changed since the version they last acknowledged: summaries and a word diff', async () => {
    const r = CurrentRulesSchema.parse(await nwAdmin.json('/v1/rules/current'));
    assert.equal(r.acknowledgedAt, null);
    assert.equal(r.acknowledgedVersion, 1);
    assert.ok(r.changes);
    assert.equal(r.changes.sinceVersion, 1);
    assert.deepEqual(r.changes.summaries.map((s) => [s.version, s.summary]), [[2, RULES_V2.summary]]);
    const diff = r.changes.diff;
    // The diff rebuilds both bodies exactly, and is word-level (not one big line replaced).
    assert.equal(diff.filter((p) => p.op !== 'insert').map((p) => p.text).join(''), RULES_V1.body);
    assert.equal(diff.filter((p) => p.op !== 'delete').map((p) => p.text).join(''), RULES_V2.body);
    const inserted = diff.filter((p) => p.op === 'insert').map((p) => p.text).join(' ');
    assert.match(inserted, /Marketplace/);
    assert.match(inserted, /dated/);
    assert.ok(diff.filter((p) => p.op === 'equal').length > 3);
    assert.ok(diff.every((p) => p.op === 'equal' || p.text.length < 200), 'changes are words, not whole bodies');
  });

  it('a user who never acknowledged gets the rules without a diff', async () => {
    const r = CurrentRulesSchema.parse(await taRep.json('/v1/rules/current'));
    assert.equal(r.acknowledgedVersion, null);
    assert.equal(r.acknowledgedAt, null);
    assert.equal(r.changes, null);
  });

  it('acknowledging a superseded version is 409 naming the current version; an unknown one is 404', async () => {
    const body = await expectProblem(await nwAdmin.post('/v1/rules/1/acknowledgements', {}), 409);
    assert.match(String(body.type), /rules-superseded/);
    assert.equal(body.currentVersion, 2);
    assert.match(String(body.detail), /current version is 2/);
    // Even for a user who acknowledged it back then.
    await expectProblem(await nwRep.post('/v1/rules/1/acknowledgements'), 409);
    await expectProblem(await nwAdmin.post('/v1/rules/99/acknowledgements', {}), 404);
  });

  it('acknowledging is idempotent: the same receipt comes back, one row is stored', async () => {
    clock.now = new Date(T0.getTime() + 60_000);
    const first = await nwAdmin.post('/v1/rules/2/acknowledgements', { bodySha256: sha(RULES_V2.body) });
    assert.equal(first.status, 201, await first.clone().text());
    const receipt = RulesReceiptSchema.parse(await first.json());
    assert.deepEqual(receipt, { version: 2, userId: 'u_nw_admin', partnerId: 'p_northwind', bodySha256: sha(RULES_V2.body), acknowledgedAt: clock.now.toISOString() });
    clock.now = new Date(T0.getTime() + 120_000);
    for (let i = 0; i < 3; i++) {
      const again = await nwAdmin.post('/v1/rules/2/acknowledgements');
      assert.equal(again.status, 200);
      assert.deepEqual(RulesReceiptSchema.parse(await again.json()), receipt);
    }
    const racing = await Promise.all(Array.from({ length: 4 }, () => taRep.post('/v1/rules/2/acknowledgements', {})));
    assert.deepEqual(racing.map((r) => r.status).sort(), [200, 200, 200, 201]);
    const receipts = await Promise.all(racing.map((r) => r.json()));
    assert.ok(receipts.every((r) => JSON.stringify(r) === JSON.stringify(receipts[0])));
    const { rows } = await vendorQuery<{ n: number }>(srv, "SELECT count(*)::int AS n FROM rule_acknowledgements WHERE version = 2 AND user_id IN ('u_nw_admin','u_ta_rep')");
    assert.equal(rows[0].n, 2);
    const me = MeSchema.parse(await nwAdmin.json('/v1/me'));
    assert.deepEqual(me.rules, { currentVersion: 2, acknowledgedVersion: 2, acknowledgedAt: receipt.acknowledgedAt, acknowledged: true });
    const cur = CurrentRulesSchema.parse(await nwAdmin.json('/v1/rules/current'));
    assert.equal(cur.acknowledgedAt, receipt.acknowledgedAt);
    assert.equal(cur.changes, null);
  });

  it('receipts are append-only and published versions immutable', async () => {
    for (const sql of ["UPDATE rule_acknowledgements SET acknowledged_at = now()", 'DELETE FROM rule_acknowledgements', 'TRUNCATE rule_acknowledgements']) {
      await assert.rejects(withScope(srv.db, ALL_PARTNERS, (tx) => tx.query(sql)), /permission denied/, sql);
    }
    for (const sql of ["UPDATE rules SET body = 'x'", 'DELETE FROM rules']) {
      await assert.rejects(withScope(srv.db, ALL_PARTNERS, (tx) => tx.query(sql)), /immutable/, sql);
    }
    // A receipt always carries its version's hash, whatever an insert claims.
    await vendorQuery(srv, "INSERT INTO rule_acknowledgements (version, user_id, partner_id, acknowledged_at, body_sha256) VALUES (2, 'u_li_admin', 'p_litware', now(), 'forged')");
    const { rows } = await vendorQuery<{ body_sha256: string }>(srv, "SELECT body_sha256 FROM rule_acknowledgements WHERE user_id = 'u_li_admin'");
    assert.equal(rows[0].body_sha256, sha(RULES_V2.body));
  });

  it('bad input on POST /v1/rules/{version}/acknowledgements: 4xx naming the field', async () => {
    await expectProblem(await coRep.post('/v1/rules/abc/acknowledgements', {}), 400, 'version');
    await expectProblem(await coRep.post('/v1/rules/0/acknowledgements', {}), 400, 'version');
    await expectProblem(await coRep.post('/v1/rules/-1/acknowledgements', {}), 400, 'version');
    await expectProblem(await coRep.post('/v1/rules/99999999999/acknowledgements', {}), 400, 'version');
    await expectProblem(await coRep.post('/v1/rules/2/acknowledgements', { bodySha256: 5 }), 422, 'bodySha256');
    await expectProblem(await coRep.post('/v1/rules/2/acknowledgements', { bodySha256: 'abc' }), 422, 'bodySha256');
    await expectProblem(await coRep.post('/v1/rules/2/acknowledgements', { bodySha256: sha('another body') }), 422, 'bodySha256');
    await expectProblem(await coRep.post('/v1/rules/2/acknowledgements', '{"bodySha256":'), 400);
    await expectProblem(await coRep.post('/v1/rules/2/acknowledgements', 'x', { 'content-type': 'text/plain' }), 415);
    await expectProblem(await coRep.post('/v1/rules/2/acknowledgements', '[]'), 422);
    await expectProblem(await cm.post('/v1/rules/2/acknowledgements', {}), 403);
  });

  it('POST /v1/rules: channel manager only; bad input names the field', async () => {
    const good = { title: 'Rules', body: '# Rules', summary: 'Changed.' };
    await expectProblem(await nwRep.post('/v1/rules', good), 403);
    await expectProblem(await nwAdmin.post('/v1/rules', good), 403);
    const bad: Array<[unknown, string]> = [
      [{ ...good, title: undefined }, 'title'],
      [{ ...good, title: '   ' }, 'title'],
      [{ ...good, title: 'x'.repeat(201) }, 'title'],
      [{ ...good, body: '' }, 'body'],
      [{ ...good, body: 7 }, 'body'],
      [{ ...good, body: 'x'.repeat(100_001) }, 'body'],
      [{ ...good, summary: null }, 'summary'],
      [{ ...good, summary: 'x'.repeat(2001) }, 'summary'],
    ];
    for (const [body, path] of bad) await expectProblem(await cm.post('/v1/rules', body), 422, path);
    await expectProblem(await cm.post('/v1/rules', '"text"'), 422);
    await expectProblem(await cm.post('/v1/rules', '{'), 400);
    await expectProblem(await cm.post('/v1/rules', { ...good, title: 'a\u0000b' }), 400, 'title');
    const list = RulesVersionListSchema.parse(await cm.json('/v1/rules'));
    assert.equal(list.total, 2, 'nothing was published by the bad requests');
  });

  it('publishing makes a new current version; everyone must acknowledge again, and deal registration is blocked until then', async () => {
    clock.now = new Date(T0.getTime() + 180_000);
    const res = await cm.post('/v1/rules', { title: 'Rules 2026 v3', body: RULES_V2.body + '\n## 6. Events\n- Joint events need **prior approval**.\n', summary: 'Adds a section on joint events.' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('location'), '/v1/rules/3');
    const v3 = RulesVersionSchema.parse(await res.json());
    assert.equal(v3.version, 3);
    assert.equal(v3.publishedAt, clock.now.toISOString());
    assert.deepEqual(v3.publishedBy, { id: 'u_cm', name: 'Morgan Lee' });
    const cur = CurrentRulesSchema.parse(await nwRep.json('/v1/rules/current'));
    assert.equal(cur.version, 3);
    assert.equal(cur.acknowledgedAt, null);
    assert.equal(cur.changes?.sinceVersion, 2);
    assert.deepEqual(cur.changes?.summaries.map((s) => s.version), [3]);
    assert.deepEqual(cur.changes?.diff.filter((p) => p.op === 'delete'), []);
    assert.match(cur.changes!.diff.filter((p) => p.op === 'insert').map((p) => p.text).join(''), /Joint events/);
    assert.equal(MeSchema.parse(await nwRep.json('/v1/me')).rules.acknowledged, false);
    const check = await withScope(srv.db, ALL_PARTNERS, (tx) => hasAcknowledgedCurrentRules(tx, { userId: 'u_nw_rep' }, clock.now));
    assert.deepEqual(check, { ok: false, currentVersion: 3 });
    const blocked = await expectProblem(await nwRep.post('/v1/deals', {}), 422); // bad input is still a 422 first…
    assert.ok(blocked);
    const deal = {
      motion: 'reseller', dealType: 'new',
      customer: { company: 'Wombat Yodel Works', domain: 'wombat-yodel.example', contact: { name: 'A B', email: 'a@wombat-yodel.example' } },
      amount: { value: 1000, currency: 'USD' }, expectedCloseDate: '2026-12-01', description: 'Discovery workshop held with the customer IT team.',
      attribution: { type: 'sourced', percent: 100 }, partnerContacts: [{ name: 'Nora', email: 'n@northwind.example', role: 'AE' }],
    };
    const refused = await expectProblem(await nwRep.post('/v1/deals', deal), 409);
    assert.equal(refused.currentVersion, 3);
    assert.equal((await nwRep.post('/v1/rules/3/acknowledgements')).status, 201);
    assert.deepEqual(await withScope(srv.db, ALL_PARTNERS, (tx) => hasAcknowledgedCurrentRules(tx, { userId: 'u_nw_rep' }, clock.now)), { ok: true, currentVersion: 3 });
    assert.equal((await nwRep.post('/v1/deals', deal)).status, 201);
  });

  it('GET /v1/rules lists versions newest first, paged', async () => {
    const first = RulesVersionListSchema.parse(await taRep.json('/v1/rules?limit=2'));
    assert.deepEqual(first.items.map((v) => v.version), [3, 2]);
    assert.equal(first.total, 3);
    assert.ok(first.nextCursor);
    const second = RulesVersionListSchema.parse(await taRep.json(`/v1/rules?limit=2&cursor=${first.nextCursor}`));
    assert.deepEqual(second.items.map((v) => v.version), [1]);
    assert.equal(second.nextCursor, null);
    await expectProblem(await taRep.get('/v1/rules?limit=0'), 400, 'limit');
    await expectProblem(await taRep.get('/v1/rules?cursor=zz'), 400, 'cursor');
    await expectProblem(await taRep.get('/v1/rules?page=2'), 400, 'page');
  });

  it('GET /v1/rules/{version}/acknowledgements: per partner org and user, who acknowledged and when, and who has not', async () => {
    await expectProblem(await nwRep.get('/v1/rules/2/acknowledgements'), 403);
    await expectProblem(await cm.get('/v1/rules/99/acknowledgements'), 404);
    await expectProblem(await cm.get('/v1/rules/x/acknowledgements'), 400, 'version');
    await expectProblem(await cm.get('/v1/rules/2/acknowledgements?limit=101'), 400, 'limit');
    await expectProblem(await cm.get('/v1/rules/2/acknowledgements?cursor=%%%'), 400, 'cursor');
    const report = RulesAcknowledgementReportSchema.parse(await cm.json('/v1/rules/2/acknowledgements'));
    assert.equal(report.version, 2);
    assert.equal(report.total, 5);
    const nw = report.items.find((i) => i.partner.id === 'p_northwind')!;
    const user = (id: string) => nw.users.find((u) => u.id === id)!;
    assert.ok(user('u_nw_rep').acknowledgedAt);
    assert.equal(user('u_nw_admin').acknowledgedAt, new Date(T0.getTime() + 60_000).toISOString());
    const fa = report.items.find((i) => i.partner.id === 'p_fabrikam')!;
    assert.ok(fa.users.find((u) => u.id === 'u_fa_rep')?.acknowledgedAt);
    assert.equal(report.acknowledged + report.pending, report.items.reduce((n, i) => n + i.users.length, 0));
    const v3 = RulesAcknowledgementReportSchema.parse(await cm.json('/v1/rules/3/acknowledgements'));
    const pendingV3 = v3.items.flatMap((i) => i.users.filter((u) => !u.acknowledgedAt).map((u) => u.id));
    assert.ok(pendingV3.includes('u_ta_rep') && pendingV3.includes('u_co_rep'));
    assert.equal(v3.acknowledged, 1); // u_nw_rep
    // Paging through the partner orgs visits each once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = RulesAcknowledgementReportSchema.parse(await cm.json(`/v1/rules/2/acknowledgements?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...page.items.map((i) => i.partner.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, report.items.map((i) => i.partner.id));
  });

  it('a partner’s answers never carry another partner’s users or receipts', async () => {
    for (const path of ['/v1/rules/current', '/v1/rules', '/v1/me']) {
      const text = await (await coRep.get(path)).text();
      for (const other of ['u_nw_rep', 'u_nw_admin', 'u_ta_rep', 'p_northwind', 'p_tailspin']) assert.ok(!text.includes(other), `${path} mentions ${other}`);
    }
  });

  it('with no rules published, nobody is blocked and GET /v1/rules/current is 404', async () => {
    const empty = await makeServer({ seed: false, jobIntervalMs: 0 });
    try {
      await vendorQuery(empty, "INSERT INTO partners (id, name, tier) VALUES ('p_x', 'X', 'gold')");
      const rep = await api(empty, 'u_x', 'p_x');
      await expectProblem(await rep.get('/v1/rules/current'), 404);
      assert.deepEqual(await withScope(empty.db, ALL_PARTNERS, (tx) => hasAcknowledgedCurrentRules(tx, { userId: 'u_x' }, new Date())), { ok: true, currentVersion: null });
      await expectProblem(await rep.post('/v1/rules/1/acknowledgements'), 404);
    } finally {
      await empty.close();
    }
  });
});
