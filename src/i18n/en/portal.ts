/** English messages of `<pk-portal>`. */
export default {
  'portal.loading': 'Loading partner portal…',
  'portal.error': 'Could not load the partner portal',
  'portal.nav': 'Partner portal',
  'portal.section.insights': 'Insights',
  'portal.section.pipeline': 'Pipeline',
  'portal.section.register': 'Register a deal',
  'portal.section.review': 'Review queue',
  'portal.section.content': 'Content',
  'portal.section.rules': 'Rules of engagement',
  'portal.section.announcements': 'Announcements',
  'portal.signedInAs': 'Signed in as <b>{name}</b>',
  'portal.partnerTier': '{partner} ({tier})',
  'portal.badge.unread': '{count, plural, one {# unread} other {# unread}}',
  'portal.badge.rules': 'Not yet accepted',
} as const;
