/**
 * The channel manager's receipt reports (rules acknowledgments, announcement receipts) page
 * through partner orgs; each lists the partner users the server knows (every user who has had a
 * session) and what each of them did. Run in the channel manager's (all partners) scope.
 */
import type { Motion, Tier } from '../src/contract/index.js';
import type { Queryable } from './db.js';
import { invalidQuery } from './problem.js';

export interface ReportPartner {
  id: string;
  name: string;
  tier: Tier;
}

export interface ReportUser {
  id: string;
  name: string;
  email: string | null;
  role: 'partner_user' | 'partner_admin';
  partnerId: string;
}

export const encodePartnerCursor = (partnerId: string): string => Buffer.from(JSON.stringify({ p: partnerId })).toString('base64url');

export function decodePartnerCursor(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { p?: unknown };
    if (typeof v.p === 'string' && v.p.length > 0 && v.p.length <= 200) return v.p;
  } catch {
    /* fall through */
  }
  throw invalidQuery([{ path: 'cursor', code: 'invalid_cursor', message: 'Not a cursor this server issued; pass nextCursor from the previous page.' }]);
}

/** Partner orgs (optionally only those in an announcement's audience), ordered by id, one page. */
export async function partnerPage(
  tx: Queryable,
  page: { after: string | null; limit: number },
  audience?: { tiers: readonly Tier[]; motions: readonly Motion[] },
): Promise<{ partners: ReportPartner[]; hasMore: boolean; total: number; allIds: string[] }> {
  const tiers = JSON.stringify(audience?.tiers ?? []);
  const motions = JSON.stringify(audience?.motions ?? []);
  const where = `(jsonb_array_length($1::jsonb) = 0 OR $1::jsonb ? p.tier)
    AND (jsonb_array_length($2::jsonb) = 0 OR p.motions ?| ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))`;
  const { rows } = await tx.query<ReportPartner>(`SELECT p.id, p.name, p.tier FROM partners p WHERE ${where} ORDER BY p.id`, [tiers, motions]);
  const start = page.after === null ? 0 : rows.findIndex((r) => r.id > page.after!);
  const from = start < 0 ? rows.length : start;
  const slice = rows.slice(from, from + page.limit);
  return { partners: slice, hasMore: from + page.limit < rows.length, total: rows.length, allIds: rows.map((r) => r.id) };
}

/** Partner users of the given orgs, by org. */
export async function usersOf(tx: Queryable, partnerIds: readonly string[]): Promise<Map<string, ReportUser[]>> {
  const byPartner = new Map<string, ReportUser[]>(partnerIds.map((id) => [id, []]));
  if (partnerIds.length === 0) return byPartner;
  const { rows } = await tx.query<{ id: string; name: string; email: string | null; role: ReportUser['role']; partner_id: string }>(
    `SELECT id, name, email, role, partner_id FROM users
      WHERE partner_id = ANY($1::text[]) AND role IN ('partner_user','partner_admin') ORDER BY partner_id, name, id`,
    [partnerIds],
  );
  for (const r of rows) byPartner.get(r.partner_id)?.push({ id: r.id, name: r.name, email: r.email, role: r.role, partnerId: r.partner_id });
  return byPartner;
}
