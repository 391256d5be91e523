import type { PartnerBackend } from '../../src/api/backend.js';
import { PkApiError, isAbortError } from '../../src/api/errors.js';
import { asExitCriteriaProblem, asStaleWriteProblem, type DealPatchInput, type ExitCriteriaProblem } from '../../src/contract/pipeline.js';
import type { Deal } from '../../src/contract/schemas.js';

/** How a write ended: the deal as it now is, and why it was refused when it was. */
export interface WriteResult {
  deal: Deal;
  ok: boolean;
  /** 422: the stage move misses exit criteria. */
  refused?: ExitCriteriaProblem;
  /** 409: someone else changed the deal first; `deal` is then their version. */
  stale?: boolean;
  /** Any other failure (network, validation…). */
  error?: PkApiError;
}

/** The deal as the patch will leave it, shown at once while the server is asked. */
export function optimistic(deal: Deal, patch: Omit<DealPatchInput, 'version'>, now = new Date().toISOString()): Deal {
  const next: Deal = { ...deal, lastActivityAt: now };
  if (patch.stage) next.stage = patch.stage;
  if (patch.nextStep !== undefined) next.nextStep = patch.nextStep?.trim() || null;
  if (patch.stageNote !== undefined) next.stageNote = patch.stageNote?.trim() ? { text: patch.stageNote.trim(), updatedAt: now } : null;
  if (patch.amountConfirmed !== undefined) next.amountConfirmedAt = patch.amountConfirmed ? now : null;
  if (patch.closeDateConfirmed !== undefined) next.closeDateConfirmedAt = patch.closeDateConfirmed ? now : null;
  return next;
}

/**
 * Writes a patch optimistically: `apply` gets the expected deal at once, then the server's deal
 * (accepted), the deal as it was (refused or failed) or the other writer's deal (409 stale write:
 * shown, never overwritten). The deal's `version` is the concurrency token.
 */
export async function writeDeal(
  backend: PartnerBackend,
  deal: Deal,
  patch: Omit<DealPatchInput, 'version'>,
  apply: (deal: Deal) => void,
): Promise<WriteResult> {
  if (!backend.updateDeal) throw new PkApiError('config', { type: 'about:blank', title: 'updateDeal is not available', status: 0 });
  apply(optimistic(deal, patch));
  try {
    const saved = await backend.updateDeal(deal.id, { ...patch, version: deal.version ?? 1 });
    apply(saved);
    return { deal: saved, ok: true };
  } catch (error) {
    if (isAbortError(error)) {
      apply(deal);
      throw error;
    }
    const e = PkApiError.from(error);
    const stale = asStaleWriteProblem(e.problem);
    if (stale) {
      apply(stale.deal as Deal);
      return { deal: stale.deal as Deal, ok: false, stale: true, error: e };
    }
    apply(deal);
    const refused = asExitCriteriaProblem(e.problem) ?? undefined;
    return { deal, ok: false, refused, error: e };
  }
}
