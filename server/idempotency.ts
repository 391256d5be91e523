/**
 * `Idempotency-Key` for unsafe requests (POST /v1/deals): the first request with a key claims it;
 * the route's transaction stores its response with `completeIdempotencyKey` and commits it with
 * the change itself, so a retry after a lost response gets the stored response back (marked
 * `Idempotent-Replayed: true`) and nothing is created twice.
 *   same key, same body, done      → the stored response, replayed
 *   same key, same body, in flight → 409 (Retry-After: 1)
 *   same key, other body           → 422 naming the Idempotency-Key header
 */
import { createHash } from 'node:crypto';
import type { SessionClaims } from './auth.js';
import type { Db, Queryable } from './db.js';
import { withScope } from './scope.js';
import { ProblemError, validationFailed } from './problem.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAY_HEADER = 'Idempotent-Replayed';
/** A request still "in flight" after this long is taken to have died with its process. */
const IN_FLIGHT_TIMEOUT_MS = 60_000;

/** Stable hash of a JSON body: object keys sorted, so key order does not matter. */
export function requestHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

/** The header's value, checked: 1–255 visible ASCII characters. Undefined when absent. */
export function readIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw validationFailed('The Idempotency-Key header is not valid.', [
      { path: IDEMPOTENCY_HEADER, code: 'invalid_format', message: 'Use 1–255 visible ASCII characters, e.g. a UUID.' },
    ]);
  }
  return value;
}

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; body: unknown };

export interface KeyRef {
  userId: string;
  partnerId: string | null;
  key: string;
  hash: string;
}

/** Claims a key for this request, or says what to answer instead (in the caller's scoped transaction). */
export async function claimIdempotencyKey(tx: Queryable, ref: KeyRef, now: Date): Promise<Claim> {
  {
    const inserted = await tx.query(
      `INSERT INTO idempotency_keys (user_id, key, partner_id, request_hash, state, created_at)
       VALUES ($1, $2, $3, $4, 'in_flight', $5) ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
      [ref.userId, ref.key, ref.partnerId, ref.hash, now.toISOString()],
    );
    if (inserted.rows.length) return { kind: 'new' } as const;
    const { rows } = await tx.query<{ request_hash: string; state: string; response_status: number | null; response_body: unknown; created_at: Date | string }>(
      'SELECT request_hash, state, response_status, response_body, created_at FROM idempotency_keys WHERE user_id = $1 AND key = $2 FOR UPDATE',
      [ref.userId, ref.key],
    );
    const row = rows[0];
    if (!row) throw new ProblemError({ status: 409, slug: 'idempotency-in-flight', detail: 'Retry the request.', headers: { 'Retry-After': '1' } });
    if (row.request_hash !== ref.hash) {
      throw validationFailed('This Idempotency-Key was already used with a different request body.', [
        { path: IDEMPOTENCY_HEADER, code: 'conflict', message: 'Already used for a different request; use a new key for a new request.' },
      ]);
    }
    if (row.state === 'done') {
      const body = typeof row.response_body === 'string' ? (JSON.parse(row.response_body) as unknown) : row.response_body;
      return { kind: 'replay', status: Number(row.response_status), body } as const;
    }
    if (now.getTime() - new Date(row.created_at).getTime() < IN_FLIGHT_TIMEOUT_MS) {
      throw new ProblemError({
        status: 409,
        slug: 'idempotency-in-flight',
        title: 'Request in progress',
        detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
        headers: { 'Retry-After': '1' },
      });
    }
    // Stale: its process died before finishing. Take it over.
    await tx.query('UPDATE idempotency_keys SET created_at = $3 WHERE user_id = $1 AND key = $2', [ref.userId, ref.key, now.toISOString()]);
    return { kind: 'new' } as const;
  }
}

/** Stores the response inside the route's own transaction, so it commits with the change. */
export async function completeIdempotencyKey(tx: Queryable, ref: KeyRef, status: number, body: unknown, now: Date): Promise<void> {
  await tx.query(
    `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4::jsonb, completed_at = $5
      WHERE user_id = $1 AND key = $2`,
    [ref.userId, ref.key, status, JSON.stringify(body), now.toISOString()],
  );
}

/** Frees a claimed key after the request failed without committing, so a retry can run. */
export async function releaseIdempotencyKey(tx: Queryable, ref: KeyRef): Promise<void> {
  await tx.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'in_flight'`, [ref.userId, ref.key]);
}

/**
 * Runs an unsafe request under its `Idempotency-Key` header (when sent): a replay answers the
 * stored response; `run` gets the key to complete inside its own transaction; a failure frees it.
 * `raw` is what identifies the request (its body, or for an upload its metadata and file hash).
 */
export async function idempotently<T extends object>(
  db: Db,
  s: SessionClaims,
  header: string | undefined,
  raw: unknown,
  now: () => Date,
  run: (ref: KeyRef | null) => Promise<T>,
): Promise<{ body: T; replayed: boolean; status?: number }> {
  const key = readIdempotencyKey(header);
  const ref: KeyRef | null = key ? { userId: s.userId, partnerId: s.partnerId, key, hash: requestHash(raw) } : null;
  if (ref) {
    const claim = await withScope(db, s, (tx) => claimIdempotencyKey(tx, ref, now()));
    if (claim.kind === 'replay') return { body: claim.body as T, replayed: true, status: claim.status };
  }
  try {
    return { body: await run(ref), replayed: false };
  } catch (error) {
    if (ref) await withScope(db, s, (tx) => releaseIdempotencyKey(tx, ref)).catch(() => {});
    throw error;
  }
}
