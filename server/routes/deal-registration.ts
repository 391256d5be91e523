/**
 * Deal registration routes (resource: deals): register, the uniqueness precheck, the policy,
 * the channel manager's review queue and decisions, protection extensions and the audit trail.
 * Mounted before GET /v1/deals/{id} so the fixed paths win.
 */
import type { Context, Hono } from 'hono';
import {
  ConflictQuerySchema,
  DealRegistrationSchema,
  DecisionRequestSchema,
  ExtensionRequestSchema,
  MotionSchema,
  PROTECTION_DAYS_MAX,
  PROTECTION_DAYS_MIN,
  type ConflictCheck,
  type DealType,
  type ReviewItem,
  type ReviewQueue,
} from '../../src/contract/index.js';
import type { AuthEnv, SessionClaims } from '../auth.js';
import type { Db, Queryable } from '../db.js';
import { getDeal } from '../deals.js';
import {
  IDEMPOTENCY_HEADER,
  REPLAY_HEADER,
  claimIdempotencyKey,
  completeIdempotencyKey,
  readIdempotencyKey,
  releaseIdempotencyKey,
  requestHash,
  type KeyRef,
} from '../idempotency.js';
import { ProblemError, checkQueryKeys, invalidQuery, issuesToErrors, notFound, readJson, validationFailed } from '../problem.js';
import { publishDealEvent, rulesAcknowledged } from '../registration/hooks.js';
import { mayRegister, requiredCertification, type RegistrationPolicy } from '../registration/policy.js';
import {
  actorOf,
  appendHistory,
  checkConflict,
  findMatches,
  insertRegistration,
  loadPartner,
  lockDeal,
  newId,
  readHistory,
  toEvidence,
  toExtension,
  type ExtensionRow,
} from '../registration/store.js';
import { normaliseCompany, registrableDomain } from '../registration/normalise.js';
import { ALL_PARTNERS, withScope } from '../scope.js';

export interface DealRegistrationDeps {
  db: Db;
  now: () => Date;
  policy: RegistrationPolicy;
}

const DAY = 86_400_000;
const forbidden = (detail: string) => new ProblemError({ status: 403, detail });
const conflict = (slug: string, title: string, detail: string, extra?: Record<string, unknown>) =>
  new ProblemError({ status: 409, slug, title, detail, extra });

function requirePartner(s: SessionClaims): asserts s is SessionClaims & { partnerId: string } {
  if (s.role === 'channel_manager' || !s.partnerId) throw forbidden('Only partner users register deals and request extensions.');
}

function requireChannelManager(s: SessionClaims): void {
  if (s.role !== 'channel_manager') throw forbidden('Only a channel manager may do this.');
}

/** The deal as the caller may see it, or 404 (another partner's deal is never a 403). */
async function visibleDeal(tx: Queryable, s: SessionClaims, id: string) {
  const deal = await getDeal(tx, s, id);
  if (!deal) throw notFound('No such deal.');
  return deal;
}

