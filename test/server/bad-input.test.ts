/**
 * A sweep of hostile and malformed input over every endpoint: each must answer a 4xx
 * application/problem+json, never a 500 and never a success.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PartnerkitServer } from '../../server/index.js';
import { SECRET, makeServer, mint, vendorQuery } from './helpers.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const ALG_NONE = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u', pid: 'p_northwind', role: 'channel_manager', typ: 'pk_session', iss: 'partnerkit', aud: 'partnerkit', exp: 4102444800 })}.`;

describe('bad input never yields a 500', () => {
  let srv: PartnerkitServer;
  let token: string;

  before(async () => {
    srv = await makeServer();
    token = (await mint(srv, { userId: 'u1', partnerId: 'p_northwind', role: 'partner_user' })).token;
  });
  after(() => srv.close());

  const sessionBodies: Array<[string, string]> = [
    ['empty body', ''],
    ['null', 'null'],
    ['array', '[]'],
    ['string', '"hello"'],
    ['truncated JSON', '{"userId": "a"'],
    ['wrong types', '{"userId": 5, "partnerId": [], "role": {}}'],
    ['unknown role', '{"userId": "a", "partnerId": "p_northwind", "role": "admin"}'],
    ['blank userId', '{"userId": "   ", "partnerId": "p_northwind", "role": "partner_user"}'],
    ['huge userId', JSON.stringify({ userId: 'x'.repeat(100_000), partnerId: 'p_northwind', role: 'partner_user' })],
    ['bad email', '{"userId": "a", "partnerId": "p_northwind", "role": "partner_user", "email": "not-an-email"}'],
    ['manager with partner', '{"userId": "a", "partnerId": "p_northwind", "role": "channel_manager"}'],
    ['NUL bytes', '{"userId": "a\\u0000b", "partnerId": "p_\\u0000", "role": "partner_user"}'],
    ['NUL in a key', '{"userId": "a", "partnerId": "p_northwind", "role": "partner_user", "x\\u0000": 1}'],
    ['deep nesting', '{"userId":' + '['.repeat(5000) + ']'.repeat(5000) + '}'],
  ];
  for (const [label, body] of sessionBodies) {
    it(`POST /v1/sessions: ${label}`, async () => {
      const res = await srv.app.request('/v1/sessions', {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
        body,
      });
      await expect4xx(res);
    });
  }

  const authHeaders: Array<[string, string]> = [
    ['alg none token', `Bearer ${ALG_NONE}`],
    ['garbage token', 'Bearer a.b.c'],
    ['basic scheme', 'Basic dXNlcjpwYXNz'],
    ['empty bearer', 'Bearer '],
    ['very long token', `Bearer ${'a'.repeat(50_000)}`],
  ];
  for (const [label, authorization] of authHeaders) {
    for (const path of ['/v1/me', '/v1/deals', '/v1/deals/dl_x']) {
      it(`GET ${path} with ${label} → 401`, async () => {
        const res = await srv.app.request(path, { headers: { authorization } });
        assert.equal(res.status, 401);
        await expect4xx(res);
      });
    }
  }

  const dealQueries = [
    'limit=-1', 'limit=1.5', 'limit=101', 'limit=1e3', 'limit=', 'sort=amount;drop', 'motion=REFERRAL', 'stage=nope',
    'status[]=won', `q=${'x'.repeat(1000)}`, 'cursor=%00%01', 'cursor=eyJ9', `cursor=${b64({ s: '-lastActivityAt', v: "x' OR 1=1 --", id: 'a' })}`,
    `cursor=${b64({ s: 'amount', v: '1', id: 'a' })}&sort=-amount`, `cursor=${b64([1, 2])}`,
  ];
  for (const qs of dealQueries) {
    it(`GET /v1/deals?${qs.slice(0, 50)} → 400`, async () => {
      const res = await srv.app.request(`/v1/deals?${qs}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 400, await res.clone().text());
      await expect4xx(res);
    });
  }

  it('GET /v1/deals/%00 → 400 (NUL is refused before it reaches the database)', async () => {
    const res = await srv.app.request('/v1/deals/%00', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 400);
    await expect4xx(res);
  });

  for (const id of ["x'%20OR%201=1", 'a'.repeat(5000), '..%2F..%2Fetc%2Fpasswd']) {
    it(`GET /v1/deals/${id.slice(0, 30)} → 404`, async () => {
      const res = await srv.app.request(`/v1/deals/${id}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 404);
      await expect4xx(res);
    });
  }

  // The pipeline (issue 11): the lane summary, the export and PATCH /v1/deals/{id}.
  const pipelineQueries = [
    '/v1/deals/summary?motion=REFERRAL', '/v1/deals/summary?status=open', '/v1/deals/summary?stage=validate', `/v1/deals/summary?q=${'x'.repeat(1000)}`,
    '/v1/deals/summary?q=a&q=b', '/v1/deals/export.csv?sort=amount;drop', '/v1/deals/export.csv?limit=5', '/v1/deals/export.csv?motion[]=tech',
    `/v1/deals/export.csv?q=${'x'.repeat(1000)}`,
  ];
  for (const path of pipelineQueries) {
    it(`GET ${path.slice(0, 60)} → 400`, async () => {
      const res = await srv.app.request(path, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 400, await res.clone().text());
      await expect4xx(res);
    });
  }
  const patchBodies: Array<[string, string]> = [
    ['empty body', ''], ['null', 'null'], ['array', '[]'], ['truncated JSON', '{"version": 1'], ['wrong types', '{"version": "1", "stage": 5}'],
    ['negative version', '{"version": -1, "nextStep": "x"}'], ['huge version', '{"version": 1e300, "nextStep": "x"}'],
    ['NUL', '{"version": 1, "nextStep": "a\\u0000b"}'], ['huge note', JSON.stringify({ version: 1, stageNote: 'x'.repeat(100_000) })],
    ['deep nesting', '{"version":' + '['.repeat(5000) + ']'.repeat(5000) + '}'], ['unknown stage', '{"version": 1, "stage": "../../etc"}'],
  ];
  for (const [label, body] of patchBodies) {
    it(`PATCH /v1/deals/{id}: ${label} → 4xx`, async () => {
      const { rows } = await vendorQuery<{ id: string }>(srv, "SELECT id FROM deals WHERE partner_id = 'p_northwind' ORDER BY id LIMIT 1");
      const res = await srv.app.request(`/v1/deals/${rows[0].id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      await expect4xx(res);
    });
  }

  it('methods a route does not have are 4xx problems', async () => {
    for (const [method, path] of [['DELETE', '/v1/deals'], ['PUT', '/v1/me'], ['GET', '/v1/sessions']]) {
      const res = await srv.app.request(path, { method, headers: { authorization: `Bearer ${token}` } });
      await expect4xx(res);
    }
  });
});

async function expect4xx(res: Response): Promise<void> {
  const text = await res.text();
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx, got ${res.status}: ${text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, text.slice(0, 200));
  const body = JSON.parse(text) as { status: number; title: string };
  assert.equal(body.status, res.status);
  assert.ok(body.title.length > 0);
}
