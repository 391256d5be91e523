/**
 * Which part of a search the trigram index looks up (issue 11). The index holds, per trigram, the
 * list of every deal whose text contains it, and a lookup reads the whole list of each trigram in
 * the search: for `whitfield follow up 42`, twenty lists, ten of which hold every deal ("follow
 * up" is in every next step), 8 ms at 100,000 deals though 373 deals match. A search is looked up
 * by its uncommon words alone (` 42`: 2 lists, under 2 ms) and every candidate tested for all of
 * it, so the matches are the same.
 *
 * Which words are common is read from a sample of the deals' search texts (every partner's: it
 * only decides how the index is read, and never leaves the server), taken again every few minutes.
 */
import type { Queryable } from '../db.js';

/** A word in at least this share of the deals' texts is common. */
export const COMMON_SHARE = 0.05;

/** About this many table pages are sampled (some 2,000 texts at 100,000 deals; all of a small table). */
const SAMPLE_PAGES = 50;

/** A sample is taken again after this long (ms). */
const SAMPLE_TTL_MS = 10 * 60_000;

/**
 * The terms the index should look up for `q` (lower-cased, trimmed; each a substring of it, so
 * every match contains it), or null to look up all of `q`: only when `q` has several words (runs
 * of letters and digits, as the index splits text), some of them common in `sample`. A term is a
 * word with the character before and after it in `q` (`-777.` of `bench-777.`, ` 42` of `follow up
 * 42`): the index has a trigram for a word's start or end only where `q` says one is there. A
 * term the index would find no trigram in (`x ` of `x follow`) is never looked up alone.
 */
export function indexTerms(q: string, sample: readonly string[]): string[] | null {
  const words = [...q.matchAll(/[\p{L}\p{N}]+/gu)];
  if (sample.length === 0 || words.length < 2) return null;
  const terms = words.map(({ 0: word, index: start }) => {
    const before = start > 0;
    const after = start + word.length < q.length;
    const text = q.slice(before ? start - 1 : start, after ? start + word.length + 1 : start + word.length);
    // Trigrams: the word's own, "  w" where a word starts, "wo " where one ends.
    return { text, trigram: word.length >= 3 || before || (after && word.length >= 2) };
  });
  const common = COMMON_SHARE * sample.length;
  const isCommon = (term: string) => {
    let n = 0;
    for (const text of sample) if (contains(text, term) && ++n >= common) return true;
    return false;
  };
  const uncommon = terms.filter((t) => t.trigram && !isCommon(t.text));
  return uncommon.length > 0 && uncommon.length < terms.length ? uncommon.map((t) => t.text) : null;
}

/**
 * Whether `text` holds `term` as the index sees it: with a space before and after the text (the
 * first word of a text starts a word too).
 */
function contains(text: string, term: string): boolean {
  return text.includes(term) || (term.startsWith(' ') && text.startsWith(term.slice(1))) || (term.endsWith(' ') && text.endsWith(term.slice(0, -1)));
}

/**
 * A sample of the deals' search texts (deal_search.doc), taken once per `ttlMs` and shared by the
 * requests meanwhile: whole table pages, about {@link SAMPLE_PAGES} of them (REPEATABLE: the same
 * pages while the table keeps its size).
 */
export function searchSample(db: Queryable, ttlMs = SAMPLE_TTL_MS): () => Promise<readonly string[]> {
  let taken: { at: number; texts: Promise<readonly string[]> } | null = null;
  return () => {
    const now = Date.now();
    if (!taken || now - taken.at > ttlMs) {
      const texts = db
        .query<{ doc: string }>(
          `SELECT doc FROM deal_search TABLESAMPLE SYSTEM (least(100, 100.0 * ${SAMPLE_PAGES} /
             greatest(1, pg_relation_size('deal_search') / current_setting('block_size')::int))) REPEATABLE (0)`,
        )
        .then((r) => r.rows.map((row) => row.doc));
      taken = { at: now, texts };
      // A failed sample is taken again by the next search, which meanwhile looks up all of q.
      texts.catch(() => {
        if (taken?.texts === texts) taken = null;
      });
    }
    return taken.texts.catch(() => []);
  };
}
