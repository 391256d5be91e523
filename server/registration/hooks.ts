/**
 * The two places deal registration depends on the rules/events work (issue 9). Each is called
 * from exactly one function here.
 */
import type { SessionClaims } from '../auth.js';
import type { Queryable } from '../db.js';
import { getDeal } from '../deals.js';
import { appendEvent } from '../events/outbox.js';
import { hasAcknowledgedCurrentRules } from '../rules/rules.js';

/** SINGLE CALL SITE — "has this user acknowledged the current rules?" (server/rules/rules.ts). */
export async function rulesAcknowledged(tx: Queryable, session: SessionClaims, now: Date): Promise<{ ok: boolean; currentVersion: number | null }> {
  return hasAcknowledgedCurrentRules(tx, session, now);
}

export type DealEventType = 'deal.created' | 'deal.updated' | 'deal.decided';

const VENDOR_VIEW: SessionClaims = { userId: 'system', partnerId: null, role: 'channel_manager', name: 'Partnerkit', email: null };

/**
 * SINGLE CALL SITE — announces a deal change on GET /v1/events, inside the change's transaction
 * (the event outbox): users of the deal's own partner org get the safe view (`toDeal`), channel
 * managers the vendor view. No other partner receives it.
 */
export async function publishDealEvent(tx: Queryable, type: DealEventType, dealId: string, at: Date = new Date()): Promise<void> {
  const vendor = await getDeal(tx, VENDOR_VIEW, dealId);
  if (!vendor) return;
  const partnerView: SessionClaims = { userId: 'system', partnerId: vendor.partner.id, role: 'partner_user', name: 'Partnerkit', email: null };
  const safe = await getDeal(tx, partnerView, dealId);
  await appendEvent(tx, { type, audience: { kind: 'partner', partnerId: vendor.partner.id }, data: safe, vendorData: vendor, at });
}
