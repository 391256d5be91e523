#!/usr/bin/env node
// Builds everything `dist/` holds: npm modules, the script-tag bundle, the server, types, manifest.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'vite';

import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
rmSync('dist', { recursive: true, force: true });

for (const mode of ['lib', 'cdn', 'server']) {
  await build({ mode, logLevel: 'warn', configFile: 'vite.config.ts' });
}
const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(bin('cem'), ['analyze', '--litelement', '--globs', 'components/**/*.ts', '--exclude', 'components/**/*.styles.ts', '--outdir', 'dist'], { stdio: 'inherit' });
console.log('built dist/ (partnerkit.js, per-element modules, server, types, custom-elements.json)');
