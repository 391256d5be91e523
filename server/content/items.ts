/**
 * Content items, the domain: who is asking, an item as that viewer may see it (locked items
 * carry no link), search with ranking, facets and keyset pages, and publishing / editing.
 * Every function takes the caller's transaction.
 */
import type { SessionClaims } from '../auth.js';
import type { Queryable } from '../db.js';
import type { ContentItem, ContentList, ContentPublish, ContentQuery, ContentType, ContentUpdate, FacetValue, Motion, Tier } from '../../src/contract/index.js';
import { appendEvent } from '../events/outbox.js';
import { invalidQuery } from '../problem.js';
import { newId } from '../registration/store.js';
import { renderMarkdown } from '../richtext.js';
import { storeFile } from './files.js';
import { lockFor, type ContentViewer } from './gate.js';

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
const asArray = <T>(v: T[] | string): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : v);

export async function contentViewerOf(tx: Queryable, s: Pick<SessionClaims, 'role' | 'partnerId'>): Promise<ContentViewer> {
  if (s.role === 'channel_manager') return { kind: 'vendor' };
  const { rows } = await tx.query<{ tier: Tier; certifications: string[] | string; motions: string[] | string }>(
    'SELECT tier, certifications, motions FROM partners WHERE id = $1',
    [s.partnerId],
  );
  const p = rows[0];
  // An org the database does not know opens only ungated items.
  return { kind: 'partner', partnerId: s.partnerId!, tier: p?.tier ?? 'registered', certifications: p ? asArray(p.certifications) : [], motions: p ? asArray(p.motions) : [] };
}

export interface ItemRow {
  id: string;
  title: string;
  type: ContentType;
  motion: Motion | null;
  industry: string | null;
  use_case: string | null;
  language: string;
  description: string;
  key_asset: boolean;
  kind: 'file' | 'link';
  url: string | null;
  file_name: string | null;
  file_size: number | null;
  mime_type: string | null;
  shareable: boolean;
  gate_tier: Tier | null;
  gate_certifications: string[] | string;
  published: boolean;
  published_at: Date | string;
  updated_at: Date | string;
}

/** The columns every item query selects (alias `c`). */
export const ITEM_COLUMNS = `c.id, c.title, c.type, c.motion, c.industry, c.use_case, c.language, c.description, c.key_asset, c.kind, c.url,
  c.file_name, c.file_size, c.mime_type, c.shareable, c.gate_tier, c.gate_certifications, c.published, c.published_at, c.updated_at`;

export const gateOf = (r: Pick<ItemRow, 'gate_tier' | 'gate_certifications'>) => ({ tier: r.gate_tier, certifications: asArray(r.gate_certifications) });

/** The item as `viewer` may see it: locked items without their link; vendor fields only for a channel manager. */
export function toItem(r: ItemRow, viewer: ContentViewer): ContentItem {
  const gate = gateOf(r);
  const locked = lockFor(gate, viewer);
  const item: ContentItem = {
    id: r.id,
    title: r.title,
    type: r.type,
    motion: r.motion,
    industry: r.industry,
    useCase: r.use_case,
    language: r.language,
    description: r.description,
    descriptionHtml: renderMarkdown(r.description),
    keyAsset: r.key_asset,
    kind: r.kind,
    file: r.kind === 'file' ? { name: r.file_name!, size: Number(r.file_size), mimeType: r.mime_type! } : null,
    url: r.kind === 'link' && !locked ? r.url : null,
    shareable: r.shareable,
    locked,
    publishedAt: iso(r.published_at),
    updatedAt: iso(r.updated_at),
  };
  if (viewer.kind === 'vendor') {
    item.published = r.published;
    item.gate = gate;
  }
  return item;
}

/** What a viewer may see at all: a partner only published items (a channel manager every one). */
const visibleSql = (viewer: ContentViewer) => (viewer.kind === 'vendor' ? 'TRUE' : 'c.published');

