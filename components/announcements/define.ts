import { defineElement } from '../../src/internal/define.js';
import './messages.js';
import { PkAnnouncements } from './announcements.js';

export { PkAnnouncements };
defineElement('pk-announcements', PkAnnouncements);

declare global {
  interface HTMLElementTagNameMap {
    'pk-announcements': PkAnnouncements;
  }
}
