/** French messages of `<pk-portal>`. */
import type en from '../../en/portal.js';
import type { Translation } from '../../types.js';

export default {
  'portal.loading': 'Chargement du portail partenaires…',
  'portal.error': 'Impossible de charger le portail partenaires',
  'portal.nav': 'Portail partenaires',
  'portal.section.insights': 'Indicateurs',
  'portal.section.pipeline': 'Pipeline',
  'portal.section.register': 'Enregistrer une affaire',
  'portal.section.review': 'File de validation',
  'portal.section.content': 'Contenus',
  'portal.section.rules': 'Règles d’engagement',
  'portal.section.announcements': 'Annonces',
  'portal.signedInAs': 'Connecté en tant que <b>{name}</b>',
  'portal.partnerTier': '{partner} ({tier})',
  'portal.badge.unread': '{count, plural, one {# non lue} many {# de non lues} other {# non lues}}',
  'portal.badge.rules': 'Pas encore acceptées',
} satisfies Translation<typeof en>;
