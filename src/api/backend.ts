import { DealListSchema, DealSchema, MeSchema, VendorDealSchema, type Deal, type DealList, type DealQuery, type Me, type VendorDeal } from '../contract/schemas.js';
import {
  ConflictCheckSchema,
  ExtensionResultSchema,
  HistorySchema,
  RegistrationPolicySchema,
  ReviewQueueSchema,
  type ConflictCheck,
  type DealRegistrationInput,
  type DecisionRequest,
  type Extension,
  type ExtensionRequest,
  type HistoryEntry,
  type RegistrationPolicy,
  type ReviewQueue,
} from '../contract/registration.js';
import { ApiClient } from './client.js';
import { PkApiError, PROBLEM_BASE } from './errors.js';
import { EventStream, type StreamListener } from './event-stream.js';
import { SessionManager, sessionUrlFetcher, type FetchSession } from './session.js';

export interface CallOptions {
  signal?: AbortSignal;
}

export interface RegisterOptions extends CallOptions {
  /** Sent as `Idempotency-Key`: the same key on every retry of one registration. */
  idempotencyKey: string;
}

export interface ConflictQuery {
  domain?: string;
  company?: string;
  motion?: string;
  dealType?: string;
}

/**
 * Deal registration (`<pk-deal-form>`, `<pk-registration-review>`). Optional on a vendor's own
 * backend: an element whose methods are missing shows a configuration error.
 */
export interface RegistrationBackend {
  registerDeal(input: DealRegistrationInput, options: RegisterOptions): Promise<Deal>;
  checkConflicts(query: ConflictQuery, options?: CallOptions): Promise<ConflictCheck>;
  getRegistrationPolicy(options?: CallOptions): Promise<RegistrationPolicy>;
  getReviewQueue(options?: CallOptions): Promise<ReviewQueue>;
  decideDeal(id: string, decision: DecisionRequest, options?: CallOptions): Promise<VendorDeal>;
  requestExtension(id: string, request: ExtensionRequest, options?: CallOptions): Promise<{ deal: Deal; extension: Extension }>;
  getDealHistory(id: string, options?: CallOptions): Promise<{ items: HistoryEntry[] }>;
}

/**
 * Everything the elements need from a backend. The default implementation speaks REST v1
 * ({@link RestBackend}); a vendor can pass any object implementing this interface as the
 * `backend` property of `<pk-portal>` or to `configure({ backend })`.
 * Methods should reject with {@link PkApiError} so elements can render the right state;
 * anything else thrown is shown as a generic backend failure.
 */
export interface PartnerBackend {
  getMe(options?: CallOptions): Promise<Me>;
  listDeals(query?: DealQuery, options?: CallOptions): Promise<DealList>;
  getDeal(id: string, options?: CallOptions): Promise<Deal>;
  registerDeal?: RegistrationBackend['registerDeal'];
  checkConflicts?: RegistrationBackend['checkConflicts'];
  getRegistrationPolicy?: RegistrationBackend['getRegistrationPolicy'];
  getReviewQueue?: RegistrationBackend['getReviewQueue'];
  decideDeal?: RegistrationBackend['decideDeal'];
  requestExtension?: RegistrationBackend['requestExtension'];
  getDealHistory?: RegistrationBackend['getDealHistory'];
  /**
   * Live events for the caller's scope (`GET /v1/events`): calls `listener` for each event of
   * `types` (every type when omitted) until the returned function is called. Optional: without
   * it, elements do not update live.
   */
  subscribe?(listener: StreamListener, types?: readonly string[]): () => void;
}

/** REST v1 backend over {@link ApiClient}. */
export class RestBackend implements PartnerBackend, RegistrationBackend {
  readonly client: ApiClient;

  private readonly events: EventStream;

  constructor(apiUrl: string, session: SessionManager) {
    this.client = new ApiClient({ apiUrl, session });
    // One stream per backend, and backends are shared page-wide per (api-url, session source).
    this.events = new EventStream({ url: `${apiUrl.replace(/\/+$/, '')}/v1/events`, session });
  }

  subscribe(listener: StreamListener, types?: readonly string[]): () => void {
    return this.events.subscribe(listener, types);
  }

  getMe(options: CallOptions = {}): Promise<Me> {
    return this.client.get('me', MeSchema, options);
  }

