/**
 * The conflict hierarchy (PRODUCT.md "Deal registration policy") as a plain comparison:
 *   1. registered beats unregistered;
 *   2. for renewals and expansions, the incumbent partner beats a net-new claim;
 *   3. certification breaks ties;
 *   4. then first come, first served — or the higher partner tier first ("tier-priority"),
 *      then first come.
 */
import type { DealType } from '../../src/contract/index.js';
import type { ConflictRule } from './policy.js';

export const TIER_RANK = { registered: 0, silver: 1, gold: 2, platinum: 3 } as const;
export type Tier = keyof typeof TIER_RANK;

export interface Claim {
  /** Holds a registration (pending or approved), as opposed to a deal merely worked on. */
  registered: boolean;
  /** Owns the customer already (won it before, or holds the running contract). */
  incumbent: boolean;
  /** Holds the certification for the deal's motion. */
  certified: boolean;
  tier: Tier;
  submittedAt: Date;
}

export type HierarchyReason = 'registered' | 'incumbent' | 'certification' | 'tier' | 'first-come' | 'tie';

export interface HierarchyResult {
  winner: 'a' | 'b' | 'tie';
  reason: HierarchyReason;
}

/** Which of two claims on the same customer wins, and by which rule. */
export function compareClaims(a: Claim, b: Claim, dealType: DealType, rule: ConflictRule): HierarchyResult {
  if (a.registered !== b.registered) return { winner: a.registered ? 'a' : 'b', reason: 'registered' };
  if (dealType !== 'new' && a.incumbent !== b.incumbent) return { winner: a.incumbent ? 'a' : 'b', reason: 'incumbent' };
  if (a.certified !== b.certified) return { winner: a.certified ? 'a' : 'b', reason: 'certification' };
  if (rule === 'tier-priority' && a.tier !== b.tier) return { winner: TIER_RANK[a.tier] > TIER_RANK[b.tier] ? 'a' : 'b', reason: 'tier' };
  const ta = a.submittedAt.getTime();
  const tb = b.submittedAt.getTime();
  if (ta !== tb) return { winner: ta < tb ? 'a' : 'b', reason: 'first-come' };
  return { winner: 'tie', reason: 'tie' };
}

/** Partner-facing explanation of why an existing claim prevails (never naming its holder). */
export const HIERARCHY_REASONS: Record<HierarchyReason, string> = {
  registered: 'An existing registration takes precedence over an unregistered claim.',
  incumbent: 'Renewals and expansions go to the incumbent partner.',
  certification: 'A certified partner takes precedence for this motion.',
  tier: 'A higher-tier partner takes precedence under the vendor’s conflict policy.',
  'first-come': 'The earlier registration takes precedence (first come, first served).',
  tie: 'Two registrations are equally placed; the channel manager decides.',
};
