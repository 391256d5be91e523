/**
 * src/internal/rich-text.ts is the only place that turns HTML into DOM: no other browser file
 * (src/, components/) may use an HTML sink or parser. See docs/architecture.md "Rich text".
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;
const ALLOWED = 'src/internal/rich-text.ts';
const SINKS = /\bunsafeHTML\b|\bunsafeSVG\b|\bunsafeMathML\b|\.innerHTML\b|\bouterHTML\b|\binsertAdjacentHTML\b|\bDOMParser\b|\bcreateContextualFragment\b|\bdocument\.write(ln)?\b|\bsetHTMLUnsafe\b|\bparseHTMLUnsafe\b|\bsrcdoc\b/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

test('only src/internal/rich-text.ts uses an HTML sink (unsafeHTML, innerHTML, DOMParser, …)', () => {
  const offenders: string[] = [];
  for (const file of [...files(join(ROOT, 'src')), ...files(join(ROOT, 'components'))]) {
    const rel = relative(ROOT, file);
    if (rel === ALLOWED) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (SINKS.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(offenders, [], 'HTML → DOM only through richText()/sanitizeHtml() of src/internal/rich-text.ts');
});

test('the helper sanitizes with DOMPurify and a named Trusted Types policy', () => {
  const text = readFileSync(join(ROOT, ALLOWED), 'utf8');
  assert.match(text, /from 'dompurify'/);
  assert.match(text, /RETURN_TRUSTED_TYPE: true/);
  assert.match(text, /TRUSTED_TYPES_POLICY = 'partnerkit'/);
});

test('the check itself finds a sink', () => {
  assert.ok(SINKS.test('el.innerHTML = x'));
  assert.ok(SINKS.test("import { unsafeHTML } from 'lit/directives/unsafe-html.js'"));
});
