import type { Queryable } from './db.js';
import { CONTACT_ROLES, type ContactRole, type Deal, type DealSort, type DealStatus, type Motion, type Stage, type VendorDeal } from '../src/contract/index.js';
import type { SessionClaims } from './auth.js';
import { SEARCH_DOC_SQL } from './pipeline-migrations.js';
import { indexTerms } from './pipeline/search-terms.js';
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
  version: number | string;
  partner_contacts: Array<{ name: string; email: string; role: string }> | string | null;
  amount_confirmed_at: Date | string | null;
  close_date_confirmed_at: Date | string | null;
  sort_value?: string;
}

/** The columns of a deal row, as [name in DealRow, SQL expression over `deals d JOIN partners p`]. */
const COLUMNS: ReadonlyArray<readonly [keyof DealRow, string]> = [
  ['id', 'd.id'], ['partner_id', 'd.partner_id'], ['partner_name', 'p.name'], ['motion', 'd.motion'], ['stage', 'd.stage'],
  ['status', 'd.status'], ['customer_company', 'd.customer_company'], ['customer_domain', 'd.customer_domain'],
  ['owner_name', 'd.owner_name'], ['next_step', 'd.next_step'], ['stage_note', 'd.stage_note'],
  ['stage_note_updated_at', 'd.stage_note_updated_at'], ['attribution_type', 'd.attribution_type'],
  ['attribution_percent', 'd.attribution_percent'], ['amount_value', 'd.amount_value'], ['currency', 'd.currency'],
  ['expected_close_date', "to_char(d.expected_close_date, 'YYYY-MM-DD')"], ['protection_starts_at', 'd.protection_starts_at'],
  ['protection_ends_at', 'd.protection_ends_at'], ['sla_due_at', 'd.sla_due_at'], ['conflict_status', 'd.conflict_status'],
  ['conflict_reason', 'd.conflict_reason'], ['discount_band', 'd.discount_band'], ['internal_notes', 'd.internal_notes'],
  ['last_activity_at', 'd.last_activity_at'], ['created_at', 'd.created_at'], ['version', 'd.version'],
  ['partner_contacts', 'd.partner_contacts'], ['amount_confirmed_at', 'd.amount_confirmed_at'],
  ['close_date_confirmed_at', 'd.close_date_confirmed_at'],
];

const SELECT = `SELECT ${COLUMNS.map(([name, expr]) => (expr === `d.${name}` ? expr : `${expr} AS ${name}`)).join(', ')}`;

/**
 * A page's rows as one JSON object each (`row_to_json` over the page's subquery; timestamps as
 * ISO 8601 text, numbers as numbers): the driver then decodes one field per row instead of
 * thirty, which on PGlite was a large part of a list request. The outer ORDER BY restates the
 * page's order (the planner adds no sort: the subquery is already in that order).
 */
const pageAsJson = (page: string, order: string, extra = '') => `SELECT row_to_json(r) AS row${extra} FROM (${page}) r ORDER BY ${order}`;

/**
 * Sort key SQL expression and its parameter cast, per sort field (without the '-' prefix). All
 * but the first three are stored columns (migrations 70 and 71) of leakproof types, so their
 * keyset conditions are index conditions under row-level security; each has an index on
 * (column, id) for the channel manager.
 */
const SORT_EXPR: Record<string, { expr: string; cast: 'timestamptz' | 'date' | 'bigint' | 'integer' | 'text' }> = {
  createdAt: { expr: 'd.created_at', cast: 'timestamptz' },
  lastActivityAt: { expr: 'd.last_activity_at', cast: 'timestamptz' },
  expectedCloseDate: { expr: 'd.expected_close_date', cast: 'date' },
  amount: { expr: 'd.amount_sort', cast: 'bigint' },
  customer: { expr: 'd.customer_sort', cast: 'text' },
  // Migration 71: the partner's name (lower-cased; a trigger keeps it), the stage's place in its
  // motion, the status's place in DEAL_STATUSES, owner and next step lower-cased ('' for none).
  partner: { expr: 'd.partner_sort', cast: 'text' },
  stage: { expr: 'd.stage_sort', cast: 'integer' },
  status: { expr: 'd.status_sort', cast: 'integer' },
  owner: { expr: 'd.owner_sort', cast: 'text' },
  nextStep: { expr: 'd.next_step_sort', cast: 'text' },
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
    version: Number(row.version),
    partnerContacts: contactsOf(row.partner_contacts),
    amountConfirmedAt: isoOrNull(row.amount_confirmed_at),
    closeDateConfirmedAt: isoOrNull(row.close_date_confirmed_at),
  };
}

