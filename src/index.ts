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
