#!/usr/bin/env node
// What ships to browsers, per file of the script-tag build (dist/partnerkit.js and the chunks it
// loads), per element as a page first loads it, and the single-file bundle: minified, gzip -9
// and brotli; each against its budget (gzip). Exits 1 when a budget is exceeded.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const KB = 1024;
/** Budgets, gzip -9. The aim for a page's first load of one element is 30 KB (issue 6). */
const BUDGETS = {
  loader: 2 * KB, // dist/partnerkit.js
  element: 12 * KB, // each element's own chunk (with its messages)
  shared: 36 * KB, // each shared chunk
  firstLoad: 52 * KB, // loader + an element's chunk + every chunk it imports
  bundle: 92 * KB, // dist/partnerkit.bundle.js (every locale inlined)
};

const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const sizes = new Map();
function size(file) {
  let s = sizes.get(file);
  if (!s) {
    const buf = readFileSync(join(dist, file));
    s = { min: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
    sizes.set(file, s);
  }
  return s;
}
let over = 0;
function row(label, s, budget) {
  const ok = s.gzip <= budget;
  if (!ok) over++;
  console.log(
    `${label.padEnd(58)} ${kb(s.min).padStart(9)} min ${kb(s.gzip).padStart(9)} gzip ${kb(s.brotli).padStart(9)} brotli   budget ${kb(budget).padStart(8)} ${ok ? 'ok' : 'OVER'}`,
  );
}
const sum = (files) => files.map(size).reduce((a, s) => ({ min: a.min + s.min, gzip: a.gzip + s.gzip, brotli: a.brotli + s.brotli }), { min: 0, gzip: 0, brotli: 0 });

const loader = readFileSync(join(dist, 'partnerkit.js'), 'utf8');
const deps = JSON.parse(JSON.parse(/JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(loader)?.[1] ?? '"{}"'));
const elementChunk = (tag) => {
  const name = tag.replace(/^pk-/, '');
  return readdirSync(join(dist, name)).filter((f) => f.startsWith(`${tag}-`) && f.endsWith('.js')).map((f) => `${name}/${f}`)[0];
};
const elements = Object.keys(deps).sort();

console.log('Script tag: dist/partnerkit.js and what it loads (each file once per page, cached a year by content hash)');
row('partnerkit.js (the loader)', size('partnerkit.js'), BUDGETS.loader);
for (const tag of elements) row(`${elementChunk(tag)}`, size(elementChunk(tag)), BUDGETS.element);
const shared = readdirSync(join(dist, 'shared')).filter((f) => f.endsWith('.js')).map((f) => `shared/${f}`).sort();
for (const f of shared) row(f, size(f), BUDGETS.shared);

console.log('\nFirst load of a page with one element (loader + its chunk + the shared chunks it imports)');
for (const tag of elements) {
  const files = ['partnerkit.js', elementChunk(tag), ...deps[tag].map((f) => relative('.', f))];
  row(`<${tag}>${tag === 'pk-portal' ? ' (default portal: + <pk-insights>)' : ''}`, sum(tag === 'pk-portal' ? [...new Set([...files, elementChunk('pk-insights'), ...deps['pk-insights'].map((f) => relative('.', f))])] : files), BUDGETS.firstLoad);
}

console.log('\nOne file');
row('partnerkit.bundle.js (everything, one request)', size('partnerkit.bundle.js'), BUDGETS.bundle);
if (over) {
  console.log(`\n${over} over budget`);
  process.exitCode = 1;
}
