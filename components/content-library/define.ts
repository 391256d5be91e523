import { defineElement } from '../../src/internal/define.js';
import './messages.js';
import { PkContentLibrary } from './content-library.js';

export { PkContentLibrary };
defineElement('pk-content-library', PkContentLibrary);

declare global {
  interface HTMLElementTagNameMap {
    'pk-content-library': PkContentLibrary;
  }
}
