/**
 * A sweep of hostile and malformed input over the rules, announcement and event endpoints: each
 * answers a 4xx application/problem+json, never a 500 and never a success. Plus the OpenAPI paths.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PartnerkitServer } from '../../server/index.js';
import { api, type Api } from './engagement-helpers.js';
import { makeServer } from './helpers.js';

const BODIES: Array<[string, string]> = [
  ['empty body', ''],
  ['null', 'null'],
  ['array', '[]'],
  ['string', '"hello"'],
  ['number', '42'],
  ['truncated JSON', '{"title": "a"'],
  ['wrong types', '{"title": 5, "body": [], "summary": {}, "pinned": "yes", "audience": 7, "bodySha256": false}'],
  ['NUL bytes', '{"title": "a\\u0000b", "body": "x", "summary": "y"}'],
  ['NUL in a key', '{"title": "a", "body": "x", "summary": "y", "x\\u0000": 1}'],
  ['deep nesting', '{"title":' + '['.repeat(5000) + ']'.repeat(5000) + '}'],
  ['huge strings', JSON.stringify({ title: 'x'.repeat(300_000), body: 'y'.repeat(300_000), summary: 'z' })],
  ['unknown audience', '{"title": "a", "body": "b", "audience": {"tiers": ["diamond"], "motions": "reseller"}}'],
];

describe('bad input on rules, announcements and events never yields a 500', () => {
  let srv: PartnerkitServer;
  let cm: Api;
  let rep: Api;

  before(async () => {
    // This sweep sends dozens of bad tokens from one address; the failed-authentication lockout
    // that would follow is tested in hardening.test.ts.
    srv = await makeServer({ jobIntervalMs: 0, rateLimits: { authFailures: false } });
    cm = await api(srv, 'u_cm', null);
    rep = await api(srv, 'u_ta_rep', 'p_tailspin');
  });
  after(() => srv.close());

  async function expect4xx(res: Response, label: string): Promise<void> {
    const text = await res.text();
    assert.ok(res.status >= 400 && res.status < 500, `${label}: ${res.status} ${text.slice(0, 300)}`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, label);
  }

  const posts: Array<[string, 'cm' | 'rep']> = [
    ['/v1/rules', 'cm'],
    ['/v1/announcements', 'cm'],
    ['/v1/rules/2/acknowledgements', 'rep'],
    ['/v1/announcements/an_release_52/read', 'rep'],
    ['/v1/announcements/an_rules_v2/acknowledgement', 'rep'],
  ];
  for (const [path, who] of posts) {
    it(`POST ${path}: hostile bodies → 4xx`, async () => {
      const user = who === 'cm' ? cm : rep;
      for (const [label, body] of BODIES) {
        // An empty body is a valid "no body" for the receipt endpoints.
        if (label === 'empty body' && who === 'rep') continue;
        await expect4xx(await user.post(path, body), `${label}`);
      }
      await expect4xx(await user.post(path, '{}', { 'content-type': 'text/plain' }), 'text/plain');
    });
  }

  const gets = [
    '/v1/rules?limit=-1', '/v1/rules?limit=1e3', '/v1/rules?cursor=' + 'x'.repeat(600), '/v1/rules?limit=1&limit=2', '/v1/rules/current?x=1',
    '/v1/rules/%00/acknowledgements', '/v1/rules/1.5/acknowledgements', '/v1/rules/2/acknowledgements?cursor=' + Buffer.from('{"p":5}').toString('base64url'),
    '/v1/announcements?limit=', '/v1/announcements?cursor=' + Buffer.from('{"p":"x","t":"y","id":1}').toString('base64url'), '/v1/announcements?cursor=%E0%A4%A',
    '/v1/announcements/an_rules_v2?x=1', '/v1/announcements/an_rules_v2/receipts?limit=0', '/v1/announcements/%00',
    '/v1/events?lastEventId=-5', '/v1/events?lastEventId=99999999999999999999', '/v1/events?lastEventId=1&lastEventId=2',
  ];
  it('GET with bad query or path → 4xx', async () => {
    for (const path of gets) await expect4xx(await cm.get(path), path);
  });

  it('no session or a bad token → 401 on every new endpoint', async () => {
    for (const [method, path] of [
      ['GET', '/v1/rules'], ['POST', '/v1/rules'], ['GET', '/v1/rules/current'], ['POST', '/v1/rules/2/acknowledgements'], ['GET', '/v1/rules/2/acknowledgements'],
      ['GET', '/v1/announcements'], ['POST', '/v1/announcements'], ['GET', '/v1/announcements/an_release_52'], ['POST', '/v1/announcements/an_release_52/read'],
      ['POST', '/v1/announcements/an_rules_v2/acknowledgement'], ['GET', '/v1/announcements/an_rules_v2/receipts'], ['GET', '/v1/events'],
    ]) {
      for (const authorization of [undefined, 'Bearer a.b.c', `Bearer ${srv.secretKey}`]) {
        const res = await srv.app.request(path, { method, headers: authorization ? { authorization } : {} });
        assert.equal(res.status, 401, `${method} ${path} ${authorization}`);
        await res.text();
      }
    }
  });

  it('partners get 403 on channel-manager endpoints', async () => {
    for (const [method, path] of [['POST', '/v1/rules'], ['GET', '/v1/rules/2/acknowledgements'], ['POST', '/v1/announcements'], ['GET', '/v1/announcements/an_rules_v2/receipts']]) {
      const res = method === 'GET' ? await rep.get(path) : await rep.post(path, { title: 't', body: 'b', summary: 's' });
      assert.equal(res.status, 403, `${method} ${path}`);
      await res.text();
    }
  });

  it('the OpenAPI document lists every new path', async () => {
    const doc = (await (await srv.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    for (const [p, methods] of Object.entries({
      '/v1/rules': ['get', 'post'], '/v1/rules/current': ['get'], '/v1/rules/{version}/acknowledgements': ['get', 'post'],
      '/v1/announcements': ['get', 'post'], '/v1/announcements/{id}': ['get'], '/v1/announcements/{id}/read': ['post'],
      '/v1/announcements/{id}/acknowledgement': ['post'], '/v1/announcements/{id}/receipts': ['get'], '/v1/events': ['get'],
    })) {
      for (const m of methods) assert.ok(doc.paths[p]?.[m], `${m.toUpperCase()} ${p}`);
    }
    for (const s of ['CurrentRules', 'RulesReceipt', 'AnnouncementList', 'LiveEvent']) assert.ok(doc.components.schemas[s], s);
  });
});
