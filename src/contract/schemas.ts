/**
 * Wire schemas for REST contract v1. Written with zod/mini so the browser bundle stays small;
 * the reference server validates with the very same objects and generates /v1/openapi.json
 * from them.
 */
import * as z from 'zod/mini';
import { ALL_STAGES, CONFLICT_STATUSES, CONTACT_ROLES, DEAL_SORTS, DEAL_STATUSES, MOTIONS, ROLES } from './motions.js';

const isoDateTime = () => z.iso.datetime({ offset: true });
const nonEmpty = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const MotionSchema = z.enum(MOTIONS);
export const StageSchema = z.enum(ALL_STAGES);
export const DealStatusSchema = z.enum(DEAL_STATUSES);
export const RoleSchema = z.enum(ROLES);
export const ConflictStatusSchema = z.enum(CONFLICT_STATUSES);
export const DealSortSchema = z.enum(DEAL_SORTS);

/** RFC 9457 problem details. Extra members are allowed and kept. */
export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  /** Field errors; `code` is a stable machine code (src/contract/field-errors.ts) a client may word itself. */
  errors: z.optional(
    z.array(
      z.object({
        path: z.string(),
        message: z.string(),
        code: z.optional(z.string()),
        params: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
      }),
    ),
  ),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** Body of POST /v1/sessions (authenticated with the secret key). */
export const SessionRequestSchema = z
  .object({
    userId: nonEmpty(200),
    partnerId: z.nullable(nonEmpty(200)),
    role: RoleSchema,
    name: z.optional(nonEmpty(200)),
    email: z.optional(z.email()),
    /** The web origin (`https://partners.example.com`) the session may be used from; see PARTNERKIT_ALLOWED_ORIGINS. */
    origin: z.optional(z.string().check(z.minLength(1), z.maxLength(300))),
  })
  .check(
    z.refine((s) => s.role === 'channel_manager' || s.partnerId !== null, {
      message: 'partnerId is required for partner roles',
      path: ['partnerId'],
      params: { code: 'required' },
    }),
    z.refine((s) => s.role !== 'channel_manager' || s.partnerId === null, {
      message: 'partnerId must be null for a channel manager',
      path: ['partnerId'],
      params: { code: 'not_allowed' },
    }),
  );
export type SessionRequest = z.infer<typeof SessionRequestSchema>;

export const SessionSchema = z.object({ token: z.string().check(z.minLength(1)), expiresAt: isoDateTime() });
export type Session = z.infer<typeof SessionSchema>;

export const PartnerOrgSchema = z.object({
  id: z.string(),
  name: z.string(),
  tier: z.enum(['registered', 'silver', 'gold', 'platinum']),
  certifications: z.array(z.string()),
  motions: z.array(MotionSchema),
});
export type PartnerOrg = z.infer<typeof PartnerOrgSchema>;

export const MeSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.nullable(z.string()), role: RoleSchema }),
  partner: z.nullable(PartnerOrgSchema),
  rules: z.object({
    currentVersion: z.nullable(z.int()),
    acknowledgedVersion: z.nullable(z.int()),
    acknowledgedAt: z.nullable(isoDateTime()),
    /** true when the caller has acknowledged the current version (or there are no rules yet). */
    acknowledged: z.boolean(),
  }),
});
export type Me = z.infer<typeof MeSchema>;

const dealShape = {
  id: z.string(),
  customer: z.object({ company: z.string(), domain: z.string() }),
  motion: MotionSchema,
  stage: StageSchema,
  status: DealStatusSchema,
  owner: z.string(),
  nextStep: z.nullable(z.string()),
  stageNote: z.nullable(z.object({ text: z.string(), updatedAt: isoDateTime() })),
  attribution: z.object({ type: z.enum(['sourced', 'influenced']), percent: z.number().check(z.gte(0), z.lte(100)) }),
  amount: z.object({ value: z.number().check(z.gte(0)), currency: z.string().check(z.length(3)) }),
  expectedCloseDate: z.iso.date(),
  protection: z.nullable(z.object({ startsAt: isoDateTime(), endsAt: isoDateTime() })),
  slaDueAt: z.nullable(isoDateTime()),
  conflict: z.object({ status: ConflictStatusSchema, reason: z.nullable(z.string()) }),
  partner: z.object({ id: z.string(), name: z.string() }),
  lastActivityAt: isoDateTime(),
  createdAt: isoDateTime(),
  /**
   * Concurrency token: increases with every change to the deal. `PATCH /v1/deals/{id}` sends the
   * version it last saw and gets 409 `stale-write` when the deal changed since. Optional for
   * backends that do not implement PATCH; the reference server always sends it.
   */
  version: z.optional(z.int().check(z.gte(1))),
  /** The partner's own people on the deal, by role (from the registration). Safe for the partner. */
  partnerContacts: z.optional(z.array(z.object({ name: z.string(), email: z.string(), role: z.enum(CONTACT_ROLES) }))),
  /** When the partner confirmed the amount / the close date (exit criterion before the last stage); null when not yet. */
  amountConfirmedAt: z.optional(z.nullable(isoDateTime())),
  closeDateConfirmedAt: z.optional(z.nullable(isoDateTime())),
};

/** A deal as a partner user sees it: safe fields only. */
export const DealSchema = z.object(dealShape);
export type Deal = z.infer<typeof DealSchema>;

/** A deal as the vendor's channel manager sees it: adds vendor-only fields. */
export const VendorDealSchema = z.object({
  ...dealShape,
  discountBand: z.nullable(z.string()),
  internalNotes: z.nullable(z.string()),
  partners: z.array(
    z.object({
      partnerId: z.string(),
      name: z.string(),
      type: z.enum(['sourced', 'influenced']),
      percent: z.number(),
    }),
  ),
});
export type VendorDeal = z.infer<typeof VendorDealSchema>;

export const DealListSchema = z.object({
  items: z.array(DealSchema),
  nextCursor: z.nullable(z.string()),
  /** Deals matching the filters (every page, not this page). */
  total: z.int(),
  /** true when `total` is a lower bound: a search stops counting at 1,000 matches (the reference server). */
  totalIsEstimate: z.optional(z.boolean()),
});
export type DealList = z.infer<typeof DealListSchema>;

export const VendorDealListSchema = z.object({
  items: z.array(VendorDealSchema),
  nextCursor: z.nullable(z.string()),
  total: z.int(),
  totalIsEstimate: z.optional(z.boolean()),
});

/** Query of GET /v1/deals. Strings on the wire; limit is coerced. */
export const DealQuerySchema = z.object({
  motion: z.optional(MotionSchema),
  stage: z.optional(StageSchema),
  status: z.optional(DealStatusSchema),
  q: z.optional(z.string().check(z.maxLength(200))),
  sort: z._default(DealSortSchema, '-lastActivityAt'),
  cursor: z.optional(z.string().check(z.maxLength(500))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
});
/** What a caller passes to list deals (every field optional). */
export type DealQuery = Partial<z.output<typeof DealQuerySchema>>;

export const HealthSchema = z.object({ status: z.literal('ok'), version: z.string() });
