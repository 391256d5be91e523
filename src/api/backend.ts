import { DealListSchema, DealSchema, MeSchema, VendorDealSchema, type Deal, type DealList, type DealQuery, type Me, type VendorDeal } from '../contract/schemas.js';
import type {
  ConflictCheck,
  DealRegistrationInput,
  DecisionRequest,
  Extension,
  ExtensionRequest,
  HistoryEntry,
  RegistrationPolicy,
  ReviewQueue,
} from '../contract/registration.js';
import type {
  Announcement,
  AnnouncementList,
  AnnouncementPublish,
  AnnouncementReceipt,
  AnnouncementReceiptReport,
  CurrentRules,
  RulesAcknowledgementReport,
  RulesPublish,
  RulesReceipt,
  RulesVersion,
} from '../contract/engagement.js';
import type { DealPatchInput, ExportQuery, LaneSummary, LaneSummaryQuery } from '../contract/pipeline.js';
import type {
  ContentEngagementQuery,
  ContentEngagementReport,
  ContentEvent,
  ContentEventType,
  ContentItem,
  ContentList,
  ContentPublish,
  ContentQuery,
  ContentUpdate,
  ContentUpload,
  ShareLink,
  ShareLinkInput,
  ShareLinkList,
} from '../contract/content.js';
import type { Metrics, MetricsQuery } from '../contract/metrics.js';
import { ApiClient } from './client.js';
import { PkApiError, PROBLEM_BASE } from './errors.js';
import type { EventStream, StreamListener } from './event-stream.js';
import { SessionManager, dropPrefetchedSessions, sessionUrlFetcher, type FetchSession } from './session.js';

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

export interface PageOptions extends CallOptions {
  cursor?: string;
  limit?: number;
}

/** A page of rules versions (newest first), without their bodies. */
export type RulesVersionList = { items: Array<Omit<RulesVersion, 'body' | 'bodyHtml'>>; nextCursor: string | null; total: number };

/**
 * Rules of engagement and announcements (`<pk-rules>`, `<pk-rules-gate>`, `<pk-announcements>`).
 * Optional on a vendor's own backend: an element whose methods are missing shows a configuration error.
 */
export interface EngagementBackend {
  getCurrentRules(options?: CallOptions): Promise<CurrentRules>;
  acknowledgeRules(version: number, bodySha256: string | undefined, options?: CallOptions): Promise<RulesReceipt>;
  /** Channel manager. */
  publishRules(input: RulesPublish, options?: CallOptions): Promise<RulesVersion>;
  listRulesVersions(options?: PageOptions): Promise<RulesVersionList>;
  getRulesAcknowledgements(version: number, options?: PageOptions): Promise<RulesAcknowledgementReport>;
  listAnnouncements(options?: PageOptions): Promise<AnnouncementList>;
  markAnnouncementRead(id: string, options?: CallOptions): Promise<AnnouncementReceipt>;
  acknowledgeAnnouncement(id: string, options?: CallOptions): Promise<AnnouncementReceipt>;
  /** Channel manager. */
  publishAnnouncement(input: AnnouncementPublish, options?: CallOptions): Promise<Announcement>;
  getAnnouncementReceipts(id: string, options?: PageOptions): Promise<AnnouncementReceiptReport>;
}

export interface UpdateDealOptions extends CallOptions {}

/**
 * The shared pipeline (`<pk-pipeline>`): edits and stage moves, the board's lane summary and the
 * CSV export. Optional on a vendor's own backend: without them the pipeline is read-only, the
 * board counts only loaded rows and there is no export.
 */
export interface PipelineBackend {
  /**
   * `PATCH /v1/deals/{id}`: edit the next step / stage note, confirm amount or close date, move
   * the stage. Rejects with a {@link PkApiError} whose problem is `exit-criteria-unmet` (422,
   * `missing`: see `asExitCriteriaProblem`) or `stale-write` (409, the fresh `deal`: see
   * `asStaleWriteProblem`).
   */
  updateDeal(id: string, patch: DealPatchInput, options?: UpdateDealOptions): Promise<Deal>;
  /** `GET /v1/deals/summary`: true counts and per-currency amounts per lane of the filtered pipeline. */
  getLaneSummary(query?: Partial<LaneSummaryQuery>, options?: CallOptions): Promise<LaneSummary>;
  /** `GET /v1/deals/export.csv` with the session token: the filtered, sorted view as a CSV file (UTF-8 with BOM). */
  exportDeals(query?: ExportQuery, options?: CallOptions): Promise<Blob>;
}

