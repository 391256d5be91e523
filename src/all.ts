/** Registers every Partnerkit element (`partnerkit` and `partnerkit.bundle.js` import this; the script-tag loader loads each on demand). */
import '../components/portal/define.js';
import '../components/pipeline/define.js';
import '../components/deal-form/define.js';
import '../components/registration-review/define.js';
import '../components/rules/define.js';
import '../components/rules-gate/define.js';
import '../components/announcements/define.js';
import '../components/content-library/define.js';
import '../components/insights/define.js';
