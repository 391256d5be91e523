/**
 * The exit criteria table (src/contract/pipeline.ts), shared by the server's PATCH /v1/deals/{id}
 * and the SDK's deal panel: what each stage needs before a deal leaves it, and what a given deal
 * still misses for a given move.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DealPatchSchema,
  MOTIONS,
  asExitCriteriaProblem,
  asStaleWriteProblem,
  exitCriteriaFor,
  isStageNoteStale,
  missingCriteria,
  stageMoveCriteria,
  stagesOf,
  type CriteriaSubject,
  type ExitCriterion,
  type Stage,
} from '../../src/contract/index.js';

const EVERY: ExitCriterion[] = ['deal-open', 'motion', 'attribution', 'next-step', 'stage-note-fresh'];
const NOW = new Date('2026-06-15T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

describe('exitCriteriaFor: one row per stage of every motion', () => {
  for (const motion of MOTIONS) {
    const stages = stagesOf(motion);
    const table: Array<[Stage, ExitCriterion[]]> = [
      [stages[0], ['deal-open', 'motion', 'attribution', 'registration-approved', 'next-step', 'stage-note-fresh']],
      [stages[1], EVERY],
      [stages[2], EVERY],
      [stages[3], [...EVERY, 'amount-confirmed', 'close-date-confirmed']],
      [stages[4], []],
    ];
    for (const [stage, expected] of table) {
      test(`${motion} / ${stage}`, () => assert.deepEqual(exitCriteriaFor(motion, stage), expected));
    }
  }
  test('a stage of another motion needs nothing (and is refused elsewhere)', () => {
    assert.deepEqual(exitCriteriaFor('referral', 'transact'), []);
  });
});

describe('stageMoveCriteria', () => {
  const cases: Array<[string, Stage, Stage, ExitCriterion[]]> = [
    ['forward one stage from the first', 'intro-logged', 'validate', ['deal-open', 'motion', 'attribution', 'registration-approved', 'next-step', 'stage-note-fresh']],
    ['forward one stage in the middle', 'validate', 'prove-value', EVERY],
    ['forward into the last stage', 'commercials', 'closed-credit', [...EVERY, 'amount-confirmed', 'close-date-confirmed']],
    ['skipping stages gathers every stage left', 'intro-logged', 'closed-credit', ['deal-open', 'motion', 'attribution', 'registration-approved', 'next-step', 'stage-note-fresh', 'amount-confirmed', 'close-date-confirmed']],
    ['backwards needs only what every move needs', 'closed-credit', 'intro-logged', EVERY],
    ['no move', 'validate', 'validate', []],
    ['a stage not of the motion', 'validate', 'transact', []],
  ];
  for (const [name, from, to, expected] of cases) test(name, () => assert.deepEqual(stageMoveCriteria('referral', from, to), expected));
});

describe('missingCriteria on a deal', () => {
  const ready: CriteriaSubject = {
    motion: 'referral',
    stage: 'intro-logged',
    status: 'approved',
    nextStep: 'Book the workshop',
    stageNote: { text: 'Champion confirmed', updatedAt: daysAgo(1) },
    attribution: { type: 'sourced', percent: 100 },
    amountConfirmedAt: daysAgo(2),
    closeDateConfirmedAt: daysAgo(2),
  };
  const cases: Array<[string, Partial<CriteriaSubject>, Stage, ExitCriterion[]]> = [
    ['a ready deal moves', {}, 'validate', []],
    ['pending registration cannot leave the first stage', { status: 'pending' }, 'validate', ['registration-approved']],
    ['won counts as approved', { status: 'won' }, 'validate', []],
    ['declined deal cannot move at all', { status: 'declined', stage: 'validate' }, 'intro-logged', ['deal-open']],
    ['lost deal cannot move', { status: 'lost', stage: 'validate' }, 'prove-value', ['deal-open']],
    ['no next step', { nextStep: null }, 'validate', ['next-step']],
    ['blank next step', { nextStep: '   ' }, 'validate', ['next-step']],
    ['no stage note', { stageNote: null }, 'validate', ['stage-note-fresh']],
    ['stage note 8 days old is stale', { stageNote: { text: 'x', updatedAt: daysAgo(8) } }, 'validate', ['stage-note-fresh']],
    ['stage note exactly 7 days old is fresh', { stageNote: { text: 'x', updatedAt: daysAgo(7) } }, 'validate', []],
    ['zero attribution', { attribution: { type: 'influenced', percent: 0 } }, 'validate', ['attribution']],
    ['unconfirmed amount and date before the last stage', { stage: 'commercials', amountConfirmedAt: null, closeDateConfirmedAt: undefined }, 'closed-credit', ['amount-confirmed', 'close-date-confirmed']],
    ['unconfirmed amount does not matter earlier', { stage: 'validate', amountConfirmedAt: null }, 'prove-value', []],
    ['backwards still needs next step and a fresh note', { stage: 'commercials', nextStep: null, stageNote: null }, 'validate', ['next-step', 'stage-note-fresh']],
    ['everything missing, in table order', { status: 'expired', nextStep: null, stageNote: null, attribution: { type: 'sourced', percent: 0 } }, 'validate', ['deal-open', 'attribution', 'registration-approved', 'next-step', 'stage-note-fresh']],
  ];
  for (const [name, change, to, expected] of cases) {
    test(name, () => assert.deepEqual(missingCriteria({ ...ready, ...change }, to, NOW), expected));
  }
  test('isStageNoteStale', () => {
    assert.equal(isStageNoteStale({ stageNote: null }, NOW), true);
    assert.equal(isStageNoteStale({ stageNote: { text: 'a', updatedAt: daysAgo(3) } }, NOW), false);
    assert.equal(isStageNoteStale({ stageNote: { text: 'a', updatedAt: daysAgo(30) } }, NOW), true);
  });
});

describe('DealPatchSchema and the problem guards', () => {
  test('needs version and at least one change; trims; rejects unknown members', () => {
    assert.equal(DealPatchSchema.safeParse({ version: 3, nextStep: '  Call  ' }).data?.nextStep, 'Call');
    assert.equal(DealPatchSchema.safeParse({ nextStep: 'x' }).success, false);
    assert.equal(DealPatchSchema.safeParse({ version: 3 }).success, false);
    assert.equal(DealPatchSchema.safeParse({ version: 3, stage: 'nope' }).success, false);
    assert.equal(DealPatchSchema.safeParse({ version: 3, nextStep: 'x', discountBand: 'A' }).success, false);
    assert.equal(DealPatchSchema.safeParse({ version: 3, stageNote: null }).success, true);
  });
  test('asExitCriteriaProblem / asStaleWriteProblem', () => {
    const p = { type: 'https://partnerkit.dev/problems/exit-criteria-unmet', title: 't', status: 422, from: 'validate', to: 'prove-value', missing: ['next-step'] };
    assert.deepEqual(asExitCriteriaProblem(p)?.missing, ['next-step']);
    assert.equal(asExitCriteriaProblem({ ...p, type: 'https://partnerkit.dev/problems/validation-failed' }), null);
    assert.equal(asStaleWriteProblem(p), null);
  });
});
