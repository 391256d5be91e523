/** German messages of `<pk-portal>`. */
import type en from '../../en/portal.js';
import type { Translation } from '../../types.js';

export default {
  'portal.loading': 'Partnerportal wird geladen …',
  'portal.error': 'Das Partnerportal konnte nicht geladen werden',
  'portal.nav': 'Partnerportal',
  'portal.section.insights': 'Kennzahlen',
  'portal.section.pipeline': 'Pipeline',
  'portal.section.register': 'Deal registrieren',
  'portal.section.review': 'Prüfwarteschlange',
  'portal.section.content': 'Inhalte',
  'portal.section.rules': 'Regeln der Zusammenarbeit',
  'portal.section.announcements': 'Ankündigungen',
  'portal.signedInAs': 'Angemeldet als <b>{name}</b>',
  'portal.partnerTier': '{partner} ({tier})',
  'portal.badge.unread': '{count, plural, one {# ungelesen} other {# ungelesen}}',
  'portal.badge.rules': 'Noch nicht bestätigt',
} satisfies Translation<typeof en>;
