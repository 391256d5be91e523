/** Arabic messages of `<pk-portal>`. */
import type en from '../../en/portal.js';
import type { Translation } from '../../types.js';

export default {
  'portal.loading': 'جارٍ تحميل بوابة الشركاء…',
  'portal.error': 'تعذّر تحميل بوابة الشركاء',
  'portal.nav': 'بوابة الشركاء',
  'portal.section.insights': 'الرؤى',
  'portal.section.pipeline': 'مسار الصفقات',
  'portal.section.register': 'تسجيل صفقة',
  'portal.section.review': 'قائمة المراجعة',
  'portal.section.content': 'المحتوى',
  'portal.section.rules': 'قواعد التعامل',
  'portal.section.announcements': 'الإعلانات',
  'portal.signedInAs': 'تم تسجيل الدخول باسم <b>{name}</b>',
  'portal.partnerTier': '{partner} ({tier})',
  'portal.badge.unread': '{count, plural, zero {لا غير مقروء} one {واحد غير مقروء} two {اثنان غير مقروءين} few {# غير مقروءة} many {# غير مقروء} other {# غير مقروء}}',
  'portal.badge.rules': 'لم يُقرّ بها بعد',
} satisfies Translation<typeof en>;