  listDeals(query: DealQuery = {}, options: CallOptions = {}): Promise<DealList> {
    const { motion, stage, status, q, sort, cursor, limit } = query;
    return this.client.get('deals', DealListSchema, { ...options, searchParams: { motion, stage, status, q, sort, cursor, limit } });
  }

  getDeal(id: string, options: CallOptions = {}): Promise<Deal> {
    return this.client.get(`deals/${encodeURIComponent(id)}`, DealSchema, options);
  }

  registerDeal(input: DealRegistrationInput, { idempotencyKey, ...options }: RegisterOptions): Promise<Deal> {
    return this.client.post('deals', DealSchema, { ...options, json: input, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  checkConflicts(query: ConflictQuery, options: CallOptions = {}): Promise<ConflictCheck> {
    const { domain, company, motion, dealType } = query;
    return this.client.get('deals/conflicts', ConflictCheckSchema, { ...options, searchParams: { domain, company, motion, dealType } });
  }

  getRegistrationPolicy(options: CallOptions = {}): Promise<RegistrationPolicy> {
    return this.client.get('deals/policy', RegistrationPolicySchema, options);
  }

  getReviewQueue(options: CallOptions = {}): Promise<ReviewQueue> {
    return this.client.get('deals/review-queue', ReviewQueueSchema, options);
  }

  decideDeal(id: string, decision: DecisionRequest, options: CallOptions = {}): Promise<VendorDeal> {
    return this.client.post(`deals/${encodeURIComponent(id)}/decision`, VendorDealSchema, { ...options, json: decision });
  }

  requestExtension(id: string, request: ExtensionRequest, options: CallOptions = {}): Promise<{ deal: Deal; extension: Extension }> {
    return this.client.post(`deals/${encodeURIComponent(id)}/extension`, ExtensionResultSchema, { ...options, json: request });
  }

  getDealHistory(id: string, options: CallOptions = {}): Promise<{ items: HistoryEntry[] }> {
    return this.client.get(`deals/${encodeURIComponent(id)}/history`, HistorySchema, options);
  }
}

export interface BackendConfig {
  apiUrl?: string;
  sessionUrl?: string;
  fetchSession?: FetchSession;
  backend?: PartnerBackend;
}

const sessions = new Map<string, SessionManager>();
const backends = new Map<string, RestBackend>();
const fetcherIds = new WeakMap<FetchSession, number>();
let nextFetcherId = 1;

function configError(detail: string): PkApiError {
  return new PkApiError('config', { type: `${PROBLEM_BASE}not-configured`, title: 'Partnerkit is not configured', status: 0, detail });
}

function absoluteUrl(value: string, name: string): string {
  try {
    return new URL(value, globalThis.location?.href).href;
  } catch {
    throw configError(`${name} "${value}" is not a valid URL.`);
  }
}

/** Forgets every session token held in memory (see signOut()). */
export function dropSessions(): void {
  for (const s of sessions.values()) s.clear();
}

/**
 * The backend for a resolved configuration. REST backends and their session managers are
 * shared page-wide per (api-url, session source), so one token refresh serves every element.
 */
export function resolveBackend(config: BackendConfig): PartnerBackend {
  if (config.backend) return config.backend;
  if (!config.apiUrl) throw configError('Set api-url on <pk-portal> (or the element), or call configure({ apiUrl }).');
  const apiUrl = absoluteUrl(config.apiUrl, 'api-url');
  let sessionKey: string;
  let fetcher: FetchSession;
  if (config.fetchSession) {
    let id = fetcherIds.get(config.fetchSession);
    if (!id) fetcherIds.set(config.fetchSession, (id = nextFetcherId++));
    sessionKey = `fn:${id}`;
    fetcher = config.fetchSession;
  } else if (config.sessionUrl) {
    const url = absoluteUrl(config.sessionUrl, 'session-url');
    sessionKey = `url:${url}`;
    fetcher = sessionUrlFetcher(url);
  } else {
    throw configError('Set session-url on <pk-portal>, or pass fetchSession to configure().');
  }
  const key = `${apiUrl}\n${sessionKey}`;
  let backend = backends.get(key);
  if (!backend) {
    let session = sessions.get(sessionKey);
    if (!session) sessions.set(sessionKey, (session = new SessionManager(fetcher)));
    backends.set(key, (backend = new RestBackend(apiUrl, session)));
  }
  return backend;
}