function contactsOf(v: DealRow['partner_contacts']): NonNullable<Deal['partnerContacts']> {
  const list = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  if (!Array.isArray(list)) return [];
  return list
    .filter((c): c is { name: string; email: string; role: string } => !!c && typeof c.name === 'string' && typeof c.email === 'string' && (CONTACT_ROLES as readonly string[]).includes(c.role))
    .map((c) => ({ name: c.name, email: c.email, role: c.role as ContactRole }));
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
  /** A search's total as counted on its first page (and `e`: that it is an estimate), carried to the next pages. */
  t?: number;
  e?: boolean;
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
  const { s, v, id, t, e } = parsed as Record<string, unknown>;
  if (typeof s !== 'string' || typeof v !== 'string' || typeof id !== 'string') throw invalid();
  if (!(s.replace(/^-/, '') in SORT_EXPR)) throw invalid();
  // Validate the value can be cast, so a forged cursor gives 400, not 500.
  const field = s.replace(/^-/, '');
  if (SORT_EXPR[field].cast === 'bigint' && !/^-?\d{1,18}$/.test(v)) throw invalid();
  if (SORT_EXPR[field].cast === 'integer' && !/^-?\d{1,9}$/.test(v)) throw invalid();
  if (SORT_EXPR[field].cast === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw invalid();
  if (SORT_EXPR[field].cast === 'timestamptz' && !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(v)) throw invalid();
  if (s !== sort) {
    throw badRequest('The cursor was issued for a different sort.', [{ path: 'cursor', code: 'invalid_cursor', message: `Cursor belongs to sort "${s}", not "${sort}".` }]);
  }
  if (t !== undefined && !(Number.isInteger(t) && (t as number) >= 0 && (t as number) <= SEARCH_COUNT_CAP)) throw invalid();
  if (e !== undefined && typeof e !== 'boolean') throw invalid();
  return { s, v, id, ...(typeof t === 'number' ? { t } : {}), ...(e === true ? { e } : {}) };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => '\\' + m);
}

export interface FilterParams {
  motion?: Motion;
  stage?: Stage;
  status?: DealStatus;
  q?: string;
  /** Deals' search texts sampled by searchSample: which words of `q` the index looks up (indexTerms). */
  sample?: readonly string[];
}

export interface ListParams extends FilterParams {
  sort: DealSort;
  cursor?: string;
  limit: number;
}

/** Planner switches (`enable_*`), and whether a statement is planned once or per execution. */
type PlannerSettings = { [name: `enable_${string}`]: 'on' | 'off' } & { plan_cache_mode?: 'force_generic_plan' | 'force_custom_plan' };

/**
 * Runs `fn` with planner settings changed for this transaction only, then puts them back. The
 * row-level security condition of the all-partners scope reads a setting the planner cannot
 * estimate, so it misjudges how many rows pass: it sorted all 100,000 deals for a channel
 * manager's page of 25 instead of reading the sort's index, and hash-joined every deal to count
 * a search's first 1,001 matches. (findMatches in server/registration/store.ts does the same.)
 * Two simple-protocol statements: the first keeps each old value in a `pk.saved_<name>` setting.
 */
