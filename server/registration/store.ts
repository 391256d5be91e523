/**
 * Database side of deal registration: matching deals for the uniqueness test, creating a
 * registration, decisions, extensions and the append-only history. Every function takes the
 * caller's transaction (`tx`), so a change, its history entry and its event commit together.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db.js';
import type { SessionClaims } from '../auth.js';
import {
  stagesOf,
  type ConflictEvidence,
  type DealRegistration,
  type DealType,
  type Extension,
  type HistoryEntry,
  type Motion,
} from '../../src/contract/index.js';
import { COMPANY_SIMILARITY_RISK, assessConflict, type Assessment, type Match } from './assess.js';
import type { Tier } from './hierarchy.js';
import { normaliseCompany, registrableDomain } from './normalise.js';
import { requiredCertification, type RegistrationPolicy } from './policy.js';

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
export function newId(prefix: string): string {
  const bytes = randomBytes(14);
  return prefix + Array.from(bytes, (b) => ID_CHARS[b % ID_CHARS.length]).join('');
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
const isoOrNull = (v: Date | string | null): string | null => (v === null ? null : iso(v));
const asArray = <T>(v: T[] | string): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : v);

export interface PartnerInfo {
  id: string;
  name: string;
  tier: Tier;
  certifications: string[];
}

export async function loadPartner(tx: Queryable, partnerId: string): Promise<PartnerInfo | null> {
  const { rows } = await tx.query<{ id: string; name: string; tier: Tier; certifications: string[] | string }>(
    'SELECT id, name, tier, certifications FROM partners WHERE id = $1',
    [partnerId],
  );
  const p = rows[0];
  return p ? { id: p.id, name: p.name, tier: p.tier, certifications: asArray(p.certifications) } : null;
}

/** Whether a partner holding `certifications` counts as certified for `motion` (tie-breaker). */
export function certifiedFor(policy: RegistrationPolicy, motion: Motion, certifications: readonly string[]): boolean {
  const cert = requiredCertification(policy, motion);
  return cert === null ? certifications.length > 0 : certifications.includes(cert);
}

export interface MatchRow {
  id: string;
  partner_id: string;
  partner_name: string;
  tier: Tier;
  certifications: string[] | string;
  motion: Motion;
  status: string;
  customer_company: string;
  customer_domain: string;
  created_at: Date | string;
  protection_ends_at: Date | string | null;
  domain_match: boolean;
  sim: number | string;
}

/**
 * Live deals (pending, approved, won) of any partner on the same registrable domain or with a
 * similar company name (pg_trgm `%` uses the GIN index; then similarity ≥ COMPANY_SIMILARITY_RISK).
 * Cross-partner by nature: run it in the all-partners scope and never hand rows to a partner.
 */
export async function findMatches(
  tx: Queryable,
  keys: { domainKey: string | null; companyKey: string | null },
  excludeDealId?: string,
): Promise<MatchRow[]> {
  if (!keys.domainKey && !keys.companyKey) return [];
  // The planner prices pg_trgm's `%` as cheap per row and would scan every claim (0.4 s at
  // 100,000 deals on PGlite, which also has no autovacuum to keep statistics); the GIN index,
  // with the threshold raised to the one we apply anyway, answers in a fraction of that. Both
  // settings are transaction-local and put back afterwards.
  const { rows: before } = await tx.query<{ seqscan: string }>("SELECT current_setting('enable_seqscan') AS seqscan");
  await tx.query("SELECT set_config('enable_seqscan', 'off', true), set_config('pg_trgm.similarity_threshold', $1, true)", [String(COMPANY_SIMILARITY_RISK)]);
  const { rows } = await tx.query<MatchRow>(
    `SELECT d.id, d.partner_id, p.name AS partner_name, p.tier, p.certifications, d.motion, d.status,
            d.customer_company, d.customer_domain, d.created_at, d.protection_ends_at,
            coalesce(d.customer_domain_key = $1, false) AS domain_match,
            coalesce(similarity(d.customer_company_key, $2), 0) AS sim
       FROM (
              -- Two index lookups rather than one OR, which no index serves: the domain key
              -- (btree on deals) and the trigram match on the company key (GIN on
              -- customer_claims, outside RLS so the index is usable; migration 21).
              SELECT id FROM deals WHERE status IN ('pending','approved','won') AND customer_domain_key = $1
              UNION
              SELECT deal_id FROM customer_claims WHERE company_key % $2
            ) candidates
       JOIN deals d ON d.id = candidates.id
       JOIN partners p ON p.id = d.partner_id
      WHERE d.status IN ('pending','approved','won')
        AND (d.customer_domain_key = $1 OR similarity(d.customer_company_key, $2) >= $3)
        AND ($4::text IS NULL OR d.id <> $4)
      ORDER BY domain_match DESC, sim DESC, d.created_at
      LIMIT 25`,
    [keys.domainKey, keys.companyKey ?? '', COMPANY_SIMILARITY_RISK, excludeDealId ?? null],
  );
  await tx.query("SELECT set_config('enable_seqscan', $1, true)", [before[0]?.seqscan ?? 'on']);
  return rows;
}

