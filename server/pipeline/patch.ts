/**
 * PATCH /v1/deals/{id}: a partner (its own org's deals) or a channel manager edits the next step
 * and stage note, confirms the amount or close date, and moves the stage — under the exit
 * criteria of src/contract/pipeline.ts, with the deal's `version` as the concurrency token. The
 * change, one history entry per changed thing and the `deal.updated` event commit together.
 */
import {
  CRITERION_MESSAGES,
  DealPatchSchema,
  EXIT_CRITERIA_UNMET,
  STALE_WRITE,
  isStageOf,
  missingCriteria,
  stageLabel,
  type CriteriaSubject,
  type Deal,
  type DealPatch,
  type HistoryEntry,
  type IssueLike,
  type Stage,
  type VendorDeal,
} from '../../src/contract/index.js';
import type { SessionClaims } from '../auth.js';
import type { Queryable } from '../db.js';
import { getDeal, lockDealRow, toDeal, type DealRow } from '../deals.js';
import { ProblemError, issuesToErrors, notFound, validationFailed } from '../problem.js';
import { publishDealEvent } from '../registration/hooks.js';
import { actorOf, appendHistory } from '../registration/store.js';

interface Change {
  action: HistoryEntry['action'];
  from: string | null;
  to: string | null;
}

const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v);

/**
 * What the patch changes on the deal as it is (an empty list: nothing to do). Text fields are
 * compared after trimming; a confirmation flag changes only when it flips.
 */
function changesOf(deal: Deal, patch: DealPatch): { changes: Change[]; nextStep?: string | null; stageNote?: string | null } {
  const changes: Change[] = [];
  const nextStep = blankToNull(patch.nextStep);
  const stageNote = blankToNull(patch.stageNote);
  if (nextStep !== undefined && nextStep !== deal.nextStep) changes.push({ action: 'next-step-updated', from: deal.nextStep, to: nextStep });
  if (stageNote !== undefined && stageNote !== (deal.stageNote?.text ?? null)) changes.push({ action: 'stage-note-updated', from: deal.stageNote?.text ?? null, to: stageNote });
  if (patch.amountConfirmed !== undefined && patch.amountConfirmed !== Boolean(deal.amountConfirmedAt)) {
    changes.push({ action: 'amount-confirmed', from: deal.amountConfirmedAt ? 'confirmed' : null, to: patch.amountConfirmed ? 'confirmed' : null });
  }
  if (patch.closeDateConfirmed !== undefined && patch.closeDateConfirmed !== Boolean(deal.closeDateConfirmedAt)) {
    changes.push({ action: 'close-date-confirmed', from: deal.closeDateConfirmedAt ? 'confirmed' : null, to: patch.closeDateConfirmed ? 'confirmed' : null });
  }
  if (patch.stage !== undefined && patch.stage !== deal.stage) changes.push({ action: 'stage-moved', from: deal.stage, to: patch.stage });
  return { changes, nextStep, stageNote };
}

/** The deal as the patch would leave it (what the exit criteria are checked against). */
function applied(deal: Deal, patch: DealPatch, at: string, edits: { nextStep?: string | null; stageNote?: string | null }): CriteriaSubject {
  const stageNote =
    edits.stageNote === undefined || edits.stageNote === (deal.stageNote?.text ?? null)
      ? deal.stageNote
      : edits.stageNote === null
        ? null
        : { text: edits.stageNote, updatedAt: at };
  const confirmed = (flag: boolean | undefined, current: string | null | undefined) => (flag === undefined ? current ?? null : flag ? current ?? at : null);
  return {
    ...deal,
    nextStep: edits.nextStep === undefined ? deal.nextStep : edits.nextStep,
    stageNote,
    amountConfirmedAt: confirmed(patch.amountConfirmed, deal.amountConfirmedAt),
    closeDateConfirmedAt: confirmed(patch.closeDateConfirmed, deal.closeDateConfirmedAt),
  };
}