export async function withPlannerSettings<T>(db: Queryable, settings: PlannerSettings, fn: () => Promise<T>): Promise<T> {
  const names = Object.keys(settings).filter((n) => /^enable_\w+$|^plan_cache_mode$/.test(n));
  const value = (n: string) => String(settings[n as keyof PlannerSettings]).replace(/[^a-z_]/g, '');
  await db.exec(`SELECT ${names.map((n) => `set_config('pk.saved_${n}', current_setting('${n}'), true), set_config('${n}', '${value(n)}', true)`).join(', ')}`);
  // Not in a `finally`: after a failed query the transaction is aborted (and its settings with it).
  const result = await fn();
  await db.exec(`SELECT ${names.map((n) => `set_config('${n}', current_setting('pk.saved_${n}'), true)`).join(', ')}`);
  return result;
}

/** Index scans in sort order for every partner's deals (a channel manager's list). */
const SORTED_BY_INDEX = { enable_seqscan: 'off', enable_sort: 'off' } as const;

/** One plan for the statement, whatever its parameters (see ScopeOptions in server/scope.ts). */
const GENERIC_PLAN = { plan_cache_mode: 'force_generic_plan' } as const;

/** Above this many matches a search's `total` is not counted further (`totalIsEstimate`). */
export const SEARCH_COUNT_CAP = 1000;

type Add = (v: unknown) => string;

/**
 * How a page finds a search's matches (`q`):
 * - `ids`, its first page when listDeals counted at most {@link SEARCH_COUNT_CAP} matches: those
 *   deals by primary key, then sorted;
 * - `known`, a later page of such a search: its matches found again (trigram index), then sorted;
 * - `common`, a page of a search with more (or a first page walkFor prefers to walk): the sort's
 *   index is walked and each deal's own text tested (the text deal_search holds, SEARCH_DOC_SQL),
 *   the first matches in order being the page;
 * - otherwise (the CSV export): deals whose ids deal_search matches, as the planner sees fit.
 */
export type SearchMode = 'ids' | 'known' | 'common';

/**
 * A page's filters, and how a search's matches are found (`ids`: the counted matches; `walk`: in
 * `common` mode, test at most this many deals in the sort's order; `plannedGeneric`: the
 * transaction runs generic plans already).
 */
type PageFilter = FilterParams & { search?: SearchMode; ids?: string[]; walk?: number; plannedGeneric?: boolean };

/**
 * Whether a search's page may run on a generic plan (planned once for all parameters: planning
 * was a third of the page): its counted matches read by primary key and sorted, whichever they
 * are; or a partner's index walked in the sort's order (a partner-leading index has it), right
 * for every partner with that many matches. A channel manager's walk is planned for its own.
 */
function genericSearchPage(session: SessionClaims, search: SearchMode | undefined, field: string): boolean {
  return search === 'ids' || (search === 'common' && session.role !== 'channel_manager' && PARTNER_INDEXED_SORTS.has(field));
}

/**
 * SQL conditions (on `deals d`) and parameters for the caller's scope and the list's filters, the
 * rows `d` is read from (`from`), and in `common` mode the test of each deal's text (`text`).
 */
export function dealFilter(session: SessionClaims, p: PageFilter) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add: Add = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  const partner = session.role !== 'channel_manager' ? add(session.partnerId) : null;
  if (partner) where.push(`d.partner_id = ${partner}`);
  if (p.motion) where.push(`d.motion = ${add(p.motion)}`);
  if (p.stage) where.push(`d.stage = ${add(p.stage)}`);
  if (p.status) where.push(`d.status = ${add(p.status)}`);
  const q = p.q?.trim();
  let from = 'deals d';
  let text: string | null = null;
  if (q && (p.search === 'ids' || p.search === 'known')) {
    // At most 1,001 matches by primary key, under row-level security, then sorted. `OFFSET 0`
    // keeps the planner from walking the sort's index instead, in the hope of meeting 26 of a
    // few hundred matches early (6 ms at 100,000 deals, against under 1).
    const matches = p.search === 'ids' ? `= ANY(${add(p.ids ?? [])}::text[])` : `IN (${searchMatchIds(session, { ...p, q }, add)})`;
    from = `(SELECT * FROM deals WHERE id ${matches} OFFSET 0) d`;
  } else if (q && p.search === 'common') {
    // A twelfth of the deals match `bank`: the sort's index meets 26 of them within some 300
    // deals, whose text is tested in their own rows (2.4 ms at 100,000 deals, against 3.7 for
    // looking each one up in deal_search).
    text = `${SEARCH_DOC_SQL('d')} LIKE ${add(likePattern(q))} ESCAPE '\\'`;
  } else if (q) {
    // The trigram index of deal_search; ids joined back to deals under row-level security.
    where.push(`d.id IN (SELECT s.deal_id FROM deal_search s WHERE ${searchMatches(session, { q, sample: p.sample }, add).join(' AND ')})`);
  }
  return { from, where, text, params, add, search: Boolean(q) };
}

