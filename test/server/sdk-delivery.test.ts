/**
 * How the reference server delivers the SDK (server/sdk.ts) and compresses what it sends
 * (server/compression.ts): the moving `partnerkit.js` (short cache, ETag) beside the versioned
 * `partnerkit@<version>.js` (a year, immutable), content-hashed chunks (a year), source maps,
 * brotli or gzip as the client accepts, 304 on a matching ETag in any encoding.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { PartnerkitServer } from '../../server/index.js';
import { makeServer } from './helpers.js';

let srv: PartnerkitServer;
let tmp: string;
let version: string;
// Big enough to be compressed (over 1 KB), like the real files.
const LOADER = `export const loader = ${JSON.stringify('x'.repeat(3000))}; import('./pipeline/pk-pipeline-AbCd_123.js');\n//# sourceMappingURL=partnerkit.js.map\n`;
const CHUNK = `export const pipeline = ${JSON.stringify('p'.repeat(3000))};\n`;
const PRE_GZIP = gzipSync(CHUNK, { level: 1 });
const MAP = JSON.stringify({ version: 3, sources: ['loader.ts'], mappings: '' });

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'pk-sdk-'));
  const sdk = join(tmp, 'sdk');
  mkdirSync(join(sdk, 'pipeline'), { recursive: true });
  writeFileSync(join(sdk, 'partnerkit.js'), LOADER);
  writeFileSync(join(sdk, 'partnerkit.js.map'), MAP);
  writeFileSync(join(sdk, 'partnerkit.bundle.js'), `export const all = 1;\n//# sourceMappingURL=partnerkit.bundle.js.map\n`);
  writeFileSync(join(sdk, 'pipeline', 'pk-pipeline-AbCd_123.js'), CHUNK);
  // What scripts/build.mjs writes beside each script-tag file (here a recognisable gzip level 1).
  writeFileSync(join(sdk, 'pipeline', 'pk-pipeline-AbCd_123.js.gz'), PRE_GZIP);
  writeFileSync(join(sdk, 'pipeline', 'notes.txt'), 'not an SDK file');
  writeFileSync(join(tmp, 'secret.js'), 'export const secret = 1;');
  srv = await makeServer({ sdkDir: sdk, demoDir: join(tmp, 'demo') });
  version = ((await (await srv.app.request('/healthz')).json()) as { version: string }).version;
});
after(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => srv.app.request(path, { headers });

async function body(res: Response): Promise<string> {
  const raw = Buffer.from(await res.arrayBuffer());
  const encoding = res.headers.get('content-encoding');
  return (encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

describe('SDK delivery', () => {
  it('the moving partnerkit.js: short cache, ETag, CORS, brotli when accepted', async () => {
    const res = await get('/sdk/partnerkit.js', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('content-encoding'), 'br');
    assert.match(res.headers.get('vary') ?? '', /accept-encoding/i);
    assert.match(res.headers.get('etag') ?? '', /^"[\w-]+"$/);
    const text = await body(res);
    assert.equal(text, LOADER);
  });

  it('gzip for a client without brotli, the plain file for one without either', async () => {
    const gz = await get('/sdk/partnerkit.js', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(await body(gz), LOADER);
    const refused = await get('/sdk/partnerkit.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    assert.equal(refused.headers.get('content-encoding'), null);
    assert.equal(await refused.text(), LOADER);
    const plain = await get('/sdk/partnerkit.js');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), LOADER);
    const tags = new Set([gz.headers.get('etag'), plain.headers.get('etag')]);
    assert.equal(tags.size, 2, 'each encoding has its own ETag');
  });

  it('304 Not Modified for a matching ETag, in whichever encoding it was given', async () => {
    const first = await get('/sdk/partnerkit.js', { 'accept-encoding': 'br' });
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    const again = await get('/sdk/partnerkit.js', { 'accept-encoding': 'br', 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), 'public, max-age=300');
    assert.equal((await again.arrayBuffer()).byteLength, 0);
    const otherEncoding = await get('/sdk/partnerkit.js', { 'accept-encoding': 'gzip', 'if-none-match': `W/${etag}` });
    assert.equal(otherEncoding.status, 304);
    const stale = await get('/sdk/partnerkit.js', { 'if-none-match': '"something-else"' });
    assert.equal(stale.status, 200);
  });

  it('the versioned partnerkit@<version>.js: cached for a year, immutable, naming its own source map', async () => {
    const res = await get(`/sdk/partnerkit@${version}.js`, { 'accept-encoding': 'br' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.ok(res.headers.get('etag'));
    const text = await body(res);
    assert.ok(text.startsWith(LOADER.split('\n')[0]), 'the same code as partnerkit.js');
    assert.match(text, new RegExp(`//# sourceMappingURL=partnerkit@${version.replaceAll('.', '\\.')}\\.js\\.map\\n$`));
    const map = await get(`/sdk/partnerkit@${version}.js.map`);
    assert.equal(map.status, 200);
    assert.equal(map.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.deepEqual(JSON.parse(await body(map)), JSON.parse(MAP));
    const bundle = await get(`/sdk/partnerkit.bundle@${version}.js`);
    assert.equal(bundle.status, 200);
    assert.match(await body(bundle), new RegExp(`sourceMappingURL=partnerkit\\.bundle@${version.replaceAll('.', '\\.')}\\.js\\.map`));
  });

  it('another version is a 404, never the wrong file under a permanent URL', async () => {
    const res = await get('/sdk/partnerkit@0.0.0-not-this.js');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
    assert.match(String(((await res.json()) as { detail: string }).detail), new RegExp(`partnerkit@${version.replaceAll('.', '\\.')}\\.js`));
  });

  it('content-hashed chunks beside the entry: a year, immutable; source maps of the moving entry: short', async () => {
    const chunk = await get('/sdk/pipeline/pk-pipeline-AbCd_123.js', { 'accept-encoding': 'gzip' });
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await body(chunk), CHUNK);
    const map = await get('/sdk/partnerkit.js.map');
    assert.equal(map.status, 200);
    assert.match(map.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(map.headers.get('cache-control'), 'public, max-age=300');
  });

  it("serves the build's precompressed copy when there is one, and never the .br/.gz files themselves", async () => {
    const res = await get('/sdk/pipeline/pk-pipeline-AbCd_123.js', { 'accept-encoding': 'gzip' });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PRE_GZIP);
    assert.equal((await get('/sdk/pipeline/pk-pipeline-AbCd_123.js.gz')).status, 404);
  });

  it('serves only SDK files from the SDK folder', async () => {
    assert.equal((await get('/sdk/pipeline/notes.txt')).status, 404);
    assert.equal((await get('/sdk/../secret.js')).status, 404);
    assert.equal((await get('/sdk/%2e%2e/secret.js')).status, 404);
    assert.equal((await get('/sdk/pipeline/pk-nothing-AbCd_123.js')).status, 404);
  });
});

describe('compression of other responses', () => {
  it('JSON (the OpenAPI document) in brotli or gzip as accepted, plain otherwise', async () => {
    const plain = await get('/v1/openapi.json');
    const json = await plain.text();
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.ok(json.length > 1024);
    const br = await get('/v1/openapi.json', { 'accept-encoding': 'gzip, br' });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.match(br.headers.get('vary') ?? '', /accept-encoding/i);
    assert.equal(br.headers.get('content-length'), null);
    assert.equal(await body(br), json);
    const gz = await get('/v1/openapi.json', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(await body(gz), json);
  });

  it('leaves small answers alone', async () => {
    const res = await get('/healthz', { 'accept-encoding': 'br, gzip' });
    assert.equal(res.headers.get('content-encoding'), null);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
  });

  it('lets browsers cache CORS preflights as long as they allow (24 hours in Firefox; Chromium caps it at 2)', async () => {
    const res = await srv.app.request('/v1/deals', {
      method: 'OPTIONS',
      headers: { origin: 'https://partners.vendor.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(res.headers.get('access-control-max-age'), '86400');
  });

  it("answers the loader's preflight warm-up (OPTIONS as a method, with Authorization) like a preflight: 204, no data, no 401", async () => {
    const origin = 'https://partners.vendor.example';
    // The browser's preflight of that OPTIONS request: OPTIONS must be an allowed method.
    const pre = await srv.app.request('/v1/deals?limit=50', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'OPTIONS', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /\bOPTIONS\b/);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    // Then the OPTIONS request itself, carrying an empty Authorization header.
    const res = await srv.app.request('/v1/deals?limit=50', { method: 'OPTIONS', headers: { origin, authorization: '' } });
    assert.equal(res.status, 204);
    assert.equal(await res.text(), '');
    assert.ok(res.headers.get('access-control-allow-origin'), 'readable from the page');
  });
});
