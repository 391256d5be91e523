/**
 * Rules of engagement, the domain: versions, the current version, acknowledgment receipts, what
 * changed since a user's last acknowledgment, and the one answer to "has this user acknowledged
 * the current version?" that deal registration asks (server/registration/hooks.ts).
 * Every function takes the caller's transaction.
 */
import { createHash } from 'node:crypto';
import { diffWordsWithSpace } from 'diff';
import type { SessionClaims } from '../auth.js';
import type { Queryable } from '../db.js';
import type { CurrentRules, DiffPart, RulesChanges, RulesPublish, RulesReceipt, RulesVersion } from '../../src/contract/index.js';
import { appendEvent } from '../events/outbox.js';
import { renderMarkdown } from '../richtext.js';

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

interface RulesRow {
  version: number | string;
  title: string;
  body: string;
  summary: string;
  body_sha256: string;
  published_at: Date | string;
  published_by: string | null;
  published_by_name: string;
}

export function toRulesVersion(r: RulesRow): RulesVersion {
  return {
    version: Number(r.version),
    title: r.title,
    body: r.body,
    bodyHtml: renderMarkdown(r.body),
    summary: r.summary,
    bodySha256: r.body_sha256,
    publishedAt: iso(r.published_at),
    publishedBy: { id: r.published_by, name: r.published_by_name },
  };
}

const COLUMNS = 'version, title, body, summary, body_sha256, published_at, published_by, published_by_name';

/** The newest version published by `now`, or null when none is. */
export async function currentVersion(tx: Queryable, now: Date): Promise<number | null> {
  const { rows } = await tx.query<{ version: number | string }>('SELECT version FROM rules WHERE published_at <= $1 ORDER BY version DESC LIMIT 1', [now.toISOString()]);
  return rows[0] ? Number(rows[0].version) : null;
}

/** One published version (by `now`), or null. */
export async function loadVersion(tx: Queryable, version: number, now: Date): Promise<RulesRow | null> {
  const { rows } = await tx.query<RulesRow>(`SELECT ${COLUMNS} FROM rules WHERE version = $1 AND published_at <= $2`, [version, now.toISOString()]);
  return rows[0] ?? null;
}

/** The newest receipt of a user, or null. */
export async function lastAcknowledgement(tx: Queryable, userId: string): Promise<{ version: number; acknowledgedAt: string } | null> {
  const { rows } = await tx.query<{ version: number | string; acknowledged_at: Date | string }>(
    'SELECT version, acknowledged_at FROM rule_acknowledgements WHERE user_id = $1 ORDER BY version DESC LIMIT 1',
    [userId],
  );
  return rows[0] ? { version: Number(rows[0].version), acknowledgedAt: iso(rows[0].acknowledged_at) } : null;
}

/**
 * THE rules check: has this user acknowledged the current version? True when no rules are
 * published yet. Deal registration refuses (409) while this is false.
 */
export async function hasAcknowledgedCurrentRules(tx: Queryable, session: Pick<SessionClaims, 'userId'>, now: Date): Promise<{ ok: boolean; currentVersion: number | null }> {
  const current = await currentVersion(tx, now);
  if (current === null) return { ok: true, currentVersion: null };
  const { rows } = await tx.query('SELECT 1 FROM rule_acknowledgements WHERE user_id = $1 AND version = $2', [session.userId, current]);
  return { ok: rows.length > 0, currentVersion: current };
}

/** Word-level diff of two Markdown sources (jsdiff; whitespace kept, so each side rebuilds exactly). */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}

/** What changed between `sinceVersion` and `current` (summaries of every version after it, and the body diff). */
export async function changesSince(tx: Queryable, sinceVersion: number, current: RulesRow, now: Date): Promise<RulesChanges | null> {
  const since = await loadVersion(tx, sinceVersion, now);
  if (!since || Number(current.version) <= sinceVersion) return null;
  const { rows } = await tx.query<{ version: number | string; summary: string; published_at: Date | string }>(
    'SELECT version, summary, published_at FROM rules WHERE version > $1 AND version <= $2 AND published_at <= $3 ORDER BY version',
    [sinceVersion, Number(current.version), now.toISOString()],
  );
  return {
    sinceVersion,
    summaries: rows.map((r) => ({ version: Number(r.version), summary: r.summary, publishedAt: iso(r.published_at) })),
    diff: wordDiff(since.body, current.body),
  };
}

