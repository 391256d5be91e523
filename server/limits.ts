/**
 * Request bounds (issue 8, finding 1): a body limit checked while reading (Hono's bodyLimit:
 * Content-Length first, then the streamed bytes), a JSON nesting limit checked before parsing,
 * and problem+json answers for requests Node's HTTP parser refuses (431 for oversized headers
 * or URLs, 400 for malformed requests) instead of an empty body.
 */
import type { Server as HttpServer } from 'node:http';
import type { Http2SecureServer, Http2Server } from 'node:http2';
import type { Duplex } from 'node:stream';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PROBLEM_CONTENT_TYPE, ProblemError, problemBody } from './problem.js';

export interface RequestLimits {
  /** Largest request body accepted, in bytes (413 above it). */
  maxBodyBytes: number;
  /** Deepest JSON nesting accepted (arrays and objects; `{}` is 1). */
  maxJsonDepth: number;
}

export const DEFAULT_LIMITS: RequestLimits = { maxBodyBytes: 1024 * 1024, maxJsonDepth: 32 };

/** defaults ← PARTNERKIT_MAX_BODY_BYTES / PARTNERKIT_MAX_JSON_DEPTH ← options; out of range stops the server. */
export function resolveLimits(options: Partial<RequestLimits> = {}, env: NodeJS.ProcessEnv = process.env): RequestLimits {
  const pick = (key: keyof RequestLimits, name: string, min: number, max: number): number => {
    const raw = options[key] ?? (env[name] ? Number(env[name]) : DEFAULT_LIMITS[key]);
    if (!Number.isInteger(raw) || raw < min || raw > max) throw new Error(`${name} (${key}) must be a whole number from ${min} to ${max} (got ${String(raw)}).`);
    return raw;
  };
  return {
    maxBodyBytes: pick('maxBodyBytes', 'PARTNERKIT_MAX_BODY_BYTES', 1024, 100 * 1024 * 1024),
    maxJsonDepth: pick('maxJsonDepth', 'PARTNERKIT_MAX_JSON_DEPTH', 2, 1000),
  };
}

export type LimitsEnv = { Variables: { jsonDepth: number } };

/**
 * Every route: bodies over `maxBodyBytes` get 413 before the handler reads them (a route that
 * takes uploads mounts its own `bodyLimit` with a larger size before this one applies).
 */
export function requestLimits(limits: RequestLimits): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: limits.maxBodyBytes,
    onError: () => {
      throw new ProblemError({
        status: 413,
        detail: `The request body is larger than ${limits.maxBodyBytes} bytes.`,
        extra: { maxBytes: limits.maxBodyBytes },
      });
    },
  });
  return async (c, next) => {
    c.set('jsonDepth', limits.maxJsonDepth);
    // A GET or HEAD without a body (no Content-Length, no Transfer-Encoding; no route reads one
    // anyway): bodyLimit would look at `c.req.raw.body`, which makes the Node adapter build a
    // full Request, with an AbortController, for every read.
    const bodiless = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (bodiless && c.req.header('content-length') === undefined && c.req.header('transfer-encoding') === undefined) return next();
    return limit(c, next);
  };
}

/** The JSON nesting limit in force for this request (see `requestLimits`). */
export function jsonDepthLimit(c: Context): number {
  return (c as unknown as Context<LimitsEnv>).get('jsonDepth') ?? DEFAULT_LIMITS.maxJsonDepth;
}

/**
 * Scans JSON text (before it is parsed) and returns the path of the first array or object nested
 * deeper than `maxDepth` (`''` for the body itself, `a.0.b` below it), or null when it is within.
 * Linear, no recursion, no allocation per level beyond the path stack it is bounded to.
 */
export function jsonTooDeep(text: string, maxDepth: number): string | null {
  const stack: Array<{ array: boolean; index: number; key: string }> = [];
  let inString = false;
  let escaped = false;
  let start = 0;
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === 92 /* \ */) escaped = true;
      else if (ch === 34 /* " */) {
        inString = false;
        lastString = text.slice(start, i);
      }
      continue;
    }
    switch (ch) {
      case 34: // "
        inString = true;
        start = i + 1;
        break;
      case 91: // [
      case 123: // {
        if (stack.length >= maxDepth) return stack.map((f) => (f.array ? String(f.index) : f.key)).join('.');
        stack.push({ array: ch === 91, index: 0, key: '' });
        break;
      case 93: // ]
      case 125: // }
        stack.pop();
        break;
      case 58: // :
        if (stack.length) stack[stack.length - 1].key = lastString;
        break;
      case 44: // ,
        if (stack.length && stack[stack.length - 1].array) stack[stack.length - 1].index++;
        break;
    }
  }
  return null;
}

/** Throws a 400 problem naming the path when `text` nests deeper than `maxDepth`. */
export function assertJsonDepth(text: string, maxDepth: number): void {
  const path = jsonTooDeep(text, maxDepth);
  if (path !== null) {
    throw new ProblemError({
      status: 400,
      slug: 'json-too-deep',
      title: 'JSON nested too deeply',
      detail: `The request body nests arrays and objects more than ${maxDepth} levels deep.`,
      errors: [{ path, code: 'invalid', message: `Nested more than ${maxDepth} levels deep.` }],
      extra: { maxDepth },
    });
  }
}

const CLIENT_ERRORS: Record<string, [status: number, detail: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request line and headers are larger than the server accepts (16 KiB): shorten the URL or the headers.'],
  HPE_URI_TOO_LONG: [431, 'The URL is longer than the server accepts.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request was not received in time.'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'The request headers were not received in time.'],
};

/** Extra headers every response carries (what secureHeaders adds inside the app). */
export const BARE_RESPONSE_HEADERS = 'X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\nCache-Control: no-store\r\n';

/**
 * Node's HTTP parser refuses some requests before the app sees them (headers or URL over
 * `--max-http-header-size`, malformed syntax, timeouts). Its default answer is a bare status line;
 * this answers problem+json instead (431 for oversized headers or URL).
 */
export function answerClientErrors(server: HttpServer | Http2Server | Http2SecureServer): void {
  (server as HttpServer).on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, detail] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'The request is not valid HTTP.'];
    const title = status === 431 ? 'Request header fields too large' : status === 408 ? 'Request timeout' : 'Bad request';
    const slug = status === 431 ? 'request-header-fields-too-large' : status === 408 ? 'request-timeout' : 'bad-request';
    const body = JSON.stringify(problemBody({ status, slug, title, detail }));
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${BARE_RESPONSE_HEADERS}Connection: close\r\n\r\n${body}`,
    );
  });
}
