import ky, { HTTPError, TimeoutError, type KyInstance, type Options } from 'ky';
import { ProblemSchema, type Problem } from '../contract/schemas.js';
import { PkApiError, PROBLEM_BASE, isAbortError, type PkErrorKind } from './errors.js';
import type { SessionManager } from './session.js';

/** Any schema with safeParse (zod and zod/mini both qualify). */
export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

export interface RequestOptions {
  signal?: AbortSignal;
  searchParams?: Record<string, string | number | undefined>;
  json?: unknown;
  /** A multipart body (file uploads); the browser sets its Content-Type. */
  formData?: FormData;
  headers?: Record<string, string>;
}

/** Accepts any Blob: the answer of {@link ApiClient.blob}. */
const BLOB: Parser<Blob> = {
  safeParse: (data) => (data instanceof Blob ? { success: true, data } : { success: false, error: { issues: [{ path: [], message: 'Expected a file' }] } }),
};

export interface ApiClientOptions {
  /** Base URL of the backend, without `/v1`. */
  apiUrl: string;
  session: SessionManager;
  /** Per-attempt timeout in ms (default 15 s). */
  timeout?: number;
  /** Retries for idempotent requests (default 2). */
  retries?: number;
  fetch?: typeof fetch;
}

const IDEMPOTENT = ['get', 'head', 'options', 'put', 'delete'];
const MAX_RETRY_AFTER_MS = 4_000;

/** The wait a `Retry-After` header asks for, in ms (0 when absent or unreadable). */
function retryAfterMs(response: Response): number {
  const value = response.headers.get('Retry-After');
  if (!value) return 0;
  const seconds = Number(value);
  const ms = Number.isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000;
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * The only place that talks HTTP. Adds the session token, refreshes it once on a 401,
 * retries idempotent requests on transient failures, validates every response, and turns
 * every failure into a {@link PkApiError}.
 */
export class ApiClient {
  private readonly http: KyInstance;

  constructor(private readonly options: ApiClientOptions) {
    this.http = ky.create({
      prefixUrl: `${options.apiUrl.replace(/\/+$/, '')}/v1`,
      timeout: options.timeout ?? 15_000,
      retry: {
        limit: options.retries ?? 2,
        methods: IDEMPOTENT,
        statusCodes: [408, 429, 500, 502, 503, 504],
        backoffLimit: 4_000,
        // A long Retry-After (rate limit, maintenance) surfaces at once as an error with a retry
        // button instead of a silent wait.
        maxRetryAfter: MAX_RETRY_AFTER_MS,
        shouldRetry: ({ error }) => (error instanceof HTTPError && retryAfterMs(error.response) > MAX_RETRY_AFTER_MS ? false : undefined),
      },
      headers: { Accept: 'application/json' },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  get<T>(path: string, schema: Parser<T>, options: RequestOptions = {}): Promise<T> {
    return this.request('get', path, schema, options);
  }

  post<T>(path: string, schema: Parser<T>, options: RequestOptions = {}): Promise<T> {
    return this.request('post', path, schema, options);
  }

  patch<T>(path: string, schema: Parser<T>, options: RequestOptions = {}): Promise<T> {
    return this.request('patch', path, schema, options);
  }

  delete<T>(path: string, schema: Parser<T>, options: RequestOptions = {}): Promise<T> {
    return this.request('delete', path, schema, options);
  }

  /** GET a file with the session token, as a Blob (its type from the response). */
  blob(path: string, options: RequestOptions = {}): Promise<Blob> {
    return this.request('get', path, BLOB, options, 'blob');
  }

  async request<T>(method: string, path: string, schema: Parser<T>, options: RequestOptions, as: 'json' | 'blob' = 'json'): Promise<T> {
    const url = path.replace(/^\/+/, '');
    const searchParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.searchParams ?? {})) if (v !== undefined && v !== '') searchParams[k] = String(v);

    const send = async (token: string) => {
      const init: Options = {
        method,
        searchParams,
        signal: options.signal,
        headers: { ...options.headers, Authorization: `Bearer ${token}` },
      };
      if (options.json !== undefined) init.json = options.json;
      if (options.formData !== undefined) init.body = options.formData;
      if (options.headers?.['Idempotency-Key']) {
        // Safe to resend: the server answers a repeated key with the stored response. Also
        // retried: 409 with Retry-After (the first attempt is still running on the server).
        init.retry = {
          limit: Math.max(this.options.retries ?? 2, 4),
          methods: [...IDEMPOTENT, method],
          statusCodes: [408, 409, 429, 500, 502, 503, 504],
          backoffLimit: 4_000,
          maxRetryAfter: MAX_RETRY_AFTER_MS,
          shouldRetry: ({ error }) => {
            if (!(error instanceof HTTPError)) return undefined;
            if (error.response.status === 409) return error.response.headers.has('Retry-After') && retryAfterMs(error.response) <= MAX_RETRY_AFTER_MS;
            return retryAfterMs(error.response) > MAX_RETRY_AFTER_MS ? false : undefined;
          },
        };
      }
      return this.http(url, init);
    };

    let body: unknown;
    try {
      const token = await this.options.session.token();
      let response: Response;
      try {
        response = await send(token);
      } catch (error) {
        if (!(error instanceof HTTPError) || error.response.status !== 401) throw error;
        // The token was refused (expired early, key rotated): refresh once and resend.
        response = await send(await this.options.session.refresh(token));
      }
      body = response.status === 204 ? null : as === 'blob' ? await response.blob() : await response.json();
    } catch (error) {
      throw await toApiError(error, method, url);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PkApiError('schema', {
        type: `${PROBLEM_BASE}unexpected-response`,
        title: 'The partner backend answered in an unexpected shape',
        status: 200,
        detail: `${method.toUpperCase()} /v1/${url}: ${issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      });
    }
    return parsed.data;
  }
}

async function toApiError(error: unknown, method: string, url: string): Promise<unknown> {
  if (isAbortError(error) || error instanceof PkApiError) return error;
  const where = `${method.toUpperCase()} /v1/${url}`;
  if (error instanceof HTTPError) {
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
