import { SessionSchema } from '../contract/schemas.js';
import { SESSION_PREFETCH_KEY } from '../context/config-keys.js';
import { PkApiError, PROBLEM_BASE, isNetworkFailure } from './errors.js';

/** What a `fetchSession` function may return: the token, or the token with its expiry. */
export type SessionResult = string | { token: string; expiresAt?: string | number | Date | null };
export type FetchSession = () => Promise<SessionResult> | SessionResult;

interface Held {
  token: string;
  /** epoch ms, or Infinity when unknown */
  expiresAt: number;
}

/** Refresh this long before expiry, so a request never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

function expiryOf(result: SessionResult): Held {
  if (typeof result === 'string') return { token: result, expiresAt: jwtExpiry(result) };
  const raw = result.expiresAt;
  const expiresAt = raw == null ? jwtExpiry(result.token) : new Date(raw).getTime();
  return { token: result.token, expiresAt: Number.isFinite(expiresAt) ? expiresAt : jwtExpiry(result.token) };
}

/** Reads `exp` from a JWT without trusting it (only to schedule a refresh). */
function jwtExpiry(token: string): number {
  try {
    const part = token.split('.')[1];
    if (!part) return Infinity;
    const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof json.exp === 'number' ? json.exp * 1000 : Infinity;
  } catch {
    return Infinity;
  }
}

/**
 * Holds the session token for one backend. All elements on a page that talk to the same
 * backend share one manager, so a refresh is a single request however many elements ask.
 */
export class SessionManager {
  private held: Held | null = null;
  private inflight: Promise<Held> | null = null;
  /** Bumped by clear(), so a refresh started before a sign-out does not store its token. */
  private generation = 0;

  constructor(
    private readonly fetcher: FetchSession,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token that is valid for at least the refresh margin, refreshing if needed. */
  async token(): Promise<string> {
    const held = this.held;
    if (held && held.expiresAt - this.now() > REFRESH_MARGIN_MS) return held.token;
    try {
      return await this.refresh(held?.token);
    } catch (error) {
      // A refresh that fails while the current token is still valid is not fatal.
      if (held && held.expiresAt > this.now()) return held.token;
      throw error;
    }
  }

  /**
   * Gets a new token, unless another caller already replaced `stale` (then that one is reused).
   * Concurrent callers share one request.
   */
  async refresh(stale?: string): Promise<string> {
    if (this.held && stale !== undefined && this.held.token !== stale) return this.held.token;
    this.inflight ??= (async () => {
      const generation = this.generation;
      try {
        const held = expiryOf(await this.fetcher());
        if (!held.token) throw new Error('the session source returned an empty token');
        // A token that arrives already inside the margin (short TTL, or a browser clock far
        // ahead of the server's) is used for a while rather than refetched on every call;
        // the server's 401 still triggers a refresh.
        held.expiresAt = Math.max(held.expiresAt, this.now() + 2 * REFRESH_MARGIN_MS);
        if (generation === this.generation) this.held = held;
        return held;
      } catch (error) {
        throw toSessionError(error);
      } finally {
        this.inflight = null;
      }
    })();
    return (await this.inflight).token;
  }

  /** Forget the token (e.g. the user signed out on the host page). */
  clear(): void {
    this.held = null;
    this.generation++;
  }
}

/** A failing session source means "no valid session": kind `auth` unless it said otherwise. */
function toSessionError(error: unknown): PkApiError {
  if (error instanceof PkApiError) return error;
  if (isNetworkFailure(error)) return PkApiError.from(error);
  return new PkApiError('auth', {
    type: `${PROBLEM_BASE}session-failed`,
    title: 'Could not start a Partnerkit session',
    status: 0,
    detail: error instanceof Error ? error.message : String(error),
  }, { cause: error });
}

/** A prefetched answer older than this is not taken (the user may have signed in or out since). */
const PREFETCH_MAX_AGE_MS = 30_000;

/**
 * The session request the script-tag loader started for `sessionUrl` before the core had loaded
 * (src/cdn/loader.ts), taken once: later fetches ask the endpoint again.
 */
function takePrefetched(sessionUrl: string): Promise<Response> | undefined {
  const held = (globalThis as unknown as Record<symbol, Map<string, { at: number; response: Promise<Response> }> | undefined>)[SESSION_PREFETCH_KEY];
  const prefetched = held?.get(sessionUrl);
  if (!prefetched) return undefined;
  held!.delete(sessionUrl);
  return Date.now() - prefetched.at < PREFETCH_MAX_AGE_MS ? prefetched.response : undefined;
}

/** Drops session requests the loader started and nobody took (on sign-out). */
export function dropPrefetchedSessions(): void {
  (globalThis as unknown as Record<symbol, Map<string, unknown> | undefined>)[SESSION_PREFETCH_KEY]?.clear();
}

/** A session source that POSTs to the vendor's own `session-url` with the user's cookies. */
export function sessionUrlFetcher(sessionUrl: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): FetchSession {
  return async () => {
    let response: Response;
    try {
      response = await (takePrefetched(sessionUrl) ??
        fetchImpl(sessionUrl, {
          method: 'POST',
          credentials: 'include',
          headers: { Accept: 'application/json' },
        }));
    } catch (cause) {
      throw new PkApiError('network', {
        type: `${PROBLEM_BASE}session-unreachable`,
        title: 'Could not reach the session endpoint',
        status: 0,
        detail: `POST ${sessionUrl} failed. Check your connection and try again.`,
      }, { cause });
    }
    if (!response.ok) {
      const signedOut = response.status === 401 || response.status === 403;
      throw new PkApiError(signedOut ? 'auth' : 'http', {
        type: `${PROBLEM_BASE}${signedOut ? 'signed-out' : 'session-failed'}`,
        title: signedOut ? 'You are signed out' : 'Could not start a Partnerkit session',
        status: response.status,
        detail: signedOut
          ? 'Sign in to the partner site again, then retry. Nothing you typed is lost.'
          : `POST ${sessionUrl} answered ${response.status}.`,
      });
    }
    const body: unknown = await response.json().catch(() => null);
    const parsed = SessionSchema.safeParse(body);
    if (!parsed.success) {
      throw new PkApiError('schema', {
        type: `${PROBLEM_BASE}bad-session-response`,
        title: 'The session endpoint answered in the wrong shape',
        status: response.status,
        detail: `POST ${sessionUrl} must answer { "token": string, "expiresAt": ISO-8601 }.`,
      });
    }
    return parsed.data;
  };
}
