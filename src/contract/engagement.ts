/**
 * Wire schemas for rules of engagement, announcements and the live event stream (issue 9).
 * zod/mini, shared by the SDK and the reference server (which generates /v1/openapi.json from them).
 *
 * Rich text is authored as Markdown (`body`) and also served as HTML (`bodyHtml`) that the server
 * rendered and sanitized. A client must sanitize `bodyHtml` again before it renders it: a backend
 * is never trusted to have done so.
 */
import { z } from 'zod/mini';
import { MOTIONS } from './motions.js';
import { DealSchema, VendorDealSchema } from './schemas.js';
import { RICH_TEXT_MAX, TIERS, TierSchema } from './shared.js';

const isoDateTime = () => z.iso.datetime({ offset: true });
const trimmed = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

export { TIERS, TierSchema, RICH_TEXT_MAX, type Tier } from './shared.js';

const publisher = z.object({ id: z.nullable(z.string()), name: z.string() });

// ─── Rules of engagement ──────────────────────────────────────────────────────────────────────

/** Body of POST /v1/rules (channel manager): publishes the next version. */
export const RulesPublishSchema = z.object({
  title: trimmed(1, 200),
  /** Markdown. */
  body: trimmed(1, RICH_TEXT_MAX),
  /** What changed since the previous version, in a sentence or two (plain text). */
  summary: trimmed(1, 2000),
});
export type RulesPublish = z.infer<typeof RulesPublishSchema>;

/** One published version, without the caller's acknowledgment. */
export const RulesVersionSchema = z.object({
  version: z.int().check(z.gte(1)),
  title: z.string(),
  /** Markdown source. */
  body: z.string(),
  /** The body rendered to HTML and sanitized by the server (sanitize again before rendering). */
  bodyHtml: z.string(),
  summary: z.string(),
  /** SHA-256 of `body` (UTF-8), hex. */
  bodySha256: z.string(),
  publishedAt: isoDateTime(),
  publishedBy: publisher,
});
export type RulesVersion = z.infer<typeof RulesVersionSchema>;

/** One piece of a word-level diff of two bodies (Markdown source). */
export const DiffPartSchema = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export type DiffPart = z.infer<typeof DiffPartSchema>;

/** What changed between the version a user last acknowledged and the current one. */
export const RulesChangesSchema = z.object({
  sinceVersion: z.int(),
  /** The summary of every version published since, oldest first. */
  summaries: z.array(z.object({ version: z.int(), summary: z.string(), publishedAt: isoDateTime() })),
  /** Word-level diff of the acknowledged body against the current body. */
  diff: z.array(DiffPartSchema),
});
export type RulesChanges = z.infer<typeof RulesChangesSchema>;

/** GET /v1/rules/current. */
export const CurrentRulesSchema = z.object({
  ...RulesVersionSchema.shape,
  /** When the caller acknowledged this version; null until then. */
  acknowledgedAt: z.nullable(isoDateTime()),
  /** The newest version the caller acknowledged (maybe an older one), or null. */
  acknowledgedVersion: z.nullable(z.int()),
  /** What changed since `acknowledgedVersion`; null when it is the current one or there is none. */
  changes: z.nullable(RulesChangesSchema),
});
export type CurrentRules = z.infer<typeof CurrentRulesSchema>;

/** Optional body of POST /v1/rules/{version}/acknowledgements. */
export const RulesAcknowledgeSchema = z.strictObject({
  /** The hash of the body the user read (from GET /v1/rules/current); refused when it differs. */
  bodySha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'Expected a lowercase hex SHA-256.'))),
});

/** A rules acknowledgment receipt (append-only). */
export const RulesReceiptSchema = z.object({
  version: z.int(),
  userId: z.string(),
  partnerId: z.nullable(z.string()),
  bodySha256: z.string(),
  acknowledgedAt: isoDateTime(),
});
export type RulesReceipt = z.infer<typeof RulesReceiptSchema>;

/** GET /v1/rules (list of versions, newest first). */
export const RulesVersionListSchema = z.object({
  items: z.array(z.omit(RulesVersionSchema, { body: true, bodyHtml: true })),
  nextCursor: z.nullable(z.string()),
  total: z.int(),
});

/** Query of the paged channel-manager reports and lists. */
export const PageQuerySchema = z.object({
  cursor: z.optional(z.string().check(z.maxLength(500))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
});

const reportUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.nullable(z.string()),
  role: z.enum(['partner_user', 'partner_admin']),
});

/** GET /v1/rules/{version}/acknowledgements (channel manager): one page of partner orgs. */
export const RulesAcknowledgementReportSchema = z.object({
  version: z.int(),
  items: z.array(
    z.object({
      partner: z.object({ id: z.string(), name: z.string(), tier: TierSchema }),
      acknowledged: z.int(),
      pending: z.int(),
      users: z.array(z.object({ ...reportUser.shape, acknowledgedAt: z.nullable(isoDateTime()) })),
    }),
  ),
  nextCursor: z.nullable(z.string()),
  /** Partner orgs in all. */
  total: z.int(),
  /** Users (every partner) who acknowledged this version, and who have not. */
  acknowledged: z.int(),
  pending: z.int(),
});
export type RulesAcknowledgementReport = z.infer<typeof RulesAcknowledgementReportSchema>;

