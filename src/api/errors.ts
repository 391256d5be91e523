import type { Problem } from '../contract/schemas.js';

/**
 * What went wrong, in the terms an element needs to render it:
 * - `network`: the backend could not be reached (offline, DNS, CORS, timeout);
 * - `auth`: no valid session (session endpoint refused, or the backend answered 401/403);
 * - `validation`: the backend rejected the input (400/422), `problem.errors` names the fields;
 * - `http`: any other non-2xx answer;
 * - `schema`: the backend answered 2xx with JSON that does not match the contract;
 * - `config`: the element is not configured (no `api-url`, no session source).
 */
export type PkErrorKind = 'network' | 'auth' | 'http' | 'validation' | 'schema' | 'config';

export const PROBLEM_BASE = 'https://partnerkit.dev/problems/';

/** The one error type every Partnerkit backend call rejects with. */
export class PkApiError extends Error {
  override readonly name = 'PkApiError';
  readonly kind: PkErrorKind;
  readonly status: number | undefined;
  readonly problem: Problem;

  constructor(kind: PkErrorKind, problem: Problem, options?: { cause?: unknown }) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title, options);
    this.kind = kind;
    this.problem = problem;
    this.status = problem.status || undefined;
  }

  /** Whether trying the same call again may succeed. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'auth' || (this.kind === 'http' && (this.status ?? 500) >= 500);
  }

  /** Field errors keyed by path (the first per path) with their codes, for rendering next to inputs in the user's language. */
  get fieldProblems(): Record<string, { code?: string; message: string; params?: Record<string, string | number | boolean> }> {
    const out: Record<string, { code?: string; message: string; params?: Record<string, string | number | boolean> }> = {};
    for (const { path, ...rest } of this.problem.errors ?? []) out[path] ??= rest;
    return out;
  }

  /** Field errors keyed by path, as the backend's English text. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) out[e.path] ??= e.message;
    return out;
  }

  /** Wraps anything thrown (a custom backend may throw plain errors) into a PkApiError. */
  static from(error: unknown): PkApiError {
    if (error instanceof PkApiError) return error;
    const message = error instanceof Error ? error.message : String(error);
    if (isNetworkFailure(error)) {
      return new PkApiError('network', { type: `${PROBLEM_BASE}unreachable`, title: 'Could not reach the partner backend', status: 0, detail: message }, { cause: error });
    }
    return new PkApiError('http', { type: `${PROBLEM_BASE}backend-error`, title: 'The partner backend failed', status: 0, detail: message }, { cause: error });
  }
}

export function isAbortError(error: unknown): boolean {
  return (error instanceof DOMException || error instanceof Error) && error.name === 'AbortError';
}

/**
 * Whether `fetch()` itself failed (offline, DNS, CORS, connection refused): it rejects with a
 * TypeError whose message differs per browser ("Failed to fetch", "NetworkError when attempting
 * to fetch resource.", "Load failed"). A vendor's own backend or fetchSession surfaces these.
 */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && /fetch|network|load failed/i.test(error.message);
}
