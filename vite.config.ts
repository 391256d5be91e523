import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };
import serverPkg from './server/package.json' with { type: 'json' };

/**
 * Three builds, chosen with `--mode` (scripts/build.mjs runs them in order):
 * - `lib`: the npm package: one ES module per element (`dist/<element>/define.js`), `dist/index.js`
 *   (registers everything), `dist/contract.js`; dependencies stay external.
 * - `cdn`: `dist/partnerkit.js`, one self-contained ES module for a script tag.
 * - `server`: the reference backend for Node, the `partnerkit-server` workspace package
 *   (`server/dist/`). Its imports of the shared contract (`../src/contract`) are bundled in, so
 *   the published server needs nothing from `partnerkit` but the SDK files scripts/build.mjs
 *   copies next to it (`server/dist/sdk/`); its npm dependencies stay external.
 */
const externalTo = (deps: string[]) => (id: string) => deps.some((d) => id === d || id.startsWith(`${d}/`));
const external = externalTo(Object.keys(pkg.dependencies));
const serverExternal = externalTo(Object.keys(serverPkg.dependencies));

const browser: UserConfig['build'] = { target: 'es2022', emptyOutDir: false, sourcemap: true, outDir: 'dist' };

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'cdn') {
    return {
      build: {
        ...browser,
        minify: true,
        lib: { entry: { partnerkit: 'src/index.ts' }, formats: ['es'], fileName: (_f, name) => `${name}.js` },
        rollupOptions: { output: { codeSplitting: false } },
      },
    };
  }
  if (mode === 'server') {
    return {
      build: {
        ssr: true,
        target: 'node20',
        outDir: 'server/dist',
        emptyOutDir: true,
        sourcemap: true,
        minify: false,
        rollupOptions: {
          input: { index: 'server/index.ts', main: 'server/main.ts' },
          external: (id) => serverExternal(id) || id.startsWith('node:') || builtinModules.includes(id),
          output: {
            format: 'es',
            entryFileNames: '[name].js',
            // `main.js` is the package's `partnerkit-server` command.
            banner: (chunk) => (chunk.name === 'main' ? '#!/usr/bin/env node' : ''),
          },
        },
      },
    };
  }
  return {
    build: {
      ...browser,
      minify: false,
      lib: {
        entry: {
          index: 'src/index.ts',
          all: 'src/all.ts',
          contract: 'src/contract/index.ts',
          server: 'src/server.ts',
          'portal/define': 'components/portal/define.ts',
          'pipeline/define': 'components/pipeline/define.ts',
          'deal-form/define': 'components/deal-form/define.ts',
          'registration-review/define': 'components/registration-review/define.ts',
          'rules/define': 'components/rules/define.ts',
          'rules-gate/define': 'components/rules-gate/define.ts',
          'announcements/define': 'components/announcements/define.ts',
        },
        formats: ['es'],
        fileName: (_f, name) => `${name}.js`,
      },
      // `partnerkit-server` (the optional peer behind `partnerkit/server`) stays an import.
      rollupOptions: { external: (id) => external(id) || id === 'partnerkit-server', output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
  };
});
