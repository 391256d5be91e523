/**
 * Partnerkit's public API without any element: what the script-tag loader (`dist/partnerkit.js`)
 * exports, and what `partnerkit` (src/index.ts) exports next to the element classes.
 * Nothing here registers a tag.
 */
export * from './api/index.js';
export * from './contract/index.js';
export { configure, getGlobalConfig, type PartnerkitConfig, type Theme } from './context/config.js';
export { portalContext, type PortalContextValue } from './context/portal-context.js';
export { PkErrorEvent, type PkErrorDetail } from './events/pk-error.js';
export { SHIPPED_LOCALES, englishMessages, type MessageKey, type MessageOverrides, type Messages } from './i18n/index.js';
export { PkElement } from './internal/pk-element.js';
export { PkDealSubmitEvent } from './events/pk-deal-submit.js';
export { PkDealSubmittedEvent } from './events/pk-deal-submitted.js';
export { PkDealUpdatedEvent } from './events/pk-deal-updated.js';
export { PkRegistrationDecidedEvent, type PkRegistrationDecidedDetail } from './events/pk-registration-decided.js';
export { PkRulesAcknowledgedEvent, type PkRulesAcknowledgedDetail } from './events/pk-rules-acknowledged.js';
export { PkAnnouncementReadEvent, type PkAnnouncementReadDetail } from './events/pk-announcement-read.js';
export { TRUSTED_TYPES_POLICY, sanitizeHtml } from './internal/rich-text.js';
export { PkContentEngagedEvent, type PkContentEngagedDetail } from './events/pk-content-engaged.js';
export { PkInsightsNavigateEvent, type PkInsightsNavigateDetail } from './events/pk-insights-navigate.js';
