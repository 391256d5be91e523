/**
 * Customer identity rules for the uniqueness test: the registrable domain (Public Suffix List,
 * via tldts) and a normalised company name. Plain functions; tested by tables.
 */
import { domainToASCII } from 'node:url';
import { getDomain, getHostname } from 'tldts';

/**
 * The registrable domain ("eTLD+1") of whatever a user typed: a URL, a host, an email address.
 * Case, scheme, credentials, port, `www.` and other subdomains, paths and trailing dots are
 * ignored; internationalised names become their ASCII (punycode) form. Private suffixes such as
 * github.io count as public, so `acme.github.io` stays distinct from `other.github.io`.
 * Returns null when there is no registrable domain (a bare suffix, an IP address, `localhost`).
 */
export function registrableDomain(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const host = getHostname(trimmed.includes('@') && !trimmed.includes('://') ? trimmed.slice(trimmed.lastIndexOf('@') + 1) : trimmed);
  if (!host) return null;
  const ascii = domainToASCII(host.replace(/\.+$/, '').toLowerCase());
  if (!ascii) return null;
  return getDomain(ascii, { allowPrivateDomains: true });
}

/** Legal-form words dropped from the end of a company name (after punctuation is removed). */
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc',
  'gmbh', 'mbh', 'ag', 'kg', 'kgaa', 'ug', 'ev', 'se', 'sa', 'sas', 'sarl', 'srl', 'spa', 'sl', 'bv', 'nv', 'ab',
  'rl', 'as', 'asa', 'aps', 'oy', 'oyj', 'pty', 'pte', 'kk', 'sro', 'sp', 'zoo', 'group', 'holding', 'holdings',
]);

/**
 * A company name reduced to what identifies it: lower case, accents removed (Müller → muller),
 * `&` as "and", punctuation dropped (S.A. → sa), spaced initials joined (S. A. → sa), a leading
 * "the" and trailing legal forms (Inc, GmbH, Ltd, S.A., & Co. KG, …) removed. Never empty for a
 * non-blank name: a name made only of legal words keeps them.
 */
export function normaliseCompany(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  // Join runs of single letters ("s a" → "sa", "i b m" → "ibm").
  let words: string[] = [];
  let lastWasInitials = false;
  for (const w of base.split(' ').filter(Boolean)) {
    if (w.length === 1 && lastWasInitials) words[words.length - 1] += w;
    else words.push(w);
    lastWasInitials = w.length === 1 ? true : false;
  }
  const original = words.join(' ');
  if (words[0] === 'the' && words.length > 1) words = words.slice(1);
  while (words.length > 1 && (LEGAL_SUFFIXES.has(words[words.length - 1]) || words[words.length - 1] === 'and')) words = words.slice(0, -1);
  return words.join(' ') || original;
}

