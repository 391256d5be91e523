/**
 * The shared pipeline (issue 11): editing a deal and moving its stage (`PATCH /v1/deals/{id}`)
 * under the exit criteria, the board's lane summary (`GET /v1/deals/summary`) and the query of
 * the CSV export (`GET /v1/deals/export.csv`).
 *
 * The exit criteria are one plain table, used by the server to refuse a move (422
 * `exit-criteria-unmet`) and by the SDK to show what a deal still needs before the user tries.
 * zod/mini, so the browser validates with the very objects the server uses.
 */
import * as z from 'zod/mini';
import { DEAL_STATUSES, MOTIONS, stagesOf, type DealStatus, type Motion, type Stage } from './motions.js';
import { DealQuerySchema, DealSchema, DealStatusSchema, MotionSchema, ProblemSchema, StageSchema, VendorDealSchema, type Deal } from './schemas.js';
import { STAGE_NOTE_FRESH_DAYS } from './stage-note.js';

// ---------------------------------------------------------------------------------------------
// Exit criteria
// ---------------------------------------------------------------------------------------------

/**
 * What a deal may need before it leaves a stage. Stable ids: the SDK words them itself
 * (`pipeline.criteria.<id>`), the server's English text is in {@link CRITERION_MESSAGES}.
 */
export const EXIT_CRITERIA = [
  /** The deal is open: not declined, lost or expired. */
  'deal-open',
  /** A motion is set. */
  'motion',
  /** Attribution (sourced or influenced, with a percentage above 0) is recorded. */
  'attribution',
  /** The registration is approved (before leaving the first stage of a registered motion). */
  'registration-approved',
  /** A next step is written down. */
  'next-step',
  /** The stage note was written or updated within {@link STAGE_NOTE_FRESH_DAYS} days. */
  'stage-note-fresh',
  /** The amount is confirmed (before the last stage). */
  'amount-confirmed',
  /** The expected close date is confirmed (before the last stage). */
  'close-date-confirmed',
] as const;
export type ExitCriterion = (typeof EXIT_CRITERIA)[number];
export const ExitCriterionSchema = z.enum(EXIT_CRITERIA);

/** A stage note older than this many days is stale (shown as such, and blocks a stage move). */
export { STAGE_NOTE_FRESH_DAYS };

/** Deal statuses shown in the board's closed area rather than in a stage lane. */
export const CLOSED_STATUSES = ['declined', 'lost', 'expired'] as const satisfies readonly DealStatus[];
/** Deal statuses shown in the stage lanes. */
export const OPEN_STATUSES = DEAL_STATUSES.filter((s) => !(CLOSED_STATUSES as readonly string[]).includes(s)) as Exclude<DealStatus, (typeof CLOSED_STATUSES)[number]>[];

/**
 * Motions whose deals are registered (`POST /v1/deals`) and so need an approved registration
 * before they leave their first stage. Every motion registers today; a vendor's own table may differ.
 */
export const REGISTERED_MOTIONS: readonly Motion[] = MOTIONS;

/** English text of each criterion (the server's `detail` and field error messages). */
export const CRITERION_MESSAGES: Record<ExitCriterion, string> = {
  'deal-open': 'The deal is open (not declined, lost or expired).',
  motion: 'A motion is set.',
  attribution: 'Attribution (sourced or influenced, with a percentage) is recorded.',
  'registration-approved': 'The registration is approved.',
  'next-step': 'A next step is written down.',
  'stage-note-fresh': `The stage note was updated in the last ${STAGE_NOTE_FRESH_DAYS} days.`,
  'amount-confirmed': 'The amount is confirmed.',
  'close-date-confirmed': 'The expected close date is confirmed.',
};

/** Required for every stage move, forwards or backwards. */
const EVERY_MOVE: readonly ExitCriterion[] = ['deal-open', 'motion', 'attribution', 'next-step', 'stage-note-fresh'];

/**
 * The criteria a deal of `motion` must meet to leave `stage` forwards (to the next stage), in
 * the order of {@link EXIT_CRITERIA}. Empty for the last stage and for a stage not of the motion.
 */
export function exitCriteriaFor(motion: Motion, stage: Stage): ExitCriterion[] {
  const stages = stagesOf(motion);
  const i = stages.indexOf(stage);
  if (i < 0 || i === stages.length - 1) return [];
  const need = new Set<ExitCriterion>(EVERY_MOVE);
  if (i === 0 && REGISTERED_MOTIONS.includes(motion)) need.add('registration-approved');
  if (i === stages.length - 2) {
    need.add('amount-confirmed');
    need.add('close-date-confirmed');
  }
  return EXIT_CRITERIA.filter((c) => need.has(c));
}

/**
 * The criteria a move from `from` to `to` needs: a forward move needs the exit criteria of every
 * stage it leaves (skipping a stage skips none of them); a backward move needs only what every
 * move needs. Empty when `from === to` or either stage is not of the motion.
 */