// ─── Announcements ────────────────────────────────────────────────────────────────────────────

/**
 * Who sees an announcement. Both lists empty (or the audience left out): every partner. Otherwise
 * a partner sees it when its tier is in `tiers` (if given) and one of its motions is in `motions`
 * (if given).
 */
export const AudienceSchema = z.object({
  tiers: z._default(z.array(TierSchema).check(z.maxLength(TIERS.length)), []),
  motions: z._default(z.array(z.enum(MOTIONS)).check(z.maxLength(MOTIONS.length)), []),
});
export type Audience = z.output<typeof AudienceSchema>;

/** Body of POST /v1/announcements (channel manager). */
export const AnnouncementPublishSchema = z.object({
  title: trimmed(1, 200),
  /** Markdown. */
  body: trimmed(1, RICH_TEXT_MAX),
  pinned: z._default(z.boolean(), false),
  requiresAcknowledgement: z._default(z.boolean(), false),
  audience: z.optional(AudienceSchema),
  /** When it stops being shown to partners; must be in the future. */
  expiresAt: z.optional(z.nullable(isoDateTime())),
});
export type AnnouncementPublish = z.input<typeof AnnouncementPublishSchema>;

export const AnnouncementSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  bodyHtml: z.string(),
  pinned: z.boolean(),
  requiresAcknowledgement: z.boolean(),
  publishedAt: isoDateTime(),
  expiresAt: z.nullable(isoDateTime()),
  publishedBy: publisher,
  /** The caller's own receipts. */
  readAt: z.nullable(isoDateTime()),
  acknowledgedAt: z.nullable(isoDateTime()),
  /** Channel manager only. */
  audience: z.optional(z.object({ tiers: z.array(TierSchema), motions: z.array(z.enum(MOTIONS)) })),
});
export type Announcement = z.infer<typeof AnnouncementSchema>;

/** GET /v1/announcements: pinned first, then newest. */
export const AnnouncementListSchema = z.object({
  items: z.array(AnnouncementSchema),
  nextCursor: z.nullable(z.string()),
  total: z.int(),
  /** Announcements the caller can see and has not read yet. */
  unreadCount: z.int(),
  /** Of those the caller can see, how many need an acknowledgment the caller has not given. */
  unacknowledgedCount: z.int(),
});
export type AnnouncementList = z.infer<typeof AnnouncementListSchema>;

/** Answer of POST /v1/announcements/{id}/read and /acknowledgement: the caller's receipts. */
export const AnnouncementReceiptSchema = z.object({
  announcementId: z.string(),
  readAt: isoDateTime(),
  acknowledgedAt: z.nullable(isoDateTime()),
});
export type AnnouncementReceipt = z.infer<typeof AnnouncementReceiptSchema>;

/** GET /v1/announcements/{id}/receipts (channel manager): partner orgs in the audience, paged. */
export const AnnouncementReceiptReportSchema = z.object({
  announcementId: z.string(),
  requiresAcknowledgement: z.boolean(),
  items: z.array(
    z.object({
      partner: z.object({ id: z.string(), name: z.string(), tier: TierSchema }),
      read: z.int(),
      acknowledged: z.int(),
      pending: z.int(),
      users: z.array(z.object({ ...reportUser.shape, readAt: z.nullable(isoDateTime()), acknowledgedAt: z.nullable(isoDateTime()) })),
    }),
  ),
  nextCursor: z.nullable(z.string()),
  total: z.int(),
  read: z.int(),
  acknowledged: z.int(),
  /** Users who have not read it (or, when it requires acknowledgment, not acknowledged it). */
  pending: z.int(),
});
export type AnnouncementReceiptReport = z.infer<typeof AnnouncementReceiptReportSchema>;

// ─── Live events (GET /v1/events) ─────────────────────────────────────────────────────────────

export const EVENT_TYPES = ['deal.created', 'deal.updated', 'deal.decided', 'rules.published', 'announcement.published', 'content.published'] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

export const RulesPublishedDataSchema = z.object({ version: z.int(), title: z.string(), summary: z.string(), publishedAt: isoDateTime() });
export const AnnouncementPublishedDataSchema = z.object({
  id: z.string(),
  title: z.string(),
  pinned: z.boolean(),
  requiresAcknowledgement: z.boolean(),
  publishedAt: isoDateTime(),
});

/**
 * The `data:` of one server-sent event (the SSE `id:` and `event:` lines repeat `id` and `type`).
 * Deal events carry the deal as the receiver may see it: `Deal` (safe fields) for a partner,
 * `VendorDeal` for a channel manager.
 */
export const LiveEventSchema = z.object({
  id: z.string().check(z.regex(/^\d+$/)),
  type: EventTypeSchema,
  occurredAt: isoDateTime(),
  data: z.union([VendorDealSchema, DealSchema, RulesPublishedDataSchema, AnnouncementPublishedDataSchema, z.record(z.string(), z.unknown())]),
});
export type LiveEvent = z.infer<typeof LiveEventSchema>;
