import { Duplex } from 'node:stream';
import { brotliCompressSync, constants, createBrotliCompress, createGzip, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { concatBytes } from './bytes.js';

/** Text worth compressing; never `text/event-stream` (each event must reach the browser at once). */
const COMPRESSIBLE = /^\s*(?:text\/(?!event-stream)[^;\s]+|application\/(?:[\w.-]+\+)?(?:json|javascript|xml)|image\/svg\+xml)\s*(?:;|$)/i;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/**
 * Compresses responses (API JSON, problem documents, CSV, the demo site) with brotli or gzip, as
 * the request's `Accept-Encoding` allows (brotli first), streaming. Skips what is small (under
 * 1 KB), already encoded (the SDK files, compressed once in server/sdk.ts),
 * `no-transform`, event streams, and bodiless responses. A body of at most `whole` bytes (an API
 * page, a problem document) is compressed in one synchronous call: a stream through zlib costs
 * more in web-stream plumbing than the compression itself at that size.
 */
export function compression(threshold = 1024, whole = 64 * 1024): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const accept = c.req.header('accept-encoding') ?? '';
    // Headers and status first: `res.body` turns the Node adapter's lightweight response (a
    // string it writes in one go) into a full Response, so it is read only to compress.
    if (c.req.method === 'HEAD' || res.status === 204 || res.status === 304 || res.status === 206) return;
    if (res.headers.has('content-encoding') || NO_TRANSFORM.test(res.headers.get('cache-control') ?? '')) return;
    if (!COMPRESSIBLE.test(res.headers.get('content-type') ?? '')) return;
    const length = res.headers.get('content-length');
    if (length !== null && Number(length) < threshold) return;
    const encoding = accepts(accept, 'br') ? 'br' : accepts(accept, 'gzip') ? 'gzip' : undefined;
    const vary = res.headers.get('vary');
    const varies = !vary || !/accept-encoding|\*/i.test(vary);
    if (!encoding) {
      // Nothing to encode with: the response as it is (its body untouched, so the Node adapter
      // still writes a string body in one go), only marked as depending on Accept-Encoding.
      try {
        if (varies) res.headers.append('Vary', 'Accept-Encoding');
        return;
      } catch {
        // immutable headers (a fetched response): copied below
      }
    }
    if (!res.body) return;
    const headers = new Headers(res.headers);
    if (varies) headers.append('Vary', 'Accept-Encoding');
    // Most bodies have no length yet (Hono's node adapter sets it later): read up to `whole` bytes.
    const { head, rest, size } = await peek(res.body, encoding ? whole : threshold);
    const replace = (body: BodyInit | null) => {
      c.res = undefined as unknown as Response; // else Hono merges the old headers (Content-Length) back in
      c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
    };
    if (!encoding || (!rest && size < threshold)) return replace(rest ? prepend(head, rest) : concatBytes(head));
    headers.delete('content-length');
    headers.set('content-encoding', encoding);
    // A strong ETag names the uncompressed bytes; the compressed ones are a different representation.
    const etag = headers.get('etag');
    if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
    if (!rest) return replace(encoding === 'br' ? brotliCompressSync(concatBytes(head), BROTLI) : gzipSync(concatBytes(head), GZIP));
    const compressor = encoding === 'br' ? createBrotliCompress(BROTLI) : createGzip(GZIP);
    replace(prepend(head, rest).pipeThrough(Duplex.toWeb(compressor) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>));
  };
}

const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };
const GZIP = { level: 6 };

/** The first `limit` bytes (or all, when shorter: `rest` is then null) and a reader for the rest. */
async function peek(body: ReadableStream<Uint8Array>, limit: number): Promise<{ head: Uint8Array[]; rest: ReadableStreamDefaultReader<Uint8Array> | null; size: number }> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) return { head, rest: null, size };
    head.push(value);
    size += value.byteLength;
  }
  return { head, rest: reader, size };
}

function prepend(head: Uint8Array[], rest: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i < head.length) return controller.enqueue(head[i++]);
      const { done, value } = await rest.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return rest.cancel(reason);
    },
  });
}

function accepts(header: string, coding: string): boolean {
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== coding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}