export function stageMoveCriteria(motion: Motion, from: Stage, to: Stage): ExitCriterion[] {
  const stages = stagesOf(motion);
  const a = stages.indexOf(from);
  const b = stages.indexOf(to);
  if (a < 0 || b < 0 || a === b) return [];
  if (b < a) return [...EVERY_MOVE];
  const need = new Set<ExitCriterion>();
  for (let i = a; i < b; i++) for (const c of exitCriteriaFor(motion, stages[i])) need.add(c);
  return EXIT_CRITERIA.filter((c) => need.has(c));
}

/** The fields of a deal the criteria read (a {@link Deal} qualifies). */
export type CriteriaSubject = Pick<Deal, 'motion' | 'stage' | 'status' | 'nextStep' | 'stageNote' | 'attribution'> & {
  amountConfirmedAt?: string | null;
  closeDateConfirmedAt?: string | null;
};

const DAY_MS = 86_400_000;

/** Whether `deal` meets one criterion at time `now`. */
export function meetsCriterion(deal: CriteriaSubject, criterion: ExitCriterion, now: Date = new Date()): boolean {
  switch (criterion) {
    case 'deal-open':
      return !(CLOSED_STATUSES as readonly string[]).includes(deal.status);
    case 'motion':
      return (MOTIONS as readonly string[]).includes(deal.motion);
    case 'attribution':
      return (deal.attribution.type === 'sourced' || deal.attribution.type === 'influenced') && deal.attribution.percent > 0;
    case 'registration-approved':
      return deal.status === 'approved' || deal.status === 'won';
    case 'next-step':
      return Boolean(deal.nextStep?.trim());
    case 'stage-note-fresh': {
      if (!deal.stageNote?.text.trim()) return false;
      const age = now.getTime() - Date.parse(deal.stageNote.updatedAt);
      return Number.isFinite(age) && age <= STAGE_NOTE_FRESH_DAYS * DAY_MS;
    }
    case 'amount-confirmed':
      return Boolean(deal.amountConfirmedAt);
    case 'close-date-confirmed':
      return Boolean(deal.closeDateConfirmedAt);
  }
}

/**
 * What `deal` still misses to move to `targetStage` at time `now` (in the order of
 * {@link EXIT_CRITERIA}); empty when the move may go ahead. The server evaluates it on the deal
 * as the PATCH would leave it, so a request that also writes the stage note counts it as fresh.
 */
export function missingCriteria(deal: CriteriaSubject, targetStage: Stage, now: Date = new Date()): ExitCriterion[] {
  return stageMoveCriteria(deal.motion, deal.stage, targetStage).filter((c) => !meetsCriterion(deal, c, now));
}

/** Whether the deal's stage note is older than {@link STAGE_NOTE_FRESH_DAYS} days (or missing). */
export function isStageNoteStale(deal: Pick<Deal, 'stageNote'>, now: Date = new Date()): boolean {
  return !meetsCriterion({ stageNote: deal.stageNote } as CriteriaSubject, 'stage-note-fresh', now);
}

// ---------------------------------------------------------------------------------------------
// PATCH /v1/deals/{id}
// ---------------------------------------------------------------------------------------------

export const NEXT_STEP_MAX = 500;
export const STAGE_NOTE_MAX = 2000;

const editableText = (max: number) => z.nullable(z.string().check(z.trim(), z.maxLength(max)));

/**
 * Body of `PATCH /v1/deals/{id}`. `version` is the deal's `version` as the client last saw it
 * (the concurrency token, required): the server refuses the write with 409 `stale-write`,
 * carrying the fresh deal, when the deal changed since. Every other member is optional, and at
 * least one must be given; `nextStep` / `stageNote` null (or blank) clears them. A partner edits
 * its own org's deals; a channel manager any deal.
 */
export const DealPatchSchema = z
  .strictObject({
    version: z.int().check(z.gte(1)),
    stage: z.optional(StageSchema),
    nextStep: z.optional(editableText(NEXT_STEP_MAX)),
    stageNote: z.optional(editableText(STAGE_NOTE_MAX)),
    /** true confirms the amount (exit criterion before the last stage); false withdraws it. */
    amountConfirmed: z.optional(z.boolean()),
    /** true confirms the expected close date (exit criterion before the last stage); false withdraws it. */
    closeDateConfirmed: z.optional(z.boolean()),
  })
  .check(
    z.refine(
      (p) => p.stage !== undefined || p.nextStep !== undefined || p.stageNote !== undefined || p.amountConfirmed !== undefined || p.closeDateConfirmed !== undefined,
      { message: 'Give at least one of stage, nextStep, stageNote, amountConfirmed, closeDateConfirmed', path: [], params: { code: 'required' } },
    ),
  );
export type DealPatch = z.output<typeof DealPatchSchema>;
/** What a caller passes to `updateDeal` (before trimming). */
export type DealPatchInput = z.input<typeof DealPatchSchema>;

/** Problem `type` suffixes (after https://partnerkit.dev/problems/) of the PATCH refusals. */
export const EXIT_CRITERIA_UNMET = 'exit-criteria-unmet';
export const STALE_WRITE = 'stale-write';

