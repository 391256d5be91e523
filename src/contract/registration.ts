/**
 * Deal registration: the request a partner sends (POST /v1/deals), the conflict precheck, the
 * channel manager's decision, extension requests, the audit trail and the review queue.
 * zod/mini so the browser validates with the very objects the server uses.
 */
import * as z from 'zod/mini';
import { ConflictStatusSchema, DealSchema, MotionSchema, VendorDealSchema } from './schemas.js';
import { CONTACT_ROLES, type Motion } from './motions.js';

export const DEAL_TYPES = ['new', 'renewal', 'expansion'] as const;
export type DealType = (typeof DEAL_TYPES)[number];

export { CONTACT_ROLES, type ContactRole } from './motions.js';

export const CLOUD_MARKETPLACES = ['aws', 'azure', 'gcp'] as const;

/** Protection window bounds a channel manager may choose from (days). */
export const PROTECTION_DAYS_MIN = 60;
export const PROTECTION_DAYS_MAX = 90;

const text = (max: number, min = 1) =>
  z.string().check(z.trim(), z.minLength(min, min === 1 ? 'Required' : `At least ${min} characters`), z.maxLength(max));

/**
 * A host name as typed: optional scheme, `www.` or path allowed (the server reduces it to the
 * registrable domain with the Public Suffix List). Rejects spaces and obvious non-domains.
 */
