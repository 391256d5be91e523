import { defineElement } from '../../src/internal/define.js';
import './messages.js';
import { PkPortal } from './portal.js';

export { PkPortal };
defineElement('pk-portal', PkPortal);

declare global {
  interface HTMLElementTagNameMap {
    'pk-portal': PkPortal;
  }
}
