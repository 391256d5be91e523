/**
 * Rules of engagement routes (resource: rules): publish a version (channel manager), the current
 * version with the caller's acknowledgment and what changed since their last one, acknowledge a
 * version (idempotent), the versions, and who has and has not acknowledged a version.
 */
import type { Hono } from 'hono';
import {
  RulesAcknowledgeSchema,
  RulesPublishSchema,
  type RulesAcknowledgementReport,
} from '../../src/contract/index.js';
import type { AuthEnv } from '../auth.js';
import type { Db } from '../db.js';
import { ProblemError, badRequest, checkQueryKeys, invalidQuery, issuesToErrors, notFound, readJson, validationFailed } from '../problem.js';
import { forbidden, parsePage, requireChannelManager } from './guards.js';
import { decodePartnerCursor, encodePartnerCursor, partnerPage, usersOf } from '../receipts.js';
import { acknowledgeRules, currentRulesFor, listVersions, loadVersion, publishRules } from '../rules/rules.js';
import { withScope } from '../scope.js';

export interface RulesRoutesDeps {
  db: Db;
  now: () => Date;
}

/** A `{version}` path segment: a positive integer, else 400 naming `version`. */
export function parseVersion(raw: string): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    throw badRequest('The rules version in the path is invalid.', [{ path: 'version', code: 'invalid_format', message: 'Expected a rules version: a positive integer.' }]);
  }
  return Number(raw);
}

export function rulesRoutes(v1: Hono<AuthEnv>, deps: RulesRoutesDeps): void {
  const { db, now } = deps;

  v1.post('/rules', async (c) => {
    const s = c.var.session;
    requireChannelManager(s);
    const input = await readJson(c);
    const parsed = RulesPublishSchema.safeParse(input);
    if (!parsed.success) throw validationFailed('The rules version is invalid.', issuesToErrors(parsed.error.issues, input));
    const published = await withScope(db, s, (tx) => publishRules(tx, s, parsed.data, now()));
    return c.json(published, 201, { Location: `/v1/rules/${published.version}`, 'Cache-Control': 'no-store' });
  });

  v1.get('/rules', async (c) => {
    const page = parsePage(c);
    let before: number | null = null;
    if (page.cursor !== undefined) {
      if (!/^\d{1,9}$/.test(page.cursor)) throw invalidQuery([{ path: 'cursor', code: 'invalid_cursor', message: 'Not a cursor this server issued; pass nextCursor from the previous page.' }]);
      before = Number(page.cursor);
    }
    const result = await withScope(db, c.var.session, (tx) => listVersions(tx, now(), { before, limit: page.limit }));
    const last = result.items[result.items.length - 1];
    return c.json({ items: result.items, nextCursor: result.hasMore && last ? String(last.version) : null, total: result.total }, 200, { 'Cache-Control': 'no-store' });
  });

  v1.get('/rules/current', async (c) => {
    checkQueryKeys(c.req.queries(), []);
    const s = c.var.session;
    const current = await withScope(db, s, (tx) => currentRulesFor(tx, s.userId, now()));
    if (!current) throw notFound('No rules of engagement have been published yet.');
    return c.json(current, 200, { 'Cache-Control': 'no-store' });
  });

  v1.post('/rules/:version/acknowledgements', async (c) => {
    const s = c.var.session;
    const version = parseVersion(c.req.param('version'));
    if (s.role === 'channel_manager') throw forbidden('Only partner users acknowledge the rules of engagement.');
    const raw = await readJson(c, { optional: true });
    const parsed = RulesAcknowledgeSchema.safeParse(raw === undefined ? {} : raw);
    if (!parsed.success) throw validationFailed('The acknowledgment is invalid.', issuesToErrors(parsed.error.issues, raw));
    const outcome = await withScope(db, s, (tx) => acknowledgeRules(tx, s, version, parsed.data.bodySha256, now()));
    switch (outcome.kind) {
      case 'unknown':
        throw notFound(`There is no rules version ${version}.`);
      case 'superseded':
        throw new ProblemError({
          status: 409,
          slug: 'rules-superseded',
          title: 'Rules version superseded',
          detail: `Version ${version} has been superseded; the current version is ${outcome.currentVersion}. Read and acknowledge that one.`,
          extra: { currentVersion: outcome.currentVersion },
        });
      case 'hash-mismatch':
        throw validationFailed('The acknowledgment is invalid.', [
          { path: 'bodySha256', code: 'invalid', message: `Does not match version ${version} (whose body hashes to ${outcome.bodySha256}); reload the rules.` },
        ]);
      default:
        return c.json(outcome.receipt, outcome.kind === 'created' ? 201 : 200, { 'Cache-Control': 'no-store' });
    }
  });

  v1.get('/rules/:version/acknowledgements', async (c) => {
    const s = c.var.session;
    const version = parseVersion(c.req.param('version'));
    requireChannelManager(s);
    const page = parsePage(c);
    const after = decodePartnerCursor(page.cursor);
    const report = await withScope(db, s, async (tx): Promise<RulesAcknowledgementReport> => {
      if (!(await loadVersion(tx, version, now()))) throw notFound(`There is no rules version ${version}.`);
      const { partners, hasMore, total, allIds } = await partnerPage(tx, { after, limit: page.limit });
      const users = await usersOf(tx, allIds);
      const { rows } = await tx.query<{ user_id: string; acknowledged_at: Date | string }>('SELECT user_id, acknowledged_at FROM rule_acknowledgements WHERE version = $1', [version]);
      const acked = new Map(rows.map((r) => [r.user_id, new Date(r.acknowledged_at).toISOString()]));
      let ackTotal = 0;
      let pendingTotal = 0;
      for (const list of users.values()) for (const u of list) (acked.has(u.id) ? ackTotal++ : pendingTotal++);
      const items = partners.map((p) => {
        const list = (users.get(p.id) ?? []).map(({ partnerId: _p, ...u }) => ({ ...u, acknowledgedAt: acked.get(u.id) ?? null }));
        const n = list.filter((u) => u.acknowledgedAt !== null).length;
        return { partner: p, acknowledged: n, pending: list.length - n, users: list };
      });
      const last = partners[partners.length - 1];
      return { version, items, nextCursor: hasMore && last ? encodePartnerCursor(last.id) : null, total, acknowledged: ackTotal, pending: pendingTotal };
    });
    return c.json(report, 200, { 'Cache-Control': 'no-store' });
  });
}
