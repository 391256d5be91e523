import '../rules/define.js';
import { defineElement } from '../../src/internal/define.js';
import { PkRulesGate } from './rules-gate.js';

export { PkRulesGate };
defineElement('pk-rules-gate', PkRulesGate);

declare global {
  interface HTMLElementTagNameMap {
    'pk-rules-gate': PkRulesGate;
  }
}
