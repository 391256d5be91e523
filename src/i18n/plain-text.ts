/**
 * Whether a message is plain text: a string with none of ICU MessageFormat's syntax characters
 * (`{`, `}`, `<` for tags, `'` for quoting) means exactly itself, so it needs no parser, no
 * `IntlMessageFormat` and no formatting: most labels, headings and buttons. The translator uses
 * such a message as it is; the script-tag build keeps it a string and parses only the others
 * (vite.config.ts, precompileMessages()).
 */
export const isPlainText = (message: unknown): message is string => typeof message === 'string' && !/[{}<']/.test(message);
