/**
 * The two places deal registration depends on the rules/events work (issue 9). Each is called
 * from exactly one function here, so switching to the shared implementation is a one-line change.
 */
import type { SessionClaims } from '../auth.js';
import type { Queryable } from '../db.js';
import { DealSchema } from '../../src/contract/index.js';
import { getDeal } from '../deals.js';

/**
 * SINGLE CALL SITE — "has this user acknowledged the current rules?".
 * TODO(issue 9): replace the body with the rules server's shared function once it lands.
 */
export async function rulesAcknowledged(tx: Queryable, session: SessionClaims, now: Date): Promise<{ ok: boolean; currentVersion: number | null }> {
  const current = await tx.query<{ version: number }>('SELECT version FROM rules WHERE published_at <= $1 ORDER BY version DESC LIMIT 1', [now.toISOString()]);
  const currentVersion = current.rows[0] ? Number(current.rows[0].version) : null;
  if (currentVersion === null) return { ok: true, currentVersion };
  const ack = await tx.query('SELECT 1 FROM rule_acknowledgements WHERE user_id = $1 AND version = $2', [session.userId, currentVersion]);
  return { ok: ack.rows.length > 0, currentVersion };
}

export type DealEventType = 'deal.created' | 'deal.updated' | 'deal.decided';

const VENDOR_VIEW: SessionClaims = { userId: 'system', partnerId: null, role: 'channel_manager', name: 'Partnerkit', email: null };

/**
 * SINGLE CALL SITE — announces a deal change on GET /v1/events, inside the change's transaction:
 * partners of the deal's own org get the safe view, channel managers the vendor view.
 * TODO(issue 9): append to the shared event outbox once it lands.
 */
export async function publishDealEvent(tx: Queryable, type: DealEventType, dealId: string): Promise<void> {
  const vendor = await getDeal(tx, VENDOR_VIEW, dealId);
  if (!vendor) return;
  const event = { type, partnerIds: [vendor.partner.id], data: DealSchema.parse(vendor), vendorData: vendor };
  void event;
}
