/**
 * Prospect share links: a random token (shown once; only its SHA-256 is stored) that opens one
 * shareable item without a session until it expires or is revoked. Each open is a prospect open
 * counted for the sharing partner.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionClaims } from '../auth.js';
import type { Queryable } from '../db.js';
import type { ShareLink, ShareLinkList } from '../../src/contract/index.js';
import { newId } from '../registration/store.js';
import { recordEvent } from './engagement.js';
import { lockFor } from './gate.js';
import { ITEM_COLUMNS, contentViewerOf, gateOf, type ItemRow } from './items.js';

const DAY = 86_400_000;
const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Tokens are 32 random bytes, base64url (43 characters). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The public path a token opens (relative to the server's origin). */
export const sharePath = (token: string) => `/share/${token}`;

/** Creates a link (the caller checked the item is visible, unlocked and shareable) and records the share. */
export async function createShareLink(tx: Queryable, s: SessionClaims, contentId: string, expiresInDays: number, origin: string, now: Date): Promise<ShareLink> {
  const token = randomBytes(32).toString('base64url');
  const id = newId('sl_');
  const expiresAt = new Date(now.getTime() + expiresInDays * DAY);
  await tx.query(
    `INSERT INTO content_share_links (id, content_id, partner_id, created_by, token_sha256, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, contentId, s.partnerId, s.userId, hashToken(token), now.toISOString(), expiresAt.toISOString()],
  );
  await recordEvent(tx, { contentId, partnerId: s.partnerId, userId: s.userId, type: 'share', shareLinkId: id }, now);
  return { id, contentId, url: origin + sharePath(token), token, expiresAt: expiresAt.toISOString(), createdAt: now.toISOString() };
}

/** The caller's org's live links for an item (row-level security keeps it to the org). */
export async function listShareLinks(tx: Queryable, contentId: string, now: Date): Promise<ShareLinkList> {
  const { rows } = await tx.query<{ id: string; content_id: string; expires_at: Date | string; created_at: Date | string; created_by: string; opens: number }>(
    `SELECT l.id, l.content_id, l.expires_at, l.created_at, l.created_by,
            (SELECT count(*)::int FROM content_events e WHERE e.share_link_id = l.id AND e.type = 'prospect_open') AS opens
       FROM content_share_links l
      WHERE l.content_id = $1 AND l.revoked_at IS NULL AND l.expires_at > $2
      ORDER BY l.created_at DESC, l.id LIMIT 100`,
    [contentId, now.toISOString()],
  );
  return { items: rows.map((r) => ({ id: r.id, contentId: r.content_id, expiresAt: iso(r.expires_at), createdAt: iso(r.created_at), createdBy: r.created_by, opens: Number(r.opens) })) };
}

/** Revokes one of the caller's org's links (idempotent). false: no such link in the caller's scope. */
export async function revokeShareLink(tx: Queryable, contentId: string, linkId: string, now: Date): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE content_share_links SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND content_id = $2 RETURNING 1`,
    [linkId, contentId, now.toISOString()],
  );
  return rows.length > 0;
}

export type ShareOpen = { kind: 'ok'; item: ItemRow } | { kind: 'not-found' } | { kind: 'gone' };

/**
 * Opens a link (all-partners scope: a prospect has no session). Gone when it expired, was
 * revoked, or the item was unpublished, made unshareable, or is now locked for the sharing org.
 */
export async function openShareLink(tx: Queryable, token: string, now: Date): Promise<ShareOpen> {
  if (!TOKEN_PATTERN.test(token)) return { kind: 'not-found' };
  const { rows } = await tx.query<{ id: string; partner_id: string; expires_at: Date | string; revoked_at: Date | string | null } & ItemRow>(
    `SELECT l.id AS link_id, l.partner_id, l.expires_at, l.revoked_at, ${ITEM_COLUMNS}
       FROM content_share_links l JOIN content_items c ON c.id = l.content_id WHERE l.token_sha256 = $1`,
    [hashToken(token)],
  );
  const r = rows[0] as (typeof rows)[number] & { link_id: string };
  if (!r) return { kind: 'not-found' };
  if (r.revoked_at !== null || new Date(r.expires_at).getTime() <= now.getTime() || !r.published || !r.shareable) return { kind: 'gone' };
  const viewer = await contentViewerOf(tx, { role: 'partner_user', partnerId: r.partner_id });
  if (lockFor(gateOf(r), viewer)) return { kind: 'gone' };
  await recordEvent(tx, { contentId: r.id, partnerId: r.partner_id, userId: null, type: 'prospect_open', shareLinkId: r.link_id }, now);
  return { kind: 'ok', item: r };
}
