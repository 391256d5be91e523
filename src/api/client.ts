import { ProblemSchema, type Problem } from '../contract/schemas.js';
import { PkApiError, PROBLEM_BASE, isAbortError, type PkErrorKind } from './errors.js';
import type { SessionManager } from './session.js';
import { GET_PREFETCH_KEY } from '../context/config-keys.js';
import { nextTask } from '../internal/next-task.js';

/** Any schema with safeParse (zod and zod/mini both qualify). */
export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

/**
 * A schema, or a function that loads one (`() => import('../contract/x.js').then((m) => m.XSchema)`):
 * the schema then travels in a chunk of its own instead of the core every element loads, and is
 * fetched while the request is in flight.
 */
export type SchemaSource<T> = Parser<T> | (() => Promise<Parser<T>>);

export interface RequestOptions {
  signal?: AbortSignal;
  searchParams?: Record<string, string | number | boolean | undefined>;
  /** A JSON body (sent with `Content-Type: application/json`). */
  json?: unknown;
  /** Any other body, sent as it is: a `FormData` for a multipart upload (the browser sets its boundary), a `Blob`. */
  body?: BodyInit;
  headers?: Record<string, string>;
}

export interface ApiClientOptions {
  /** Base URL of the backend, without `/v1`. */
  apiUrl: string;
  session: SessionManager;
  /** Per-attempt timeout in ms (default 15 s): until the response headers arrive. */
  timeout?: number;
  /** Retries for idempotent requests (default 2). */
  retries?: number;
  fetch?: typeof fetch;
}

const IDEMPOTENT = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];
const RETRY_STATUS = [408, 429, 500, 502, 503, 504];
/** A longer Retry-After (rate limit, maintenance) surfaces at once as an error with a retry button instead of a silent wait. */
const MAX_RETRY_AFTER_MS = 4_000;
const BACKOFF_LIMIT_MS = 4_000;

/** A non-2xx answer (internal: becomes a PkApiError). */
class HttpError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

/** An attempt that outlived the timeout (internal: becomes a PkApiError of kind `network`). */
class TimeoutError extends Error {}

