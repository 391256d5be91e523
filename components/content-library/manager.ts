/**
 * The channel manager's parts of `<pk-content-library>` (editor, engagement report), loaded only
 * when a channel manager signs in: a partner's page never downloads them.
 */
export { ContentEditor } from './manager-editor.js';
export { EngagementView } from './engagement-report.js';
