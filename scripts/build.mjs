#!/usr/bin/env node
// Builds both packages: `partnerkit` in dist/ (npm modules, the script-tag bundle, types,
// manifest) and `partnerkit-server` in server/dist/ (the server, its types, a copy of the SDK).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { writeFrameworkTypes } from './framework-types.mjs';
import { completeManifest } from './manifest.mjs';

import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
rmSync('dist', { recursive: true, force: true });

for (const mode of ['lib', 'cdn', 'bundle', 'server']) {
  await build({ mode, logLevel: 'warn', configFile: 'vite.config.ts' });
}
const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
// The server serves the SDK of its own version: copy the browser build (not its types) next to it.
cpSync('dist', 'server/dist/sdk', { recursive: true, filter: (src) => !/(^|[\\/])dist[\\/]types$/.test(src) });
// Server types first: `partnerkit/server`'s declaration re-exports them through the workspace link.
execFileSync(bin('tsc'), ['-p', 'server/tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(bin('cem'), ['analyze', '--litelement', '--globs', 'components/**/*.ts', 'src/internal/pk-element.ts', '--exclude', 'components/**/*.styles.ts', '--outdir', 'dist'], { stdio: 'inherit' });
// Complete the manifest with inherited tokens, parts and events, the portal's re-exported parts
// and event types (scripts/manifest.mjs).
const manifestPath = 'dist/custom-elements.json';
const manifest = completeManifest(JSON.parse(readFileSync(manifestPath, 'utf8')));
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
// React 19 JSX and Vue GlobalComponents types for every element, from the manifest.
writeFrameworkTypes(manifestPath);
console.log('built dist/ (partnerkit.js, per-element modules, types, custom-elements.json) and server/dist/');
