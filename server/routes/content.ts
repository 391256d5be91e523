/**
 * Content library routes (resource: content): search with facets, one item, its file (refused
 * when the caller's org is locked out, even by direct URL), engagement events, prospect share
 * links, and for a channel manager publishing, editing (link or uploaded file) and the
 * engagement report. The public `GET /share/{token}` opens a share link without a session.
 */
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import {
  CONTENT_FILE_MAX_BYTES,
  ContentEngagementQuerySchema,
  ContentEventInputSchema,
  ContentPublishSchema,
  ContentQuerySchema,
  ContentUpdateSchema,
  ShareLinkInputSchema,
  type ContentItem,
} from '../../src/contract/index.js';
import type { AuthEnv, SessionClaims } from '../auth.js';
import type { Db, Queryable } from '../db.js';
import { IDEMPOTENCY_HEADER, REPLAY_HEADER, completeIdempotencyKey, idempotently } from '../idempotency.js';
import { jsonDepthLimit } from '../limits.js';
import { ProblemError, checkQueryKeys, invalidQuery, issuesToErrors, notFound, parseJsonText, problemResponse, readJson, validationFailed } from '../problem.js';
import { clientAddress, limiter, type RateLimit } from '../rate-limit.js';
import { ALL_PARTNERS, withScope } from '../scope.js';
import { engagementReport, recordEvent } from '../content/engagement.js';
import { checkUpload, fileHeaders, readFileBytes } from '../content/files.js';
import type { ContentViewer } from '../content/gate.js';
import { contentViewerOf, getItemRow, insertItem, listContent, toItem, updateItem, type ItemRow, type ItemTarget } from '../content/items.js';
import { createShareLink, listShareLinks, openShareLink, revokeShareLink } from '../content/share.js';
import { forbidden, requireChannelManager } from './guards.js';

export interface ContentRoutesDeps {
  db: Db;
  now: () => Date;
}

const NOT_FOUND = 'No such content item.';
/** Room for the multipart framing and the metadata part around the largest file. */
export const CONTENT_UPLOAD_MAX_BODY = CONTENT_FILE_MAX_BYTES + 256 * 1024;
/** Opens of share links per client address (prospects have no session to key on). */
export const SHARE_RATE_LIMIT: RateLimit = { limit: 60, windowMs: 60_000 };

const noStore = { 'Cache-Control': 'no-store' };

/** Whether a request is a content upload (multipart POST /v1/content or PATCH /v1/content/{id}), which gets the larger body limit. */
export function isContentUpload(c: Context): boolean {
  const m = c.req.method;
  const multipart = (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
  return multipart && ((m === 'POST' && /^\/v1\/content\/?$/.test(c.req.path)) || (m === 'PATCH' && /^\/v1\/content\/[^/]+\/?$/.test(c.req.path)));
}

const locked = (item: ContentItem) =>
  new ProblemError({
    status: 403,
    slug: 'content-locked',
    title: 'Content locked',
    detail: 'Your organisation does not have the tier or certification this item requires.',
    extra: { locked: item.locked },
  });

/**
 * The body of a publish or edit: JSON, or multipart/form-data with a `metadata` part (JSON) and
 * an optional `file` part. Any other part is refused, naming it.
 */
async function readContentBody(c: Context): Promise<{ body: unknown; file?: unknown }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) return { body: await readJson(c) };
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new ProblemError({ status: 400, slug: 'malformed-multipart', title: 'Malformed multipart body', detail: 'The multipart/form-data body could not be read.' });
  }
  const unknown = [...new Set(form.keys())].filter((k) => k !== 'metadata' && k !== 'file');
  if (unknown.length) throw validationFailed('Send only a metadata part and a file part.', unknown.map((k) => ({ path: k, code: 'unknown_field' as const, message: 'Unknown part.' })));
  const parts = (k: string) => form.getAll(k);
  for (const k of ['metadata', 'file']) {
    if (parts(k).length > 1) throw validationFailed(`Send one ${k} part.`, [{ path: k, code: 'too_many', message: 'Give this part once.' }]);
  }
  const meta = form.get('metadata');
  const text = meta === null ? '{}' : typeof meta === 'string' ? meta : await meta.text();
  return { body: parseJsonText(text, jsonDepthLimit(c)), file: form.get('file') ?? undefined };
}

