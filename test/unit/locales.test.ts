/**
 * Shipped locales: each is complete (exactly the English keys), valid ICU, keeps every English
 * placeholder with its argument type and every rich tag, has the plural categories its language
 * needs (CLDR, via Intl.PluralRules), and formats with sample values. The README and the
 * Storybook locale toolbar list the same locales.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TYPE, parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from '../../src/i18n/en/index.js';
import { SHIPPED_LOCALES, shippedLoader } from '../../src/i18n/registry.js';
import { Translator } from '../../src/i18n/translator.js';
import type { Catalogue, MessageKey } from '../../src/i18n/types.js';

const EXPECTED = ['en', 'de', 'fr', 'es', 'ja', 'ar'];
const TRANSLATED = SHIPPED_LOCALES.filter((l) => l !== 'en');
const keys = Object.keys(en).sort();

/** Every argument of a message: name → its ICU type (with number/date style), and its rich tags. */
interface Shape {
  args: Map<string, string>;
  tags: string[];
  plurals: Array<{ name: string; options: string[] }>;
  selects: Array<{ name: string; options: string[] }>;
}

function styleOf(style: unknown): string {
  if (!style) return '';
  if (typeof style === 'string') return style;
  const s = style as { tokens?: unknown; pattern?: string };
  return JSON.stringify(s.tokens ?? s.pattern ?? style);
}

function shapeOf(elements: MessageFormatElement[], shape: Shape = { args: new Map(), tags: [], plurals: [], selects: [] }): Shape {
  const add = (name: string, kind: string) => {
    const known = shape.args.get(name);
    assert.ok(known === undefined || known === kind, `{${name}} is used as ${known} and as ${kind}`);
    shape.args.set(name, kind);
  };
  for (const el of elements) {
    switch (el.type) {
      case TYPE.argument: add(el.value, 'argument'); break;
      case TYPE.number: add(el.value, `number ${styleOf(el.style)}`); break;
      case TYPE.date: add(el.value, `date ${styleOf(el.style)}`); break;
      case TYPE.time: add(el.value, `time ${styleOf(el.style)}`); break;
      case TYPE.select:
        add(el.value, 'select');
        shape.selects.push({ name: el.value, options: Object.keys(el.options) });
        for (const o of Object.values(el.options)) shapeOf(o.value, shape);
        break;
      case TYPE.plural:
        add(el.value, `plural ${el.pluralType} offset ${el.offset}`);
        shape.plurals.push({ name: el.value, options: Object.keys(el.options) });
        for (const o of Object.values(el.options)) shapeOf(o.value, shape);
        break;
      case TYPE.tag:
        shape.tags.push(el.value);
        shapeOf(el.children, shape);
        break;
    }
  }
  return shape;
}

const sorted = (m: Map<string, string>) => [...m].sort(([a], [b]) => a.localeCompare(b));

/** Sample values for a message's arguments; plural arguments get `count`, selects `choice` (or `other`). */
function samples(shape: Shape, count: number, choice: Record<string, string> = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, kind] of shape.args) {
    if (kind.startsWith('plural') || kind.startsWith('number')) values[name] = count;
    else if (kind.startsWith('date') || kind.startsWith('time')) values[name] = new Date(Date.UTC(2026, 11, 7));
    else if (kind === 'select') values[name] = choice[name] ?? 'other';
    else values[name] = `‹${name}›`;
  }
  for (const tag of shape.tags) values[tag] = (chunks: string[]) => `[${chunks.join('')}]`;
  return values;
}

/** Numbers that reach every CLDR plural category of every shipped language (and the =0 arms). */
const COUNTS = [0, 1, 2, 3, 5, 11, 21, 100, 102, 1000000, 1.5];

const englishShapes = new Map(Object.entries(en).map(([k, m]) => [k, shapeOf(parse(m))]));

test('the shipped locales are English, German, French, Spanish, Japanese and Arabic', () => {
  assert.deepEqual([...SHIPPED_LOCALES].sort(), [...EXPECTED].sort());
});