export interface RetryableOptions extends CallOptions {
  /** Sent as `Idempotency-Key`: the same key on every retry of one action, so it is applied once. */
  idempotencyKey?: string;
}

const idempotencyHeaders = (key: string | undefined) => (key ? { headers: { 'Idempotency-Key': key } } : {});

/**
 * The content library (`<pk-content-library>`). Optional on a vendor's own backend: an element
 * whose methods are missing shows a configuration error.
 */
export interface ContentBackend {
  /** Search and filter; locked items are listed with `locked` set. */
  listContent(query?: ContentQuery, options?: CallOptions): Promise<ContentList>;
  getContent(id: string, options?: CallOptions): Promise<ContentItem>;
  /** Records a view, download or share (creating a share link records a share already). */
  recordContentEvent(id: string, type: ContentEventType, options?: RetryableOptions): Promise<ContentEvent>;
  /** The item's file, fetched with the session token (refused for a locked item). */
  downloadContent(id: string, options?: CallOptions): Promise<Blob>;
  /** A prospect-safe link for a shareable item; records a share. */
  createShareLink(id: string, input?: ShareLinkInput, options?: CallOptions): Promise<ShareLink>;
  /** The caller's org's live share links for an item. */
  listShareLinks(id: string, options?: CallOptions): Promise<ShareLinkList>;
  revokeShareLink(id: string, linkId: string, options?: CallOptions): Promise<void>;
  /** Channel manager: a link (`input.url`) or an uploaded file. */
  publishContent(input: ContentPublish, upload?: ContentUpload, options?: RetryableOptions): Promise<ContentItem>;
  /** Channel manager: edit, replace the file, or unpublish (`published: false`). */
  updateContent(id: string, input: ContentUpdate, upload?: ContentUpload, options?: CallOptions): Promise<ContentItem>;
  /** Channel manager. */
  getContentEngagement(query?: ContentEngagementQuery, options?: CallOptions): Promise<ContentEngagementReport>;
}

/** JSON, or multipart with a `metadata` part and a `file` part when there is a file. */
function contentBody(input: object, upload: ContentUpload | undefined): { json: unknown } | { body: FormData } {
  if (!upload) return { json: input };
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify(input)], { type: 'application/json' }));
  form.append('file', upload.file, upload.fileName);
  return { body: form };
}

const contentPath = (id: string) => `content/${encodeURIComponent(id)}`;
const NO_CONTENT = { safeParse: () => ({ success: true as const, data: undefined }) };

/**
 * Partner-program metrics (`<pk-insights>`). Optional on a vendor's own backend: an element whose
 * method is missing shows a configuration error.
 */
export interface InsightsBackend {
  /** `GET /v1/metrics`: the caller's figures for a period (a channel manager: the program's, or one partner's). */
  getMetrics(query?: MetricsQuery, options?: CallOptions): Promise<Metrics>;
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
  updateDeal?: PipelineBackend['updateDeal'];
  getLaneSummary?: PipelineBackend['getLaneSummary'];
  exportDeals?: PipelineBackend['exportDeals'];
  getCurrentRules?: EngagementBackend['getCurrentRules'];
  acknowledgeRules?: EngagementBackend['acknowledgeRules'];
  publishRules?: EngagementBackend['publishRules'];
  listRulesVersions?: EngagementBackend['listRulesVersions'];
  getRulesAcknowledgements?: EngagementBackend['getRulesAcknowledgements'];
  listAnnouncements?: EngagementBackend['listAnnouncements'];
  markAnnouncementRead?: EngagementBackend['markAnnouncementRead'];
  acknowledgeAnnouncement?: EngagementBackend['acknowledgeAnnouncement'];
  publishAnnouncement?: EngagementBackend['publishAnnouncement'];
  getAnnouncementReceipts?: EngagementBackend['getAnnouncementReceipts'];
  listContent?: ContentBackend['listContent'];
  getContent?: ContentBackend['getContent'];
  recordContentEvent?: ContentBackend['recordContentEvent'];
  downloadContent?: ContentBackend['downloadContent'];
  createShareLink?: ContentBackend['createShareLink'];
  listShareLinks?: ContentBackend['listShareLinks'];
  revokeShareLink?: ContentBackend['revokeShareLink'];
  publishContent?: ContentBackend['publishContent'];
  updateContent?: ContentBackend['updateContent'];
  getContentEngagement?: ContentBackend['getContentEngagement'];
  getMetrics?: InsightsBackend['getMetrics'];
  /**
   * Live events for the caller's scope (`GET /v1/events`): calls `listener` for each event of
   * `types` (every type when omitted) until the returned function is called. Optional: without
   * it, elements do not update live.
   */
  subscribe?(listener: StreamListener, types?: readonly string[]): () => void;
}

