import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { MeSchema, SessionSchema } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { SECRET, expectProblem, makeServer, mint, vendorQuery } from './helpers.js';

let srv: PartnerkitServer;
let clock = new Date('2026-03-01T12:00:00Z');
before(async () => {
  srv = await makeServer({ now: () => clock });
});
after(async () => {
  await srv?.close();
});

const post = (body: unknown, auth: string | null = SECRET, contentType = 'application/json') =>
  srv.app.request('/v1/sessions', {
    method: 'POST',
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /v1/sessions', () => {
  it('mints a 15-minute HS256 session token with the contract claims', async () => {
    const res = await post({ userId: 'ext_42', partnerId: 'p_northwind', role: 'partner_user', name: 'Ext Rep', email: 'rep@nw.example' });
    assert.equal(res.status, 201);
    const body = SessionSchema.parse(await res.json());
    assert.equal(new Date(body.expiresAt).getTime() - clock.getTime(), 900_000);
    const claims = decodeJwt(body.token);
    assert.equal(claims.sub, 'ext_42');
    assert.equal(claims.pid, 'p_northwind');
    assert.equal(claims.role, 'partner_user');
    assert.equal(claims.typ, 'pk_session');
    assert.equal(claims.iss, 'partnerkit');
    assert.equal(claims.aud, 'partnerkit');
    assert.equal(claims.exp! - claims.iat!, 900);
    // the user was upserted
    const { rows } = await vendorQuery<{ name: string; partner_id: string }>(srv, 'SELECT name, partner_id FROM users WHERE id = $1', ['ext_42']);
    assert.deepEqual(rows, [{ name: 'Ext Rep', partner_id: 'p_northwind' }]);
  });

  it('rejects a missing or wrong secret key with 401 problem + WWW-Authenticate', async () => {
    const body = { userId: 'u1', partnerId: 'p_northwind', role: 'partner_user' };
    for (const auth of [null, 'wrong_secret_key_0123456789', SECRET + 'x', SECRET.slice(0, -1)]) {
      const res = await post(body, auth);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      await expectProblem(res, 401);
    }
  });

  it('rejects a session token presented as the secret key', async () => {
    const { token } = await mint(srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' });
    await expectProblem(await post({ userId: 'u2', partnerId: null, role: 'channel_manager' }, token), 401);
  });

  it('422 naming partnerId when a partner role has no partner', async () => {
    await expectProblem(await post({ userId: 'u1', partnerId: null, role: 'partner_user' }), 422, 'partnerId');
    await expectProblem(await post({ userId: 'u1', partnerId: 'p_northwind', role: 'channel_manager' }), 422, 'partnerId');
  });

  it('422 for an unknown partnerId', async () => {
    await expectProblem(await post({ userId: 'u1', partnerId: 'p_nope', role: 'partner_admin' }), 422, 'partnerId');
  });

  it('422 naming each invalid field', async () => {
    await expectProblem(await post({ userId: '', partnerId: 'p_northwind', role: 'partner_user' }), 422, 'userId');
    await expectProblem(await post({ userId: 'u1', partnerId: 'p_northwind', role: 'admin' }), 422, 'role');
    await expectProblem(await post({ userId: 'u1', partnerId: 'p_northwind', role: 'partner_user', email: 'nope' }), 422, 'email');
  });

  it('400 for malformed JSON, 415 for a non-JSON body', async () => {
    const body = await expectProblem(await post('{"userId": ', SECRET), 400);
    assert.match(String(body.detail), /JSON/);
    await expectProblem(await post('userId=u1', SECRET, 'application/x-www-form-urlencoded'), 415);
  });
});

describe('session tokens on /v1 routes', () => {
  it('requires a bearer token', async () => {
    const res = await srv.app.request('/v1/me');
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    await expectProblem(res, 401);
  });

  it('refuses the secret key where a session token is expected', async () => {
    await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${SECRET}` } }), 401);
    await expectProblem(await srv.app.request('/v1/deals', { headers: { authorization: `Bearer ${SECRET}` } }), 401);
  });

  it('refuses a tampered token', async () => {
    const { token } = await mint(srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' });
    const [h, p, sig] = token.split('.');
    const flipped = sig.slice(0, 5) + (sig[5] === 'A' ? 'B' : 'A') + sig.slice(6);
    await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${h}.${p}.${flipped}` } }), 401);
    // forged payload (escalate to channel manager) with the original signature
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, role: 'channel_manager', pid: null })).toString('base64url');
    await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${h}.${forged}.${sig}` } }), 401);
    // alg none
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${none}.${p}.` } }), 401);
    // sanity: the untampered token works
    assert.equal((await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } })).status, 200);
  });

  it('refuses an expired token', async () => {
    const { token } = await mint(srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' });
    const ok = await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    const saved = clock;
    clock = new Date(saved.getTime() + 901_000);
    try {
      const body = await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } }), 401);
      assert.match(String(body.detail), /expired/);
    } finally {
      clock = saved;
    }
  });

  it('refuses a token signed with another secret key', async () => {
    const other = await makeServer({ secretKey: 'another_secret_key_abcdef0123456789', seed: false });
    try {
      const res = await other.app.request('/v1/sessions', {
        method: 'POST',
        headers: { authorization: 'Bearer another_secret_key_abcdef0123456789', 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'x', partnerId: null, role: 'channel_manager' }),
      });
      const { token } = (await res.json()) as { token: string };
      await expectProblem(await srv.app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } }), 401);
    } finally {
      await other.close();
    }
  });
});

