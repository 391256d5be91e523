/** Registers every Partnerkit element (the script-tag entry imports this). */
import '../components/portal/define.js';
import '../components/pipeline/define.js';