export function contentRoutes(v1: Hono<AuthEnv>, deps: ContentRoutesDeps): void {
  const { db, now } = deps;

  /** The item the session may see (locked or not) and the viewer, or 404. */
  async function visible(tx: Queryable, s: SessionClaims, id: string): Promise<{ row: ItemRow; viewer: ContentViewer; item: ContentItem }> {
    const viewer = await contentViewerOf(tx, s);
    const row = await getItemRow(tx, viewer, id);
    if (!row) throw notFound(NOT_FOUND);
    return { row, viewer, item: toItem(row, viewer) };
  }

  v1.get('/content', async (c) => {
    checkQueryKeys(c.req.queries(), Object.keys(ContentQuerySchema.shape));
    const parsed = ContentQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw invalidQuery(issuesToErrors(parsed.error.issues, c.req.query()));
    const s = c.var.session;
    const list = await withScope(db, s, async (tx) => listContent(tx, await contentViewerOf(tx, s), parsed.data));
    return c.json(list, 200, noStore);
  });

  // Before /content/:id, so "engagement" is not taken for an id.
  v1.get('/content/engagement', async (c) => {
    const s = c.var.session;
    requireChannelManager(s);
    checkQueryKeys(c.req.queries(), Object.keys(ContentEngagementQuerySchema.shape));
    const parsed = ContentEngagementQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw invalidQuery(issuesToErrors(parsed.error.issues, c.req.query()));
    return c.json(await withScope(db, s, (tx) => engagementReport(tx, parsed.data)), 200, noStore);
  });

  v1.post('/content', async (c) => {
    const s = c.var.session;
    requireChannelManager(s);
    const { body, file } = await readContentBody(c);
    const parsed = ContentPublishSchema.safeParse(body);
    if (!parsed.success) throw validationFailed('The content item is invalid.', issuesToErrors(parsed.error.issues, body));
    const { url, ...fields } = parsed.data;
    if (url !== undefined && file !== undefined) throw validationFailed('Give a link or a file, not both.', [{ path: 'url', code: 'not_allowed', message: 'Leave out url when uploading a file.' }]);
    if (url === undefined && file === undefined) {
      throw validationFailed('Give a link (url) or upload a file (multipart/form-data).', [{ path: 'url', code: 'required', message: 'Give a link, or upload a file as multipart/form-data.' }]);
    }
    const upload = file === undefined ? null : await checkUpload(file);
    const at = now();
    const request = { body, file: upload ? createHash('sha256').update(upload.bytes).digest('hex') : null };
    const { body: item, replayed } = await idempotently(db, s, c.req.header(IDEMPOTENCY_HEADER), request, now, (ref) =>
      withScope(db, s, async (tx) => {
        const id = await insertItem(tx, s, fields, upload ? { file: upload.meta, bytes: upload.bytes } : { url: url! }, at);
        const created = toItem((await getItemRow(tx, { kind: 'vendor' }, id))!, { kind: 'vendor' });
        if (ref) await completeIdempotencyKey(tx, ref, 201, created, at);
        return created;
      }),
    );
    return c.json(item, 201, { Location: `/v1/content/${item.id}`, ...noStore, ...(replayed ? { [REPLAY_HEADER]: 'true' } : {}) });
  });

  v1.get('/content/:id', async (c) => {
    checkQueryKeys(c.req.queries(), []);
    const s = c.var.session;
    const { item } = await withScope(db, s, (tx) => visible(tx, s, c.req.param('id')));
    return c.json(item, 200, noStore);
  });

  v1.patch('/content/:id', async (c) => {
    const s = c.var.session;
    requireChannelManager(s);
    const { body, file } = await readContentBody(c);
    const parsed = ContentUpdateSchema.safeParse(body);
    if (!parsed.success) throw validationFailed('The change is invalid.', issuesToErrors(parsed.error.issues, body));
    const { url, ...fields } = parsed.data;
    if (url !== undefined && file !== undefined) throw validationFailed('Give a link or a file, not both.', [{ path: 'url', code: 'not_allowed', message: 'Leave out url when uploading a file.' }]);
    if (Object.keys(parsed.data).length === 0 && file === undefined) throw validationFailed('Nothing to change.', [{ path: '', code: 'required', message: 'Give at least one field to change.' }]);
    const upload = file === undefined ? null : await checkUpload(file);
    const id = c.req.param('id');
    const target: ItemTarget | null = upload ? { file: upload.meta, bytes: upload.bytes } : url !== undefined ? { url } : null;
    const item = await withScope(db, s, async (tx) => {
      if (!(await updateItem(tx, id, fields, target, now()))) return null;
      return toItem((await getItemRow(tx, { kind: 'vendor' }, id))!, { kind: 'vendor' });
    });
    if (!item) throw notFound(NOT_FOUND);
    return c.json(item, 200, noStore);
  });

  v1.get('/content/:id/file', async (c) => {
    checkQueryKeys(c.req.queries(), []);
    const s = c.var.session;
    const served = await withScope(db, s, async (tx) => {
      const { row, item } = await visible(tx, s, c.req.param('id'));
      if (item.locked) throw locked(item);
      if (row.kind !== 'file') throw notFound('This item is a link, not a file.');
      const bytes = await readFileBytes(tx, row.id);
      if (!bytes) throw notFound('The file of this item is missing.');
      return { bytes, meta: item.file! };
    });
    return c.body(new Uint8Array(served.bytes.data), 200, fileHeaders(served.meta, served.bytes.sha256));
  });

  v1.post('/content/:id/events', async (c) => {
    const s = c.var.session;
    const body = await readJson(c);
    const parsed = ContentEventInputSchema.safeParse(body);
    if (!parsed.success) throw validationFailed('The event is invalid.', issuesToErrors(parsed.error.issues, body));
    const at = now();
    const request = { path: c.req.path, body };
    const { body: event, replayed } = await idempotently(db, s, c.req.header(IDEMPOTENCY_HEADER), request, now, (ref) =>
      withScope(db, s, async (tx) => {
        const { item } = await visible(tx, s, c.req.param('id'));
        // Looking at a locked card is interest worth counting; a download or share of it is not possible.
        if (item.locked && parsed.data.type !== 'view') throw locked(item);
        await recordEvent(tx, { contentId: item.id, partnerId: s.partnerId, userId: s.userId, type: parsed.data.type }, at);
        const recorded = { contentId: item.id, type: parsed.data.type, recordedAt: at.toISOString() };
        if (ref) await completeIdempotencyKey(tx, ref, 201, recorded, at);
        return recorded;
      }),
    );
    return c.json(event, 201, { ...noStore, ...(replayed ? { [REPLAY_HEADER]: 'true' } : {}) });
  });

  /** A partner's share-link routes: the item must be visible; creating one also needs it unlocked and shareable. */
  const partnerOnly = (s: SessionClaims) => {
    if (s.role === 'channel_manager' || !s.partnerId) throw forbidden('Share links are created by partner users for their prospects.');
  };

  v1.post('/content/:id/share-links', async (c) => {
    const s = c.var.session;
    partnerOnly(s);
    const body = await readJson(c, { optional: true });
    const parsed = ShareLinkInputSchema.safeParse(body === undefined ? {} : body);
    if (!parsed.success) throw validationFailed('The share link request is invalid.', issuesToErrors(parsed.error.issues, body));
    const at = now();
    const link = await withScope(db, s, async (tx) => {
      const { item } = await visible(tx, s, c.req.param('id'));
      if (item.locked) throw locked(item);
      if (!item.shareable) throw new ProblemError({ status: 409, slug: 'not-shareable', title: 'Not shareable', detail: 'This item is for partners only and cannot be shared with prospects.' });
      return createShareLink(tx, s, item.id, parsed.data.expiresInDays, new URL(c.req.url).origin, at);
    });
    return c.json(link, 201, noStore);
  });

  v1.get('/content/:id/share-links', async (c) => {
    checkQueryKeys(c.req.queries(), []);
    const s = c.var.session;
    partnerOnly(s);
    const list = await withScope(db, s, async (tx) => {
      const { item } = await visible(tx, s, c.req.param('id'));
      return listShareLinks(tx, item.id, now());
    });
    return c.json(list, 200, noStore);
  });

  v1.delete('/content/:id/share-links/:linkId', async (c) => {
    const s = c.var.session;
    partnerOnly(s);
    const found = await withScope(db, s, (tx) => revokeShareLink(tx, c.req.param('id'), c.req.param('linkId'), now()));
    if (!found) throw notFound('No such share link.');
    return c.body(null, 204);
  });
}

