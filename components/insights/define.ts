import { defineElement } from '../../src/internal/define.js';
import './messages.js';
import { PkInsights } from './insights.js';

export { PkInsights };
defineElement('pk-insights', PkInsights);

declare global {
  interface HTMLElementTagNameMap {
    'pk-insights': PkInsights;
  }
}
