/**
 * Demo data for the deal panel (issue 11), after server/seed.ts has inserted the deals: partner
 * contacts by role (the owner as AE, a colleague as SE, sometimes a BDR) and, on deals in their
 * last two stages, amount and close-date confirmations on some — so the exit criteria before the
 * last stage are met on some deals and not on others. Deterministic (derived from deal ids).
 */
import type { Queryable } from './db.js';
import type { SeedPartner } from './seed.js';

const email = (name: string, partnerId: string) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${partnerId.replace(/^p_/, '')}.example`;

/** A small stable hash of a string (FNV-1a), to pick colleagues deterministically. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export async function seedPipeline(tx: Queryable, partners: readonly SeedPartner[]): Promise<void> {
  const { rows } = await tx.query<{ id: string; partner_id: string; owner_name: string }>('SELECT id, partner_id, owner_name FROM deals');
  for (const d of rows) {
    const reps = partners.find((p) => p.id === d.partner_id)?.reps ?? [];
    const others = reps.filter((r) => r !== d.owner_name);
    const contacts = [{ name: d.owner_name, email: email(d.owner_name, d.partner_id), role: 'AE' }];
    if (others.length) {
      const se = others[hash(d.id) % others.length];
      contacts.push({ name: se, email: email(se, d.partner_id), role: 'SE' });
      if (hash(d.id + 'bdr') % 3 === 0) {
        const bdr = others[hash(d.id + 'b') % others.length];
        contacts.push({ name: bdr, email: email(bdr, d.partner_id), role: 'BDR' });
      }
    }
    await tx.query('UPDATE deals SET partner_contacts = $2::jsonb WHERE id = $1', [d.id, JSON.stringify(contacts)]);
  }
  // Confirmations on some deals in their last two stages (stage position from the motion's order).
  await tx.query(
    `UPDATE deals SET amount_confirmed_at = CASE WHEN abs(hashtext(id || 'a')) % 3 <> 0 THEN last_activity_at END,
                      close_date_confirmed_at = CASE WHEN abs(hashtext(id || 'c')) % 2 = 0 THEN last_activity_at END
      WHERE stage IN ('commercials', 'closed-credit', 'transact', 'launch-enable', 'close-disburse', 'adopt-expand', 'delivery', 'handoff', 'validation', 'commercials-close')
        AND status NOT IN ('declined', 'lost', 'expired')`,
  );
}