export function toMatch(r: MatchRow, policy: RegistrationPolicy): Match {
  return {
    partnerId: r.partner_id,
    status: r.status,
    matchedOn: r.domain_match ? 'domain' : 'company',
    similarity: r.domain_match ? 1 : Number(r.sim),
    certified: certifiedFor(policy, r.motion, asArray(r.certifications)),
    tier: r.tier,
    createdAt: new Date(r.created_at),
    protectionEndsAt: r.protection_ends_at === null ? null : new Date(r.protection_ends_at),
  };
}

export function toEvidence(r: MatchRow): ConflictEvidence {
  return {
    dealId: r.id,
    partner: { id: r.partner_id, name: r.partner_name },
    company: r.customer_company,
    domain: r.customer_domain,
    status: r.status,
    match: r.domain_match ? 'domain' : 'company',
    similarity: r.domain_match ? 1 : Math.round(Number(r.sim) * 100) / 100,
    createdAt: iso(r.created_at),
    protectionEndsAt: isoOrNull(r.protection_ends_at),
  };
}

export interface ConflictQuestion {
  partner: PartnerInfo;
  motion: Motion | null;
  dealType: DealType;
  domain?: string;
  company?: string;
}

/** The uniqueness test for one partner's would-be registration (GET /v1/deals/conflicts and POST /v1/deals). */
export async function checkConflict(
  tx: Queryable,
  q: ConflictQuestion,
  policy: RegistrationPolicy,
  now: Date,
): Promise<Assessment & { domainKey: string | null; companyKey: string | null }> {
  const domainKey = q.domain ? registrableDomain(q.domain) : null;
  const companyKey = q.company?.trim() ? normaliseCompany(q.company) : null;
  const rows = await findMatches(tx, { domainKey, companyKey });
  const certified = q.motion ? certifiedFor(policy, q.motion, q.partner.certifications) : q.partner.certifications.length > 0;
  const assessment = assessConflict(
    { partnerId: q.partner.id, dealType: q.dealType, certified, tier: q.partner.tier, submittedAt: now },
    rows.map((r) => toMatch(r, policy)),
    policy.conflictRule,
    now,
  );
  return { ...assessment, domainKey, companyKey };
}

export interface HistoryInput {
  dealId: string;
  partnerId: string;
  action: HistoryEntry['action'];
  actor: { id: string | null; name: string; role: HistoryEntry['actor']['role'] };
  reason?: string | null;
  internalNote?: string | null;
  /** What changed (PATCH /v1/deals/{id}): stage slugs, or the next step / stage note texts. */
  change?: { from: string | null; to: string | null };
  at: Date;
}