/**
 * The schemas of deal registration, rules and announcements, content, metrics and the board's
 * lane summary load with their first call
 * (in the script-tag build they are chunks of their own, already there once an element that
 * needs them has loaded): the core every element loads, and a page with only `<pk-pipeline>`,
 * carry only the pipeline's schemas (src/contract/schemas.ts). `schemasFrom(load)(name)` is a
 * schema source for {@link ApiClient}: the module's export `name`, loaded on first use.
 */
function schemasFrom<M>(load: () => Promise<M>) {
  return <K extends keyof M>(name: K): (() => Promise<M[K]>) => () => load().then((m) => m[name]);
}
const registrationSchema = schemasFrom(() => import('../contract/registration.js'));
const engagementSchema = schemasFrom(() => import('../contract/engagement.js'));
const contentSchema = schemasFrom(() => import('../contract/content.js'));
const metricsSchema = schemasFrom(() => import('../contract/metrics.js'));
// The board's lane summary: the pipeline's first rows do not need it (nor any other element).
const pipelineSchema = schemasFrom(() => import('../contract/pipeline.js'));

/** `promise`, or an AbortError as soon as `signal` aborts (the promise itself carries on). */
function abandonable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  const aborted = () => signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** REST v1 backend over {@link ApiClient}. */
export class RestBackend implements PartnerBackend, RegistrationBackend, EngagementBackend, PipelineBackend, ContentBackend, InsightsBackend {
  readonly client: ApiClient;
  private me?: Promise<Me>;
  /** The id of the last `rules.published` event that dropped the shared /v1/me answer. */
  private meStaleSince?: string;

  /** The live-event stream, loaded with the first subscription (its code is not in the core). */
  private events?: Promise<EventStream>;

  constructor(
    private readonly apiUrl: string,
    private readonly session: SessionManager,
  ) {
    this.client = new ApiClient({ apiUrl, session });
  }

  /**
   * Live events. The stream's code (src/api/event-stream.ts) loads with the first subscription,
   * so no element's first rows wait for it; the connection opens once it has arrived.
   */
  subscribe(listener: StreamListener, types?: readonly string[]): () => void {
    let unsubscribe: (() => void) | undefined;
    let ended = false;
    // One stream per backend, and backends are shared page-wide per (api-url, session source).
    this.events ??= import('./event-stream.js').then(
      ({ EventStream }) => new EventStream({ url: `${this.apiUrl.replace(/\/+$/, '')}/v1/events`, session: this.session }),
    );
    this.events.then(
      (stream) => {
        if (ended) return;
        unsubscribe = stream.subscribe((event) => {
          // A new rules version changes every user's acknowledgment status: the shared /v1/me
          // answer is stale before any listener asks for it again (once per event).
          if (event.type === 'rules.published' && event.id !== this.meStaleSince) {
            this.meStaleSince = event.id;
            this.forgetMe();
          }
          listener(event);
        }, types);
      },
      (error: unknown) => {
        // Without its code there are no live updates; the next subscription tries again.
        this.events = undefined;
        console.warn('[partnerkit] could not load live events', error);
      },
    );
    return () => {
      ended = true;
      unsubscribe?.();
    };
  }

  /**
   * `GET /v1/me`, once per page: every element sharing this backend (the portal, the pipeline,
   * the deal form, …) gets the same answer from one request. A failed request is not kept (the
   * next call asks again); {@link forgetMe} drops the answer after something changed it.
   * One caller's abort signal only abandons that caller's wait, never the shared request.
   */
  getMe(options: CallOptions = {}): Promise<Me> {
    let me = this.me;
    if (!me) {
      const request = (me = this.me = this.client.get('me', MeSchema, {}));
      request.catch(() => {
        if (this.me === request) this.me = undefined;
      });
    }
    return abandonable(me, options.signal);
  }

