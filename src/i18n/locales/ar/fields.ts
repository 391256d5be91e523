/** Arabic messages for the stable field-error codes (`field.<code>`). */
import type en from '../../en/fields.js';
import type { Translation } from '../../types.js';

export default {
  'field.required': 'إلزامي',
  'field.too_short': '{min, plural, zero {# حرف على الأقل} one {حرف واحد على الأقل} two {حرفان على الأقل} few {# أحرف على الأقل} many {# حرفًا على الأقل} other {# حرف على الأقل}}',
  'field.too_long': '{max, plural, zero {# حرف كحد أقصى} one {حرف واحد كحد أقصى} two {حرفان كحد أقصى} few {# أحرف كحد أقصى} many {# حرفًا كحد أقصى} other {# حرف كحد أقصى}}',
  'field.too_few': 'أضف {min, number} على الأقل',
  'field.too_many': '{max, number} كحد أقصى',
  'field.too_small': '{inclusive, select, true {{min, number} على الأقل} other {يجب أن تكون القيمة أكبر من {min, number}}}',
  'field.too_big': '{inclusive, select, true {{max, number} كحد أقصى} other {يجب أن تكون القيمة أقل من {max, number}}}',
  'field.not_a_number': 'أدخل رقمًا',
  'field.not_an_integer': 'أدخل عددًا صحيحًا',
  'field.invalid_email': 'أدخل عنوان بريد إلكتروني مثل name@example.com',
  'field.invalid_date': 'أدخل تاريخًا مثل 2026-12-31',
  'field.invalid_domain': 'أدخل نطاقًا مثل example.com',
  'field.invalid_currency': 'أدخل رمز عملة من ثلاثة أحرف مثل SAR',
  'field.invalid_format': 'القيمة ليست بالصيغة المتوقعة',
  'field.invalid_choice': 'اختر أحد الخيارات',
  'field.invalid_type': 'هذه القيمة غير صالحة',
  'field.date_in_past': 'تاريخ الإغلاق المتوقع في الماضي',
  'field.exit_criteria_unmet': 'لم تُستوفَ معايير الخروج من هذه المرحلة بعد',
  'field.stale': 'غيّر شخص آخر هذه الصفقة في هذه الأثناء: تحقّق من القيم الجديدة',
  'field.unknown_field': 'هذا الحقل غير معروف',
  'field.unknown_parameter': 'هذه المعلمة غير معروفة',
  'field.repeated_parameter': 'حدّد هذه المعلمة مرة واحدة فقط',
  'field.invalid_characters': 'يحتوي على أحرف غير مسموح بها',
  'field.invalid_cursor': 'انتهت صلاحية رابط هذه الصفحة؛ ابدأ من جديد من الصفحة الأولى',
  'field.conflict': 'يتعارض هذا مع طلب سابق',
  'field.certification_required': 'يتطلب شهادة «{certification}»',
  'field.not_allowed': 'لا يسمح دورك بتنفيذ هذا الإجراء',
  'field.invalid': 'هذه القيمة غير صالحة',
} satisfies Translation<typeof en>;
