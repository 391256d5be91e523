import { TYPE, parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Catalogue } from './types.js';

/** Accented look-alikes: pseudo-localized text is readable, but has no plain ASCII letter. */
const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [c, [...'åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i]]),
);
const VOWELS = /[aeiouyAEIOUY]/;

/** Accents every letter and doubles vowels: about 40% longer, like German or Finnish UI text. */
export function pseudoText(text: string): string {
  let out = '';
  for (const c of text) {
    const a = ACCENTED[c];
    out += a ? (VOWELS.test(c) ? a + a : a) : c;
  }
  return out;
}

function transform(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((el) => {
    if (el.type === TYPE.literal) return { ...el, value: pseudoText(el.value) };
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      return { ...el, options: Object.fromEntries(Object.entries(el.options).map(([k, o]) => [k, { ...o, value: transform(o.value) }])) };
    }
    if (el.type === TYPE.tag) return { ...el, children: transform(el.children) };
    return el;
  });
}

/**
 * A pseudo-locale of a catalogue: every literal accented and lengthened, wrapped in ⟦ ⟧ so
 * clipped ends show; placeholders, plurals and tags are kept. Tests render every story with
 * it to find text that does not come from the catalogue, and text that does not fit.
 */
export function pseudoCatalogue(source: Record<string, string | MessageFormatElement[]>): Catalogue {
  const out: Catalogue = {};
  for (const [key, message] of Object.entries(source)) {
    const literal = (value: string): MessageFormatElement => ({ type: TYPE.literal, value });
    out[key] = [literal('⟦'), ...transform(typeof message === 'string' ? parse(message) : message), literal('⟧')];
  }
  return out;
}
