/**
 * Wire schemas for the content library (issue 12): enablement items as a partner or a channel
 * manager sees them, search with facets, engagement events, prospect share links, publishing and
 * the engagement report. zod/mini, shared by the SDK and the reference server (which generates
 * /v1/openapi.json from them).
 *
 * A locked item (the caller's org lacks the tier or certification its gate asks for) is listed
 * with `locked` set and never carries `url`; its file is refused by the server too.
 * `description` is Markdown; `descriptionHtml` is the server's sanitized rendering, which a client
 * sanitizes again before rendering it.
 */
import { z } from 'zod/mini';
import { MOTIONS } from './motions.js';
import { RICH_TEXT_MAX, TierSchema } from './shared.js';

const isoDateTime = () => z.iso.datetime({ offset: true });
const trimmed = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

export const CONTENT_TYPES = [
  'play',
  'case_study',
  'roi_one_pager',
  'pricing_matrix',
  'sow_checklist',
  'demo_guide',
  'talk_track',
  'competitive_intel',
  'offer_explainer',
  'datasheet',
  'training',
  'other',
] as const;
export const ContentTypeSchema = z.enum(CONTENT_TYPES);
export type ContentType = z.infer<typeof ContentTypeSchema>;

export const CONTENT_SORTS = ['relevance', 'updated', 'title'] as const;
export type ContentSort = (typeof CONTENT_SORTS)[number];

export const CONTENT_EVENT_TYPES = ['view', 'download', 'share'] as const;
export type ContentEventType = (typeof CONTENT_EVENT_TYPES)[number];

/** Why an item is locked: the org's tier is below the gate's, it lacks one of its certifications, or both. */
export const LOCK_REASONS = ['tier', 'certification', 'tier_and_certification'] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

/** Largest file the reference server stores (bytes). */
export const CONTENT_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** File types a channel manager may upload (the reference server checks the bytes too). */
export const CONTENT_MIME_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
  'text/markdown',
] as const;
export type ContentMimeType = (typeof CONTENT_MIME_TYPES)[number];

/** BCP 47 language tag (`en`, `de`, `pt-BR`). */
const languageTag = () => z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a language tag such as en or pt-BR.'));

/**
 * Who may open an item: a minimum tier (null: any) and certifications, any one of which
 * suffices (empty: none needed). Both given: the org needs both.
 */
export const ContentGateSchema = z.object({
  tier: z._default(z.nullable(TierSchema), null),
  certifications: z._default(z.array(trimmed(1, 120)).check(z.maxLength(20)), []),
});
export type ContentGate = z.output<typeof ContentGateSchema>;

export const ContentLockSchema = z.object({
  reason: z.enum(LOCK_REASONS),
  /** What unlocks it: the tier to reach (null: the tier is not the obstacle) and the certifications, any one of which will do. */
  unlockedBy: z.object({ tier: z.nullable(TierSchema), certifications: z.array(z.string()) }),
});
export type ContentLock = z.infer<typeof ContentLockSchema>;

export const ContentFileSchema = z.object({ name: z.string(), size: z.int(), mimeType: z.string() });
export type ContentFile = z.infer<typeof ContentFileSchema>;

/** One content item. */
export const ContentItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  type: ContentTypeSchema,
  /** null: for every motion. */
  motion: z.nullable(z.enum(MOTIONS)),
  industry: z.nullable(z.string()),
  useCase: z.nullable(z.string()),
  language: z.string(),
  /** Markdown source. */
  description: z.string(),
  /** `description` rendered and sanitized by the server (sanitize again before rendering). */
  descriptionHtml: z.string(),
  /** One of the motion's key assets (the engagement report lists partners who never opened them). */
  keyAsset: z.boolean(),
  kind: z.enum(['file', 'link']),
  /** The stored file (kind `file`), shown even when locked; fetch it with `GET /v1/content/{id}/file`. */
  file: z.nullable(ContentFileSchema),
  /** The link (kind `link`); null for a file, and always null when locked. */
  url: z.nullable(z.string()),
  /** Partners may create prospect share links for it. */
  shareable: z.boolean(),
  /** null when the caller may open it. */
  locked: z.nullable(ContentLockSchema),
  publishedAt: isoDateTime(),
  updatedAt: isoDateTime(),
  /** Channel manager only: whether partners see it, and its gate. */
  published: z.optional(z.boolean()),
  gate: z.optional(z.object({ tier: z.nullable(TierSchema), certifications: z.array(z.string()) })),
});
export type ContentItem = z.infer<typeof ContentItemSchema>;

