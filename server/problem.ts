import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { fieldErrorsFromIssues, type FieldError, type IssueLike, type Problem } from '../src/contract/index.js';
import { assertJsonDepth, jsonDepthLimit } from './limits.js';

export const PROBLEM_BASE = 'https://partnerkit.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type { FieldError };

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  408: ['request-timeout', 'Request timeout'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['validation-failed', 'Validation failed'],
  429: ['too-many-requests', 'Too many requests'],
  431: ['request-header-fields-too-large', 'Request header fields too large'],
  500: ['internal-error', 'Internal server error'],
};

export interface ProblemInit {
  status: number;
  slug?: string;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
}

/** Throw this anywhere in a handler; the app's onError turns it into problem+json. */
export class ProblemError extends Error {
  readonly init: ProblemInit;
  constructor(init: ProblemInit) {
    super(init.detail ?? init.title ?? `HTTP ${init.status}`);
    this.name = 'ProblemError';
    this.init = init;
  }
}

export function problemBody(init: ProblemInit): Problem {
  const [defSlug, defTitle] = TITLES[init.status] ?? ['error', 'Error'];
  const body: Problem = {
    ...init.extra,
    type: PROBLEM_BASE + (init.slug ?? defSlug),
    title: init.title ?? defTitle,
    status: init.status,
  };
  if (init.detail !== undefined) body.detail = init.detail;
  if (init.errors) body.errors = init.errors;
  return body;
}

export function problemResponse(init: ProblemInit): Response {
  const headers = new Headers(init.headers);
  headers.set('Content-Type', PROBLEM_CONTENT_TYPE);
  return new Response(JSON.stringify(problemBody(init)), { status: init.status, headers });
}

/** Zod issues of validating `input` → `[{ path: 'a.b', code, message, params? }]` (codes: src/contract/field-errors.ts). */
export function issuesToErrors(issues: ReadonlyArray<IssueLike>, input: unknown): FieldError[] {
  return fieldErrorsFromIssues(issues, input);
}

export const badRequest = (detail: string, errors?: FieldError[]) => new ProblemError({ status: 400, detail, errors });
export const notFound = (detail = 'The requested resource does not exist.') => new ProblemError({ status: 404, detail });
export const unauthorized = (detail: string) =>
  new ProblemError({ status: 401, detail, headers: { 'WWW-Authenticate': 'Bearer realm="partnerkit"' } });
export const validationFailed = (detail: string, errors: FieldError[]) =>
  new ProblemError({ status: 422, detail, errors });

export function onError(err: Error, _c: Context): Response {
  if (err instanceof ProblemError) return problemResponse(err.init);
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 401) {
      return problemResponse({ status, detail: err.message || undefined, headers: { 'WWW-Authenticate': 'Bearer realm="partnerkit"' } });
    }
    return problemResponse({ status, detail: err.message || undefined });
  }
  if (err instanceof SyntaxError) {
    return problemResponse({ status: 400, slug: 'malformed-json', title: 'Malformed JSON', detail: 'The request body is not valid JSON.' });
  }
  console.error('[partnerkit] unexpected error:', err);
  return problemResponse({ status: 500, detail: 'An unexpected error occurred.' });
}

export function onNotFound(c: Context): Response {
  return problemResponse({ status: 404, detail: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.` });
}

/**
 * Reads and parses a JSON request body: 415 for a non-JSON content type, 400 for malformed JSON
 * or JSON nested deeper than the limit (checked before parsing); the body size is bounded by the
 * app's body limit (413) before this reads it.
 */
export async function readJson(c: Context, opts: { optional?: boolean } = {}): Promise<unknown> {
  const text = await c.req.text();
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (text.trim() === '' && opts.optional) return undefined;
  const base = type.split(';')[0].trim();
  if (!(base === 'application/json' || (base.startsWith('application/') && base.endsWith('+json')))) {
    throw new ProblemError({ status: 415, detail: 'Send the request body as application/json.' });
  }
  return parseJsonText(text, jsonDepthLimit(c));
}

/** Parses JSON text received in a request (a body, or a multipart part): the checks of `readJson` after its content type. */
export function parseJsonText(text: string, maxDepth: number): unknown {
  if (text.trim() === '') {
    throw new ProblemError({ status: 400, slug: 'malformed-json', title: 'Malformed JSON', detail: 'The request body is empty; a JSON object was expected.' });
  }
  assertJsonDepth(text, maxDepth);
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError({ status: 400, slug: 'malformed-json', title: 'Malformed JSON', detail: 'The request body is not valid JSON.' });
  }
  const nul = findNul(body);
  if (nul !== null) {
    throw new ProblemError({
      status: 400,
      slug: 'invalid-characters',
      title: 'Invalid characters',
      detail: 'Text may not contain NUL (\\u0000) characters.',
      errors: [{ path: nul, code: 'invalid_characters', message: 'Contains a NUL (\\u0000) character.' }],
    });
  }
  return body;
}

/** Path of the first string (or key) holding a NUL character, which PostgreSQL text cannot store. */
function findNul(root: unknown): string | null {
  // Iterative: a hostile body may nest thousands of levels deep.
  const stack: Array<[unknown, string]> = [[root, '']];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return join(path, k);
        stack.push([v, join(path, k)]);
      }
    }
  }
  return null;
}

/** Rejects a URL whose path or query carries a NUL character (PostgreSQL text cannot hold one). */
export function rejectNulInUrl(url: string): void {
  if (/%00/.test(url)) {
    throw new ProblemError({
      status: 400,
      slug: 'invalid-characters',
      title: 'Invalid characters',
      detail: 'The URL may not contain NUL (%00) characters.',
      errors: [{ path: 'url', code: 'invalid_characters', message: 'Contains a NUL (%00) character.' }],
    });
  }
}

/**
 * Checks a query string against the parameters a route knows: an unknown or repeated parameter
 * is a 400 naming it (a typo such as `motions=` must not silently return unfiltered data).
 */
export function checkQueryKeys(queries: Record<string, string[]>, known: readonly string[]): void {
  const errors: FieldError[] = [];
  for (const [key, values] of Object.entries(queries)) {
    if (!known.includes(key)) errors.push({ path: key, code: 'unknown_parameter', message: `Unknown query parameter; expected one of ${known.join(', ')}.` });
    else if (values.length > 1) errors.push({ path: key, code: 'repeated_parameter', message: 'Give this parameter once.' });
  }
  if (errors.length) {
    throw invalidQuery(errors);
  }
}

/** 400 for query parameters, with `errors` naming each one. */
export function invalidQuery(errors: FieldError[]): ProblemError {
  return new ProblemError({ status: 400, slug: 'invalid-query', title: 'Invalid query parameters', detail: 'One or more query parameters are invalid.', errors });
}
