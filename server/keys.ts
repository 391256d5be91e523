/**
 * Keys (issue 8, finding 3).
 *
 * - The **secret key** (PARTNERKIT_SECRET_KEY) only authenticates the vendor's server at
 *   POST /v1/sessions. In production it must look machine-generated (`keyStrength`); the
 *   `keygen` command makes one. PARTNERKIT_SECRET_KEY_PREVIOUS is accepted too while a vendor
 *   rolls a new key out.
 * - Session tokens are signed with a separate **signing key**: 256 random bits, generated on first
 *   start and kept in the database (`signing_keys`, migration 30), so every server on one
 *   database shares it and nothing about it follows from the secret key — a captured token
 *   cannot be used to guess the secret key offline, nor the signing key. Rotation keeps two:
 *   the newest signs, the one before it still verifies (tokens carry the key id in `kid`).
 *   PARTNERKIT_SIGNING_KEY (+ PARTNERKIT_SIGNING_KEY_PREVIOUS) replaces the stored keys with
 *   keys of your own.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from './db.js';

/** A new secret key: `pk_sk_` + 256 random bits, base64url. */
export function generateSecretKey(): string {
  return `pk_sk_${randomBytes(32).toString('base64url')}`;
}

export const MIN_KEY_LENGTH = 32;
export const MIN_KEY_BITS = 128;

/**
 * Estimated entropy of a key in bits: runs of repeated or consecutive characters (`aaaa`,
 * `0123`, `abcdef`) count as one character, then Shannon entropy of the character frequencies ×
 * length. Random keys of 32+ characters score well above 128; patterned or short ones below.
 * It cannot tell a memorable phrase from a random string: generate keys with `keygen`.
 */
export function estimateKeyBits(key: string): number {
  const chars = [...key];
  const collapsed: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const prev = chars[i - 1]?.codePointAt(0);
    const cur = chars[i].codePointAt(0)!;
    const prevPrev = chars[i - 2]?.codePointAt(0);
    const inRun = prev !== undefined && (cur === prev || cur === prev + 1 || cur === prev - 1) && (prevPrev === undefined || cur - prev === prev - prevPrev);
    if (!inRun) collapsed.push(chars[i]);
  }
  const counts = new Map<string, number>();
  for (const ch of collapsed) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / collapsed.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * collapsed.length;
}

/** Null when `key` is long and random enough for production; else why not. */
export function keyWeakness(key: string): string | null {
  if (key.length < MIN_KEY_LENGTH) return `it is ${key.length} characters long; at least ${MIN_KEY_LENGTH} are required`;
  const bits = estimateKeyBits(key);
  if (bits < MIN_KEY_BITS) return `it looks guessable (about ${Math.floor(bits)} bits of entropy; at least ${MIN_KEY_BITS} are required)`;
  return null;
}

export interface SigningKey {
  kid: string;
  key: Uint8Array;
}

/** The keys that sign (current) and verify (current and previous) session tokens. */
export interface SigningKeyRing {
  current(): SigningKey;
  /** The key with this id, reloading once from the store when it is unknown (another server rotated). */
  find(kid: string): Promise<SigningKey | undefined>;
}

const decode = (secret: string): Uint8Array => new Uint8Array(Buffer.from(secret, 'base64url'));

/** Keys given by the operator (PARTNERKIT_SIGNING_KEY[_PREVIOUS]): each must be high-entropy. */
export function staticKeyRing(current: string, previous?: string): SigningKeyRing {
  const make = (value: string, name: string): SigningKey => {
    const weak = keyWeakness(value);
    if (weak) throw new Error(`${name} is refused: ${weak}. Generate one with \`npx partnerkit-server keygen\`.`);
    return { kid: `k_${createHash('sha256').update(value).digest('hex').slice(0, 16)}`, key: new TextEncoder().encode(value) };
  };
  const keys = [make(current, 'PARTNERKIT_SIGNING_KEY'), ...(previous ? [make(previous, 'PARTNERKIT_SIGNING_KEY_PREVIOUS')] : [])];
  return { current: () => keys[0], find: async (kid) => keys.find((k) => k.kid === kid) };
}

const LOCK = "SELECT pg_advisory_xact_lock(hashtext('partnerkit.signing_keys'))";

async function readKeys(q: Queryable): Promise<SigningKey[]> {
  const { rows } = await q.query<{ kid: string; secret: string }>('SELECT kid, secret FROM signing_keys ORDER BY created_at DESC, kid DESC LIMIT 2');
  return rows.map((r) => ({ kid: r.kid, key: decode(r.secret) }));
}

async function insertKey(tx: Queryable): Promise<string> {
  const kid = `k_${randomBytes(8).toString('hex')}`;
  await tx.query('INSERT INTO signing_keys (kid, secret, created_at) VALUES ($1, $2, clock_timestamp())', [kid, randomBytes(32).toString('base64url')]);
  return kid;
}

/** Generates a new signing key: it signs from the next start; the one before keeps verifying; older ones are deleted. */
export async function rotateSigningKey(db: Db): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.query(LOCK);
    const kid = await insertKey(tx);
    await tx.query('DELETE FROM signing_keys WHERE kid NOT IN (SELECT kid FROM signing_keys ORDER BY created_at DESC, kid DESC LIMIT 2)');
    return kid;
  });
}

/** The stored keys (one is generated on first start); `find` rereads them, at most every 10 s, for an unknown id. */
export async function databaseKeyRing(db: Db): Promise<SigningKeyRing> {
  let keys = await db.transaction(async (tx) => {
    await tx.query(LOCK);
    const existing = await readKeys(tx);
    if (existing.length) return existing;
    await insertKey(tx);
    return readKeys(tx);
  });
  let reloadedAt = 0; // the first unknown id rereads at once; then at most every 10 s (forged ids cannot hammer the database)
  return {
    current: () => keys[0],
    async find(kid) {
      const hit = keys.find((k) => k.kid === kid);
      if (hit || Date.now() - reloadedAt < 10_000) return hit;
      reloadedAt = Date.now();
      const fresh = await readKeys(db);
      if (fresh.length) keys = [keys[0], ...fresh.filter((k) => k.kid !== keys[0].kid)].slice(0, 3);
      return keys.find((k) => k.kid === kid);
    },
  };
}