test('the README lists every shipped locale', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Localization'));
  assert.ok(section, 'README has a "## Localization" section');
  for (const locale of SHIPPED_LOCALES) assert.match(section, new RegExp(`\`${locale}\``), `README lists \`${locale}\``);
});

test('the Storybook locale toolbar offers every shipped locale and the pseudo-locale, nothing else', () => {
  const preview = readFileSync(new URL('../../.storybook/preview.ts', import.meta.url), 'utf8');
  const offered = [...preview.matchAll(/value: '([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(offered.sort(), [...SHIPPED_LOCALES, 'en-XA'].sort());
});

for (const locale of TRANSLATED) {
  describe(`locale ${locale}`, async () => {
    const loader = shippedLoader(locale);
    assert.ok(loader, `${locale} has a loader`);
    const catalogue = (await loader()).default as Record<string, string>;
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;

    test('has exactly the English keys', () => {
      assert.deepEqual(Object.keys(catalogue).sort(), keys);
    });

    test('every message is a non-empty string of valid ICU MessageFormat', () => {
      for (const [key, message] of Object.entries(catalogue)) {
        assert.equal(typeof message, 'string', key);
        assert.ok(message.trim().length > 0, `${key} is empty`);
        assert.doesNotThrow(() => parse(message), `${key}: ${message}`);
      }
    });

    test('keeps every placeholder with its argument type, and every rich tag', () => {
      for (const key of keys) {
        const ours = shapeOf(parse(catalogue[key]));
        const theirs = englishShapes.get(key)!;
        assert.deepEqual(sorted(ours.args), sorted(theirs.args), `placeholders of ${key}`);
        assert.deepEqual([...ours.tags].sort(), [...theirs.tags].sort(), `rich tags of ${key}`);
        const options = (sh: Shape) => sh.selects.map((x) => `${x.name}: ${[...x.options].sort().join(' ')}`).sort();
        assert.deepEqual(options(ours), options(theirs), `select options of ${key}`);
      }
    });

    test(`plurals cover exactly the CLDR categories of ${locale} (${categories.join(', ')})`, () => {
      for (const key of keys) {
        for (const plural of shapeOf(parse(catalogue[key])).plurals) {
          const keywords = plural.options.filter((o) => !o.startsWith('='));
          for (const c of categories) assert.ok(keywords.includes(c), `${key}: {${plural.name}} has no "${c}" arm`);
          for (const k of keywords) assert.ok(categories.includes(k as Intl.LDMLPluralRule), `${key}: {${plural.name}} has a "${k}" arm, which ${locale} never selects`);
        }
      }
    });

    test('formats every message with sample values for every plural category', () => {
      for (const key of keys) {
        const shape = englishShapes.get(key)!;
        const format = new IntlMessageFormat(catalogue[key], locale);
        const choices = [{}, ...shape.selects.flatMap((x) => x.options.map((o) => ({ [x.name]: o })))];
        for (const [n, choice] of (shape.plurals.length ? COUNTS : [3]).flatMap((n) => choices.map((c) => [n, c] as const))) {
          const out = format.format(samples(shape, n, choice) as never);
          const text = Array.isArray(out) ? out.join('') : String(out);
          assert.ok(text.length > 0, `${key} (${n}) is empty`);
          assert.doesNotMatch(text, /[{}]/, `${key} (${n}) left ICU syntax: ${text}`);
          for (const [name, kind] of shape.args) {
            if (kind === 'argument') assert.ok(text.includes(`‹${name}›`), `${key} (${n}) dropped {${name}}: ${text}`);
          }
        }
      }
    });

    test('the translator uses it (no English fallback warnings)', () => {
      const t = new Translator(locale, locale, catalogue as Catalogue);
      const warn = console.warn;
      const warnings: unknown[] = [];
      console.warn = (...args: unknown[]) => void warnings.push(args);
      try {
        for (const key of keys) t.t(key as MessageKey, samples(englishShapes.get(key)!, 2) as never);
      } finally {
        console.warn = warn;
      }
      assert.deepEqual(warnings, []);
      assert.notEqual(t.t('pipeline.export'), en['pipeline.export']);
    });
  });
}
