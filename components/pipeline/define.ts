import { defineElement } from '../../src/internal/define.js';
import './messages.js';
import { PkPipeline } from './pipeline.js';

export { PkPipeline };
defineElement('pk-pipeline', PkPipeline);

declare global {
  interface HTMLElementTagNameMap {
    'pk-pipeline': PkPipeline;
  }
}
