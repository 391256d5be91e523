import type { Preview } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';

const preview: Preview = {
  // Every Partnerkit failure is announced as a bubbling, composed `pk-error`: log it in Actions.
  decorators: [withActions],
  parameters: {
    layout: 'padded',
    actions: { handles: ['pk-error'] },
    controls: { expanded: true },
  },
};

export default preview;
