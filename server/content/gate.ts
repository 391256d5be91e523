/**
 * Gating by tier and certification: whether a partner org may open an item, and if not, why and
 * what unlocks it. Pure; the routes ask it for every item they list or serve.
 */
import { TIERS, type ContentLock, type Tier } from '../../src/contract/index.js';

export interface Gate {
  /** Minimum tier, or null. */
  tier: Tier | null;
  /** Any one of these certifications opens it (empty: none needed). */
  certifications: readonly string[];
}

/** Who is asking: a partner org (tier, certifications, motions) or a channel manager (sees everything). */
export type ContentViewer =
  | { kind: 'partner'; partnerId: string; tier: Tier; certifications: readonly string[]; motions: readonly string[] }
  | { kind: 'vendor' };

const rank = (t: Tier): number => TIERS.indexOf(t);

/** null when the viewer may open an item behind `gate`; otherwise the lock to show. */
export function lockFor(gate: Gate, viewer: ContentViewer): ContentLock | null {
  if (viewer.kind === 'vendor') return null;
  const tierShort = gate.tier !== null && rank(viewer.tier) < rank(gate.tier);
  const certShort = gate.certifications.length > 0 && !gate.certifications.some((c) => viewer.certifications.includes(c));
  if (!tierShort && !certShort) return null;
  return {
    reason: tierShort && certShort ? 'tier_and_certification' : tierShort ? 'tier' : 'certification',
    unlockedBy: { tier: tierShort ? gate.tier : null, certifications: certShort ? [...gate.certifications] : [] },
  };
}
