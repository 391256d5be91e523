/**
 * English messages shared by every element (built in). ICU MessageFormat:
 * `{name}` placeholders, `{count, plural, one {…} other {…}}`, `<b>…</b>` rich tags.
 */
export default {
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.none': 'None',

  'error.hint.network': 'Check your connection, then try again.',
  'error.hint.auth': 'Your session may have ended. Try again; if it keeps failing, sign in again.',
  'error.hint.config': 'This is a setup problem on this page: see the Partnerkit README.',
  'error.hint.schema': 'The partner backend answered in a way this page does not understand.',
  /** Field error list entry: the field's label (or path), then the message. */
  'error.field': '{field}: {message}',
  'error.field.request': '(request)',
} as const;
