#!/usr/bin/env node
// Builds both packages: `partnerkit` in dist/ (npm modules, the script-tag bundle, types,
// manifest) and `partnerkit-server` in server/dist/ (the server, its types, a copy of the SDK).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { writeFrameworkTypes } from './framework-types.mjs';
import { completeManifest } from './manifest.mjs';

import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
rmSync('dist', { recursive: true, force: true });

/** The script-tag build's files: the loader, the bundle, each element's chunk, the shared chunks. */
function cdnFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const rel = join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1);
    if (/^(partnerkit(\.bundle)?\.js|shared\/[^/]+\.js|[a-z-]+\/pk-[^/]+\.js)$/.test(rel)) out.push(join(dir, rel));
  }
  return out;
}

for (const mode of ['lib', 'cdn', 'bundle', 'server']) {
  await build({ mode, logLevel: 'warn', configFile: 'vite.config.ts' });
}
// Precompress the script-tag files (brotli 11, gzip 9) so the server never makes a first visitor
// wait for it (server/sdk.ts serves `<file>.br` / `.gz` when the browser accepts them).
for (const file of cdnFiles('dist')) {
  const body = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
}
const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
// The server serves the SDK of its own version: copy the browser build (not its types) next to it.
cpSync('dist', 'server/dist/sdk', { recursive: true, preserveTimestamps: true, filter: (src) => !/(^|[\\/])dist[\\/]types$/.test(src) });
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