export function dealRegistrationRoutes(v1: Hono<AuthEnv>, deps: DealRegistrationDeps): void {
  const { db, now, policy } = deps;

  v1.get('/deals/policy', (c) =>
    c.json({
      protectionDays: policy.protectionDays,
      slaHours: policy.slaHours,
      reminderDays: policy.reminderDays,
      inactivityDays: policy.inactivityDays,
      conflictRule: policy.conflictRule,
      certificationRequired: { ...policy.certificationRequired },
    }),
  );

  v1.get('/deals/conflicts', async (c) => {
    checkQueryKeys(c.req.queries(), ['domain', 'company', 'motion', 'dealType']);
    const parsed = ConflictQuerySchema.safeParse({ domain: c.req.query('domain'), company: c.req.query('company') });
    if (!parsed.success) throw invalidQuery(issuesToErrors(parsed.error.issues, c.req.query()));
    const motionRaw = c.req.query('motion');
    const motion = motionRaw === undefined ? null : MotionSchema.safeParse(motionRaw);
    if (motion && !motion.success) throw invalidQuery([{ path: 'motion', code: 'invalid_choice', message: 'Unknown motion.' }]);
    const dealTypeRaw = c.req.query('dealType') ?? 'new';
    if (!['new', 'renewal', 'expansion'].includes(dealTypeRaw)) throw invalidQuery([{ path: 'dealType', code: 'invalid_choice', message: 'Expected new, renewal or expansion.' }]);
    const s = c.var.session;
    const at = now();
    // Cross-partner by nature; the answer carries only a status and a reason.
    const result = await withScope(db, ALL_PARTNERS, async (tx) => {
      const partner = s.partnerId ? await loadPartner(tx, s.partnerId) : null;
      // A channel manager asks on no partner's behalf: every live match counts as another's.
      const asker = partner ?? { id: '', name: '', tier: 'registered' as const, certifications: [] };
      return checkConflict(tx, { partner: asker, motion: motion?.success ? motion.data : null, dealType: dealTypeRaw as DealType, ...parsed.data }, policy, at);
    });
    if (parsed.data.domain && !result.domainKey && !parsed.data.company) {
      throw invalidQuery([{ path: 'domain', code: 'invalid_domain', message: 'Not a registrable domain; enter one such as example.com.' }]);
    }
    const body: ConflictCheck = { status: result.status, reason: result.reason, domain: result.domainKey };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  v1.get('/deals/review-queue', async (c) => {
    requireChannelManager(c.var.session);
    checkQueryKeys(c.req.queries(), []);
    const at = now();
    const s = c.var.session;
    const items: ReviewItem[] = [];
    await withScope(db, s, async (tx) => {
    const pending = await tx.query<{ id: string; sla_due_at: Date | string | null; deal_type: DealType; description: string | null; customer_domain_key: string | null; customer_company_key: string | null }>(
      `SELECT id, sla_due_at, deal_type, description, customer_domain_key, customer_company_key
         FROM deals WHERE status = 'pending' ORDER BY sla_due_at NULLS LAST, id LIMIT 200`,
    );
    const extensions = await tx.query<ExtensionRow & { deal_type: DealType; description: string | null; customer_domain_key: string | null; customer_company_key: string | null }>(
      `SELECT e.*, d.deal_type, d.description, d.customer_domain_key, d.customer_company_key
         FROM deal_extensions e JOIN deals d ON d.id = e.deal_id
        WHERE e.status = 'pending' ORDER BY e.requested_at, e.id LIMIT 200`,
    );
    const build = async (
      kind: ReviewItem['kind'],
      dealId: string,
      dueAt: Date | null,
      row: { deal_type: DealType; description: string | null; customer_domain_key: string | null; customer_company_key: string | null },
      extension: ReviewItem['extension'],
    ) => {
      const deal = await getDeal(tx, s, dealId);
      if (!deal || !('partners' in deal)) return;
      const matches = await findMatches(tx, { domainKey: row.customer_domain_key, companyKey: row.customer_company_key }, dealId);
      items.push({
        kind,
        deal,
        dueAt: dueAt ? dueAt.toISOString() : null,
        overdue: dueAt !== null && dueAt.getTime() <= at.getTime(),
        extension,
        evidence: matches.map(toEvidence),
        dealType: row.deal_type,
        description: row.description,
      });
    };
    for (const r of pending.rows) await build('registration', r.id, r.sla_due_at ? new Date(r.sla_due_at) : null, r, null);
    for (const r of extensions.rows) {
      const due = new Date(new Date(r.requested_at).getTime() + policy.slaHours * 3_600_000);
      await build('extension', r.deal_id, due, r, toExtension(r));
    }
    });
    items.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
    const body: ReviewQueue = {
      items,
      policy: { protectionDays: policy.protectionDays, protectionDaysMin: PROTECTION_DAYS_MIN, protectionDaysMax: PROTECTION_DAYS_MAX, slaHours: policy.slaHours },
    };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  v1.post('/deals', async (c) => {
    const s = c.var.session;
    requirePartner(s);
    const raw = await readJson(c);
    const key = readIdempotencyKey(c.req.header(IDEMPOTENCY_HEADER));
    const ref: KeyRef | null = key ? { userId: s.userId, partnerId: s.partnerId, key, hash: requestHash(raw) } : null;
    if (ref) {
      const claim = await withScope(db, s, (tx) => claimIdempotencyKey(tx, ref, now()));
      if (claim.kind === 'replay') {
        return c.json(claim.body as object, claim.status as 201, { [REPLAY_HEADER]: 'true', 'Cache-Control': 'no-store' });
      }
    }
    try {
      const { status, body } = await register(c, s, raw, ref);
      return c.json(body, status, { Location: `/v1/deals/${body.id}`, 'Cache-Control': 'no-store' });
    } catch (error) {
      if (ref) await withScope(db, s, (tx) => releaseIdempotencyKey(tx, ref)).catch(() => {});
      throw error;
    }
  });

  async function register(_c: Context<AuthEnv>, s: SessionClaims & { partnerId: string }, raw: unknown, ref: KeyRef | null) {
    const parsed = DealRegistrationSchema.safeParse(raw);
    if (!parsed.success) throw validationFailed('The registration is invalid.', issuesToErrors(parsed.error.issues, raw));
    const input = parsed.data;
    const at = now();
    const today = at.toISOString().slice(0, 10);
    if (input.expectedCloseDate < today) {
      throw validationFailed('The registration is invalid.', [{ path: 'expectedCloseDate', code: 'date_in_past', message: 'The expected close date is in the past.' }]);
    }
    // All partners' scope, deliberately: the uniqueness test must see every live claim. The
    // response is the caller's own deal only (getDeal filters by the session's partner).
    return withScope(db, ALL_PARTNERS, async (tx) => {
    const partner = await loadPartner(tx, s.partnerId);
    if (!partner) throw forbidden('Your partner organisation is unknown.');
    if (!mayRegister(policy, input.motion, partner.certifications)) {
      const cert = requiredCertification(policy, input.motion);
      throw new ProblemError({
        status: 422,
        slug: 'certification-required',
        title: 'Certification required',
        detail: `Registering ${input.motion} deals requires the certification "${cert}".`,
        errors: [{ path: 'motion', code: 'certification_required', message: `Requires the certification "${cert}".`, params: { certification: cert ?? '' } }],
        extra: { certification: cert },
      });
    }
      const rules = await rulesAcknowledged(tx, s, at);
      if (!rules.ok) {
        throw conflict(
          'rules-not-acknowledged',
          'Rules of engagement not acknowledged',
          `Acknowledge the current rules of engagement (version ${rules.currentVersion}) before registering deals.`,
          { currentVersion: rules.currentVersion },
        );
      }
      const domainKey = registrableDomain(input.customer.domain);
      if (!domainKey) {
        throw validationFailed('The registration is invalid.', [{ path: 'customer.domain', code: 'invalid_domain', message: 'Not a registrable domain; enter one such as example.com.' }]);
      }
      // One registration per customer domain at a time, so two racing submissions see each other.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pk-customer:${domainKey}`]);
      const assessment = await checkConflict(
        tx,
        { partner, motion: input.motion, dealType: input.dealType, domain: input.customer.domain, company: input.customer.company },
        policy,
        at,
      );
      const id = await insertRegistration(tx, s, input, { domainKey, companyKey: normaliseCompany(input.customer.company) }, assessment, policy, at);
      await appendHistory(tx, { dealId: id, partnerId: s.partnerId, action: 'submitted', actor: actorOf(s), at });
      await publishDealEvent(tx, 'deal.created', id, at);
      const deal = await visibleDeal(tx, s, id);
      if (ref) await completeIdempotencyKey(tx, ref, 201, deal, at);
      return { status: 201 as const, body: deal };
    });
  }

  v1.post('/deals/:id/decision', async (c) => {
    const s = c.var.session;
    const id = c.req.param('id');
    const raw = await readJson(c);
    const parsed = DecisionRequestSchema.safeParse(raw);
    const result = await withScope(db, s, async (tx) => {
      const deal = await lockDeal(tx, id);
      if (!deal || (s.role !== 'channel_manager' && deal.partner_id !== s.partnerId)) throw notFound('No such deal.');
      requireChannelManager(s);
      if (!parsed.success) throw validationFailed('The decision is invalid.', issuesToErrors(parsed.error.issues, raw));
      const d = parsed.data;
      if (deal.status !== 'pending') {
        throw conflict('already-decided', 'Already decided', `This registration is ${deal.status}; only a pending registration can be decided.`, { status: deal.status });
      }
      const at = now();
      if (d.decision === 'approve') {
        const days = d.protectionDays ?? policy.protectionDays;
        await tx.query(
          `UPDATE deals SET status = 'approved', protection_starts_at = $2, protection_ends_at = $3, decided_at = $2, decided_by = $4,
             decision_reason = $5, last_activity_at = $2 WHERE id = $1`,
          [id, at.toISOString(), new Date(at.getTime() + days * DAY).toISOString(), s.userId, d.reason ?? null],
        );
      } else {
        await tx.query(
          `UPDATE deals SET status = 'declined', decided_at = $2, decided_by = $3, decision_reason = $4, last_activity_at = $2 WHERE id = $1`,
          [id, at.toISOString(), s.userId, d.reason ?? null],
        );
      }
      await appendHistory(tx, {
        dealId: id, partnerId: deal.partner_id, action: d.decision === 'approve' ? 'approved' : 'declined', actor: actorOf(s),
        reason: d.reason ?? null, internalNote: d.internalNote ?? null, at,
      });
      await publishDealEvent(tx, 'deal.decided', id, at);
      return visibleDeal(tx, s, id);
    });
    return c.json(result);
  });

  v1.post('/deals/:id/extension', async (c) => {
    const s = c.var.session;
    const id = c.req.param('id');
    const raw = await readJson(c);
    const parsed = ExtensionRequestSchema.safeParse(raw);
    const result = await withScope(db, s, async (tx) => {
      const deal = await lockDeal(tx, id);
      if (!deal || (s.role !== 'channel_manager' && deal.partner_id !== s.partnerId)) throw notFound('No such deal.');
      if (!parsed.success) throw validationFailed('The extension request is invalid.', issuesToErrors(parsed.error.issues, raw));
      const body = parsed.data;
      const at = now();
      if (s.role !== 'channel_manager') {
        if (body.decision !== undefined) throw validationFailed('The extension request is invalid.', [{ path: 'decision', code: 'not_allowed', message: 'Only a channel manager decides extensions.' }]);
        if (!body.reason) throw validationFailed('The extension request is invalid.', [{ path: 'reason', code: 'required', message: 'Say why the deal needs more time.' }]);
        if (deal.status !== 'approved') throw conflict('not-protected', 'Not protected', `Only an approved registration can be extended; this one is ${deal.status}.`);
        const existing = await tx.query('SELECT 1 FROM deal_extensions WHERE deal_id = $1 AND status = $2', [id, 'pending']);
        if (existing.rows.length) throw conflict('extension-pending', 'Extension already requested', 'An extension request for this deal is waiting for a decision.');
        const extId = newId('ex_');
        const { rows } = await tx.query<ExtensionRow>(
          `INSERT INTO deal_extensions (id, deal_id, partner_id, status, days, reason, requested_by, requested_at)
           VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7) RETURNING *`,
          [extId, id, deal.partner_id, body.days ?? policy.extensionDays, body.reason, s.userId, at.toISOString()],
        );
        await tx.query('UPDATE deals SET last_activity_at = $2 WHERE id = $1', [id, at.toISOString()]);
        await appendHistory(tx, { dealId: id, partnerId: deal.partner_id, action: 'extension-requested', actor: actorOf(s), reason: body.reason, at });
        await publishDealEvent(tx, 'deal.updated', id, at);
        return { status: 201 as const, body: { deal: await visibleDeal(tx, s, id), extension: toExtension(rows[0]) } };
      }
      if (!body.decision) throw validationFailed('The extension decision is invalid.', [{ path: 'decision', code: 'required', message: 'Choose approve or decline.' }]);
      if (body.decision === 'decline' && !body.reason) throw validationFailed('The extension decision is invalid.', [{ path: 'reason', code: 'required', message: 'A reason is required to decline.' }]);
      const { rows: pendingRows } = await tx.query<ExtensionRow>('SELECT * FROM deal_extensions WHERE deal_id = $1 AND status = $2 FOR UPDATE', [id, 'pending']);
      const pending = pendingRows[0];
      if (!pending) throw conflict('no-pending-extension', 'No extension requested', 'This deal has no extension request waiting for a decision.');
      const days = body.days ?? Number(pending.days);
      const { rows } = await tx.query<ExtensionRow>(
        `UPDATE deal_extensions SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5, days = $6 WHERE id = $1 RETURNING *`,
        [pending.id, body.decision === 'approve' ? 'approved' : 'declined', s.userId, at.toISOString(), body.reason ?? null, days],
      );
      if (body.decision === 'approve') {
        await tx.query(
          `UPDATE deals SET protection_ends_at = protection_ends_at + make_interval(days => $2), reminder_sent_at = NULL,
             status = CASE WHEN status = 'expired' THEN 'approved' ELSE status END, last_activity_at = $3 WHERE id = $1`,
          [id, days, at.toISOString()],
        );
      }
      await appendHistory(tx, {
        dealId: id, partnerId: deal.partner_id, action: body.decision === 'approve' ? 'extension-approved' : 'extension-declined',
        actor: actorOf(s), reason: body.reason ?? null, at,
      });
      await publishDealEvent(tx, 'deal.updated', id, at);
      return { status: 200 as const, body: { deal: await visibleDeal(tx, s, id), extension: toExtension(rows[0]) } };
    });
    return c.json(result.body, result.status);
  });

  v1.get('/deals/:id/history', async (c) => {
    const s = c.var.session;
    checkQueryKeys(c.req.queries(), []);
    const items = await withScope(db, s, async (tx) => {
      await visibleDeal(tx, s, c.req.param('id'));
      return readHistory(tx, c.req.param('id'), s.role === 'channel_manager');
    });
    return c.json({ items });
  });
}
