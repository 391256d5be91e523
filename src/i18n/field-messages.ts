/**
 * The English messages of field errors (`field.<code>`, src/i18n/en/fields.ts). In the script-tag
 * build they travel with the elements that show field errors (each imports this module first:
 * deal form, review queue, rules, announcements, the content library's editor), not in the core
 * every element loads (`precompileMessages()` in vite.config.ts fills this module). From source and
 * in the npm modules they are part of the English catalogue already.
 */
export {};
