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
  'error.hint.schema': 'Try again later; if it keeps happening, tell the partner site team.',
  /** What a network failure or an unreadable answer says on screen (the technical detail goes to pk-error). */
  'error.network': 'Could not reach the partner service.',
  'error.schema': 'The partner service answered in a way this page does not understand.',
  /** The signed-out state: a heading and one instruction, said once. */
  'error.signedOut': 'You are signed out',
  'error.signedOut.detail': 'Sign in to the partner site again, then try again. Nothing you typed is lost.',
  /** Field error list entry: the field's label (or path), then the message. */
  'error.field': '{field}: {message}',
  'error.field.request': '(request)',
} as const;
