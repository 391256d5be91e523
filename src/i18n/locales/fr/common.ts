/**
 * French messages shared by every element. Formal register (vous); typographic apostrophes (’,
 * which ICU never treats as a quote) and no-break spaces before « : ; ? ! » and inside guillemets.
 */
import type en from '../../en/common.js';
import type { Translation } from '../../types.js';

export default {
  'common.loading': 'Chargement…',
  'common.retry': 'Réessayer',
  'common.none': 'Aucun',

  'error.hint.network': 'Vérifiez votre connexion, puis réessayez.',
  'error.hint.auth': 'Votre session a peut-être expiré. Réessayez\u202f; si le problème persiste, reconnectez-vous.',
  'error.hint.config': 'Cette page présente un problème de configuration\u00a0: consultez le README de Partnerkit.',
  'error.hint.schema': 'Réessayez plus tard\u202f; si le problème se reproduit, prévenez l’équipe du site partenaire.',
  'error.network': 'Impossible de joindre le service partenaires.',
  'error.schema': 'Le service partenaires a renvoyé une réponse que cette page ne sait pas interpréter.',
  'error.signedOut': 'Votre session est terminée',
  'error.signedOut.detail': 'Reconnectez-vous au site partenaire, puis réessayez. Rien de ce que vous avez saisi n’est perdu.',
  'error.field': '{field}\u00a0: {message}',
  'error.field.request': '(requête)',
} satisfies Translation<typeof en>;
