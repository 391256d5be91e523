import { defineElement } from '../../src/internal/define.js';
import './messages.js';
import { PkDealForm } from './deal-form.js';

export { PkDealForm };
defineElement('pk-deal-form', PkDealForm);

declare global {
  interface HTMLElementTagNameMap {
    'pk-deal-form': PkDealForm;
  }
}