/** GET /v1/rules/current for a user, or null when no rules are published. */
export async function currentRulesFor(tx: Queryable, userId: string, now: Date): Promise<CurrentRules | null> {
  const version = await currentVersion(tx, now);
  if (version === null) return null;
  const row = (await loadVersion(tx, version, now))!;
  const last = await lastAcknowledgement(tx, userId);
  const acknowledgedCurrent = last !== null && last.version === version;
  return {
    ...toRulesVersion(row),
    acknowledgedAt: acknowledgedCurrent ? last.acknowledgedAt : null,
    acknowledgedVersion: last?.version ?? null,
    changes: last && !acknowledgedCurrent ? await changesSince(tx, last.version, row, now) : null,
  };
}

/** Publishes the next version (1 + the newest) and announces it; returns it. */
export async function publishRules(tx: Queryable, s: SessionClaims, input: RulesPublish, now: Date): Promise<RulesVersion> {
  // One publisher at a time, so two racing publishes get consecutive versions, not a conflict.
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['pk-rules-publish']);
  const { rows: maxRows } = await tx.query<{ v: number | string | null }>('SELECT max(version) AS v FROM rules');
  const version = Number(maxRows[0]?.v ?? 0) + 1;
  const { rows } = await tx.query<RulesRow>(
    `INSERT INTO rules (version, title, body, summary, body_sha256, published_at, published_by, published_by_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [version, input.title, input.body, input.summary, sha256Hex(input.body), now.toISOString(), s.userId, s.name],
  );
  const published = toRulesVersion(rows[0]);
  await appendEvent(tx, {
    type: 'rules.published',
    audience: { kind: 'all' },
    data: { version, title: published.title, summary: published.summary, publishedAt: published.publishedAt },
    at: now,
  });
  return published;
}

interface ReceiptRow {
  version: number | string;
  user_id: string;
  partner_id: string | null;
  body_sha256: string;
  acknowledged_at: Date | string;
}

const toReceipt = (r: ReceiptRow): RulesReceipt => ({
  version: Number(r.version),
  userId: r.user_id,
  partnerId: r.partner_id,
  bodySha256: r.body_sha256,
  acknowledgedAt: iso(r.acknowledged_at),
});

export type AcknowledgeOutcome =
  | { kind: 'created' | 'existing'; receipt: RulesReceipt }
  | { kind: 'unknown' }
  | { kind: 'superseded'; currentVersion: number }
  | { kind: 'hash-mismatch'; bodySha256: string };

/** Records that `s` acknowledged `version` (idempotent: the first receipt is returned again). */
export async function acknowledgeRules(tx: Queryable, s: SessionClaims, version: number, bodySha256: string | undefined, now: Date): Promise<AcknowledgeOutcome> {
  const row = await loadVersion(tx, version, now);
  if (!row) return { kind: 'unknown' };
  // A superseded version is refused even if it was acknowledged back then: the answer must never
  // suggest that the caller is up to date.
  const current = await currentVersion(tx, now);
  if (current !== null && version < current) return { kind: 'superseded', currentVersion: current };
  if (bodySha256 !== undefined && bodySha256 !== row.body_sha256) return { kind: 'hash-mismatch', bodySha256: row.body_sha256 };
  const existing = await tx.query<ReceiptRow>('SELECT * FROM rule_acknowledgements WHERE version = $1 AND user_id = $2', [version, s.userId]);
  if (existing.rows[0]) return { kind: 'existing', receipt: toReceipt(existing.rows[0]) };
  const inserted = await tx.query<ReceiptRow>(
    `INSERT INTO rule_acknowledgements (version, user_id, partner_id, acknowledged_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (version, user_id) DO NOTHING RETURNING *`,
    [version, s.userId, s.partnerId, now.toISOString()],
  );
  if (inserted.rows[0]) return { kind: 'created', receipt: toReceipt(inserted.rows[0]) };
  // A concurrent request of the same user won the race: its receipt is the receipt.
  const again = await tx.query<ReceiptRow>('SELECT * FROM rule_acknowledgements WHERE version = $1 AND user_id = $2', [version, s.userId]);
  return { kind: 'existing', receipt: toReceipt(again.rows[0]) };
}

/** The published versions, newest first, one page (cursor: the last version seen). */
export async function listVersions(tx: Queryable, now: Date, page: { before: number | null; limit: number }) {
  const { rows } = await tx.query<RulesRow>(
    `SELECT ${COLUMNS} FROM rules WHERE published_at <= $1 AND ($2::int IS NULL OR version < $2) ORDER BY version DESC LIMIT $3`,
    [now.toISOString(), page.before, page.limit + 1],
  );
  const total = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM rules WHERE published_at <= $1', [now.toISOString()]);
  const items = rows.slice(0, page.limit).map((r) => {
    const { body: _b, bodyHtml: _h, ...rest } = toRulesVersion(r);
    return rest;
  });
  return { items, hasMore: rows.length > page.limit, total: Number(total.rows[0]?.n ?? 0) };
}
