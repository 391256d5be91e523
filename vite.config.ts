import { builtinModules } from 'node:module';
import { defineConfig, type Plugin, type Rollup, type UserConfig } from 'vite';
import { parse as parseIcu } from '@formatjs/icu-messageformat-parser';
import { fileURLToPath } from 'node:url';
import pkg from './package.json' with { type: 'json' };
import { en } from './src/i18n/en/index.js';
import { isPlainText } from './src/i18n/plain-text.js';
import dealFormMessages from './src/i18n/en/deal-form.js';
import reviewMessages from './src/i18n/en/registration-review.js';
import portalMessages from './src/i18n/en/portal.js';
import rulesMessages from './src/i18n/en/rules.js';
import announcementsMessages from './src/i18n/en/announcements.js';
import contentLibraryMessages from './src/i18n/en/content-library.js';
import insightsMessages from './src/i18n/en/insights.js';
import pipelineMessages from './src/i18n/en/pipeline.js';
import fieldMessages from './src/i18n/en/fields.js';
import serverPkg from './server/package.json' with { type: 'json' };

/**
 * Three builds, chosen with `--mode` (scripts/build.mjs runs them in order):
 * - `lib`: the npm package: one ES module per element (`dist/<element>/define.js`), `dist/index.js`
 *   (registers everything), `dist/contract.js`; dependencies stay external.
 * - `cdn`: `dist/partnerkit.js`, the script-tag loader (src/cdn/loader.ts), and what it loads:
 *   each element's chunk in its own folder (`dist/pipeline/pk-pipeline-<hash>.js`), the shared
 *   core in `dist/shared/`; every dependency bundled, minified, content-hashed except the entry.
 * - `bundle`: `dist/partnerkit.bundle.js`, everything in one self-contained ES module.
 * - `server`: the reference backend for Node, the `partnerkit-server` workspace package
 *   (`server/dist/`). Its imports of the shared contract (`../src/contract`) are bundled in, so
 *   the published server needs nothing from `partnerkit` but the SDK files scripts/build.mjs
 *   copies next to it (`server/dist/sdk/`); its npm dependencies stay external.
 */
const externalTo = (deps: string[]) => (id: string) => deps.some((d) => id === d || id.startsWith(`${d}/`));
const external = externalTo(Object.keys(pkg.dependencies));
const serverExternal = externalTo(Object.keys(serverPkg.dependencies));

/**
 * Fills the script-tag loader's `__PK_DEPS__` with, per element, its own chunk and then the chunks
 * it imports (transitively) that the loader does not already import, so the loader fetches them in
 * parallel with the element's own chunk instead of one after the other (and can ask for its own
 * chunk again under a new URL after a failed fetch).
 */
