/**
 * The English messages only the board and the deal panel show (panel, exit criteria, history,
 * contact roles, lanes and moves): in the script-tag build they travel with those parts' chunks,
 * loaded on first use, instead of the pipeline's chunk its first rows wait for
 * (`precompileMessages()` in vite.config.ts fills this module, PIPELINE_PANEL_MESSAGES picks the
 * keys). From source and in the npm modules they are part of the English catalogue already.
 */
export {};