describe('GET /v1/me', () => {
  it('returns the partner user, org and unacknowledged rules', async () => {
    // The seed has u_nw_rep acknowledge the current version (2), u_nw_admin only version 1.
    const admin = MeSchema.parse(await (await (await mint(srv, { userId: 'u_nw_admin', partnerId: 'p_northwind', role: 'partner_admin' })).get('/v1/me')).json());
    assert.equal(admin.rules.currentVersion, 2);
    assert.equal(admin.rules.acknowledgedVersion, 1);
    assert.equal(admin.rules.acknowledged, false);
    const tailspin = MeSchema.parse(await (await (await mint(srv, { userId: 'u_ta_rep', partnerId: 'p_tailspin', role: 'partner_user' })).get('/v1/me')).json());
    assert.deepEqual(tailspin.rules, { currentVersion: 2, acknowledgedVersion: null, acknowledgedAt: null, acknowledged: false });
    const me = MeSchema.parse(await (await (await mint(srv, { userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user' })).get('/v1/me')).json());
    assert.deepEqual(me.user, { id: 'u_nw_rep', name: 'Nora Whitfield', email: 'nora.whitfield@northwind.example', role: 'partner_user' });
    assert.equal(me.partner?.id, 'p_northwind');
    assert.equal(me.partner?.name, 'Northwind Resellers');
    assert.equal(me.partner?.tier, 'gold');
    assert.deepEqual(me.partner?.motions, ['reseller']);
    assert.ok(me.partner!.certifications.length > 0);
    assert.equal(me.rules.currentVersion, 2);
    assert.equal(me.rules.acknowledgedVersion, 2);
    assert.equal(me.rules.acknowledged, true);
  });

  it('reflects an acknowledgement of the current rules', async () => {
    await vendorQuery(srv, "INSERT INTO rule_acknowledgements (version, user_id, partner_id, acknowledged_at) VALUES (2, 'u_co_admin', 'p_contoso', '2026-02-01T00:00:00Z')");
    const me = MeSchema.parse(await (await (await mint(srv, { userId: 'u_co_admin', partnerId: 'p_contoso', role: 'partner_admin' })).get('/v1/me')).json());
    assert.equal(me.partner?.tier, 'platinum');
    assert.deepEqual(me.partner?.motions, ['services', 'tech']);
    assert.deepEqual(me.rules, { currentVersion: 2, acknowledgedVersion: 2, acknowledgedAt: '2026-02-01T00:00:00.000Z', acknowledged: true });
  });

  it('returns no partner for a channel manager', async () => {
    const me = MeSchema.parse(await (await (await mint(srv, { userId: 'u_cm', partnerId: null, role: 'channel_manager' })).get('/v1/me')).json());
    assert.equal(me.user.role, 'channel_manager');
    assert.equal(me.user.name, 'Morgan Lee');
    assert.equal(me.partner, null);
  });
});