export function exitCriteriaUnmet(from: Stage, to: Stage, missing: ReturnType<typeof missingCriteria>, motion: Deal['motion']): ProblemError {
  return new ProblemError({
    status: 422,
    slug: EXIT_CRITERIA_UNMET,
    title: 'Exit criteria not met',
    detail: `The deal cannot move from ${stageLabel(motion, from)} to ${stageLabel(motion, to)} yet: ${missing.map((c) => CRITERION_MESSAGES[c]).join(' ')}`,
    errors: [{ path: 'stage', code: 'exit_criteria_unmet', message: missing.map((c) => CRITERION_MESSAGES[c]).join(' '), params: { missing: missing.join(',') } }],
    extra: { from, to, missing },
  });
}

/**
 * Applies `raw` (the request body) to deal `id` for `session` at `now`; returns the deal as the
 * caller sees it. Throws 404 (not visible), 422 (bad body, a stage of another motion, exit
 * criteria unmet) or 409 `stale-write` (with the fresh deal).
 */
export async function patchDeal(tx: Queryable, session: SessionClaims, id: string, raw: unknown, now: Date): Promise<Deal | VendorDeal> {
  const row: DealRow | null = await lockDealRow(tx, session, id);
  if (!row) throw notFound('No such deal.');
  const parsed = DealPatchSchema.safeParse(raw);
  if (!parsed.success) {
    // Name each unknown member (a vendor-only field, a typo) rather than the body.
    const issues = parsed.error.issues.flatMap((i): IssueLike[] =>
      i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ ...i, path: [...i.path, k], message: `Unknown field "${k}": it cannot be changed here.` })) : [i],
    );
    throw validationFailed('The change is invalid.', issuesToErrors(issues, raw));
  }
  const patch = parsed.data;
  const deal = toDeal(row);
  if (patch.stage !== undefined && !isStageOf(deal.motion, patch.stage)) {
    throw validationFailed('The change is invalid.', [{ path: 'stage', code: 'invalid_choice', message: `"${patch.stage}" is not a stage of the ${deal.motion} motion.` }]);
  }
  const at = now.toISOString();
  const { changes, nextStep, stageNote } = changesOf(deal, patch);
  // Nothing to change (e.g. a retry of a PATCH that already went through): the deal as it is.
  if (changes.length === 0) return (await getDeal(tx, session, id))!;
  if (patch.version !== deal.version) {
    throw new ProblemError({
      status: 409,
      slug: STALE_WRITE,
      title: 'The deal changed meanwhile',
      detail: `The deal is at version ${deal.version}, not ${patch.version}: someone else changed it. Review the current deal and try again.`,
      errors: [{ path: 'version', code: 'stale', message: 'The deal changed since you loaded it.' }],
      extra: { deal: await getDeal(tx, session, id) },
    });
  }
  if (patch.stage !== undefined && patch.stage !== deal.stage) {
    const missing = missingCriteria(applied(deal, patch, at, { nextStep, stageNote }), patch.stage, now);
    if (missing.length) throw exitCriteriaUnmet(deal.stage, patch.stage, missing, deal.motion);
  }
  const sets: string[] = ['last_activity_at = $2'];
  const params: unknown[] = [id, at];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  for (const c of changes) {
    if (c.action === 'next-step-updated') set('next_step', c.to);
    if (c.action === 'stage-note-updated') {
      set('stage_note', c.to);
      set('stage_note_updated_at', c.to === null ? null : at);
    }
    if (c.action === 'amount-confirmed') set('amount_confirmed_at', c.to ? at : null);
    if (c.action === 'close-date-confirmed') set('close_date_confirmed_at', c.to ? at : null);
    if (c.action === 'stage-moved') set('stage', c.to);
  }
  await tx.query(`UPDATE deals SET ${sets.join(', ')} WHERE id = $1`, params);
  for (const c of changes) {
    await appendHistory(tx, { dealId: id, partnerId: row.partner_id, action: c.action, actor: actorOf(session), change: { from: c.from, to: c.to }, at: now });
  }
  await publishDealEvent(tx, 'deal.updated', id, now);
  return (await getDeal(tx, session, id))!;
}
