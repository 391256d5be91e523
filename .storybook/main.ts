import { fileURLToPath } from 'node:url';
import { defineMain } from '@storybook/web-components-vite/node';
import { mergeConfig } from 'vite';

/**
 * Storybook for Partnerkit. Stories run against canned in-memory backends, so neither the
 * build nor the stories need a network or a server.
 *
 * The repo's own vite.config.ts chooses between three library builds by `--mode`; Storybook
 * must not inherit any of that, so the builder is pointed at the small config next to this file.
 */
export default defineMain({
  framework: {
    name: '@storybook/web-components-vite',
    options: {
      builder: { viteConfigPath: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) },
    },
  },
  stories: ['../stories/**/*.stories.ts'],
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
  },
  viteFinal: (config) =>
    mergeConfig(config, {
      // The preview runtime alone is ~900 kB: Storybook's weight, not Partnerkit's size budget.
      build: { chunkSizeWarningLimit: 1500 },
    }),
});
