import type { Queryable } from './db.js';
import type { Deal, DealSort, DealStatus, Motion, Stage, VendorDeal } from '../src/contract/index.js';
import type { SessionClaims } from './auth.js';
import { badRequest } from './problem.js';

export interface DealRow {
  id: string;
  partner_id: string;
  partner_name: string;
  motion: string;
  stage: string;
  status: string;
  customer_company: string;
  customer_domain: string;
  owner_name: string;
  next_step: string | null;
  stage_note: string | null;
  stage_note_updated_at: Date | string | null;
  attribution_type: string;
  attribution_percent: string | number;
  amount_value: string | number;
  currency: string;
  expected_close_date: string;
  protection_starts_at: Date | string | null;
  protection_ends_at: Date | string | null;
  sla_due_at: Date | string | null;
  conflict_status: string;
  conflict_reason: string | null;
  discount_band: string | null;
  internal_notes: string | null;
  last_activity_at: Date | string;
  created_at: Date | string;
  sort_value?: string;
}

const SELECT = `SELECT d.id, d.partner_id, p.name AS partner_name, d.motion, d.stage, d.status, d.customer_company,
  d.customer_domain, d.owner_name, d.next_step, d.stage_note, d.stage_note_updated_at, d.attribution_type,
  d.attribution_percent, d.amount_value, d.currency, to_char(d.expected_close_date, 'YYYY-MM-DD') AS expected_close_date,
  d.protection_starts_at, d.protection_ends_at, d.sla_due_at, d.conflict_status, d.conflict_reason, d.discount_band,
  d.internal_notes, d.last_activity_at, d.created_at`;

/** Sort key SQL expression and its parameter cast, per sort field (without the '-' prefix). */
const SORT_EXPR: Record<string, { expr: string; cast: string }> = {
  createdAt: { expr: 'd.created_at', cast: 'timestamptz' },
  lastActivityAt: { expr: 'd.last_activity_at', cast: 'timestamptz' },
  expectedCloseDate: { expr: 'd.expected_close_date', cast: 'date' },
  amount: { expr: 'd.amount_value', cast: 'numeric' },
  customer: { expr: '(lower(d.customer_company) COLLATE "C")', cast: 'text' },
};

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
const isoOrNull = (v: Date | string | null): string | null => (v === null ? null : iso(v));

export function toDeal(row: DealRow): Deal {
  return {
    id: row.id,
    customer: { company: row.customer_company, domain: row.customer_domain },
    motion: row.motion as Motion,
    stage: row.stage as Stage,
    status: row.status as DealStatus,
    owner: row.owner_name,
    nextStep: row.next_step,
    stageNote: row.stage_note === null ? null : { text: row.stage_note, updatedAt: iso(row.stage_note_updated_at ?? row.last_activity_at) },
    attribution: { type: row.attribution_type as 'sourced' | 'influenced', percent: Number(row.attribution_percent) },
    amount: { value: Number(row.amount_value), currency: row.currency },
    expectedCloseDate: row.expected_close_date,
    protection:
      row.protection_starts_at !== null && row.protection_ends_at !== null
        ? { startsAt: iso(row.protection_starts_at), endsAt: iso(row.protection_ends_at) }
        : null,
    slaDueAt: isoOrNull(row.sla_due_at),
    conflict: { status: row.conflict_status as Deal['conflict']['status'], reason: row.conflict_reason },
    partner: { id: row.partner_id, name: row.partner_name },
    lastActivityAt: iso(row.last_activity_at),
    createdAt: iso(row.created_at),
  };
}

export type DealPartnerEntry = VendorDeal['partners'][number];

export function toVendorDeal(row: DealRow, partners: DealPartnerEntry[]): VendorDeal {
  return { ...toDeal(row), discountBand: row.discount_band, internalNotes: row.internal_notes, partners };
}

async function loadDealPartners(db: Queryable, ids: string[]): Promise<Map<string, DealPartnerEntry[]>> {
  const map = new Map<string, DealPartnerEntry[]>();
  if (ids.length === 0) return map;
  const { rows } = await db.query<{ deal_id: string; partner_id: string; name: string; type: string; percent: string | number }>(
    `SELECT dp.deal_id, dp.partner_id, p.name, dp.type, dp.percent
       FROM deal_partners dp JOIN partners p ON p.id = dp.partner_id
      WHERE dp.deal_id = ANY($1::text[])
      ORDER BY dp.deal_id, (dp.type = 'sourced') DESC, dp.percent DESC, dp.partner_id`,
    [ids],
  );
  for (const r of rows) {
    const list = map.get(r.deal_id) ?? [];
    list.push({ partnerId: r.partner_id, name: r.name, type: r.type as 'sourced' | 'influenced', percent: Number(r.percent) });
    map.set(r.deal_id, list);
  }
  return map;
}