  /** Drops the shared `/v1/me` answer (e.g. after the rules were acknowledged, or on sign-out). */
  forgetMe(): void {
    this.me = undefined;
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
    return this.client.get('deals/conflicts', registrationSchema('ConflictCheckSchema'), { ...options, searchParams: { domain, company, motion, dealType } });
  }

  getRegistrationPolicy(options: CallOptions = {}): Promise<RegistrationPolicy> {
    return this.client.get('deals/policy', registrationSchema('RegistrationPolicySchema'), options);
  }

  getReviewQueue(options: CallOptions = {}): Promise<ReviewQueue> {
    return this.client.get('deals/review-queue', registrationSchema('ReviewQueueSchema'), options);
  }

  decideDeal(id: string, decision: DecisionRequest, options: CallOptions = {}): Promise<VendorDeal> {
    return this.client.post(`deals/${encodeURIComponent(id)}/decision`, VendorDealSchema, { ...options, json: decision });
  }

  requestExtension(id: string, request: ExtensionRequest, options: CallOptions = {}): Promise<{ deal: Deal; extension: Extension }> {
    return this.client.post(`deals/${encodeURIComponent(id)}/extension`, registrationSchema('ExtensionResultSchema'), { ...options, json: request });
  }

  getDealHistory(id: string, options: CallOptions = {}): Promise<{ items: HistoryEntry[] }> {
    return this.client.get(`deals/${encodeURIComponent(id)}/history`, registrationSchema('HistorySchema'), options);
  }

  updateDeal(id: string, patch: DealPatchInput, options: UpdateDealOptions = {}): Promise<Deal> {
    return this.client.patch(`deals/${encodeURIComponent(id)}`, DealSchema, { ...options, json: patch });
  }

  getLaneSummary(query: Partial<LaneSummaryQuery> = {}, options: CallOptions = {}): Promise<LaneSummary> {
    const { motion, status, q } = query;
    return this.client.get('deals/summary', pipelineSchema('LaneSummarySchema'), { ...options, searchParams: { motion, status, q } });
  }

  exportDeals(query: ExportQuery = {}, options: CallOptions = {}): Promise<Blob> {
    const { motion, stage, status, q, sort } = query;
    return this.client.blob('deals/export.csv', { ...options, headers: { Accept: 'text/csv' }, searchParams: { motion, stage, status, q, sort } });
  }

  getCurrentRules(options: CallOptions = {}): Promise<CurrentRules> {
    return this.client.get('rules/current', engagementSchema('CurrentRulesSchema'), options);
  }

  acknowledgeRules(version: number, bodySha256: string | undefined, options: CallOptions = {}): Promise<RulesReceipt> {
    return this.client
      .post(`rules/${encodeURIComponent(String(version))}/acknowledgements`, engagementSchema('RulesReceiptSchema'), { ...options, json: bodySha256 ? { bodySha256 } : {} })
      .then((receipt) => (this.forgetMe(), receipt));
  }

  publishRules(input: RulesPublish, options: CallOptions = {}): Promise<RulesVersion> {
    return this.client.post('rules', engagementSchema('RulesVersionSchema'), { ...options, json: input }).then((version) => (this.forgetMe(), version));
  }

  listRulesVersions({ cursor, limit, ...options }: PageOptions = {}): Promise<RulesVersionList> {
    return this.client.get('rules', engagementSchema('RulesVersionListSchema'), { ...options, searchParams: { cursor, limit } });
  }

  getRulesAcknowledgements(version: number, { cursor, limit, ...options }: PageOptions = {}): Promise<RulesAcknowledgementReport> {
    return this.client.get(`rules/${encodeURIComponent(String(version))}/acknowledgements`, engagementSchema('RulesAcknowledgementReportSchema'), { ...options, searchParams: { cursor, limit } });
  }

  listAnnouncements({ cursor, limit, ...options }: PageOptions = {}): Promise<AnnouncementList> {
    return this.client.get('announcements', engagementSchema('AnnouncementListSchema'), { ...options, searchParams: { cursor, limit } });
  }

