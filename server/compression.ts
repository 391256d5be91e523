import { Duplex } from 'node:stream';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

/** Text worth compressing; never `text/event-stream` (each event must reach the browser at once). */
const COMPRESSIBLE = /^\s*(?:text\/(?!event-stream)[^;\s]+|application\/(?:[\w.-]+\+)?(?:json|javascript|xml)|image\/svg\+xml)\s*(?:;|$)/i;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/**
 * Compresses responses (API JSON, problem documents, CSV, the demo site) with brotli or gzip, as
 * the request's `Accept-Encoding` allows (brotli first), streaming. Skips what is small (a
 * known length under 1 KB), already encoded (the SDK files, compressed once in server/sdk.ts),
 * `no-transform`, event streams, and bodiless responses.
 */
export function compression(threshold = 1024): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const accept = c.req.header('accept-encoding') ?? '';
    if (c.req.method === 'HEAD' || !res.body || res.status === 204 || res.status === 304 || res.status === 206) return;
    if (res.headers.has('content-encoding') || NO_TRANSFORM.test(res.headers.get('cache-control') ?? '')) return;
    if (!COMPRESSIBLE.test(res.headers.get('content-type') ?? '')) return;
    const length = res.headers.get('content-length');
    if (length !== null && Number(length) < threshold) return;
    const encoding = accepts(accept, 'br') ? 'br' : accepts(accept, 'gzip') ? 'gzip' : undefined;
    const vary = res.headers.get('vary');
    if (!encoding) {
      if (!vary || !/accept-encoding|\*/i.test(vary)) res.headers.append('Vary', 'Accept-Encoding');
      return;
    }
    const compressor =
      encoding === 'br'
        ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : createGzip({ level: 6 });
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    headers.set('content-encoding', encoding);
    if (!vary || !/accept-encoding|\*/i.test(vary)) headers.append('Vary', 'Accept-Encoding');
    // A strong ETag names the uncompressed bytes; the compressed ones are a different representation.
    const etag = headers.get('etag');
    if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
    const body = res.body.pipeThrough(Duplex.toWeb(compressor) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
    c.res = undefined as unknown as Response; // Hono merges headers into a replaced response otherwise
    c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
  };
}

function accepts(header: string, coding: string): boolean {
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== coding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}
