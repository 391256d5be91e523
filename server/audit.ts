import type { Queryable } from './db.js';

export interface AuditEntry {
  /** The partner the entry belongs to (null: vendor-side only). */
  partnerId: string | null;
  /** Who did it: a user id, or `secret-key` for the vendor's server. */
  actor: string;
  /** What happened, e.g. `session.minted`. */
  action: string;
  objectType: string;
  objectId?: string | null;
  detail?: Record<string, unknown>;
  at?: string;
}

/**
 * Appends to the audit log (inside a `withScope` transaction). The request role may only insert
 * and read it: UPDATE, DELETE and TRUNCATE are revoked (server/rls.ts `appendOnlyTable`).
 */
export async function appendAudit(tx: Queryable, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (partner_id, actor, action, object_type, object_id, detail, at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, coalesce($7::timestamptz, now()))`,
    [e.partnerId, e.actor, e.action, e.objectType, e.objectId ?? null, JSON.stringify(e.detail ?? {}), e.at ?? null],
  );
}
