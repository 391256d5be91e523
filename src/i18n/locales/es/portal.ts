/** Spanish messages of `<pk-portal>`. */
import type en from '../../en/portal.js';
import type { Translation } from '../../types.js';

export default {
  'portal.loading': 'Cargando el portal de partners…',
  'portal.error': 'No se pudo cargar el portal de partners',
  'portal.nav': 'Portal de partners',
  'portal.section.insights': 'Indicadores',
  'portal.section.pipeline': 'Pipeline',
  'portal.section.register': 'Registrar una oportunidad',
  'portal.section.review': 'Cola de revisión',
  'portal.section.content': 'Contenido',
  'portal.section.rules': 'Reglas de colaboración',
  'portal.section.announcements': 'Anuncios',
  'portal.signedInAs': 'Sesión iniciada como <b>{name}</b>',
  'portal.partnerTier': '{partner} ({tier})',
  'portal.badge.unread': '{count, plural, one {# sin leer} many {# sin leer} other {# sin leer}}',
  'portal.badge.rules': 'Aún no aceptadas',
} satisfies Translation<typeof en>;
