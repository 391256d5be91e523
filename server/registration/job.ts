/**
 * The registration policy's scheduled job. One run at a time across every server process on one
 * PostgreSQL (a transaction-scoped advisory lock; a second caller skips), idempotent (each step
 * marks what it did and only picks rows not yet marked), clock injected.
 *   - protection ended            → status expired
 *   - protection ends within N d  → reminder (once per protection window)
 *   - decision SLA passed         → marked overdue (once)
 *   - no activity past threshold  → flagged for reassignment (once)
 * Each is a history entry and a `deal.updated` event.
 */
import type { Db } from '../db.js';
import { ALL_PARTNERS, withScope } from '../scope.js';
import { publishDealEvent } from './hooks.js';
import type { RegistrationPolicy } from './policy.js';
import { SYSTEM_ACTOR, appendHistory } from './store.js';

/** Any constant: the advisory lock key of this job. */
export const REGISTRATION_JOB_LOCK = 0x70_6b_72_6a; // 'pkrj'
const DAY = 86_400_000;

export interface JobResult {
  /** false when another process held the lock and this run did nothing. */
  ran: boolean;
  expired: number;
  reminded: number;
  overdue: number;
  flagged: number;
}

export async function runRegistrationJob(db: Db, opts: { now: () => Date; policy: RegistrationPolicy }): Promise<JobResult> {
  const at = opts.now();
  const p = opts.policy;
  return withScope(db, ALL_PARTNERS, async (tx) => {
    const { rows } = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [REGISTRATION_JOB_LOCK]);
    if (!rows[0]?.locked) return { ran: false, expired: 0, reminded: 0, overdue: 0, flagged: 0 };
    const stamp = at.toISOString();
    const step = async (sql: string, params: unknown[], action: Parameters<typeof appendHistory>[1]['action'], reason: (r: Row) => string): Promise<number> => {
      const changed = await tx.query<Row>(sql, params);
      for (const r of changed.rows) {
        await appendHistory(tx, { dealId: r.id, partnerId: r.partner_id, action, actor: SYSTEM_ACTOR, reason: reason(r), at });
        await publishDealEvent(tx, 'deal.updated', r.id, at);
      }
      return changed.rows.length;
    };
    const expired = await step(
      `UPDATE deals SET status = 'expired' WHERE status = 'approved' AND protection_ends_at <= $1 RETURNING id, partner_id, protection_ends_at`,
      [stamp], 'expired', () => 'The protection window ended.',
    );
    const reminded = await step(
      `UPDATE deals SET reminder_sent_at = $1 WHERE status = 'approved' AND reminder_sent_at IS NULL
         AND protection_ends_at > $1 AND protection_ends_at <= $2 RETURNING id, partner_id, protection_ends_at`,
      [stamp, new Date(at.getTime() + p.reminderDays * DAY).toISOString()], 'protection-reminder',
      (r) => `Protection ends on ${new Date(r.protection_ends_at!).toISOString().slice(0, 10)}; request an extension if the deal needs more time.`,
    );
    const overdue = await step(
      `UPDATE deals SET sla_overdue_at = $1 WHERE status = 'pending' AND sla_overdue_at IS NULL AND sla_due_at <= $1
         RETURNING id, partner_id, protection_ends_at`,
      [stamp], 'sla-overdue', () => `No decision within the ${p.slaHours}-hour SLA.`,
    );
    const flagged = await step(
      `UPDATE deals SET reassignment_flagged_at = $1 WHERE status IN ('pending','approved') AND reassignment_flagged_at IS NULL
         AND last_activity_at <= $2 RETURNING id, partner_id, protection_ends_at`,
      [stamp, new Date(at.getTime() - p.inactivityDays * DAY).toISOString()], 'flagged-for-reassignment',
      () => `No activity for ${p.inactivityDays} days.`,
    );
    return { ran: true, expired, reminded, overdue, flagged };
  });
}

interface Row {
  id: string;
  partner_id: string;
  protection_ends_at: Date | string | null;
}

/** Runs the job every `intervalMs` (timer unref'd); returns a stop function. Errors are logged, not thrown. */
export function scheduleRegistrationJob(db: Db, opts: { now: () => Date; policy: RegistrationPolicy; intervalMs: number }): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runRegistrationJob(db, opts)
      .catch((error: unknown) => console.error('[partnerkit] registration job failed:', error))
      .finally(() => (running = false));
  }, opts.intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
