/** Pseudo-locale `en-XA` (accented, lengthened English) for finding untranslated and clipped text. */
import { en } from '../en/index.js';
import { pseudoCatalogue } from '../pseudo.js';

export default pseudoCatalogue(en);
