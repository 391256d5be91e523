/**
 * Which part of a search the trigram index looks up (issue 11). The index holds, per trigram, the
 * list of every deal whose text contains it, and a lookup reads the whole list of each trigram in
 * the search: for `whitfield follow up 42`, twenty lists, ten of which hold every deal ("follow
 * up" is in every next step), 8 ms at 100,000 deals though 373 deals match. A phrase is looked up
 * by its uncommon words alone (` 42`: 2 lists, under 2 ms) and every candidate tested for the
 * whole phrase, so the matches are the same.
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
 * The terms the index should look up for `q` (lower-cased, trimmed; each a substring of it that
 * every match contains), or null to look up all of `q`: only when `q` has several words, some of
 * them common in `sample`. A word keeps the spaces next to it in `q`, so that a short one (` 42`)
 * still gives the index a trigram, and only the spaces: any other character may stand in a match
 * where a word of `q` ends.
 */
export function indexTerms(q: string, sample: readonly string[]): string[] | null {
  const words = q.split(' ');
  if (sample.length === 0 || words.filter(Boolean).length < 2) return null;
  // Only words with a letter or digit: the index has no trigram of the others (`-`).
  const terms = words.flatMap((w, i) => (/[\p{L}\p{N}]/u.test(w) ? [`${i > 0 ? ' ' : ''}${w}${i < words.length - 1 ? ' ' : ''}`] : []));
  const common = COMMON_SHARE * sample.length;
  const uncommon = terms.filter((t) => {
    let n = 0;
    for (const text of sample) if (contains(text, t) && ++n >= common) return false;
    return true;
  });
  return uncommon.length > 0 && uncommon.length < terms.length ? uncommon : null;
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