/** One item the viewer may see (locked or not), or null (→ 404). */
export async function getItemRow(tx: Queryable, viewer: ContentViewer, id: string): Promise<ItemRow | null> {
  const { rows } = await tx.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM content_items c WHERE c.id = $1 AND ${visibleSql(viewer)}`, [id]);
  return rows[0] ?? null;
}

// ─── Search ───────────────────────────────────────────────────────────────────────────────────

type Filter = 'type' | 'motion' | 'industry' | 'useCase';
const FILTER_COLUMNS: Record<Filter, string> = { type: 'c.type', motion: 'c.motion', industry: 'c.industry', useCase: 'c.use_case' };
const FILTERS = Object.keys(FILTER_COLUMNS) as Filter[];

/** The query a text matches: English stems or exact (any-language) words. */
const tsquery = (p: string) => `(websearch_to_tsquery('english', ${p}) || websearch_to_tsquery('simple', ${p}))`;

type Cursor = { s: 'relevance'; r: number; id: string } | { s: 'updated'; t: string; id: string } | { s: 'title'; k: string; id: string };

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string, sort: Cursor['s']): Cursor {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (v.s === sort && typeof v.id === 'string' && v.id.length <= 200) {
      if (sort === 'relevance' && typeof v.r === 'number' && Number.isFinite(v.r)) return { s: sort, r: v.r, id: v.id };
      if (sort === 'updated' && typeof v.t === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(v.t) && !Number.isNaN(Date.parse(v.t))) return { s: sort, t: v.t, id: v.id };
      if (sort === 'title' && typeof v.k === 'string' && v.k.length <= 400) return { s: sort, k: v.k, id: v.id };
    }
  } catch {
    /* fall through */
  }
  throw invalidQuery([{ path: 'cursor', code: 'invalid_cursor', message: 'Not a cursor this server issued for this sort; pass nextCursor from the previous page.' }]);
}

export type ContentSearch = Omit<ContentQuery, 'limit'> & { limit: number };

/**
 * GET /v1/content: full-text search (`q`, ranked with `ts_rank`), filters, facets (each counted
 * under every other active filter), sort and keyset pages.
 */
export async function listContent(tx: Queryable, viewer: ContentViewer, query: ContentSearch): Promise<ContentList> {
  const q = query.q?.trim() ? query.q.trim() : undefined;
  const sort = query.sort ?? (q ? 'relevance' : 'updated');
  const params: unknown[] = [];
  const param = (v: unknown) => (params.push(v), `$${params.length}`);

  // The matches (visibility and q) are found and ranked once, in a materialized CTE; facets, the
  // total and the page are read from it in the same statement, then the page's rows by key.
  const base: string[] = [visibleSql(viewer)];
  let rank = '0::float8';
  if (q) {
    const p = param(q);
    base.push(`c.search @@ ${tsquery(p)}`);
    rank = `ts_rank(c.search, ${tsquery(p)})::float8`;
  }
  const filterSql: Partial<Record<Filter, string>> = {};
  for (const f of FILTERS) {
    const v = query[f];
    if (v !== undefined && v !== '') filterSql[f] = `${FILTER_COLUMNS[f]} = ${param(v)}`;
  }
  const filters = (except?: Filter) => ['TRUE', ...FILTERS.filter((f) => f !== except && filterSql[f]).map((f) => filterSql[f]!)].join(' AND ');

  const titleKey = `(c.title_key COLLATE "C")`;
  let keyset = '';
  let order: string;
  if (sort === 'relevance') {
    order = `c.rank DESC, c.id`;
    if (query.cursor !== undefined) {
      const cur = decodeCursor(query.cursor, 'relevance') as Extract<Cursor, { s: 'relevance' }>;
      keyset = ` AND (c.rank < ${param(cur.r)}::float8 OR (c.rank = $${params.length}::float8 AND c.id > ${param(cur.id)}))`;
    }
  } else if (sort === 'updated') {
    order = `c.updated_at DESC, c.id`;
    if (query.cursor !== undefined) {
      const cur = decodeCursor(query.cursor, 'updated') as Extract<Cursor, { s: 'updated' }>;
      keyset = ` AND (c.updated_at < ${param(cur.t)}::timestamptz OR (c.updated_at = $${params.length}::timestamptz AND c.id > ${param(cur.id)}))`;
    }
  } else {
    order = `${titleKey}, c.id`;
    if (query.cursor !== undefined) {
      const cur = decodeCursor(query.cursor, 'title') as Extract<Cursor, { s: 'title' }>;
      keyset = ` AND (${titleKey}, c.id) > (${param(cur.k)}, ${param(cur.id)})`;
    }
  }
  const none = 'NULL::float8 AS rank, NULL::text AS k, NULL::timestamptz AS t, 0 AS ord';
  const { rows } = await tx.query<{ facet: Filter | 'total' | 'page'; value: string | null; n: number; rank: number | null; k: string | null; t: Date | string | null; ord: number }>(
    `WITH m AS MATERIALIZED (
       SELECT c.id, c.type, c.motion, c.industry, c.use_case, c.updated_at, lower(c.title) AS title_key, ${rank} AS rank
         FROM content_items c WHERE ${base.join(' AND ')}
     )
     ${FILTERS.map((f) => `SELECT '${f}' AS facet, ${FILTER_COLUMNS[f]} AS value, count(*)::int AS n, ${none} FROM m c WHERE ${filters(f)} AND ${FILTER_COLUMNS[f]} IS NOT NULL GROUP BY 2`).join('\n     UNION ALL ')}
     UNION ALL SELECT 'total', NULL, count(*)::int, ${none} FROM m c WHERE ${filters()}
     UNION ALL SELECT * FROM (
       SELECT 'page', c.id, 0, c.rank, c.title_key, c.updated_at, (row_number() OVER (ORDER BY ${order}))::int
         FROM m c WHERE ${filters()}${keyset} ORDER BY ${order} LIMIT ${param(query.limit + 1)}
     ) p`,
    params,
  );
  const facets: ContentList['facets'] = { type: [], motion: [], industry: [], useCase: [] };
  let total = 0;
  const found: typeof rows = [];
  for (const r of rows) {
    if (r.facet === 'total') total = Number(r.n);
    else if (r.facet === 'page') found.push(r);
    else facets[r.facet].push({ value: r.value!, count: Number(r.n) });
  }
  const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || a.value.localeCompare(b.value);
  for (const f of FILTERS) facets[f].sort(byCount);
  found.sort((a, b) => a.ord - b.ord);

  const page = found.slice(0, query.limit);
  const { rows: itemRows } = await tx.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM content_items c WHERE c.id = ANY($1::text[])`, [page.map((r) => r.value)]);
  const byId = new Map(itemRows.map((r) => [r.id, r]));
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (found.length > query.limit && last) {
    nextCursor = encodeCursor(
      sort === 'relevance' ? { s: sort, r: Number(last.rank), id: last.value! } : sort === 'updated' ? { s: sort, t: iso(last.t!), id: last.value! } : { s: sort, k: last.k!, id: last.value! },
    );
  }
  return { items: page.flatMap((r) => (byId.has(r.value!) ? [toItem(byId.get(r.value!)!, viewer)] : [])), nextCursor, total, facets };
}