function cdnDeps(): Plugin {
  return {
    name: 'partnerkit-cdn-deps',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (file: string, seen = new Set<string>()): Set<string> => {
        for (const dep of byName.get(file)?.imports ?? []) if (!seen.has(dep)) closure(dep, seen.add(dep));
        return seen;
      };
      const entry = chunks.find((c) => c.isEntry && c.name === 'partnerkit');
      if (!entry) return;
      if (entry.imports.length) this.error(`the loader must import nothing statically (it imports ${entry.imports.join(', ')})`);
      const loaded = closure(entry.fileName);
      const deps: Record<string, string[]> = {};
      for (const c of chunks) {
        const element = /components\/([^/]+)\/define\.ts$/.exec(c.facadeModuleId ?? '')?.[1];
        if (element && c.isDynamicEntry) deps[`pk-${element}`] = [c.fileName, ...[...closure(c.fileName)].filter((f) => !loaded.has(f))].map((f) => `./${f}`);
      }
      const placeholder = /(["'`])__PK_DEPS__\1/;
      if (!placeholder.test(entry.code)) this.error('the loader has no __PK_DEPS__ placeholder');
      entry.code = entry.code.replace(placeholder, JSON.stringify(JSON.stringify(deps)));
    },
  };
}

/**
 * The pipeline's messages that only its board and deal panel show (components/pipeline/panel-messages.ts):
 * the panel's, the exit criteria's, the history's, the contact roles' and the board's lanes and moves.
 */
const PIPELINE_PANEL_MESSAGES = /^pipeline\.((panel|criteria|criterion|history|contactRole)\.|(lane|lane\.empty|closedArea|closedLane|open|move|move\.label)$)/;

/**
 * The script-tag build (`cdn`) parses Partnerkit's English messages at build time (src/i18n/en/index.ts
 * becomes the parsed catalogue: ASTs intl-messageformat takes as they are) and leave the ICU parser (~27 KB minified) out of
 * intl-messageformat; the translator loads it in a chunk of its own when a message is only known at
 * run time (src/i18n/translator.ts, loadParser()).
 */
function precompileMessages(): Plugin {
  const catalogue = fileURLToPath(new URL('./src/i18n/en/index.ts', import.meta.url));
  // Messages that travel with their element's chunk instead of the core: components/<x>/messages.ts
  // (imported first by the element's define.ts) → src/i18n/en/<file>.ts. A new element adds a line.
  const ELEMENT_MESSAGES: Record<string, Record<string, string>> = {
    'deal-form': dealFormMessages,
    'registration-review': reviewMessages,
    portal: portalMessages,
    rules: rulesMessages, // <pk-rules-gate> loads <pk-rules>, and with it these
    announcements: announcementsMessages,
    'content-library': contentLibraryMessages,
    insights: insightsMessages,
    pipeline: { ...pipelineMessages },
  };
  const withElement: Record<string, Record<string, string>> = Object.fromEntries(
    Object.entries(ELEMENT_MESSAGES).map(([element, messages]) => [fileURLToPath(new URL(`./components/${element}/messages.ts`, import.meta.url)), messages]),
  );
  // Field errors' messages travel with the elements that show field errors (src/i18n/field-messages.ts).
  withElement[fileURLToPath(new URL('./src/i18n/field-messages.ts', import.meta.url))] = fieldMessages;
  // Messages only a part loaded on first use shows travel with that part, not the element's chunk
  // (components/<x>/<part>-messages.ts, imported first by that part). The pipeline's board and deal
  // panel: 83 of its 134 messages, none of them needed before its first rows.
  const LATER_MESSAGES: Record<string, { from: string; keys: RegExp }> = {
    'pipeline/panel-messages': { from: 'pipeline', keys: PIPELINE_PANEL_MESSAGES },
  };
  for (const [file, { from, keys }] of Object.entries(LATER_MESSAGES)) {
    const own = withElement[fileURLToPath(new URL(`./components/${from}/messages.ts`, import.meta.url))]!;
    const later = Object.fromEntries(Object.entries(own).filter(([key]) => keys.test(key)));
    for (const key of Object.keys(later)) delete own[key];
    withElement[fileURLToPath(new URL(`./components/${file}.ts`, import.meta.url))] = later;
  }
  // Plain text stays a string: the translator uses it as it is (src/i18n/plain-text.ts).
  const parsed = (messages: Record<string, string>) =>
    JSON.stringify(Object.fromEntries(Object.entries(messages).map(([key, m]) => [key, isPlainText(m) ? m : parseIcu(m)])));
  const elsewhere = new Set(Object.values(withElement).flatMap((m) => Object.keys(m)));
  return {
    name: 'partnerkit-precompile-messages',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source === '@formatjs/icu-messageformat-parser' && importer && /[\\/]intl-messageformat[\\/]/.test(importer)) {
        return this.resolve('@formatjs/icu-messageformat-parser/no-parser.js', importer, { ...options, skipSelf: true });
      }
      return null;
    },
    load(id) {
      if (id === catalogue) {
        const core = Object.fromEntries(Object.entries(en as Record<string, string>).filter(([key]) => !elsewhere.has(key)));
        return `/** English messages, parsed at build time (those of lazily loaded elements come with them). */\nexport const en = ${parsed(core)};`;
      }
      const own = withElement[id];
      if (own) return `import { en } from ${JSON.stringify(catalogue)};\nObject.assign(en, ${parsed(own)});`;
      return null;
    },
  };
}

/**
 * Minifies the CSS of Lit's `css` tagged templates (the elements' `*.styles.ts`, src/styles/), which
 * the JavaScript minifier keeps as written: comments go, and whitespace collapses (none around
 * `{ } ; , >`), outside quoted strings and `${…}` expressions. A quarter of the pipeline's styles
 * was indentation and comments.
 */
