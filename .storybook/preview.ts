import type { Preview } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
import { configure } from '../src/context/config.js';

/** Toolbar locales: the shipped ones, the pseudo-locale (finds untranslated and clipped text). */
const LOCALES = [
  { value: '', title: 'Page default (English)' },
  { value: 'en', title: 'English' },
  { value: 'de', title: 'Deutsch' },
  { value: 'fr', title: 'Français' },
  { value: 'es', title: 'Español' },
  { value: 'ja', title: '日本語' },
  { value: 'ar', title: 'العربية (RTL)' },
  { value: 'en-XA', title: 'Pseudo-locale (accented, longer)' },
];

const preview: Preview = {
  // Every Partnerkit failure is announced as a bubbling, composed `pk-error`: log it in Actions.
  decorators: [
    withActions,
    (story, context) => {
      // The toolbar's locale applies page-wide, like a vendor's configure({ locale }).
      configure({ locale: (context.globals.locale as string) || undefined });
      return story();
    },
  ],
  globalTypes: {
    locale: {
      description: 'Locale of every Partnerkit element (configure({ locale }))',
      toolbar: { title: 'Locale', icon: 'globe', items: LOCALES, dynamicTitle: true },
    },
  },
  initialGlobals: { locale: '' },
  parameters: {
    layout: 'padded',
    actions: { handles: ['pk-error'] },
    controls: { expanded: true },
  },
};

export default preview;