/**
 * The exact total without a search, from the counters of migration 70 (a few rows per partner):
 * an SQL expression, its parameters added with `add`.
 */
function counterTotal(session: SessionClaims, p: FilterParams, add: Add): string {
  const where: string[] = [];
  if (session.role !== 'channel_manager') where.push(`c.partner_id = ${add(session.partnerId)}`);
  if (p.motion) where.push(`c.motion = ${add(p.motion)}`);
  if (p.stage) where.push(`c.stage = ${add(p.stage)}`);
  if (p.status) where.push(`c.status = ${add(p.status)}`);
  return `(SELECT coalesce(sum(c.n), 0) FROM deal_counts c${where.length ? ` WHERE ${where.join(' AND ')}` : ''})`;
}

/**
 * One keyset page of the filtered, sorted deals (rows, plus whether more follow). With
 * `withTotal` and no search, the page's query also reads the counters' total (one round trip).
 * A search's page finds its matches as `search` says (see SearchMode).
 */
export async function pageDeals(
  db: Queryable,
  session: SessionClaims,
  p: ListParams & PageFilter,
  withTotal = false,
  carry?: { t: number; e?: boolean },
): Promise<{ rows: DealRow[]; nextCursor: string | null; total?: number }> {
  const filter = dealFilter(session, p);
  const { params, add, search, text } = filter;
  let { from, where } = filter;
  const desc = p.sort.startsWith('-');
  const field = p.sort.replace(/^-/, '');
  const { expr, cast } = SORT_EXPR[field];
  if (p.cursor) {
    const c = decodeCursor(p.cursor, p.sort);
    where.push(`(${expr}, d.id) ${desc ? '<' : '>'} (${add(c.v)}::${cast}, ${add(c.id)})`);
  }
  const dir = desc ? 'DESC' : 'ASC';
  if (text && p.walk) {
    // At most `walk` deals in the sort's order, then their texts tested.
    from = `(SELECT * FROM deals d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${expr} ${dir}, d.id ${dir} LIMIT ${add(p.walk)}) d`;
    where = [text];
  } else if (text) {
    where.push(text);
  }
  const total = withTotal && !search ? `, ${counterTotal(session, p, add)} AS total` : '';
  const limitParam = add(p.limit + 1);
  const inner = `${SELECT}, ${expr} AS sort_key, ${expr}::text AS sort_value
    FROM ${from} JOIN partners p ON p.id = d.partner_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${expr} ${dir}, d.id ${dir}
    LIMIT ${limitParam}`;
  const sql = pageAsJson(inner, `r.sort_key ${dir}, r.id ${dir}`, total);
  type Out = { row: DealRow | string; total?: string | number };
  const run = () => db.query<Out>(sql, params);
  const known = search && (p.search === 'ids' || p.search === 'known');
  let page: { rows: Out[] };
  try {
    if (search && genericSearchPage(session, p.search, field)) {
      page = p.plannedGeneric ? await run() : await withPlannerSettings(db, GENERIC_PLAN, run);
    } else if (session.role === 'channel_manager' && !known) {
      // Every other page of a channel manager walks the sort's index.
      page = await withPlannerSettings(db, SORTED_BY_INDEX, run);
    } else {
      page = await run();
    }
  } catch (err) {
    // A forged cursor whose value does not cast (SQLSTATE class 22: data exception) is a client error.
    if (p.cursor && typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('22')) {
      throw badRequest('The cursor is not valid.', [{ path: 'cursor', code: 'invalid_cursor', message: 'Invalid cursor; use nextCursor from a previous page.' }]);
    }
    throw err;
  }
  const all = page.rows.map((r) => (typeof r.row === 'string' ? (JSON.parse(r.row) as DealRow) : r.row));
  const rows = all.slice(0, p.limit);
  const last = rows[rows.length - 1];
  const nextCursor = all.length > p.limit && last ? encodeCursor({ s: p.sort, v: String(last.sort_value), id: last.id, ...carry }) : null;
  return { rows, nextCursor, ...(total && page.rows[0] ? { total: Number(page.rows[0].total ?? 0) } : {}) };
}