/** Appends one entry to a deal's audit trail (the table refuses UPDATE and DELETE). */
export async function appendHistory(tx: Queryable, h: HistoryInput): Promise<void> {
  await tx.query(
    `INSERT INTO deal_history (deal_id, partner_id, at, action, actor_id, actor_name, actor_role, reason, internal_note, change_from, change_to)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [h.dealId, h.partnerId, h.at.toISOString(), h.action, h.actor.id, h.actor.name, h.actor.role, h.reason ?? null, h.internalNote ?? null, h.change?.from ?? null, h.change?.to ?? null],
  );
}

export const SYSTEM_ACTOR = { id: null, name: 'Partnerkit', role: 'system' as const };
export const actorOf = (s: SessionClaims) => ({ id: s.userId, name: s.name, role: s.role });

export async function readHistory(tx: Queryable, dealId: string, vendor: boolean): Promise<HistoryEntry[]> {
  const { rows } = await tx.query<{
    id: string | number; at: Date | string; action: HistoryEntry['action']; actor_name: string;
    actor_role: HistoryEntry['actor']['role']; reason: string | null; internal_note: string | null;
    change_from: string | null; change_to: string | null;
  }>('SELECT id, at, action, actor_name, actor_role, reason, internal_note, change_from, change_to FROM deal_history WHERE deal_id = $1 ORDER BY id', [dealId]);
  return rows.map((r) => {
    const e: HistoryEntry = { id: String(r.id), at: iso(r.at), action: r.action, actor: { name: r.actor_name, role: r.actor_role }, reason: r.reason };
    if (r.change_from !== null || r.change_to !== null) e.change = { from: r.change_from, to: r.change_to };
    if (vendor) e.internalNote = r.internal_note;
    return e;
  });
}

/** Inserts a pending registration; returns its id. */
export async function insertRegistration(
  tx: Queryable,
  session: SessionClaims,
  input: DealRegistration,
  keys: { domainKey: string; companyKey: string },
  conflict: Assessment,
  policy: RegistrationPolicy,
  now: Date,
): Promise<string> {
  const id = newId('dl_');
  const partnerId = session.partnerId!;
  const slaDue = new Date(now.getTime() + policy.slaHours * 3_600_000);
  const owner = input.partnerContacts.find((c) => c.role === 'AE')?.name ?? input.partnerContacts[0]?.name ?? session.name;
  await tx.query(
    `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, customer_contact_name,
       customer_contact_email, customer_contact_phone, owner_name, next_step, attribution_type, attribution_percent,
       amount_value, currency, expected_close_date, sla_due_at, conflict_status, conflict_reason, description,
       last_activity_at, created_at, deal_type, customer_domain_key, customer_company_key, partner_contacts,
       motion_details, submitted_by)
     VALUES ($1,$2,$3,$4,'pending',$5,$6,$7,$8,$9,$10,NULL,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$20,$21,$22,$23,$24::jsonb,$25::jsonb,$26)`,
    [
      id, partnerId, input.motion, stagesOf(input.motion)[0], input.customer.company, keys.domainKey, input.customer.contact.name,
      input.customer.contact.email, input.customer.contact.phone || null, owner, input.attribution.type, input.attribution.percent,
      input.amount.value, input.amount.currency, input.expectedCloseDate, slaDue.toISOString(), conflict.status, conflict.reason,
      input.description, now.toISOString(), input.dealType, keys.domainKey, keys.companyKey, JSON.stringify(input.partnerContacts),
      JSON.stringify(input.details ?? {}), session.userId,
    ],
  );
  await tx.query('INSERT INTO deal_partners (deal_id, partner_id, type, percent) VALUES ($1, $2, $3, $4)', [
    id, partnerId, input.attribution.type, input.attribution.percent,
  ]);
  return id;
}

export interface ExtensionRow {
  id: string;
  deal_id: string;
  partner_id: string;
  status: Extension['status'];
  days: number;
  reason: string;
  requested_at: Date | string;
  decided_at: Date | string | null;
  decision_reason: string | null;
}

export function toExtension(r: ExtensionRow): Extension {
  return {
    id: r.id,
    dealId: r.deal_id,
    status: r.status,
    days: Number(r.days),
    reason: r.reason,
    requestedAt: iso(r.requested_at),
    decidedAt: isoOrNull(r.decided_at),
    decisionReason: r.decision_reason,
  };
}

/** The raw state of a deal that the registration routes decide on. */
export interface DealState {
  id: string;
  partner_id: string;
  status: string;
  protection_ends_at: Date | string | null;
  deal_type: DealType;
  description: string | null;
}

export async function lockDeal(tx: Queryable, id: string): Promise<DealState | null> {
  const { rows } = await tx.query<DealState>(
    'SELECT id, partner_id, status, protection_ends_at, deal_type, description FROM deals WHERE id = $1 FOR UPDATE',
    [id],
  );
  return rows[0] ?? null;
}
