#!/usr/bin/env node
// `npm start`: builds dist/ and server/dist/ when missing or older than the sources, then runs the
// reference server (workspace package `partnerkit-server` in server/) with the demo site
// (PORT, HOST, DATA_DIR, DATABASE_URL, PARTNERKIT_SECRET_KEY).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue; // server/ holds its build
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const outputs = ['dist/partnerkit.js', 'server/dist/main.js'];
const builtAt = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
const sourcesAt = Math.max(
  ...['src', 'components', 'server'].map(newest),
  ...['package.json', 'server/package.json', 'vite.config.ts', 'scripts/build.mjs'].map((f) => statSync(f).mtimeMs),
);
if (builtAt < sourcesAt) {
  console.log('Building Partnerkit (dist/ is missing or older than the sources)…');
  const t0 = Date.now();
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(`Built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}
await import(new URL('../server/dist/main.js', import.meta.url).href);
