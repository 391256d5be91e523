/**
 * Partnerkit: importing this module registers every element.
 * For tree-shaking import one element at a time: `partnerkit/pipeline`, `partnerkit/portal`, …
 */
import './all.js';

export * from './core.js';
export { PkPortal } from '../components/portal/define.js';
export { PkPipeline } from '../components/pipeline/define.js';
export { PkDealForm } from '../components/deal-form/define.js';
export { PkRegistrationReview } from '../components/registration-review/define.js';
export { PkRules } from '../components/rules/define.js';
export { PkRulesGate } from '../components/rules-gate/define.js';
export { PkAnnouncements } from '../components/announcements/define.js';
export { PkContentLibrary } from '../components/content-library/define.js';
export { PkInsights } from '../components/insights/define.js';
