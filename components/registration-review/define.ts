import { defineElement } from '../../src/internal/define.js';
import './messages.js';
import { PkRegistrationReview } from './registration-review.js';

export { PkRegistrationReview };
defineElement('pk-registration-review', PkRegistrationReview);

declare global {
  interface HTMLElementTagNameMap {
    'pk-registration-review': PkRegistrationReview;
  }
}