export const FacetValueSchema = z.object({ value: z.string(), count: z.int() });
export type FacetValue = z.infer<typeof FacetValueSchema>;

/** GET /v1/content. Each facet counts the items matching every other active filter (and `q`). */
export const ContentListSchema = z.object({
  items: z.array(ContentItemSchema),
  nextCursor: z.nullable(z.string()),
  total: z.int(),
  facets: z.object({
    type: z.array(FacetValueSchema),
    motion: z.array(FacetValueSchema),
    industry: z.array(FacetValueSchema),
    useCase: z.array(FacetValueSchema),
  }),
});
export type ContentList = z.infer<typeof ContentListSchema>;

/** Query of GET /v1/content. `sort` defaults to `relevance` with `q`, else `updated` (newest first). */
export const ContentQuerySchema = z.object({
  q: z.optional(z.string().check(z.maxLength(200))),
  motion: z.optional(z.enum(MOTIONS)),
  industry: z.optional(z.string().check(z.maxLength(120))),
  useCase: z.optional(z.string().check(z.maxLength(120))),
  type: z.optional(ContentTypeSchema),
  sort: z.optional(z.enum(CONTENT_SORTS)),
  cursor: z.optional(z.string().check(z.maxLength(500))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 24),
});
/** What a caller passes to list content (every field optional). */
export type ContentQuery = Partial<z.output<typeof ContentQuerySchema>>;

/** Body of POST /v1/content/{id}/events. */
export const ContentEventInputSchema = z.strictObject({ type: z.enum(CONTENT_EVENT_TYPES) });
export type ContentEventInput = z.infer<typeof ContentEventInputSchema>;

/** Answer of POST /v1/content/{id}/events. */
export const ContentEventSchema = z.object({ contentId: z.string(), type: z.enum(CONTENT_EVENT_TYPES), recordedAt: isoDateTime() });
export type ContentEvent = z.infer<typeof ContentEventSchema>;

/** Body of POST /v1/content/{id}/share-links (optional). */
export const ShareLinkInputSchema = z.strictObject({
  expiresInDays: z._default(z.int().check(z.gte(1), z.lte(90)), 14),
});
export type ShareLinkInput = z.input<typeof ShareLinkInputSchema>;

/**
 * A prospect-safe link: `url` opens the item without a session until `expiresAt` or until it is
 * revoked. `token` is shown once (the server keeps only its hash).
 */
export const ShareLinkSchema = z.object({
  id: z.string(),
  contentId: z.string(),
  url: z.string(),
  token: z.string(),
  expiresAt: isoDateTime(),
  createdAt: isoDateTime(),
});
export type ShareLink = z.infer<typeof ShareLinkSchema>;

/** GET /v1/content/{id}/share-links: the caller's org's live links (without their tokens). */
export const ShareLinkListSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), contentId: z.string(), expiresAt: isoDateTime(), createdAt: isoDateTime(), createdBy: z.string(), opens: z.int() }),
  ),
});
export type ShareLinkList = z.infer<typeof ShareLinkListSchema>;

// ─── Channel manager ──────────────────────────────────────────────────────────────────────────

const contentFields = {
  title: trimmed(1, 200),
  type: ContentTypeSchema,
  motion: z.nullable(z.enum(MOTIONS)),
  industry: z.nullable(trimmed(1, 120)),
  useCase: z.nullable(trimmed(1, 120)),
  language: languageTag(),
  /** Markdown. */
  description: z.string().check(z.trim(), z.maxLength(RICH_TEXT_MAX)),
  keyAsset: z.boolean(),
  shareable: z.boolean(),
  gate: ContentGateSchema,
  /** false: unpublished (partners no longer see it). */
  published: z.boolean(),
  /** An http(s) link; leave out for a file (multipart upload). */
  url: z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).check(z.maxLength(2000)),
};

/**
 * POST /v1/content: a JSON body with `url` (a link), or `multipart/form-data` with a `metadata`
 * part (this object as JSON, without `url`) and a `file` part (at most
 * {@link CONTENT_FILE_MAX_BYTES}, one of {@link CONTENT_MIME_TYPES}).
 */