/**
 * 422 of a stage move that misses exit criteria: `missing` lists them (ids of
 * {@link EXIT_CRITERIA}); `errors` has one field error on `stage` with code `exit_criteria_unmet`.
 */
export const ExitCriteriaProblemSchema = z.looseObject({
  ...ProblemSchema.shape,
  status: z.literal(422),
  from: StageSchema,
  to: StageSchema,
  missing: z.array(ExitCriterionSchema).check(z.minLength(1)),
});
export type ExitCriteriaProblem = z.infer<typeof ExitCriteriaProblemSchema>;

/** 409 of a PATCH whose `version` is not the deal's: `deal` is the deal as it is now. */
export const StaleWriteProblemSchema = z.looseObject({
  ...ProblemSchema.shape,
  status: z.literal(409),
  deal: z.union([VendorDealSchema, DealSchema]),
});
export type StaleWriteProblem = z.infer<typeof StaleWriteProblemSchema>;

const problemTypeIs = (p: { type?: unknown }, slug: string) => typeof p.type === 'string' && p.type.endsWith(`/${slug}`);

/** The problem as a refused stage move, or null. */
export function asExitCriteriaProblem(problem: unknown): ExitCriteriaProblem | null {
  const r = ExitCriteriaProblemSchema.safeParse(problem);
  return r.success && problemTypeIs(r.data, EXIT_CRITERIA_UNMET) ? r.data : null;
}

/** The problem as a stale write (with the fresh deal), or null. */
export function asStaleWriteProblem(problem: unknown): StaleWriteProblem | null {
  const r = StaleWriteProblemSchema.safeParse(problem);
  return r.success && problemTypeIs(r.data, STALE_WRITE) ? r.data : null;
}

// ---------------------------------------------------------------------------------------------
// GET /v1/deals/summary and GET /v1/deals/export.csv
// ---------------------------------------------------------------------------------------------

/** Query of `GET /v1/deals/export.csv` (below) and the summary: the list's own filters (DealQuerySchema). */
const { cursor: _cursor, limit: _limit, ...LIST_FILTERS } = DealQuerySchema.shape;
const { sort: _sort, stage: _stage, ...SUMMARY_FILTERS } = LIST_FILTERS;

/** Query of `GET /v1/deals/summary`: the list's filters without stage, sort and paging. */
export const LaneSummaryQuerySchema = z.strictObject(SUMMARY_FILTERS);
export type LaneSummaryQuery = z.output<typeof LaneSummaryQuerySchema>;

/** A sum of deal amounts in one currency (never added across currencies). */
export const CurrencyAmountSchema = z.object({ currency: z.string().check(z.length(3)), value: z.number() });
export type CurrencyAmount = z.infer<typeof CurrencyAmountSchema>;

/** One board lane: the open deals (status not in {@link CLOSED_STATUSES}) of one stage of one motion. */
export const LaneSchema = z.object({
  motion: MotionSchema,
  stage: StageSchema,
  count: z.int().check(z.gte(0)),
  /** Per currency, sorted by currency code; empty for an empty lane. */
  amounts: z.array(CurrencyAmountSchema),
});
export type Lane = z.infer<typeof LaneSchema>;

/** The board's closed area: declined, lost and expired deals by status (every stage). */
export const ClosedAreaSchema = z.object({
  status: DealStatusSchema,
  count: z.int().check(z.gte(0)),
  amounts: z.array(CurrencyAmountSchema),
});
export type ClosedArea = z.infer<typeof ClosedAreaSchema>;

/**
 * Answer of `GET /v1/deals/summary`: the true counts and amounts of the caller's whole filtered
 * pipeline (not of a page). `lanes` has one entry per stage of `motion` in stage order (of every
 * motion, in motion order, when no motion is given), empty lanes included; `closed` one entry per
 * closed status, zeros included; `total` = every lane's and closed count.
 */
export const LaneSummarySchema = z.object({
  lanes: z.array(LaneSchema),
  closed: z.array(ClosedAreaSchema),
  total: z.int().check(z.gte(0)),
});
export type LaneSummary = z.infer<typeof LaneSummarySchema>;

/** The columns of the CSV export, in order, for a partner (safe fields only). */
export const EXPORT_COLUMNS = [
  'id', 'company', 'domain', 'motion', 'stage', 'status', 'owner', 'nextStep', 'stageNote', 'stageNoteUpdatedAt',
  'attributionType', 'attributionPercent', 'amount', 'currency', 'expectedCloseDate', 'protectionStartsAt',
  'protectionEndsAt', 'slaDueAt', 'conflictStatus', 'lastActivityAt', 'createdAt',
] as const;
/** The columns a channel manager's export adds (vendor-only). */
export const VENDOR_EXPORT_COLUMNS = ['partnerId', 'partnerName', 'discountBand', 'internalNotes', 'partners'] as const;

/** Query of `GET /v1/deals/export.csv`: the list's filters and sort, no paging (the whole view). */
export const ExportQuerySchema = z.strictObject(LIST_FILTERS);
export type ExportQuery = Partial<z.output<typeof ExportQuerySchema>>;
