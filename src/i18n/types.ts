import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { en } from './en/index.js';

/** Every message key (typed from the English catalogue: a key that does not exist fails typecheck). */
export type MessageKey = keyof typeof en;

/** A complete catalogue: one ICU MessageFormat string per key. Shipped locales are typed with it. */
export type Messages = Record<MessageKey, string>;

/** A translation of one area of the catalogue (`satisfies Translation<typeof enArea>` in locale files). */
export type Translation<T> = { [K in keyof T]: string };

/**
 * Vendor messages per locale: any subset of keys (missing keys fall back to English), or a
 * function that loads them on first use. A locale that Partnerkit does not ship becomes
 * available by being named here.
 */
export type MessageOverrides = Record<
  string,
  Partial<Record<MessageKey, string>> | (() => Promise<Partial<Record<MessageKey, string>> | { default: Partial<Record<MessageKey, string>> }>)
>;

/** Internal catalogue: strings, or pre-parsed messages (the pseudo-locale). */
export type Catalogue = Partial<Record<string, string | MessageFormatElement[]>>;

export type Direction = 'ltr' | 'rtl';
