import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { Hono, type Context } from 'hono';
import { problemResponse } from './problem.js';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** A year: for URLs whose content never changes (the versioned entry, content-hashed chunks). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The moving URLs (`partnerkit.js`, …): short, then revalidated with the ETag (a 304 is a few bytes). */
export const SHORT = 'public, max-age=300';

/** `partnerkit@0.1.0.js`, `partnerkit.bundle@0.1.0.js`, and their `.map`. */
const VERSIONED = /^(partnerkit(?:\.bundle)?)@([^/@]+)\.js(\.map)?$/;
/** Build output named by its content (`pipeline/pk-pipeline-<hash>.js`, `shared/…-<hash>.js`). */
const HASHED = /^(?:[a-z-]+\/)+[\w.-]+-[\w-]{8}\.js(?:\.map)?$/;

interface Encoded {
  body: Uint8Array;
  etag: string;
  encoding?: 'br' | 'gzip';
}

interface Entry {
  /** The file on disk; `.br` and `.gz` beside it, as new as it, are its precompressed forms (scripts/build.mjs). */
  file?: string;
  mtimeMs: number;
  size: number;
  type: string;
  hash: string;
  identity: Uint8Array;
  br?: Promise<Uint8Array>;
  gzip?: Promise<Uint8Array>;
}

/**
 * The built SDK under `/sdk/`: the script-tag entry `partnerkit.js` and its chunks, the
 * single-file `partnerkit.bundle.js`, their source maps, and `custom-elements.json`.
 *
 * - `partnerkit.js` and `partnerkit.bundle.js` move with every upgrade: cached for five minutes,
 *   then revalidated (ETag → 304).
 * - `partnerkit@<version>.js` (and `.bundle@<version>.js`) is that version for good: cached for a
 *   year, `immutable`; another version is a 404, never the wrong file under a permanent URL. Its
 *   source map is `partnerkit@<version>.js.map`.
 * - Chunks are named by their content hash: a year, `immutable`. The entry imports them relative
 *   to its own URL, so the moving and the versioned entry share them.
 * - Compressed once per file (brotli, else gzip, as the browser accepts: the build's `.br`/`.gz`
 *   beside the file, else compressed on first request), kept in memory; every
 *   response carries an ETag (one per encoding) and `Vary: Accept-Encoding`.
 * - CORS `*`: module scripts on a vendor's page are fetched in CORS mode.
 */
