import { defineConfig } from 'vite';

/**
 * Vite config for Storybook only (see main.ts). Deliberately not the repo's vite.config.ts:
 * no `build.lib`, no `rollupOptions`, no externals — Storybook bundles an app, not a library.
 * (Storybook's builder reads only `build.target` from here; other build options go in viteFinal.)
 */
export default defineConfig({
  build: { target: 'es2022' },
});