/** The wait a `Retry-After` header asks for, in ms (0 when absent or unreadable). */
function retryAfterMs(response: Response): number {
  const value = response.headers.get('Retry-After');
  if (!value) return 0;
  const seconds = Number(value);
  const ms = Number.isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000;
  return Number.isFinite(ms) ? Math.max(0, ms) : 0;
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The only place that talks HTTP, on the platform's `fetch`. Adds the session token, refreshes it
 * once on a 401 and resends, retries idempotent requests (and those with an `Idempotency-Key`) on
 * transient failures with exponential backoff, honouring `Retry-After`, times out each attempt,
 * validates every JSON response, and turns every failure into a {@link PkApiError}
 * (an abort stays an `AbortError`).
 */
export class ApiClient {
  private readonly base: string;

  constructor(private readonly options: ApiClientOptions) {
    this.base = `${options.apiUrl.replace(/\/+$/, '')}/v1/`;
  }

  get<T>(path: string, schema: SchemaSource<T>, options: RequestOptions = {}): Promise<T> {
    return this.request('get', path, schema, options);
  }

  post<T>(path: string, schema: SchemaSource<T>, options: RequestOptions = {}): Promise<T> {
    return this.request('post', path, schema, options);
  }

  put<T>(path: string, schema: SchemaSource<T>, options: RequestOptions = {}): Promise<T> {
    return this.request('put', path, schema, options);
  }

  patch<T>(path: string, schema: SchemaSource<T>, options: RequestOptions = {}): Promise<T> {
    return this.request('patch', path, schema, options);
  }

  delete<T>(path: string, schema: SchemaSource<T>, options: RequestOptions = {}): Promise<T> {
    return this.request('delete', path, schema, options);
  }

  /** A multipart upload: POSTs `form` as `multipart/form-data` and validates the JSON answer. */
  postForm<T>(path: string, schema: SchemaSource<T>, form: FormData, options: Omit<RequestOptions, 'json' | 'body'> = {}): Promise<T> {
    return this.request('post', path, schema, { ...options, body: form });
  }

  /** A GET whose answer is text (a CSV export, Markdown): the body as a string. */
  text(path: string, options: RequestOptions = {}): Promise<string> {
    return this.read('get', path, options, (r) => r.text());
  }

  /** A GET whose answer is a file (a download): the body as a Blob, with its type. */
  blob(path: string, options: RequestOptions = {}): Promise<Blob> {
    return this.read('get', path, options, (r) => r.blob());
  }

  /**
   * The raw 2xx response (session, retries and errors handled as for every call), for a caller
   * that reads the body itself: headers (`Content-Disposition`, `ETag`), a stream.
   */
  response(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    return this.read(method, path, options, async (r) => r);
  }

  async request<T>(method: string, path: string, schema: SchemaSource<T>, options: RequestOptions): Promise<T> {
    // A schema that is loaded on demand comes while the request is in flight.
    const parser = typeof schema === 'function' ? schema() : Promise.resolve(schema);
    parser.catch(() => {});
    const body: unknown = await this.read(method, path, options, async (r) => (r.status === 204 ? null : r.json()));
    let parsed: ReturnType<Parser<T>['safeParse']>;
    try {
      parsed = (await parser).safeParse(body);
    } catch (error) {
      throw await toApiError(error, method, path);
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PkApiError('schema', {
        type: `${PROBLEM_BASE}unexpected-response`,
        title: 'The partner backend answered in an unexpected shape',
        status: 200,
        detail: `${method.toUpperCase()} /v1/${trim(path)}: ${issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      });
    }
    // Reading and validating an answer (50 deals) and rendering it would otherwise be one long
    // task on a slow phone: the caller renders in a task of its own.
    await nextTask();
    return parsed.data;
  }

  /** Sends the request (token, one refresh on 401, retries) and reads its 2xx body with `read`; every failure becomes a PkApiError. */
  private async read<R>(method: string, path: string, options: RequestOptions, read: (response: Response) => Promise<R>): Promise<R> {
    try {
      const token = await this.options.session.token();
      let response = await this.withRetries(method, path, options, token);
      // The token was refused (expired early, key rotated): refresh once and resend.
      if (response.status === 401) {
        void response.body?.cancel().catch(() => {});
        response = await this.withRetries(method, path, options, await this.options.session.refresh(token));
      }
      if (!response.ok) throw new HttpError(response);
      return await read(response);
    } catch (error) {
      throw await toApiError(error, method, path);
    }
  }

  private async withRetries(method: string, path: string, options: RequestOptions, token: string): Promise<Response> {
    const verb = method.toUpperCase();
    // Safe to resend with a key: the server answers a repeated key with the stored response. Also
    // retried then: 409 with Retry-After (the first attempt is still running on the server).
    const keyed = !!options.headers?.['Idempotency-Key'];
    const retriable = keyed || IDEMPOTENT.includes(verb);
    const limit = keyed ? Math.max(this.options.retries ?? 2, 4) : (this.options.retries ?? 2);
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await this.attempt(verb, path, options, token);
      } catch (error) {
        failure = error;
      }
      const wait = retriable && attempt <= limit ? retryDelay(response, failure, attempt, keyed) : undefined;
      if (wait === undefined) {
        if (response) return response;
        throw failure;
      }
      void response?.body?.cancel().catch(() => {});
      await sleep(wait, options.signal);
    }
  }

  /** One attempt, aborted by the caller's signal or after the timeout (until the headers arrive). */
  private async attempt(method: string, path: string, options: RequestOptions, token: string): Promise<Response> {
    const url = new URL(this.base + trim(path));
    for (const [k, v] of Object.entries(options.searchParams ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers, Authorization: `Bearer ${token}` };
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const controller = new AbortController();
    const outer = options.signal;
    // Forwarded for as long as the response body is read, not only until the headers arrive.
    const forward = () => controller.abort(outer!.reason);
    if (outer?.aborted) throw outer.reason;
    outer?.addEventListener('abort', forward, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeout ?? 15_000);
    const fetchImpl = this.options.fetch ?? fetch;
    const prefetched = method === 'GET' && !options.headers ? takePrefetched(url.href, token) : undefined;
    try {
      return await (prefetched ? abortable(prefetched, controller.signal) : fetchImpl(url, { method, headers, body, signal: controller.signal }));
    } catch (error) {
      outer?.removeEventListener('abort', forward);
      if (timedOut) throw new TimeoutError(`${method} ${url.pathname} timed out`);
      throw outer?.aborted ? outer.reason : error;
    } finally {
      clearTimeout(timer);
    }
  }
}

const trim = (path: string) => path.replace(/^\/+/, '');

/** A prefetched answer older than this is not taken. */
const PREFETCH_MAX_AGE_MS = 10_000;

/**
 * A GET the script-tag loader already sent for this URL with this token (src/cdn/loader.ts,
 * `prefetchGets`), taken once: it overlapped the download of the code instead of following it.
 */
function takePrefetched(url: string, token: string): Promise<Response> | undefined {
  const held = (globalThis as unknown as Record<symbol, Map<string, { at: number; token: string; response: Promise<Response> }> | undefined>)[GET_PREFETCH_KEY];
  const prefetched = held?.get(url);
  if (!prefetched) return undefined;
  held!.delete(url);
  return prefetched.token === token && Date.now() - prefetched.at < PREFETCH_MAX_AGE_MS ? prefetched.response : undefined;
}

/** `promise`, rejected with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    promise.then(resolve, reject);
  });
}

/** How long to wait before the next attempt, or undefined when this outcome is final. */
function retryDelay(response: Response | undefined, failure: unknown, attempt: number, keyed: boolean): number | undefined {
  const backoff = Math.min(BACKOFF_LIMIT_MS, 300 * 2 ** (attempt - 1));
  if (!response) {
    // A network failure is retried; an abort or a timeout is not.
    return isAbortError(failure) || failure instanceof TimeoutError ? undefined : backoff;
  }
  const { status, headers } = response;
  if (!RETRY_STATUS.includes(status) && !(keyed && status === 409 && headers.has('Retry-After'))) return undefined;
  if (!headers.has('Retry-After')) return backoff;
  const after = retryAfterMs(response);
  return after > MAX_RETRY_AFTER_MS ? undefined : after;
}

async function toApiError(error: unknown, method: string, path: string): Promise<unknown> {
  if (isAbortError(error) || error instanceof PkApiError) return error;
  const where = `${method.toUpperCase()} /v1/${trim(path)}`;
  if (error instanceof HttpError) {
    const { status } = error.response;
    const body: unknown = await error.response.json().catch(() => null);
    const parsed = ProblemSchema.safeParse(body);
    const problem: Problem = parsed.success
      ? parsed.data
      : { type: 'about:blank', title: error.response.statusText || `HTTP ${status}`, status, detail: `${where} answered ${status}.` };
    const kind: PkErrorKind =
      status === 401 || status === 403 ? 'auth' : status === 400 || status === 422 ? 'validation' : 'http';
    return new PkApiError(kind, problem, { cause: error });
  }
  if (error instanceof TimeoutError) {
    return new PkApiError('network', { type: `${PROBLEM_BASE}timeout`, title: 'The partner backend took too long to answer', status: 0, detail: where }, { cause: error });
  }
  if (error instanceof SyntaxError) {
    return new PkApiError('schema', { type: `${PROBLEM_BASE}unexpected-response`, title: 'The partner backend did not answer with JSON', status: 0, detail: where }, { cause: error });
  }
  return new PkApiError('network', {
    type: `${PROBLEM_BASE}unreachable`,
    title: 'Could not reach the partner backend',
    status: 0,
    detail: `${where} failed. Check your connection and try again.`,
  }, { cause: error });
}