/** What a search's cursors carry of its count: `t`, at most the cap, and `e` when there are more. */
const countCarried = (n: number): { t: number; e?: boolean } => ({ t: Math.min(n, SEARCH_COUNT_CAP), ...(n > SEARCH_COUNT_CAP ? { e: true } : {}) });

/** A search's LIKE pattern: `q` lower-cased, its wildcards escaped, anywhere in the text. */
const likePattern = (q: string) => `%${escapeLike(q.trim().toLowerCase())}%`;

/**
 * Conditions on `deal_search s` (migrations 70, 72) for the caller's matches of a search and
 * the filters: its partner id is the deal's, so for a partner it holds exactly the deals
 * row-level security shows; its motion, stage and status are the deal's too.
 */
export function searchMatches(session: SessionClaims, p: FilterParams & { q: string }, add: Add): string[] {
  const q = p.q.trim().toLowerCase();
  const terms = p.sample ? indexTerms(q, p.sample) : null;
  // The index looks up a phrase's uncommon words; every candidate is then tested for all of it.
  const where = terms
    ? [...terms.map((t) => `s.doc LIKE ${add(`%${escapeLike(t)}%`)} ESCAPE '\\'`), `strpos(s.doc, ${add(q)}) > 0`]
    : [`s.doc LIKE ${add(likePattern(q))} ESCAPE '\\'`];
  if (session.role !== 'channel_manager') where.push(`s.partner_id = ${add(session.partnerId)}`);
  if (p.motion) where.push(`s.motion = ${add(p.motion)}`);
  if (p.stage) where.push(`s.stage = ${add(p.stage)}`);
  if (p.status) where.push(`s.status = ${add(p.status)}`);
  return where;
}

/** The ids of up to {@link SEARCH_COUNT_CAP} + 1 of the caller's matches (trigram index): SQL. */
function searchMatchIds(session: SessionClaims, p: FilterParams & { q: string }, add: Add): string {
  return `SELECT s.deal_id FROM deal_search s WHERE ${searchMatches(session, p, add).join(' AND ')} LIMIT ${add(SEARCH_COUNT_CAP + 1)}`;
}

/**
 * GET /v1/deals. A search is counted once, on its first page: the ids of up to
 * {@link SEARCH_COUNT_CAP} + 1 matches from deal_search. When that is all of them the page reads
 * those deals by id; above it the total is an estimate and the pages walk the sort's order
 * (SearchMode). The next pages' cursors carry the count.
 */