/** Serialises rows for the caller: safe fields for partner roles, vendor fields for a channel manager. */
export async function serialize(db: Queryable, session: SessionClaims, rows: DealRow[]): Promise<Array<Deal | VendorDeal>> {
  if (session.role !== 'channel_manager') return rows.map(toDeal);
  const partners = await loadDealPartners(db, rows.map((r) => r.id));
  return rows.map((r) => toVendorDeal(r, partners.get(r.id) ?? []));
}

interface Cursor {
  s: string;
  v: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string, sort: string): Cursor {
  const invalid = () => badRequest('The cursor is not valid.', [{ path: 'cursor', code: 'invalid_cursor', message: 'Invalid cursor; use nextCursor from a previous page.' }]);
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!parsed || typeof parsed !== 'object') throw invalid();
  const { s, v, id } = parsed as Record<string, unknown>;
  if (typeof s !== 'string' || typeof v !== 'string' || typeof id !== 'string') throw invalid();
  if (!(s.replace(/^-/, '') in SORT_EXPR)) throw invalid();
  // Validate the value can be cast, so a forged cursor gives 400, not 500.
  const field = s.replace(/^-/, '');
  if (SORT_EXPR[field].cast === 'numeric' && !/^-?\d+(\.\d+)?$/.test(v)) throw invalid();
  if (SORT_EXPR[field].cast === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw invalid();
  if (SORT_EXPR[field].cast === 'timestamptz' && !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(v)) throw invalid();
  if (s !== sort) {
    throw badRequest('The cursor was issued for a different sort.', [{ path: 'cursor', code: 'invalid_cursor', message: `Cursor belongs to sort "${s}", not "${sort}".` }]);
  }
  return { s, v, id };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => '\\' + m);
}

export interface ListParams {
  motion?: Motion;
  stage?: Stage;
  status?: DealStatus;
  q?: string;
  sort: DealSort;
  cursor?: string;
  limit: number;
}

export async function listDeals(db: Queryable, session: SessionClaims, p: ListParams) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (session.role !== 'channel_manager') where.push(`d.partner_id = ${add(session.partnerId)}`);
  if (p.motion) where.push(`d.motion = ${add(p.motion)}`);
  if (p.stage) where.push(`d.stage = ${add(p.stage)}`);
  if (p.status) where.push(`d.status = ${add(p.status)}`);
  const q = p.q?.trim();
  if (q) {
    const pat = add(`%${escapeLike(q)}%`);
    where.push(`(d.customer_company ILIKE ${pat} ESCAPE '\\' OR d.customer_domain ILIKE ${pat} ESCAPE '\\' OR coalesce(d.next_step, '') ILIKE ${pat} ESCAPE '\\')`);
  }
  const filterWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countParams = [...params];

  const desc = p.sort.startsWith('-');
  const field = p.sort.replace(/^-/, '');
  const { expr, cast } = SORT_EXPR[field];
  const pageWhere = [...where];
  if (p.cursor) {
    const c = decodeCursor(p.cursor, p.sort);
    pageWhere.push(`(${expr}, d.id) ${desc ? '<' : '>'} (${add(c.v)}::${cast}, ${add(c.id)})`);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const limitParam = add(p.limit + 1);
  const sql = `${SELECT}, ${expr}::text AS sort_value
    FROM deals d JOIN partners p ON p.id = d.partner_id
    ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
    ORDER BY ${expr} ${dir}, d.id ${dir}
    LIMIT ${limitParam}`;
  let page: { rows: DealRow[] };
  try {
    page = await db.query<DealRow>(sql, params);
  } catch (err) {
    // A forged cursor whose value does not cast (SQLSTATE class 22: data exception) is a client error.
    if (p.cursor && typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('22')) {
      throw badRequest('The cursor is not valid.', [{ path: 'cursor', code: 'invalid_cursor', message: 'Invalid cursor; use nextCursor from a previous page.' }]);
    }
    throw err;
  }
  const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deals d ${filterWhere}`, countParams);
  const rows = page.rows.slice(0, p.limit);
  const hasMore = page.rows.length > p.limit;
  const last = rows[rows.length - 1];
  const nextCursor = hasMore && last ? encodeCursor({ s: p.sort, v: String(last.sort_value), id: last.id }) : null;
  return { items: await serialize(db, session, rows), nextCursor, total: Number(count.rows[0]?.n ?? 0) };
}

export async function getDeal(db: Queryable, session: SessionClaims, id: string): Promise<Deal | VendorDeal | null> {
  const params: unknown[] = [id];
  let sql = `${SELECT} FROM deals d JOIN partners p ON p.id = d.partner_id WHERE d.id = $1`;
  if (session.role !== 'channel_manager') {
    params.push(session.partnerId);
    sql += ' AND d.partner_id = $2';
  }
  const { rows } = await db.query<DealRow>(sql, params);
  if (rows.length === 0) return null;
  const [deal] = await serialize(db, session, rows);
  return deal;
}
