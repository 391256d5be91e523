/**
 * The English messages of this element travel in its own chunk in the script-tag build
 * (`precompileMessages()` in vite.config.ts puts them here and adds them to the English
 * catalogue when the chunk loads), so pages without it do not download them. From source and in
 * the npm modules they are part of the English catalogue already (src/i18n/en/index.ts).
 */
export {};