function minifyCss(): Plugin {
  const collapse = (text: string) => text.replace(/\s+/g, ' ').replace(/ ?([{};,>]) ?/g, '$1');
  // Comments first (they may hold an apostrophe); then quoted strings (`content: '⚠ '`) stay as they are.
  const minify = (text: string) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split(/('[^'\n]*'|"[^"\n]*")/)
      .map((part, i) => (i % 2 ? part : collapse(part)))
      .join('');
  return {
    name: 'partnerkit-minify-css',
    transform(code, id) {
      if (!/(\.styles|[\\/]src[\\/]styles[\\/][\w-]+)\.ts$/.test(id)) return null;
      const out = code.replace(/\bcss`([^`]*)`/g, (_m, body: string) => `css\`${body.split(/(\$\{[^}]*\})/).map((part, i) => (i % 2 ? part : minify(part))).join('').trim()}\``);
      // Only the insides of template literals change, each one token: the mappings stay right.
      return { code: out, map: null };
    },
  };
}

/**
 * What the script tag's core chunk holds besides what every element imports: small modules several
 * elements share. Not the contract's schemas, locales, the sanitizer or Markdown: those load on use;
 * nor @lit/context's provider, which only <pk-portal> uses (it travels in the portal's chunk).
 */
const CORE_MODULES =
  /node_modules\/(lit\/(index|directive|directives\/(repeat|live))\.js|lit-html\/(lit-html|directive|directive-helpers|directives\/(repeat|live))\.js|lit-element\/|@lit\/(reactive-element|task)\/|@lit\/context\/(?!lib\/(controllers\/context-provider|value-notifier))|intl-messageformat\/|@formatjs\/(fast-memoize\/|icu-messageformat-parser\/no-parser))|src\/(internal\/(pk-element|define|lazy|signed-out|format|live-events|idempotency-key|next-task)|events\/pk-[\w-]+|styles\/tokens|drafts\/draft-store|contract\/(stage-note|motions|schemas|shared)|context\/[\w-]+|api\/(client|session|backend|errors)|i18n\/(translator|registry|match|plain-text|en\/index))\.ts$/;

const browser: UserConfig['build'] = { target: 'es2022', emptyOutDir: false, sourcemap: true, outDir: 'dist' };

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'cdn' || mode === 'bundle') {
    // Lib mode (no preload helper around dynamic imports), but with whitespace minified too
    // (`output.minify: true`: lib mode otherwise keeps the whitespace of ES output).
    const cdn = mode === 'cdn';
    return {
      // The bundle keeps the parser (one file: a lazy chunk would be inlined anyway).
      plugins: cdn ? [precompileMessages(), minifyCss()] : [minifyCss()],
      build: {
        ...browser,
        minify: true,
        lib: { entry: cdn ? { partnerkit: 'src/cdn/loader.ts' } : { 'partnerkit.bundle': 'src/index.ts' }, formats: ['es'] },
        rollupOptions: {
          plugins: cdn ? [cdnDeps()] : [],
          output: {
            minify: true,
            comments: false,
            entryFileNames: '[name].js',
            // Chunks are named by their content: served with a year's cache (server/sdk.ts).
            chunkFileNames: (chunk) => {
              const element = /components\/([^/]+)\/define\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
              return element ? `${element}/pk-${element}-[hash].js` : 'shared/[name]-[hash].js';
            },
            // The core's chunk also takes the small modules most elements share (Lit's directives,
            // the events, formatting, tokens): without this, each became a chunk of a few hundred
            // bytes, and a page's first element waited for eight of them — each one more request,
            // with its own ~0.6 KB of HTTP/1.1 headers, queued behind the browser's six connections.
            ...(cdn ? { codeSplitting: { groups: [{ name: 'pk-element', test: CORE_MODULES }] } } : { codeSplitting: false }),
          },
        },
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
          'content-library/define': 'components/content-library/define.ts',
          'insights/define': 'components/insights/define.ts',
        },
        formats: ['es'],
        fileName: (_f, name) => `${name}.js`,
      },
      // `partnerkit-server` (the optional peer behind `partnerkit/server`) stays an import.
      rollupOptions: { external: (id) => external(id) || id === 'partnerkit-server', output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
  };
});