export function sdkRoutes(sdkDir: string, version: string): Hono {
  const app = new Hono();
  const base = resolve(sdkDir);
  const cache = new Map<string, Entry>();

  async function load(relative: string): Promise<Entry | null> {
    const file = resolve(base, '.' + sep + relative);
    if (!file.startsWith(base + sep) || !(extname(file) in TYPES)) return null;
    let s;
    try {
      s = await stat(file);
    } catch {
      return null;
    }
    if (!s.isFile()) return null;
    const known = cache.get(file);
    if (known && known.mtimeMs === s.mtimeMs && known.size === s.size) return known;
    const identity = new Uint8Array(await readFile(file));
    const entry: Entry = {
      file,
      mtimeMs: s.mtimeMs,
      size: s.size,
      type: TYPES[extname(file)],
      hash: createHash('sha256').update(identity).digest('base64url').slice(0, 24),
      identity,
    };
    cache.set(file, entry);
    return entry;
  }

  function encode(entry: Entry, accept: string): Promise<Encoded> | Encoded {
    const tag = (suffix: string) => `"${entry.hash}${suffix}"`;
    if (entry.identity.length >= 1024) {
      if (accepts(accept, 'br')) {
        entry.br ??= precompressed(entry, '.br').then(
          (ready) => ready ?? brotli(entry.identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: entry.identity.length } }),
        );
        return entry.br.then((body): Encoded => ({ body, etag: tag('-br'), encoding: 'br' }));
      }
      if (accepts(accept, 'gzip')) {
        entry.gzip ??= precompressed(entry, '.gz').then((ready) => ready ?? gz(entry.identity, { level: 9 }));
        return entry.gzip.then((body): Encoded => ({ body, etag: tag('-gz'), encoding: 'gzip' }));
      }
    }
    return { body: entry.identity, etag: tag('') };
  }

  async function serve(c: Context, relative: string, cacheControl: string, rewrite?: (source: Uint8Array) => Uint8Array) {
    let entry = await load(relative);
    if (!entry) return null;
    if (rewrite) entry = derived(entry, rewrite);
    if (/^partnerkit(?:@[^/]+)?\.js$/.test(relative) || rewrite) void warm(c.req.header('accept-encoding') ?? '', entry);
    const encoded = await encode(entry, c.req.header('accept-encoding') ?? '');
    const headers: Record<string, string> = {
      'Content-Type': entry.type,
      'Cache-Control': cacheControl,
      ETag: encoded.etag,
      Vary: 'Accept-Encoding',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    };
    if (encoded.encoding) headers['Content-Encoding'] = encoded.encoding;
    if (matches(c.req.header('if-none-match'), entry.hash)) {
      delete headers['Content-Type'];
      delete headers['Content-Encoding'];
      return c.body(null, 304, headers);
    }
    return c.body(encoded.body as Uint8Array<ArrayBuffer>, 200, headers);
  }

  /** The versioned entry names its own source map; entries made from a file are cached with it. */
  const derivedCache = new WeakMap<Entry, Entry>();
  function derived(source: Entry, rewrite: (body: Uint8Array) => Uint8Array): Entry {
    let d = derivedCache.get(source);
    if (!d) {
      const identity = rewrite(source.identity);
      d = { ...source, file: undefined, identity, hash: createHash('sha256').update(identity).digest('base64url').slice(0, 24), br: undefined, gzip: undefined };
      derivedCache.set(source, d);
    }
    return d;
  }

  /**
   * The first request for the script-tag entry compresses every chunk beside it in the
   * background (brotli at its best takes a moment), so the chunks it loads next are ready.
   */
  let warmed = false;
  async function warm(accept: string, entry: Entry): Promise<void> {
    if (warmed) return;
    warmed = true;
    const text = new TextDecoder().decode(entry.identity);
    const files = new Set<string>();
    for (const m of text.matchAll(/\.\/((?:[a-z-]+\/)+[\w.-]+\.js)/g)) files.add(m[1]);
    for (const f of files) {
      const e = await load(f).catch(() => null);
      if (e) await Promise.resolve(encode(e, accept)).catch(() => undefined);
    }
  }

  app.get('/*', async (c) => {
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path.slice('/sdk/'.length));
    } catch {
      return notFound();
    }
    if (relative.includes('\0')) return notFound();
    const versioned = VERSIONED.exec(relative);
    if (versioned) {
      const [, name, wanted, map] = versioned;
      if (wanted !== version) return problemResponse({ status: 404, detail: `This server serves Partnerkit ${version}, not ${wanted}: load /sdk/${name}@${version}.js.` });
      const rewrite = map
        ? undefined
        : (body: Uint8Array) =>
            new TextEncoder().encode(
              new TextDecoder().decode(body).replace(/\/\/# sourceMappingURL=[^\n]*\s*$/, `//# sourceMappingURL=${name}@${version}.js.map\n`),
            );
      return (await serve(c, `${name}.js${map ?? ''}`, IMMUTABLE, rewrite)) ?? notBuilt();
    }
    const res = await serve(c, relative, HASHED.test(relative) ? IMMUTABLE : SHORT);
    if (res) return res;
    return relative === 'partnerkit.js' || relative === 'partnerkit.bundle.js' ? notBuilt() : notFound();
  });
  return app;
}

/** The build's precompressed copy of an entry's file, when there is one at least as new. */
async function precompressed(entry: Entry, extension: '.br' | '.gz'): Promise<Uint8Array | undefined> {
  if (!entry.file) return undefined;
  try {
    const s = await stat(entry.file + extension);
    if (s.mtimeMs < entry.mtimeMs) return undefined;
    return new Uint8Array(await readFile(entry.file + extension));
  } catch {
    return undefined;
  }
}

function notBuilt() {
  return problemResponse({ status: 404, detail: 'The SDK bundle has not been built; run npm run build.' });
}

function notFound() {
  return problemResponse({ status: 404, detail: 'No such SDK file.' });
}

/** Whether `Accept-Encoding` accepts `coding` (q > 0). */
function accepts(header: string, coding: string): boolean {
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== coding && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** `If-None-Match` names this content in any of its encodings (weak comparison). */
function matches(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => {
    const m = /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(t);
    return !!m && m[1].replace(/-(?:br|gz)$/, '') === hash;
  });
}