export async function listDeals(db: Queryable, session: SessionClaims, p: ListParams) {
  const q = p.q?.trim();
  if (!q) {
    const { rows, nextCursor, total = 0 } = await pageDeals(db, session, p, true);
    return { items: await serialize(db, session, rows), nextCursor, total };
  }
  const carried = p.cursor ? decodeCursor(p.cursor, p.sort) : null;
  let counted: { t: number; e?: boolean };
  let ids: string[] | undefined;
  let plannedGeneric = false;
  if (carried?.t === undefined) {
    const params: unknown[] = [];
    const add: Add = (v) => (params.push(v), `$${params.length}`);
    // One row: the count, the ids only when they are all the matches (a common word's 1,001 ids
    // would be decoded for nothing), and how many deals the search is within (the counters).
    // When whichever page follows may run generic, the count switches to generic plans for the
    // rest of the transaction itself (it is planned before it runs): two statements fewer.
    const field = p.sort.replace(/^-/, '');
    plannedGeneric = genericSearchPage(session, 'ids', field) && genericSearchPage(session, 'common', field);
    const { rows } = await db.query<{ n: number; ids: string[] | null; within: string | number }>(
      `SELECT count(*)::int AS n, CASE WHEN count(*) <= ${add(SEARCH_COUNT_CAP)} THEN array_agg(m.deal_id) END AS ids,
              ${counterTotal(session, p, add)} AS within${plannedGeneric ? ", set_config('plan_cache_mode', 'force_generic_plan', true) AS generic" : ''}
         FROM (${searchMatchIds(session, { ...p, q }, add)}) m`,
      params,
    );
    const n = rows[0]?.n ?? 0;
    if (n === 0) return { items: [], nextCursor: null, total: 0 };
    counted = countCarried(n);
    if (n <= SEARCH_COUNT_CAP) {
      ids = rows[0]?.ids ?? [];
      const walk = walkFor(n, Number(rows[0]?.within ?? 0), p.limit);
      if (walk) {
        const page = await pageDeals(db, session, { ...p, q, search: 'common', walk, plannedGeneric }, false, counted);
        // Its matches met early enough (a full page), or all of them: else sorted from their ids.
        if (page.nextCursor || page.rows.length === n) return { items: await serialize(db, session, page.rows), nextCursor: page.nextCursor, total: n };
      }
    }
  } else {
    counted = { t: carried.t, ...(carried.e ? { e: true } : {}) };
  }
  const search: SearchMode = counted.e ? 'common' : ids ? 'ids' : 'known';
  const { rows, nextCursor } = await pageDeals(db, session, { ...p, q, search, ids, plannedGeneric }, false, counted);
  return { items: await serialize(db, session, rows), nextCursor, total: counted.t, ...(counted.e ? { totalIsEstimate: true } : {}) };
}

/**
 * Whether a first page of `n` counted matches among `within` deals is found sooner by walking the
 * sort's order (about `within / n` deals per match, each tested) than by reading all `n` by id
 * and sorting them, and if so how far to walk: twice the expected distance, after which the page
 * is read by id after all (matches bunched late in the order). At 10,000 deals `bank` has 834
 * matches: some 300 deals walked against 834 read (1.3 against 4.2 ms); at 100,000, never.
 */
export function walkFor(n: number, within: number, limit: number): number | null {
  const expected = ((limit + 1) * within) / n;
  return expected * 2 < n ? Math.ceil(expected * 2) : null;
}

/**
 * Sorts a partner's list can take straight from an index that leads with `partner_id` and
 * then the sort's key (deals_partner_created_idx, _activity_, _close_ of the first migration;
 * _amount_sort_, _customer_sort_ of migration 70).
 */
const PARTNER_INDEXED_SORTS = new Set(['createdAt', 'lastActivityAt', 'expectedCloseDate', 'amount', 'customer']);

/**
 * Whether a list page may run on a generic plan (planned once: planning was a third of a
 * partner's list request at 100,000 deals, most of it weighing the deals table's 30 indexes).
 * Only a partner's page without a search, in an order some index gives for one partner: that
 * index is the best plan for every partner, whether it has ten deals or all of them. Other pages
 * are planned for their own parameters, which a search or a partner's share of the deals decides.
 */
export function genericPlanSafe(session: SessionClaims, p: ListParams): boolean {
  return session.role !== 'channel_manager' && !p.q?.trim() && PARTNER_INDEXED_SORTS.has(p.sort.replace(/^-/, ''));
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

/** The deal's row, locked for update, if the caller may see it (null: 404). */
export async function lockDealRow(db: Queryable, session: SessionClaims, id: string): Promise<DealRow | null> {
  const params: unknown[] = [id];
  let sql = `${SELECT} FROM deals d JOIN partners p ON p.id = d.partner_id WHERE d.id = $1`;
  if (session.role !== 'channel_manager') {
    params.push(session.partnerId);
    sql += ' AND d.partner_id = $2';
  }
  const { rows } = await db.query<DealRow>(`${sql} FOR UPDATE OF d`, params);
  return rows[0] ?? null;
}