export const ContentPublishSchema = z.strictObject({
  title: contentFields.title,
  type: contentFields.type,
  motion: z._default(contentFields.motion, null),
  industry: z._default(contentFields.industry, null),
  useCase: z._default(contentFields.useCase, null),
  language: z._default(contentFields.language, 'en'),
  description: z._default(contentFields.description, ''),
  keyAsset: z._default(contentFields.keyAsset, false),
  shareable: z._default(contentFields.shareable, false),
  gate: z._default(contentFields.gate, { tier: null, certifications: [] }),
  published: z._default(contentFields.published, true),
  url: z.optional(contentFields.url),
});
export type ContentPublish = z.input<typeof ContentPublishSchema>;

/**
 * PATCH /v1/content/{id}: any of the fields (JSON), or multipart/form-data with a `metadata`
 * part and a new `file`. `published: false` unpublishes. A `url` turns a file item into a link.
 */
export const ContentUpdateSchema = z.strictObject({
  title: z.optional(contentFields.title),
  type: z.optional(contentFields.type),
  motion: z.optional(contentFields.motion),
  industry: z.optional(contentFields.industry),
  useCase: z.optional(contentFields.useCase),
  language: z.optional(contentFields.language),
  description: z.optional(contentFields.description),
  keyAsset: z.optional(contentFields.keyAsset),
  shareable: z.optional(contentFields.shareable),
  gate: z.optional(contentFields.gate),
  published: z.optional(contentFields.published),
  url: z.optional(contentFields.url),
});
export type ContentUpdate = z.input<typeof ContentUpdateSchema>;

/** A file to upload with {@link ContentPublish} or {@link ContentUpdate}. */
export interface ContentUpload {
  file: Blob;
  fileName: string;
}

export const EngagementCountsSchema = z.object({
  views: z.int(),
  downloads: z.int(),
  shares: z.int(),
  /** Opens of the partners' share links by prospects. */
  prospectOpens: z.int(),
  lastEngagedAt: z.nullable(isoDateTime()),
});
export type EngagementCounts = z.infer<typeof EngagementCountsSchema>;

const partnerRef = z.object({ id: z.string(), name: z.string(), tier: TierSchema });

/** Query of GET /v1/content/engagement. */
export const ContentEngagementQuerySchema = z.object({
  /** Rows per item (default) or per partner org. */
  by: z._default(z.enum(['item', 'partner']), 'item'),
  /** Only this item's engagement (e.g. per partner for one item). */
  contentId: z.optional(z.string().check(z.maxLength(100))),
  motion: z.optional(z.enum(MOTIONS)),
  cursor: z.optional(z.string().check(z.maxLength(500))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
});
export type ContentEngagementQuery = Partial<z.output<typeof ContentEngagementQuerySchema>>;

/**
 * GET /v1/content/engagement (channel manager). Rows are items (most engaged first) or partner
 * orgs (by name); `neverOpened` lists, per motion with key assets, the partner orgs in that motion
 * none of whose users ever viewed or downloaded one of them.
 */
export const ContentEngagementReportSchema = z.object({
  by: z.enum(['item', 'partner']),
  rows: z.array(
    z.object({
      ...EngagementCountsSchema.shape,
      /** Set when `by` is `item`. */
      content: z.optional(z.object({ id: z.string(), title: z.string(), type: ContentTypeSchema, motion: z.nullable(z.enum(MOTIONS)), keyAsset: z.boolean(), published: z.boolean() })),
      /** Set when `by` is `partner`. */
      partner: z.optional(partnerRef),
    }),
  ),
  nextCursor: z.nullable(z.string()),
  total: z.int(),
  totals: EngagementCountsSchema,
  neverOpened: z.array(z.object({ motion: z.enum(MOTIONS), keyAssets: z.int(), partners: z.array(partnerRef) })),
});
export type ContentEngagementReport = z.infer<typeof ContentEngagementReportSchema>;

/** `data` of the `content.published` live event (sent to every partner; a gated item is listed locked). */
export const ContentPublishedDataSchema = z.object({
  id: z.string(),
  title: z.string(),
  type: ContentTypeSchema,
  motion: z.nullable(z.enum(MOTIONS)),
  publishedAt: isoDateTime(),
});
export type ContentPublishedData = z.infer<typeof ContentPublishedDataSchema>;
