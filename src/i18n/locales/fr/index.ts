/** French (`fr`): every key of the English catalogue, loaded as its own chunk on first use. */
import type { Messages } from '../../types.js';
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

const fr = { ...common, ...fields, ...labels, ...portal, ...pipeline, ...dealForm, ...registrationReview, ...rules, ...announcements, ...contentLibrary, ...insights } satisfies Messages;
export default fr;
