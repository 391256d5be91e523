/** German messages shared by every element. Formal register (Sie). */
import type en from '../../en/common.js';
import type { Translation } from '../../types.js';

export default {
  'common.loading': 'Wird geladen …',
  'common.retry': 'Erneut versuchen',
  'common.none': 'Keine',

  'error.hint.network': 'Prüfen Sie Ihre Verbindung und versuchen Sie es dann erneut.',
  'error.hint.auth': 'Ihre Sitzung ist möglicherweise abgelaufen. Versuchen Sie es erneut; falls es weiterhin fehlschlägt, melden Sie sich erneut an.',
  'error.hint.config': 'Diese Seite ist nicht richtig eingerichtet: Hinweise finden Sie in der README von Partnerkit.',
  'error.hint.schema': 'Versuchen Sie es später erneut; falls das Problem bestehen bleibt, wenden Sie sich an das Team der Partnerseite.',
  'error.network': 'Der Partnerdienst ist nicht erreichbar.',
  'error.schema': 'Die Antwort des Partnerdienstes kann von dieser Seite nicht verarbeitet werden.',
  'error.signedOut': 'Sie sind abgemeldet',
  'error.signedOut.detail': 'Melden Sie sich erneut auf der Partnerseite an und versuchen Sie es dann noch einmal. Ihre Eingaben bleiben erhalten.',
  'error.field': '{field}: {message}',
  'error.field.request': '(Anfrage)',
} satisfies Translation<typeof en>;
