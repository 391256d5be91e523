/**
 * The two npm packages as `npm pack` would publish them (needs `npm run build`):
 * `partnerkit` holds browser code only and depends on nothing server-side; `partnerkit-server`
 * is self-contained (no import reaching back into the repository) and ships the SDK it serves.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_DEPS = ['@electric-sql/pglite', 'pg', 'hono', '@hono/node-server', 'jose'];
const BROWSER_DEPS = ['lit', '@lit/context', '@lit/task', '@lit-labs/virtualizer', 'zod', 'intl-messageformat', '@formatjs/icu-messageformat-parser', 'eventsource-parser', 'dompurify', 'marked'];

interface PackedFile {
  path: string;
}
function packedFiles(workspace?: string): string[] {
  const args = ['pack', '--dry-run', '--json', '--ignore-scripts', ...(workspace ? ['-w', workspace] : [])];
  const out = execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [pack] = JSON.parse(out) as Array<{ files: PackedFile[] }>;
  return pack.files.map((f) => f.path);
}
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
/** Bare module specifiers a built ES module imports (static or dynamic). */
function importsOf(code: string): string[] {
  const specs = [...code.matchAll(/(?:^|[\s;}])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm)];
  return specs.map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('npm packages', () => {
  it('partnerkit: browser dependencies only, no server code in the tarball', () => {
    const pkg = readJson('package.json');
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), [...BROWSER_DEPS].sort());
    for (const d of SERVER_DEPS) assert.ok(!pkg.dependencies[d] && !pkg.peerDependencies?.[d], `${d} is not a dependency`);
    assert.equal(pkg.peerDependenciesMeta?.['partnerkit-server']?.optional, true, 'partnerkit-server is only an optional peer');
    const files = packedFiles();
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/partnerkit.js', 'dist/pipeline/define.js', 'dist/custom-elements.json']) {
      assert.ok(files.includes(f), `tarball has ${f}`);
    }
    const serverFiles = files.filter((f) => f.startsWith('server/') || f.startsWith('dist/server/') || f.startsWith('dist/types/server/'));
    assert.deepEqual(serverFiles, [], 'no server files in the browser package');
    for (const f of files.filter((f) => f.endsWith('.js'))) {
      for (const spec of importsOf(readFileSync(join(root, f), 'utf8'))) {
        assert.ok(!SERVER_DEPS.some((d) => spec === d || spec.startsWith(`${d}/`)), `${f} imports ${spec}`);
        assert.ok(!spec.startsWith('node:'), `${f} imports ${spec}`);
      }
    }
  });

  it('partnerkit-server: its own dependencies, self-contained, ships the SDK and the demo site', () => {
    const pkg = readJson('server/package.json');
    assert.equal(pkg.name, 'partnerkit-server');
    assert.equal(pkg.version, readJson('package.json').version, 'both packages share a version');
    for (const d of [...SERVER_DEPS, 'zod']) assert.ok(pkg.dependencies[d], `depends on ${d}`);
    assert.ok(!pkg.dependencies.partnerkit, 'needs nothing from partnerkit at run time');
    const files = packedFiles('server');
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/main.js', 'dist/types/server/index.d.ts', 'dist/sdk/partnerkit.js', 'demo/index.html']) {
      assert.ok(files.includes(f), `tarball has ${f}`);
    }
    assert.ok(!files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no TypeScript sources');
    const deps = Object.keys(pkg.dependencies);
    for (const f of files.filter((f) => f.endsWith('.js') && !f.startsWith('dist/sdk/'))) {
      for (const spec of importsOf(readFileSync(join(root, 'server', f), 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = join('server', f, '..', spec);
          assert.ok(files.includes(target.slice('server/'.length)), `${f} imports ${spec}, which is in the package`);
        } else {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          assert.ok(spec.startsWith('node:') || deps.includes(name), `${f} imports ${spec}: a declared dependency`);
        }
      }
    }
    assert.match(readFileSync(join(root, 'server/dist/main.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/, 'the bin has a shebang');
  });

  it('both ship the MIT LICENSE their package.json names', () => {
    for (const dir of ['.', 'server']) {
      assert.equal(readJson(join(dir, 'package.json')).license, 'MIT');
      const text = readFileSync(join(root, dir, 'LICENSE'), 'utf8');
      assert.match(text, /^MIT License\n/);
      assert.match(text, /Permission is hereby granted, free of charge/);
    }
  });

  it('the README shows the React and Vue snippets that npm-apps.test.ts compiles, verbatim', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const region = (file: string, start: string, end: string) => {
      const text = readFileSync(join(root, 'test/e2e/fixtures', file), 'utf8');
      return text.slice(text.indexOf(start) + start.length, text.indexOf(end)).replace(/^\n/, '').replace(/\s+$/, '');
    };
    const react = region('react-app/src/App.tsx', '// #region readme', '// #endregion');
    const vue = region('vue-app/src/App.vue', '<!-- #region readme -->', '<!-- #endregion -->');
    assert.ok(react.includes('<pk-pipeline') && vue.includes('<pk-pipeline'), 'regions found');
    assert.ok(readme.includes(react), 'README shows the React snippet');
    assert.ok(readme.includes(vue), 'README shows the Vue snippet');
  });

  it('partnerkit/react and partnerkit/vue type every element of the manifest', () => {
    const manifest = readJson('dist/custom-elements.json') as { modules: Array<{ declarations?: Array<{ tagName?: string; customElement?: boolean }> }> };
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => d.tagName!);
    assert.ok(tags.includes('pk-pipeline') && tags.includes('pk-portal'));
    const react = readFileSync(join(root, 'dist/types/react.d.ts'), 'utf8');
    const vue = readFileSync(join(root, 'dist/types/vue.d.ts'), 'utf8');
    for (const tag of tags) {
      assert.match(react, new RegExp(`'${tag}': \\w+JSXProps;`), `React JSX has ${tag}`);
      assert.match(vue, new RegExp(`'${tag}': DefineComponent<\\w+VueProps>;`), `Vue GlobalComponents has ${tag}`);
    }
  });
});