  markAnnouncementRead(id: string, options: CallOptions = {}): Promise<AnnouncementReceipt> {
    return this.client.post(`announcements/${encodeURIComponent(id)}/read`, engagementSchema('AnnouncementReceiptSchema'), { ...options, json: {} });
  }

  acknowledgeAnnouncement(id: string, options: CallOptions = {}): Promise<AnnouncementReceipt> {
    return this.client.post(`announcements/${encodeURIComponent(id)}/acknowledgement`, engagementSchema('AnnouncementReceiptSchema'), { ...options, json: {} });
  }

  publishAnnouncement(input: AnnouncementPublish, options: CallOptions = {}): Promise<Announcement> {
    return this.client.post('announcements', engagementSchema('AnnouncementSchema'), { ...options, json: input });
  }

  getAnnouncementReceipts(id: string, { cursor, limit, ...options }: PageOptions = {}): Promise<AnnouncementReceiptReport> {
    return this.client.get(`announcements/${encodeURIComponent(id)}/receipts`, engagementSchema('AnnouncementReceiptReportSchema'), { ...options, searchParams: { cursor, limit } });
  }

  listContent(query: ContentQuery = {}, options: CallOptions = {}): Promise<ContentList> {
    const { q, motion, industry, useCase, type, sort, cursor, limit } = query;
    return this.client.get('content', contentSchema('ContentListSchema'), { ...options, searchParams: { q, motion, industry, useCase, type, sort, cursor, limit } });
  }

  getContent(id: string, options: CallOptions = {}): Promise<ContentItem> {
    return this.client.get(contentPath(id), contentSchema('ContentItemSchema'), options);
  }

  recordContentEvent(id: string, type: ContentEventType, { idempotencyKey, ...options }: RetryableOptions = {}): Promise<ContentEvent> {
    return this.client.post(`${contentPath(id)}/events`, contentSchema('ContentEventSchema'), { ...options, ...idempotencyHeaders(idempotencyKey), json: { type } });
  }

  downloadContent(id: string, options: CallOptions = {}): Promise<Blob> {
    return this.client.blob(`${contentPath(id)}/file`, options);
  }

  createShareLink(id: string, input: ShareLinkInput = {}, options: CallOptions = {}): Promise<ShareLink> {
    return this.client.post(`${contentPath(id)}/share-links`, contentSchema('ShareLinkSchema'), { ...options, json: input });
  }

  listShareLinks(id: string, options: CallOptions = {}): Promise<ShareLinkList> {
    return this.client.get(`${contentPath(id)}/share-links`, contentSchema('ShareLinkListSchema'), options);
  }

  revokeShareLink(id: string, linkId: string, options: CallOptions = {}): Promise<void> {
    return this.client.delete(`${contentPath(id)}/share-links/${encodeURIComponent(linkId)}`, NO_CONTENT, options);
  }

  publishContent(input: ContentPublish, upload?: ContentUpload, { idempotencyKey, ...options }: RetryableOptions = {}): Promise<ContentItem> {
    return this.client.post('content', contentSchema('ContentItemSchema'), { ...options, ...idempotencyHeaders(idempotencyKey), ...contentBody(input, upload) });
  }

  updateContent(id: string, input: ContentUpdate, upload?: ContentUpload, options: CallOptions = {}): Promise<ContentItem> {
    return this.client.patch(contentPath(id), contentSchema('ContentItemSchema'), { ...options, ...contentBody(input, upload) });
  }

  getContentEngagement(query: ContentEngagementQuery = {}, options: CallOptions = {}): Promise<ContentEngagementReport> {
    const { by, contentId, motion, cursor, limit } = query;
    return this.client.get('content/engagement', contentSchema('ContentEngagementReportSchema'), { ...options, searchParams: { by, contentId, motion, cursor, limit } });
  }

  getMetrics(query: MetricsQuery = {}, options: CallOptions = {}): Promise<Metrics> {
    const { period, from, to, motion, partnerId, breakdown } = query;
    return this.client.get('metrics', metricsSchema('MetricsSchema'), { ...options, searchParams: { period, from, to, motion, partnerId, breakdown } });
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
  dropPrefetchedSessions();
  for (const s of sessions.values()) s.clear();
  for (const b of backends.values()) b.forgetMe();
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
