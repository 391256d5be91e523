/**
 * Bad input on every content endpoint: 4xx application/problem+json naming the field, never a
 * 500 and never a success; upload limits (size, type allowlist, bytes that lie about their type)
 * refuse the upload and store nothing; the OpenAPI document lists the routes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONTENT_FILE_MAX_BYTES } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { tinyPdf } from '../../server/content/demo-files.js';
import { contentApi, type ContentApi } from './content-helpers.js';
import { expectProblem, makeServer, vendorQuery } from './helpers.js';

const HOSTILE: Array<[string, string]> = [
  ['empty body', ''],
  ['null', 'null'],
  ['array', '[]'],
  ['string', '"hello"'],
  ['truncated JSON', '{"title": "a"'],
  ['wrong types', '{"title": 5, "type": [], "motion": {}, "shareable": "yes", "gate": 7, "url": false}'],
  ['NUL bytes', '{"title": "a\\u0000b", "type": "play", "url": "https://example.com"}'],
  ['deep nesting', '{"title":' + '['.repeat(5000) + ']'.repeat(5000) + '}'],
  ['huge strings', JSON.stringify({ title: 'x'.repeat(300_000), type: 'play', url: 'https://example.com' })],
];

describe('bad input on the content endpoints never yields a 500', () => {
  let srv: PartnerkitServer;
  let cm: ContentApi;
  let rep: ContentApi;

  before(async () => {
    srv = await makeServer({ jobIntervalMs: 0, rateLimits: { authFailures: false } });
    cm = await contentApi(srv, 'u_cm', null);
    rep = await contentApi(srv, 'u_nw_rep', 'p_northwind');
  });
  after(() => srv.close());

  async function expect4xx(res: Response, label: string): Promise<void> {
    const text = await res.text();
    assert.ok(res.status >= 400 && res.status < 500, `${label}: ${res.status} ${text.slice(0, 300)}`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, label);
  }
  const count = async () => Number((await vendorQuery<{ n: number }>(srv, 'SELECT (SELECT count(*) FROM content_items) + (SELECT count(*) FROM content_files) AS n')).rows[0].n);

  const bodies: Array<[string, 'POST' | 'PATCH', 'cm' | 'rep']> = [
    ['/v1/content', 'POST', 'cm'],
    ['/v1/content/ct_roi_calculator', 'PATCH', 'cm'],
    ['/v1/content/ct_roi_calculator/events', 'POST', 'rep'],
    ['/v1/content/ct_roi_calculator/share-links', 'POST', 'rep'],
  ];
  for (const [path, method, who] of bodies) {
    it(`${method} ${path}: hostile bodies → 4xx problem`, async () => {
      const user = who === 'cm' ? cm : rep;
      for (const [label, body] of HOSTILE) {
        // No body is a valid request for a share link (the defaults apply).
        if (label === 'empty body' && path.endsWith('/share-links')) continue;
        const res = await srv.app.request(path, { method, headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' }, body });
        await expect4xx(res, label);
      }
      await expect4xx(await srv.app.request(path, { method, headers: { authorization: `Bearer ${user.token}`, 'content-type': 'text/plain' }, body: '{}' }), 'text/plain');
    });
  }

  it('field errors name the field, with a known code', async () => {
    const post = (body: unknown) => cm.post('/v1/content', body);
    await expectProblem(await post({ type: 'play', url: 'https://example.com' }), 422, 'title', 'required');
    await expectProblem(await post({ title: 'x', type: 'brochure', url: 'https://example.com' }), 422, 'type', 'invalid_choice');
    await expectProblem(await post({ title: 'x', type: 'play', motion: 'wholesale', url: 'https://example.com' }), 422, 'motion', 'invalid_choice');
    await expectProblem(await post({ title: 'x', type: 'play', url: 'javascript:alert(1)' }), 422, 'url');
    await expectProblem(await post({ title: 'x', type: 'play', url: 'ftp://example.com/x' }), 422, 'url');
    await expectProblem(await post({ title: 'x', type: 'play' }), 422, 'url', 'required');
    await expectProblem(await post({ title: 'x', type: 'play', url: 'https://example.com', gate: { tier: 'diamond' } }), 422, 'gate.tier', 'invalid_choice');
    await expectProblem(await post({ title: 'x', type: 'play', url: 'https://example.com', gate: { certifications: [''] } }), 422, 'gate.certifications.0');
    await expectProblem(await post({ title: 'x', type: 'play', url: 'https://example.com', language: 'English!' }), 422, 'language');
    await expectProblem(await post({ title: 'x', type: 'play', url: 'https://example.com', shareable: 'yes' }), 422, 'shareable', 'invalid_type');
    // An unknown key: the body ('') with the key in the message (as everywhere in the contract).
    const unknown = await expectProblem(await post({ title: 'x', type: 'play', url: 'https://example.com', colour: 'red' }), 422, '', 'unknown_field');
    assert.match(JSON.stringify(unknown.errors), /colour/);
    await expectProblem(await cm.patch('/v1/content/ct_roi_calculator', {}), 422, '');
    await expectProblem(await cm.patch('/v1/content/ct_roi_calculator', { title: '' }), 422, 'title');
    await expectProblem(await cm.patch('/v1/content/ct_roi_calculator', { published: null }), 422, 'published');
    await expectProblem(await rep.post('/v1/content/ct_roi_calculator/events', { type: 'like' }), 422, 'type', 'invalid_choice');
    await expectProblem(await rep.post('/v1/content/ct_roi_calculator/events', {}), 422, 'type', 'required');
    await expectProblem(await rep.post('/v1/content/ct_roi_calculator/events', { type: 'view', at: 'now' }), 422, '', 'unknown_field');
    await expectProblem(await rep.post('/v1/content/ct_roi_calculator/share-links', { expiresInDays: 365 }), 422, 'expiresInDays', 'too_big');
    await expectProblem(await rep.post('/v1/content/ct_roi_calculator/share-links', { expiresInDays: 1.5 }), 422, 'expiresInDays', 'not_an_integer');
  });

  it('bad queries name the parameter', async () => {
    await expectProblem(await rep.get('/v1/content?motion=wholesale'), 400, 'motion', 'invalid_choice');
    await expectProblem(await rep.get('/v1/content?type=brochure'), 400, 'type', 'invalid_choice');
    await expectProblem(await rep.get('/v1/content?sort=popular'), 400, 'sort', 'invalid_choice');
    await expectProblem(await rep.get('/v1/content?limit=0'), 400, 'limit');
    await expectProblem(await rep.get('/v1/content?limit=abc'), 400, 'limit');
    await expectProblem(await rep.get('/v1/content?q=' + 'x'.repeat(201)), 400, 'q', 'too_long');
    await expectProblem(await rep.get('/v1/content?motions=tech'), 400, 'motions', 'unknown_parameter');
    await expectProblem(await rep.get('/v1/content?q=a&q=b'), 400, 'q', 'repeated_parameter');
    await expectProblem(await rep.get('/v1/content?cursor=garbage'), 400, 'cursor', 'invalid_cursor');
    // A cursor from another sort is refused, not misread.
    const page = await rep.json<{ nextCursor: string }>('/v1/content?sort=title&limit=2');
    await expectProblem(await rep.get(`/v1/content?sort=updated&cursor=${page.nextCursor}`), 400, 'cursor', 'invalid_cursor');
    await expectProblem(await rep.get('/v1/content/ct_roi_calculator?x=1'), 400, 'x', 'unknown_parameter');
    await expectProblem(await rep.get('/v1/content/ct_roi_calculator/file?download=1'), 400, 'download', 'unknown_parameter');
    await expectProblem(await cm.get('/v1/content/engagement?by=region'), 400, 'by', 'invalid_choice');
    await expectProblem(await cm.get('/v1/content/engagement?cursor=%7B'), 400, 'cursor', 'invalid_cursor');
    await expectProblem(await cm.get('/v1/content/engagement?cursor=' + Buffer.from('{"o":-4}').toString('base64url')), 400, 'cursor', 'invalid_cursor');
    // Odd but harmless search text is searched, not an error.
    for (const q of ['"', '-', '!!!', 'a & b | c', "o'brien", '(((', '::*']) {
      const res = await rep.get(`/v1/content?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, `${q}: ${await res.clone().text()}`);
      await res.text();
    }
    await expectProblem(await rep.get('/v1/content/%00'), 400);
  });

  it('uploads: too large, a type outside the allowlist, bytes that are not the declared type, or odd parts are refused and nothing is stored', async () => {
    const meta = { title: 'Upload', type: 'play' };
    const before = await count();
    const big = new Uint8Array(CONTENT_FILE_MAX_BYTES + 1);
    big.set(tinyPdf('x').subarray(0, 8));
    const tooBig = await expectProblem(await cm.upload('POST', '/v1/content', meta, { bytes: big, name: 'big.pdf', type: 'application/pdf' }), 413, 'file', 'too_big');
    assert.equal(tooBig.maxBytes, CONTENT_FILE_MAX_BYTES);
    await expectProblem(await cm.upload('POST', '/v1/content', meta, { bytes: '<script>alert(1)</script>', name: 'x.html', type: 'text/html' }), 415, 'file', 'invalid_choice');
    await expectProblem(await cm.upload('POST', '/v1/content', meta, { bytes: 'MZ\x90\x00', name: 'setup.exe', type: 'application/octet-stream' }), 415, 'file', 'invalid_choice');
    await expectProblem(await cm.upload('POST', '/v1/content', meta, { bytes: '<svg onload=alert(1)>', name: 'x.svg', type: 'image/svg+xml' }), 415, 'file', 'invalid_choice');
    await expectProblem(await cm.upload('POST', '/v1/content', meta, { bytes: 'not a pdf', name: 'fake.pdf', type: 'application/pdf' }), 422, 'file', 'invalid_format');
    await expectProblem(await cm.upload('POST', '/v1/content', meta, { bytes: 'GIF89a', name: 'x.png', type: 'image/png' }), 422, 'file', 'invalid_format');
    await expectProblem(await cm.upload('POST', '/v1/content', meta, { bytes: new Uint8Array([0x61, 0, 0x62]), name: 'x.txt', type: 'text/plain' }), 422, 'file', 'invalid_format');
    await expectProblem(await cm.upload('POST', '/v1/content', meta, { bytes: '', name: 'empty.pdf', type: 'application/pdf' }), 422, 'file', 'required');
    await expectProblem(await cm.upload('POST', '/v1/content', { ...meta, url: 'https://example.com' }, { bytes: tinyPdf('x'), name: 'x.pdf', type: 'application/pdf' }), 422, 'url', 'not_allowed');
    await expectProblem(await cm.upload('POST', '/v1/content', { type: 'play' }, { bytes: tinyPdf('x'), name: 'x.pdf', type: 'application/pdf' }), 422, 'title', 'required');
    await expectProblem(await cm.upload('POST', '/v1/content', '{"title":', { bytes: tinyPdf('x'), name: 'x.pdf', type: 'application/pdf' }), 400);
    const extra = new FormData();
    extra.append('metadata', JSON.stringify(meta));
    extra.append('file', new Blob([tinyPdf('x') as BlobPart], { type: 'application/pdf' }), 'x.pdf');
    extra.append('evil', 'x');
    await expectProblem(await srv.app.request('/v1/content', { method: 'POST', headers: { authorization: `Bearer ${cm.token}` }, body: extra }), 422, 'evil', 'unknown_field');
    await expectProblem(await srv.app.request('/v1/content', { method: 'POST', headers: { authorization: `Bearer ${cm.token}`, 'content-type': 'multipart/form-data; boundary=zz' }, body: 'garbage' }), 400);
    // On PATCH too, and the existing file stays.
    await expectProblem(await cm.upload('PATCH', '/v1/content/ct_roi_financial_services', {}, { bytes: 'x', name: 'x.exe', type: 'application/x-msdownload' }), 415, 'file');
    assert.equal((await cm.get('/v1/content/ct_roi_financial_services/file')).status, 200);
    assert.equal(await count(), before, 'nothing stored');
    // A Markdown file a browser sends without a type is recognised by its extension.
    const md = await cm.upload('POST', '/v1/content', meta, { bytes: '# Hello', name: 'notes.md', type: '' });
    assert.equal(md.status, 201, await md.clone().text());
  });

  it('no session or a bad token → 401 on every content endpoint; partners get 403 on channel-manager ones', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/v1/content'], ['POST', '/v1/content'], ['GET', '/v1/content/engagement'], ['GET', '/v1/content/ct_roi_calculator'],
      ['PATCH', '/v1/content/ct_roi_calculator'], ['GET', '/v1/content/ct_roi_calculator/file'], ['POST', '/v1/content/ct_roi_calculator/events'],
      ['POST', '/v1/content/ct_roi_calculator/share-links'], ['GET', '/v1/content/ct_roi_calculator/share-links'], ['DELETE', '/v1/content/ct_roi_calculator/share-links/sl_x'],
    ];
    for (const [method, path] of routes) {
      for (const authorization of [undefined, 'Bearer a.b.c', `Bearer ${srv.secretKey}`]) {
        const res = await srv.app.request(path, { method, headers: authorization ? { authorization } : {} });
        assert.equal(res.status, 401, `${method} ${path} ${authorization}`);
        await res.text();
      }
    }
    await expectProblem(await rep.post('/v1/content', { title: 't', type: 'play', url: 'https://example.com' }), 403);
    await expectProblem(await rep.patch('/v1/content/ct_roi_calculator', { title: 't' }), 403);
    await expectProblem(await rep.get('/v1/content/engagement'), 403);
  });

  it('the OpenAPI document lists every content path and schema', async () => {
    const doc = (await (await srv.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    for (const [p, methods] of Object.entries({
      '/v1/content': ['get', 'post'], '/v1/content/engagement': ['get'], '/v1/content/{id}': ['get', 'patch'], '/v1/content/{id}/file': ['get'],
      '/v1/content/{id}/events': ['post'], '/v1/content/{id}/share-links': ['get', 'post'], '/v1/content/{id}/share-links/{linkId}': ['delete'], '/share/{token}': ['get'],
    })) {
      for (const m of methods) assert.ok(doc.paths[p]?.[m], `${m.toUpperCase()} ${p}`);
    }
    for (const s of ['ContentItem', 'ContentList', 'ContentPublish', 'ContentUpdate', 'ContentEngagementReport', 'ShareLink', 'ContentPublishedData']) assert.ok(doc.components.schemas[s], s);
  });
});
