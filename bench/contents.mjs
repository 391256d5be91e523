#!/usr/bin/env node
// What a built file is made of, from its source map (a source-map explorer for one file): per
// library or source module, its minified bytes and what it adds to the file's brotli size (the
// file compressed without that part's bytes, so shared context is not counted twice).
// Usage: node bench/contents.mjs [dist file ...]   (default: the core and the pipeline's chunk;
// needs `npm run build`). CONTENTS_MIN=<bytes> hides smaller parts (default 200).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const KB = 1024;
const MIN = Number(process.env.CONTENTS_MIN ?? 200);
const built = (dir, prefix) => readdirSync(join(dist, dir)).find((f) => f.startsWith(prefix) && f.endsWith('.js'));
const files = process.argv.slice(2).length
  ? process.argv.slice(2).map((f) => f.replace(/^(\.\/)?dist\//, ''))
  : [`shared/${built('shared', 'pk-element-')}`, `pipeline/${built('pipeline', 'pk-pipeline-')}`];

const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
/** The source-map `mappings` as [line, column, source index] (generated positions), in order. */
function decode(mappings) {
  const out = [];
  let source = 0;
  mappings.split(';').forEach((line, lineNo) => {
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const c of segment) {
        const digit = B64[c];
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      out.push([lineNo, column, fields.length > 1 ? source : -1]);
    }
  });
  return out;
}

/** Libraries as one part each; Partnerkit's own modules by file; messages by language. */
function part(source) {
  if (!source) return '(bundler glue)';
  const s = source.replace(/^.*node_modules\//, 'node_modules/').replace(/^(\.\.\/)+/, '');
  if (/^node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(s)) return 'Lit';
  const lib = /^node_modules\/((@[^/]+\/)?[^/]+)/.exec(s)?.[1];
  if (lib === 'zod') return 'zod/mini';
  if (lib === 'intl-messageformat' || lib?.startsWith('@formatjs/')) return lib === '@formatjs/icu-messageformat-parser' && !/no-parser/.test(s) ? lib : 'intl-messageformat';
  if (lib) return lib;
  if (/src\/i18n\/en\//.test(s)) return 'English messages';
  return s.replace(/\.ts$/, '');
}

const brotli = (text) => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
for (const file of files) {
  const code = readFileSync(join(dist, file), 'utf8');
  const map = JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8'));
  const lineStart = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStart.push(i + 1);
  // Each mapping owns the bytes up to the next one (a multi-line template literal included).
  const mappings = decode(map.mappings);
  const segments = mappings.map(([line, column, source], i) => {
    const next = mappings[i + 1];
    return { part: part(map.sources[source]), from: lineStart[line] + column, to: next ? lineStart[next[0]] + next[1] : code.length };
  });
  if (segments.length && segments[0].from > 0) segments.unshift({ part: '(bundler glue)', from: 0, to: segments[0].from });
  const total = brotli(code);
  const rows = [...new Set(segments.map((s) => s.part))].map((name) => {
    const own = segments.filter((s) => s.part === name);
    const without = segments.filter((s) => s.part !== name).map((s) => code.slice(s.from, s.to)).join('');
    return { name, min: own.reduce((n, s) => n + s.to - s.from, 0), brotli: total - brotli(without) };
  });
  rows.sort((a, b) => b.brotli - a.brotli);
  console.log(`\n${file}: ${(code.length / KB).toFixed(1)} KB min, ${(total / KB).toFixed(1)} KB brotli`);
  for (const r of rows) if (r.min >= MIN) console.log(`  ${r.name.padEnd(52)} ${(r.min / KB).toFixed(1).padStart(6)} KB min ${(r.brotli / KB).toFixed(2).padStart(6)} KB brotli`);
}
