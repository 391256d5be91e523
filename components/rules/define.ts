import { defineElement } from '../../src/internal/define.js';
import './messages.js';
import { PkRules } from './rules.js';

export { PkRules };
defineElement('pk-rules', PkRules);

declare global {
  interface HTMLElementTagNameMap {
    'pk-rules': PkRules;
  }
}
