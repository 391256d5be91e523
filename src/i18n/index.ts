/** Localization: messages, locale resolution and formatting. See docs/architecture.md#localization. */
export { en as englishMessages } from './en/index.js';
export { directionOf, matchLocale, type LocaleMatch } from './match.js';
export { SHIPPED_LOCALES, translatorFor, type LocaleRequest } from './registry.js';
export { Translator, bdi, type PlainValues, type RichValues } from './translator.js';
export type { Direction, MessageKey, MessageOverrides, Messages, Translation } from './types.js';
