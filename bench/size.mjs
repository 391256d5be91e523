#!/usr/bin/env node
// Prints the size of what ships to browsers: raw (minified), gzip -9 and brotli.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
function row(label, file) {
  const buf = readFileSync(file);
  const gz = gzipSync(buf, { level: 9 }).length;
  const br = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${label.padEnd(34)} ${kb(buf.length).padStart(9)} min ${kb(gz).padStart(9)} gzip ${kb(br).padStart(9)} brotli`);
}
row('dist/partnerkit.js (script tag)', join(dist, 'partnerkit.js'));
