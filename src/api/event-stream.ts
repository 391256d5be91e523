import type { SessionManager } from './session.js';

/** One server-sent event of `GET /v1/events` (types: `deal.created`, `deal.updated`, `rules.published`, …). */
export interface PkStreamEvent {
  id: string;
  type: string;
  /** The event's payload (for deal events the deal, as the caller may see it); `null` when the data is not JSON. */
  data: unknown;
  /** When it happened, when the backend says. */
  occurredAt?: string;
}

export type StreamListener = (event: PkStreamEvent) => void;

export interface EventStreamOptions {
  /** `{api-url}/v1/events`. */
  url: string;
  session: SessionManager;
  fetch?: typeof fetch;
  /** First reconnect delay; doubles per failed attempt up to `maxDelayMs`, with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/**
 * The page's one live connection to `GET /v1/events` for an (api-url, session): opened when the
 * first element subscribes, closed when the last one leaves. It reads the stream with `fetch`
 * (EventSource cannot send the `Authorization` header), takes a fresh token for every
 * connection (so a token refresh never ends it for good; a 401 forces one refresh), reconnects
 * with exponential backoff and jitter, and resumes with `Last-Event-ID` so no event is missed.
 */
export class EventStream {
  private readonly listeners = new Map<StreamListener, ReadonlySet<string> | null>();
  private abort: AbortController | null = null;
  private lastEventId: string | null = null;
  private attempt = 0;
  private serverRetryMs: number | null = null;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: EventStreamOptions) {
    this.fetchImpl = options.fetch ?? ((...a) => fetch(...a));
  }

  /** Calls `listener` for events of these types (all types when omitted); returns the unsubscribe function. */
  subscribe(listener: StreamListener, types?: readonly string[]): () => void {
    this.listeners.set(listener, types ? new Set(types) : null);
    if (!this.abort) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Whether a connection loop is running. */
  get active(): boolean {
    return this.abort !== null;
  }

  private start(): void {
    const abort = new AbortController();
    this.abort = abort;
    void this.loop(abort.signal);
  }

  private stop(): void {
    this.abort?.abort();
    this.abort = null;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    /** The token the server just refused: the next attempt refreshes it (once, shared page-wide). */
    let refused: string | null = null;
    while (!signal.aborted) {
      let delay: number | null = null;
      try {
        const token: string = refused !== null ? await this.options.session.refresh(refused) : await this.options.session.token();
        refused = null;
        const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
        if (this.lastEventId !== null) headers['Last-Event-ID'] = this.lastEventId;
        const response = await this.fetchImpl(this.options.url, { headers, signal, cache: 'no-store' });
        if (response.status === 401) {
          // The token lapsed or was revoked: refresh it and reconnect at once (backing off if it repeats).
          refused = token;
          await response.body?.cancel();
          if (this.attempt > 0) delay = this.backoff();
          else this.attempt++;
        } else if (!response.ok || !response.body) {
          await response.body?.cancel();
          delay = this.backoff(response.headers.get('Retry-After'));
        } else {
          await this.read(response.body, signal);
          // The server ended the stream (a restart, a token expiry): reconnect soon.
          delay = this.backoff();
        }
      } catch {
        // Offline, DNS, a failing session source: try again later.
        if (signal.aborted) return;
        delay = this.backoff();
      }
      if (delay !== null && !signal.aborted) await sleep(delay, signal);
    }
  }

  private async read(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    // Loaded once a stream is open, not with the core every element loads (a chunk of its own in
    // the script-tag build): live updates come after an element's first data.
    const { createParser } = await import('eventsource-parser');
    if (signal.aborted) return void body.cancel().catch(() => {});
    const parser = createParser({
      onEvent: (message) => {
        if (message.id !== undefined) this.lastEventId = message.id;
        const type = message.event ?? 'message';
        let data: unknown = null;
        try {
          data = JSON.parse(message.data);
        } catch {
          data = null;
        }
        // REST v1 wraps the payload: `{ id, type, occurredAt, data }`; a bare payload is taken as is.
        const envelope = data as { type?: unknown; data?: unknown; occurredAt?: unknown } | null;
        if (envelope && typeof envelope === 'object' && envelope.type === type && 'data' in envelope) {
          this.emit({ id: message.id ?? '', type, data: envelope.data, ...(typeof envelope.occurredAt === 'string' ? { occurredAt: envelope.occurredAt } : {}) });
        } else {
          this.emit({ id: message.id ?? '', type, data });
        }
      },
      onRetry: (ms) => {
        this.serverRetryMs = ms;
      },
    });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const cancel = () => void reader.cancel().catch(() => {});
    signal.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        // A connection that delivers anything is healthy: the next failure starts backing off afresh.
        this.attempt = 0;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  private emit(event: PkStreamEvent): void {
    for (const [listener, types] of [...this.listeners]) {
      if (types && !types.has(event.type)) continue;
      try {
        listener(event);
      } catch (error) {
        // One element's bug must not stop the others' updates.
        console.error('[partnerkit] event listener failed', error);
      }
    }
  }

  /** The next reconnect delay: the server's `retry`/`Retry-After` if given, else exponential with jitter. */
  private backoff(retryAfter?: string | null): number {
    const initial = this.options.initialDelayMs ?? 1000;
    const max = this.options.maxDelayMs ?? 30_000;
    const random = this.options.random ?? Math.random;
    const seconds = retryAfter ? Number(retryAfter) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, max);
    const base = Math.min(max, Math.max(this.serverRetryMs ?? initial, initial) * 2 ** Math.min(this.attempt++, 10));
    return Math.round(base / 2 + (base / 2) * random());
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