export const DomainInputSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'Required'),
    z.maxLength(253),
    z.refine((v) => /^([a-z][a-z0-9+.-]*:\/\/)?([^\s/@:]+@)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+\.?(:\d+)?([/?#]\S*)?$/iu.test(v), { message: 'Enter a domain such as example.com', params: { code: 'invalid_domain' } }),
  );

/** Motion-specific fields; each motion lists which it needs. */
export const MotionDetailsSchema = z.object({
  cloudMarketplace: z.optional(z.enum(CLOUD_MARKETPLACES)),
  servicesScope: z.optional(text(500)),
  integrationName: z.optional(text(200)),
  distributor: z.optional(z.string().check(z.trim(), z.maxLength(200))),
});
export type MotionDetails = z.infer<typeof MotionDetailsSchema>;

/** Which motion-specific fields are asked for, and which of them are required. */
export const MOTION_FIELDS: Record<Motion, ReadonlyArray<{ key: keyof MotionDetails; required: boolean }>> = {
  referral: [],
  reseller: [{ key: 'distributor', required: false }],
  marketplace: [{ key: 'cloudMarketplace', required: true }],
  services: [{ key: 'servicesScope', required: true }],
  tech: [{ key: 'integrationName', required: true }],
};

export const PartnerContactSchema = z.object({
  name: text(200),
  email: z.email('Enter an email address such as name@example.com'),
  role: z.enum(CONTACT_ROLES),
});
export type PartnerContact = z.infer<typeof PartnerContactSchema>;

/** Body of POST /v1/deals. */
export const DealRegistrationSchema = z
  .object({
    motion: MotionSchema,
    dealType: z.enum(DEAL_TYPES),
    customer: z.object({
      company: text(200),
      domain: DomainInputSchema,
      contact: z.object({
        name: text(200),
        email: z.email('Enter an email address such as name@example.com'),
        phone: z.optional(z.string().check(z.trim(), z.maxLength(50))),
      }),
    }),
    amount: z.object({
      value: z.number('Enter an amount').check(z.gt(0, 'Must be more than 0'), z.lte(1e12)),
      currency: z.string().check(z.refine((v) => /^[A-Z]{3}$/.test(v), { message: 'A three-letter ISO 4217 code such as USD', params: { code: 'invalid_currency' } })),
    }),
    expectedCloseDate: z.iso.date('A date such as 2026-12-31'),
    description: text(5000, 20),
    attribution: z.object({
      type: z.enum(['sourced', 'influenced']),
      percent: z.number('Enter a percentage').check(z.int('A whole number'), z.gte(1, 'At least 1'), z.lte(100, 'At most 100')),
    }),
    partnerContacts: z.array(PartnerContactSchema).check(z.minLength(1, 'Add at least one partner contact'), z.maxLength(10)),
    details: z._default(MotionDetailsSchema, {}),
  })
  .check(
    z.superRefine((d, ctx) => {
      for (const f of MOTION_FIELDS[d.motion] ?? []) {
        const v = d.details?.[f.key];
        if (f.required && (v === undefined || v === '')) ctx.issues.push({ code: 'custom', message: 'Required for this motion', path: ['details', f.key], input: v, params: { code: 'required' } });
      }
    }),
  );
export type DealRegistration = z.infer<typeof DealRegistrationSchema>;
/** What a form holds before validation (every leaf optional). */
export type DealRegistrationInput = z.input<typeof DealRegistrationSchema>;

/** Query of GET /v1/deals/conflicts. */
export const ConflictQuerySchema = z
  .object({
    domain: z.optional(z.string().check(z.trim(), z.maxLength(253))),
    company: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  })
  .check(z.refine((q) => Boolean(q.domain || q.company), { message: 'Give domain or company (or both)', path: ['domain'], params: { code: 'required' } }));

/** Answer of the uniqueness precheck: never another partner's identity. */
export const ConflictCheckSchema = z.object({
  status: ConflictStatusSchema,
  reason: z.nullable(z.string()),
  /** The registrable domain the check used (null when none could be derived). */
  domain: z.nullable(z.string()),
});
export type ConflictCheck = z.infer<typeof ConflictCheckSchema>;

/** Body of POST /v1/deals/{id}/decision (channel manager). */
export const DecisionRequestSchema = z
  .object({
    decision: z.enum(['approve', 'decline']),
    reason: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
    protectionDays: z.optional(z.number().check(z.int(), z.gte(PROTECTION_DAYS_MIN), z.lte(PROTECTION_DAYS_MAX))),
    /** Vendor-only note for the audit log (never shown to the partner). */
    internalNote: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  })
  .check(
    z.refine((d) => d.decision !== 'decline' || Boolean(d.reason), { message: 'A reason is required to decline', path: ['reason'], params: { code: 'required' } }),
  );
export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;

/**
 * Body of POST /v1/deals/{id}/extension: a partner requests (`reason`, optional `days`); a
 * channel manager decides the pending request (`decision`, `reason` when declining).
 */
export const ExtensionRequestSchema = z.object({
  reason: z.optional(z.string().check(z.trim(), z.minLength(1, 'Required'), z.maxLength(2000))),
  days: z.optional(z.number().check(z.int(), z.gte(1), z.lte(PROTECTION_DAYS_MAX))),
  decision: z.optional(z.enum(['approve', 'decline'])),
});
export type ExtensionRequest = z.infer<typeof ExtensionRequestSchema>;

export const ExtensionSchema = z.object({
  id: z.string(),
  dealId: z.string(),
  status: z.enum(['pending', 'approved', 'declined']),
  days: z.int(),
  reason: z.string(),
  requestedAt: z.iso.datetime({ offset: true }),
  decidedAt: z.nullable(z.iso.datetime({ offset: true })),
  decisionReason: z.nullable(z.string()),
});
export type Extension = z.infer<typeof ExtensionSchema>;

export const ExtensionResultSchema = z.object({ deal: DealSchema, extension: ExtensionSchema });

export const HISTORY_ACTIONS = [
  'submitted', 'approved', 'declined', 'extension-requested', 'extension-approved', 'extension-declined',
  'protection-reminder', 'expired', 'sla-overdue', 'flagged-for-reassignment', 'reassigned', 'stage-moved',
  // PATCH /v1/deals/{id} (issue 11)
  'next-step-updated', 'stage-note-updated', 'amount-confirmed', 'close-date-confirmed',
] as const;

export const HistoryEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  action: z.enum(HISTORY_ACTIONS),
  actor: z.object({ name: z.string(), role: z.enum(['partner_user', 'partner_admin', 'channel_manager', 'system']) }),
  reason: z.nullable(z.string()),
  /** Vendor-only: present for a channel manager only. */
  internalNote: z.optional(z.nullable(z.string())),
  /** What changed, for `stage-moved` (stage slugs), `next-step-updated` and `stage-note-updated` (texts). */
  change: z.optional(z.object({ from: z.nullable(z.string()), to: z.nullable(z.string()) })),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export const HistorySchema = z.object({ items: z.array(HistoryEntrySchema) });

/** Vendor-only conflict evidence: another deal on the same customer, with its partner. */
export const ConflictEvidenceSchema = z.object({
  dealId: z.string(),
  partner: z.object({ id: z.string(), name: z.string() }),
  company: z.string(),
  domain: z.string(),
  status: z.string(),
  match: z.enum(['domain', 'company']),
  similarity: z.number(),
  createdAt: z.iso.datetime({ offset: true }),
  protectionEndsAt: z.nullable(z.iso.datetime({ offset: true })),
});
export type ConflictEvidence = z.infer<typeof ConflictEvidenceSchema>;

export const ReviewItemSchema = z.object({
  kind: z.enum(['registration', 'extension']),
  deal: VendorDealSchema,
  dueAt: z.nullable(z.iso.datetime({ offset: true })),
  overdue: z.boolean(),
  extension: z.nullable(ExtensionSchema),
  evidence: z.array(ConflictEvidenceSchema),
  dealType: z.enum(DEAL_TYPES),
  description: z.nullable(z.string()),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;
export const ReviewQueueSchema = z.object({
  items: z.array(ReviewItemSchema),
  policy: z.object({ protectionDays: z.int(), protectionDaysMin: z.int(), protectionDaysMax: z.int(), slaHours: z.int() }),
});
export type ReviewQueue = z.infer<typeof ReviewQueueSchema>;

/** The vendor's registration policy as partners see it (GET /v1/deals/policy). */
export const RegistrationPolicySchema = z.object({
  protectionDays: z.int(),
  slaHours: z.int(),
  reminderDays: z.int(),
  inactivityDays: z.int(),
  conflictRule: z.enum(['first-come', 'tier-priority']),
  certificationRequired: z.record(z.string(), z.string()),
});
export type RegistrationPolicy = z.infer<typeof RegistrationPolicySchema>;
