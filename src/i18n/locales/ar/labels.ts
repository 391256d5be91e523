/** Arabic labels for the contract's enumerations (keyed by the English wire value). */
import type en from '../../en/labels.js';
import type { Translation } from '../../types.js';

export default {
  'motion.referral': 'الإحالة',
  'motion.reseller': 'إعادة البيع',
  'motion.marketplace': 'السوق السحابية',
  'motion.services': 'الخدمات (SI/MSP)',
  'motion.tech': 'التقنية (ISV)',

  'stage.intro-logged': 'تسجيل التعريف',
  'stage.validate': 'التقييم',
  'stage.prove-value': 'إثبات القيمة',
  'stage.commercials': 'الشروط التجارية',
  'stage.closed-credit': 'الإغلاق واحتساب العمولة',
  'stage.deal-registration': 'تسجيل الصفقة',
  'stage.qualification': 'التأهيل',
  'stage.configure-quote': 'التهيئة وعرض السعر',
  'stage.transact': 'إتمام المعاملة',
  'stage.launch-enable': 'الإطلاق والتمكين',
  'stage.listing-ready': 'الإدراج جاهز',
  'stage.private-offer': 'العرض الخاص',
  'stage.procurement': 'الشراء',
  'stage.close-disburse': 'الإغلاق والصرف',
  'stage.adopt-expand': 'التبنّي والتوسّع',
  'stage.solution-design': 'تصميم الحل',
  'stage.proof-workshop': 'إثبات المفهوم / ورشة عمل',
  'stage.delivery': 'التنفيذ',
  'stage.handoff': 'التسليم',
  'stage.integration-fit': 'ملاءمة التكامل',
  'stage.field-readiness': 'جاهزية فريق المبيعات',
  'stage.pipeline-activation': 'تفعيل مسار الصفقات',
  'stage.validation': 'التحقق',
  'stage.commercials-close': 'الشروط التجارية والإغلاق',

  'status.pending': 'بانتظار المراجعة',
  'status.approved': 'معتمدة',
  'status.declined': 'مرفوضة',
  'status.expired': 'منتهية الصلاحية',
  'status.won': 'رابحة',
  'status.lost': 'خاسرة',

  'role.partner_user': 'مستخدم لدى الشريك',
  'role.partner_admin': 'مسؤول لدى الشريك',
  'role.channel_manager': 'مدير القناة',

  'tier.registered': 'مسجَّل',
  'tier.silver': 'فضي',
  'tier.gold': 'ذهبي',
  'tier.platinum': 'بلاتيني',

  'conflict.none': 'لا يوجد تعارض',
  'conflict.risk': 'تعارض محتمل',
  'conflict.active': 'تعارض',

  'attribution.sourced': 'مصدر الصفقة',
  'attribution.influenced': 'مؤثر في الصفقة',
  'pipeline.attribution': '{type} · {percent, number, ::percent}',
} satisfies Translation<typeof en>;
