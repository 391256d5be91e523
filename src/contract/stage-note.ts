/**
 * When a deal's stage note counts as stale: one rule for the pipeline's exit criterion
 * (`stage-note-fresh`, src/contract/pipeline.ts) and the insights' stale-deal count
 * (src/contract/metrics.ts). A module of its own, so neither contract pulls in the other's schemas.
 */
export const STAGE_NOTE_FRESH_DAYS = 7;