// ─── Publishing ───────────────────────────────────────────────────────────────────────────────

export type PublishFields = Required<Omit<ContentPublish, 'url'>> & { gate: { tier: Tier | null; certifications: string[] } };

/** The stored file's metadata (the bytes are written by files.ts). */
export interface FileMeta {
  name: string;
  size: number;
  mimeType: string;
}

/** A link, or a checked upload (its metadata and bytes). */
export type ItemTarget = { url: string } | { file: FileMeta; bytes: Uint8Array };

/** Inserts an item (and its file) and announces it when published (the outbox write comes last). */
export async function insertItem(tx: Queryable, s: SessionClaims, f: PublishFields, target: ItemTarget, now: Date): Promise<string> {
  const id = newId('ct_');
  const file = 'file' in target ? target.file : null;
  await tx.query(
    `INSERT INTO content_items (id, title, type, motion, industry, use_case, language, description, key_asset, kind, url, file_name, file_size, mime_type,
       shareable, gate_tier, gate_certifications, published, published_at, updated_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19, $19, $20)`,
    [
      id, f.title, f.type, f.motion, f.industry, f.useCase, f.language, f.description, f.keyAsset, file ? 'file' : 'link', 'url' in target ? target.url : null,
      file?.name ?? null, file?.size ?? null, file?.mimeType ?? null, f.shareable, f.gate.tier, JSON.stringify(dedupe(f.gate.certifications)), f.published, now.toISOString(), s.userId,
    ],
  );
  if ('bytes' in target) await storeFile(tx, id, target.bytes);
  if (f.published) await announce(tx, id, f, now);
  return id;
}

