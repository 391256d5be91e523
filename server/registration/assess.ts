/**
 * The customer uniqueness test: given the deals that match a new registration's customer, the
 * conflict status and the partner-facing reason. Pure; tested by tables. The reason never names
 * (or otherwise identifies) another partner.
 */
import type { ConflictStatus, DealType } from '../../src/contract/index.js';
import { HIERARCHY_REASONS, compareClaims, type Claim, type Tier } from './hierarchy.js';
import type { ConflictRule } from './policy.js';

/** Company names at least this similar (pg_trgm) count as the same customer's risk. */
export const COMPANY_SIMILARITY_RISK = 0.6;
/** …and at least this similar as near-identical (treated like a domain match). */
export const COMPANY_SIMILARITY_SAME = 0.85;

export interface Match {
  partnerId: string;
  status: string; // pending | approved | won
  matchedOn: 'domain' | 'company';
  similarity: number;
  certified: boolean;
  tier: Tier;
  createdAt: Date;
  protectionEndsAt: Date | null;
}

export interface Candidate {
  partnerId: string;
  dealType: DealType;
  certified: boolean;
  tier: Tier;
  submittedAt: Date;
}

export interface Assessment {
  status: ConflictStatus;
  reason: string | null;
}

const RANK: Record<ConflictStatus, number> = { none: 0, risk: 1, active: 2 };

/** Conflict status of a candidate registration against matching deals (other partners' and its own). */
export function assessConflict(candidate: Candidate, matches: readonly Match[], rule: ConflictRule, now: Date): Assessment {
  let best: Assessment = { status: 'none', reason: null };
  const raise = (a: Assessment) => {
    if (RANK[a.status] > RANK[best.status]) best = a;
  };
  const incumbent = matches.some((m) => m.partnerId === candidate.partnerId && m.status === 'won');
  const me: Claim = { registered: true, incumbent, certified: candidate.certified, tier: candidate.tier, submittedAt: candidate.submittedAt };
  for (const m of matches) {
    const strong = m.matchedOn === 'domain' || m.similarity >= COMPANY_SIMILARITY_SAME;
    const what = m.matchedOn === 'domain' ? 'the same customer domain' : strong ? 'a near-identical company name' : 'a similar company name';
    if (m.partnerId === candidate.partnerId) {
      raise({ status: 'risk', reason: `Your organisation already has a deal for ${what}; check it is not a duplicate.` });
      continue;
    }
    const protectedNow = m.status === 'approved' && (m.protectionEndsAt === null || m.protectionEndsAt > now);
    const other: Claim = {
      registered: m.status === 'pending' || protectedNow,
      incumbent: m.status === 'won',
      certified: m.certified,
      tier: m.tier,
      submittedAt: m.createdAt,
    };
    const verdict = compareClaims(me, other, candidate.dealType, rule);
    if (m.status === 'pending') {
      raise({ status: 'risk', reason: `A registration for ${what} is under review. ${HIERARCHY_REASONS[verdict.reason]}` });
    } else if ((protectedNow || m.status === 'won') && verdict.winner !== 'a' && strong) {
      const held = m.status === 'won' ? 'is already owned by another partner' : 'is already registered and protected for another partner';
      raise({ status: 'active', reason: `A deal with ${what} ${held}. ${HIERARCHY_REASONS[verdict.reason]}` });
    } else if (protectedNow || m.status === 'won') {
      raise({ status: 'risk', reason: `Another partner holds a deal for ${what}; the channel manager will decide. ${HIERARCHY_REASONS[verdict.reason]}` });
    }
  }
  return best;
}
