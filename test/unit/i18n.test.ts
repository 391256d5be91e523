/** Localization as plain functions: locale matching, direction, the pseudo-locale, catalogue syntax. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@formatjs/icu-messageformat-parser';
import { en } from '../../src/i18n/en/index.js';
import { directionOf, matchLocale } from '../../src/i18n/match.js';
import { pseudoCatalogue, pseudoText } from '../../src/i18n/pseudo.js';
import { Translator } from '../../src/i18n/translator.js';

const AVAILABLE = ['en', 'de', 'fr', 'es', 'ja', 'ar', 'en-XA', 'pt-BR'];

describe('matchLocale', () => {
  const cases: Array<[string, Array<string | undefined>, string, string]> = [
    ['exact', ['de'], 'de', 'de'],
    ['region falls back to the language', ['de-AT'], 'de', 'de-AT'],
    ['case and underscores are normalised', ['DE_at'], 'de', 'de-AT'],
    ['script and region subtags are removed one by one', ['ja-Jpan-JP'], 'ja', 'ja-Jpan-JP'],
    ['a language finds its regional variant', ['pt'], 'pt-BR', 'pt'],
    ['another region of a regional variant', ['pt-PT'], 'pt-BR', 'pt-PT'],
    ['the next preference when the first is not available', ['nl-NL', 'fr-CA'], 'fr', 'fr-CA'],
    ['unset levels are skipped', [undefined, '', 'es-MX'], 'es', 'es-MX'],
    ['English last', ['nl', 'sv'], 'en', 'en'],
    ['nothing at all', [], 'en', 'en'],
    ['invalid tags are ignored', ['not a locale!', 'ar-EG'], 'ar', 'ar-EG'],
    ['pseudo-locales match only exactly', ['en-XA'], 'en-XA', 'en-XA'],
    ['English variants never pick the pseudo-locale', ['en-US'], 'en', 'en-US'],
  ];
  for (const [name, requested, messages, format] of cases) {
    test(name, () => assert.deepEqual(matchLocale(requested, AVAILABLE), { messages, format }));
  }
});

describe('directionOf', () => {
  for (const [locale, dir] of [['ar', 'rtl'], ['ar-EG', 'rtl'], ['he', 'rtl'], ['fa-IR', 'rtl'], ['en', 'ltr'], ['ja', 'ltr'], ['de-AT', 'ltr']] as const) {
    test(`${locale} → ${dir}`, () => assert.equal(directionOf(locale), dir));
  }
});

describe('English catalogue', () => {
  test('every message is valid ICU MessageFormat', () => {
    for (const [key, message] of Object.entries(en)) assert.doesNotThrow(() => parse(message), `message ${key}`);
  });

  test('plurals follow the locale (English one/other)', () => {
    const t = new Translator('en', 'en', en);
    assert.equal(t.t('pipeline.count', { total: 1 }), '1 deal');
    assert.equal(t.t('pipeline.count', { total: 1234 }), '1,234 deals');
  });

  test('a broken vendor message falls back to English instead of failing', () => {
    const t = new Translator('en', 'en', { ...en, 'pipeline.empty': 'Broken {', 'pipeline.count': '{missing} only' });
    assert.equal(t.t('pipeline.empty'), en['pipeline.empty']);
    assert.equal(t.t('pipeline.count', { total: 2 }), '2 deals');
  });
});

describe('pseudo-locale', () => {
  test('accents every letter, lengthens, and keeps placeholders and plurals working', () => {
    assert.match(pseudoText('Next page'), /^[^A-Za-z]+$/);
    assert.ok(pseudoText('Next page').length >= 'Next page'.length * 1.3);
    const t = new Translator('en', 'en-XA', pseudoCatalogue(en));
    const text = t.t('pipeline.count', { total: 30 });
    assert.match(text, /^⟦.*30.*⟧$/);
    assert.doesNotMatch(text, /[A-Za-z]/);
  });
});
