/**
 * Partnerkit: importing this module registers every element.
 * For tree-shaking import one element at a time: `partnerkit/pipeline`, `partnerkit/portal`, …
 */
import './all.js';

export * from './api/index.js';
export * from './contract/index.js';
export { configure, getGlobalConfig, type PartnerkitConfig, type Theme } from './context/config.js';
export { portalContext, type PortalContextValue } from './context/portal-context.js';
export { PkErrorEvent, type PkErrorDetail } from './events/pk-error.js';
export { SHIPPED_LOCALES, englishMessages, type MessageKey, type MessageOverrides, type Messages } from './i18n/index.js';
export { PkElement } from './internal/pk-element.js';
export { PkPortal } from '../components/portal/define.js';
export { PkPipeline } from '../components/pipeline/define.js';
export { PkDealForm } from '../components/deal-form/define.js';
export { PkRegistrationReview } from '../components/registration-review/define.js';
export { PkRules } from '../components/rules/define.js';
export { PkRulesGate } from '../components/rules-gate/define.js';
export { PkAnnouncements } from '../components/announcements/define.js';
export { PkDealSubmitEvent } from './events/pk-deal-submit.js';
export { PkDealSubmittedEvent } from './events/pk-deal-submitted.js';
export { PkRegistrationDecidedEvent, type PkRegistrationDecidedDetail } from './events/pk-registration-decided.js';
export { PkRulesAcknowledgedEvent, type PkRulesAcknowledgedDetail } from './events/pk-rules-acknowledged.js';
export { PkAnnouncementReadEvent, type PkAnnouncementReadDetail } from './events/pk-announcement-read.js';
export { TRUSTED_TYPES_POLICY, sanitizeHtml } from './internal/rich-text.js';
