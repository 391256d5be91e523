#!/usr/bin/env node
// Builds both packages: `partnerkit` in dist/ (npm modules, the script-tag bundle, types,
// manifest) and `partnerkit-server` in server/dist/ (the server, its types, a copy of the SDK).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';

import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
rmSync('dist', { recursive: true, force: true });

for (const mode of ['lib', 'cdn', 'server']) {
  await build({ mode, logLevel: 'warn', configFile: 'vite.config.ts' });
}
const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
// The server serves the SDK of its own version: copy the browser build (not its types) next to it.
cpSync('dist', 'server/dist/sdk', { recursive: true, filter: (src) => !/(^|[\\/])dist[\\/]types$/.test(src) });
// Server types first: `partnerkit/server`'s declaration re-exports them through the workspace link.
execFileSync(bin('tsc'), ['-p', 'server/tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(bin('cem'), ['analyze', '--litelement', '--globs', 'components/**/*.ts', 'src/internal/pk-element.ts', '--exclude', 'components/**/*.styles.ts', '--outdir', 'dist'], { stdio: 'inherit' });
// The analyzer also records `dispatchEvent(new PkErrorEvent(…))` as an event without a name
// (the class's static eventName is documented with @event already): drop those entries.
const manifestPath = 'dist/custom-elements.json';
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
for (const mod of manifest.modules) {
  for (const decl of mod.declarations ?? []) {
    if (decl.events) decl.events = decl.events.filter((e) => e.name);
  }
}
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
console.log('built dist/ (partnerkit.js, per-element modules, types, custom-elements.json) and server/dist/');