const dedupe = (xs: readonly string[]) => [...new Set(xs)];

/** `content.published` to every partner: a gated item is listed (locked) for all of them. */
async function announce(tx: Queryable, id: string, f: { title: string; type: ContentType; motion: Motion | null }, now: Date): Promise<void> {
  await appendEvent(tx, {
    type: 'content.published',
    audience: { kind: 'all' },
    data: { id, title: f.title, type: f.type, motion: f.motion, publishedAt: now.toISOString() },
    at: now,
  });
}

const UPDATE_COLUMNS: Record<Exclude<keyof ContentUpdate, 'gate' | 'url'>, string> = {
  title: 'title',
  type: 'type',
  motion: 'motion',
  industry: 'industry',
  useCase: 'use_case',
  language: 'language',
  description: 'description',
  keyAsset: 'key_asset',
  shareable: 'shareable',
  published: 'published',
};

/**
 * Applies an edit (and a new link or file's metadata). Re-publishing an unpublished item announces
 * it again. Returns false when there is no such item.
 */
export async function updateItem(tx: Queryable, id: string, u: ContentUpdate, target: ItemTarget | null, now: Date): Promise<boolean> {
  const { rows } = await tx.query<{ published: boolean }>('SELECT published FROM content_items WHERE id = $1 FOR UPDATE', [id]);
  const before = rows[0];
  if (!before) return false;
  const sets: string[] = [];
  const params: unknown[] = [id];
  const set = (column: string, value: unknown, cast = '') => (params.push(value), sets.push(`${column} = $${params.length}${cast}`));
  for (const [key, column] of Object.entries(UPDATE_COLUMNS) as Array<[keyof typeof UPDATE_COLUMNS, string]>) {
    if (u[key] !== undefined) set(column, u[key]);
  }
  if (u.gate) {
    set('gate_tier', u.gate.tier ?? null);
    set('gate_certifications', JSON.stringify(dedupe(u.gate.certifications ?? [])), '::jsonb');
  }
  if (target && 'url' in target) {
    for (const [c, v] of [['kind', 'link'], ['url', target.url], ['file_name', null], ['file_size', null], ['mime_type', null]] as const) set(c, v);
  } else if (target) {
    for (const [c, v] of [['kind', 'file'], ['url', null], ['file_name', target.file.name], ['file_size', target.file.size], ['mime_type', target.file.mimeType]] as const) set(c, v);
  }
  const republished = u.published === true && !before.published;
  if (republished) set('published_at', now.toISOString());
  set('updated_at', now.toISOString());
  const { rows: after } = await tx.query<{ title: string; type: ContentType; motion: Motion | null }>(
    `UPDATE content_items SET ${sets.join(', ')} WHERE id = $1 RETURNING title, type, motion`,
    params,
  );
  if (target && 'url' in target) await tx.query('DELETE FROM content_files WHERE content_id = $1', [id]);
  if (target && 'bytes' in target) await storeFile(tx, id, target.bytes);
  if (republished) await announce(tx, id, after[0], now);
  return true;
}