/**
 * `GET /share/{token}`: a prospect opens a share link, no session. A file is served inline; a
 * link redirects. Unknown token 404, expired or revoked (or the item withdrawn) 410. Rate limited
 * per client address.
 */
export function shareRoutes(app: Hono<AuthEnv>, deps: ContentRoutesDeps & { rate: RateLimit | false; trustProxy: number }): void {
  const { db, now } = deps;
  app.use('/share/*', limiter('share', deps.rate, (c) => clientAddress(c, deps.trustProxy)));
  app.get('/share/:token', async (c) => {
    const opened = await withScope(db, ALL_PARTNERS, async (tx) => {
      const o = await openShareLink(tx, c.req.param('token'), now());
      if (o.kind !== 'ok' || o.item.kind !== 'file') return { o, bytes: null };
      return { o, bytes: await readFileBytes(tx, o.item.id) };
    });
    const { o, bytes } = opened;
    const unknown = () => problemResponse({ status: 404, detail: 'This share link does not exist. Check the address, or ask for a new link.' });
    if (o.kind === 'not-found') return unknown();
    if (o.kind === 'gone') return problemResponse({ status: 410, slug: 'share-link-gone', title: 'Link no longer available', detail: 'This link has expired or was withdrawn. Ask the person who shared it for a new one.' });
    const headers = { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' };
    if (o.item.kind === 'link') return c.redirect(o.item.url!, 302);
    if (!bytes) return unknown();
    const row = o.item;
    return c.body(new Uint8Array(bytes.data), 200, { ...fileHeaders({ name: row.file_name!, size: Number(row.file_size), mimeType: row.mime_type! }, bytes.sha256), ...headers });
  });
}
