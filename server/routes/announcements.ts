/**
 * Announcement routes (resource: announcements): the feed with the caller's unread count, one
 * announcement, read and acknowledgment receipts (idempotent), publishing and the receipt report
 * (channel manager). A partner never sees an announcement outside its audience: 404.
 */
import type { Hono } from 'hono';
import { AnnouncementPublishSchema, AudienceSchema, type AnnouncementReceiptReport } from '../../src/contract/index.js';
import type { AuthEnv } from '../auth.js';
import type { Db } from '../db.js';
import { getAnnouncement, listAnnouncements, publishAnnouncement, recordReceipt, viewerOf } from '../announcements/announcements.js';
import { ProblemError, checkQueryKeys, issuesToErrors, notFound, readJson, validationFailed } from '../problem.js';
import { decodePartnerCursor, encodePartnerCursor, partnerPage, usersOf } from '../receipts.js';
import { withScope } from '../scope.js';
import { parsePage, requireChannelManager } from './guards.js';

export interface AnnouncementRoutesDeps {
  db: Db;
  now: () => Date;
}

const NOT_FOUND = 'No such announcement.';

export function announcementRoutes(v1: Hono<AuthEnv>, deps: AnnouncementRoutesDeps): void {
  const { db, now } = deps;

  v1.get('/announcements', async (c) => {
    const page = parsePage(c);
    const s = c.var.session;
    const list = await withScope(db, s, async (tx) => listAnnouncements(tx, s, await viewerOf(tx, s), page, now()));
    return c.json(list, 200, { 'Cache-Control': 'no-store' });
  });

  v1.post('/announcements', async (c) => {
    const s = c.var.session;
    requireChannelManager(s);
    const input0 = await readJson(c);
    const parsed = AnnouncementPublishSchema.safeParse(input0);
    if (!parsed.success) throw validationFailed('The announcement is invalid.', issuesToErrors(parsed.error.issues, input0));
    const at = now();
    const input = parsed.data;
    if (input.expiresAt && Date.parse(input.expiresAt) <= at.getTime()) {
      throw validationFailed('The announcement is invalid.', [{ path: 'expiresAt', code: 'date_in_past', message: 'The expiry must be in the future.' }]);
    }
    const audience = input.audience ?? AudienceSchema.parse({});
    const a = await withScope(db, s, (tx) =>
      publishAnnouncement(tx, s, { title: input.title, body: input.body, pinned: input.pinned, requiresAcknowledgement: input.requiresAcknowledgement, audience, expiresAt: input.expiresAt ?? null }, at),
    );
    return c.json(a, 201, { Location: `/v1/announcements/${a.id}`, 'Cache-Control': 'no-store' });
  });

  v1.get('/announcements/:id', async (c) => {
    checkQueryKeys(c.req.queries(), []);
    const s = c.var.session;
    const a = await withScope(db, s, async (tx) => getAnnouncement(tx, s, await viewerOf(tx, s), c.req.param('id'), now()));
    if (!a) throw notFound(NOT_FOUND);
    return c.json(a, 200, { 'Cache-Control': 'no-store' });
  });

  for (const [path, kind] of [['read', 'read'], ['acknowledgement', 'acknowledged']] as const) {
    v1.post(`/announcements/:id/${path}`, async (c) => {
      const s = c.var.session;
      const body = await readJson(c, { optional: true });
      if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length > 0)) {
        throw validationFailed('This request takes no body.', [{ path: '', code: 'unknown_field', message: 'Send no body, or an empty object.' }]);
      }
      const outcome = await withScope(db, s, async (tx) => recordReceipt(tx, s, await viewerOf(tx, s), c.req.param('id'), kind, now()));
      if (outcome.kind === 'not-found') throw notFound(NOT_FOUND);
      if (outcome.kind === 'not-required') {
        throw new ProblemError({ status: 409, slug: 'acknowledgement-not-required', title: 'No acknowledgment required', detail: 'This announcement does not ask for an acknowledgment; mark it read instead.' });
      }
      return c.json(outcome.receipt, outcome.kind === 'created' ? 201 : 200, { 'Cache-Control': 'no-store' });
    });
  }

  v1.get('/announcements/:id/receipts', async (c) => {
    const s = c.var.session;
    requireChannelManager(s);
    const page = parsePage(c);
    const after = decodePartnerCursor(page.cursor);
    const id = c.req.param('id');
    const report = await withScope(db, s, async (tx): Promise<AnnouncementReceiptReport> => {
      const a = await getAnnouncement(tx, s, { kind: 'vendor' }, id, now());
      if (!a?.audience) throw notFound(NOT_FOUND);
      const { partners, hasMore, total, allIds } = await partnerPage(tx, { after, limit: page.limit }, a.audience);
      const users = await usersOf(tx, allIds);
      const { rows } = await tx.query<{ user_id: string; kind: 'read' | 'acknowledged'; at: Date | string }>(
        'SELECT user_id, kind, at FROM announcement_receipts WHERE announcement_id = $1',
        [id],
      );
      const read = new Map<string, string>();
      const acked = new Map<string, string>();
      for (const r of rows) (r.kind === 'read' ? read : acked).set(r.user_id, new Date(r.at).toISOString());
      const done = (userId: string) => (a.requiresAcknowledgement ? acked.has(userId) : read.has(userId));
      let readTotal = 0;
      let ackTotal = 0;
      let pendingTotal = 0;
      for (const list of users.values()) {
        for (const u of list) {
          if (read.has(u.id)) readTotal++;
          if (acked.has(u.id)) ackTotal++;
          if (!done(u.id)) pendingTotal++;
        }
      }
      const items = partners.map((p) => {
        const list = (users.get(p.id) ?? []).map(({ partnerId: _p, ...u }) => ({ ...u, readAt: read.get(u.id) ?? null, acknowledgedAt: acked.get(u.id) ?? null }));
        return {
          partner: p,
          read: list.filter((u) => u.readAt).length,
          acknowledged: list.filter((u) => u.acknowledgedAt).length,
          pending: list.filter((u) => !done(u.id)).length,
          users: list,
        };
      });
      const last = partners[partners.length - 1];
      return { announcementId: id, requiresAcknowledgement: a.requiresAcknowledgement, items, nextCursor: hasMore && last ? encodePartnerCursor(last.id) : null, total, read: readTotal, acknowledged: ackTotal, pending: pendingTotal };
    });
    return c.json(report, 200, { 'Cache-Control': 'no-store' });
  });
}
