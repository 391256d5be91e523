/**
 * The English catalogue, built into every bundle. It is the source of truth for message keys:
 * `MessageKey` is derived from it, and every other locale must translate every key.
 * Add an element's messages as `src/i18n/en/<element>.ts` and spread it in here.
 */
import common from './common.js';
import fields from './fields.js';
import labels from './labels.js';
import pipeline from './pipeline.js';
import portal from './portal.js';
import dealForm from './deal-form.js';
import registrationReview from './registration-review.js';
import rules from './rules.js';
import announcements from './announcements.js';
import contentLibrary from './content-library.js';
import insights from './insights.js';

export const en = { ...common, ...fields, ...labels, ...portal, ...pipeline, ...dealForm, ...registrationReview, ...rules, ...announcements, ...contentLibrary, ...insights };
