/** Arabic (Modern Standard) messages shared by every element. Formal register; Arabic punctuation (، ؛ ؟). */
import type en from '../../en/common.js';
import type { Translation } from '../../types.js';

export default {
  'common.loading': 'جارٍ التحميل…',
  'common.retry': 'إعادة المحاولة',
  'common.none': 'لا يوجد',

  'error.hint.network': 'تحقق من اتصالك، ثم أعد المحاولة.',
  'error.hint.auth': 'ربما انتهت جلستك. أعد المحاولة؛ وإذا استمر الخطأ، فسجّل الدخول مرة أخرى.',
  'error.hint.config': 'توجد مشكلة في إعداد هذه الصفحة: راجع ملف README الخاص بـ Partnerkit.',
  'error.hint.schema': 'أعد المحاولة لاحقًا؛ وإذا تكررت المشكلة، فأبلغ فريق موقع الشركاء.',
  'error.network': 'تعذّر الوصول إلى خدمة الشركاء.',
  'error.schema': 'ردّت خدمة الشركاء بصيغة لا تستطيع هذه الصفحة فهمها.',
  'error.signedOut': 'تم تسجيل خروجك',
  'error.signedOut.detail': 'سجّل الدخول إلى موقع الشركاء مرة أخرى، ثم أعد المحاولة. لن تفقد أي شيء أدخلته.',
  'error.field': '{field}: {message}',
  'error.field.request': '(الطلب)',
} satisfies Translation<typeof en>;
