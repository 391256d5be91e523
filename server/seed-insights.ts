/**
 * Demo data for the metrics (issue 13), run by the seed after the base deals:
 * - history: deals registered over the last two years (so this year and the year before both have
 *   figures, and the program grows), most of them closed — won or lost with a motion-typical cycle
 *   time, declined or expired — and the recent ones still open; three currencies; a quarter of them
 *   shared between two partner orgs (sourced + influenced, percents adding up to 100 at most);
 * - decisions: every decided base deal gets its SLA due time (48 hours after registration) and
 *   decision time, some of them late, and every closed one its close time;
 * - the base deals' attribution: where an influencer was added, the owner's percent leaves room for
 *   it, so a deal's percents never add up to more than 100.
 * Deterministic (own PRNG, ids `dl_hist…`), and the total number of seeded deals is unchanged:
 * seed.ts makes that many fewer base deals.
 */
import type { Queryable } from './db.js';
import type { Motion } from '../src/contract/index.js';
import { STAGES } from '../src/contract/index.js';
import { normaliseCompany, registrableDomain } from './registration/normalise.js';
import { prng } from './seed.js';

/** How many of the seeded deals are metrics history. */
export const INSIGHTS_HISTORY_DEALS = 100;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Median registration → close days per motion in the demo. */
const CYCLE_DAYS: Record<Motion, number> = { referral: 35, reseller: 50, marketplace: 28, services: 95, tech: 65 };

const FIRST = ['Alder', 'Birch', 'Cobalt', 'Dune', 'Ember', 'Fjord', 'Garnet', 'Heron', 'Indigo', 'Juniper', 'Kestrel', 'Lumen', 'Marble', 'Nimbus', 'Onyx', 'Prairie', 'Quartz', 'Raven', 'Sable', 'Tundra'];
const SECOND = ['Works', 'Holdings', 'Outfitters', 'Freight', 'Clinics', 'Studios', 'Capital', 'Foods', 'Robotics', 'Textiles'];

interface HistoryPartner {
  id: string;
  motions: Motion[];
  reps: string[];
}

export async function seedInsights(tx: Queryable, epoch: number, partners: readonly HistoryPartner[], count = INSIGHTS_HISTORY_DEALS): Promise<void> {
  const rand = prng(0x1e5a9c3);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const iso = (ms: number) => new Date(ms).toISOString();

  for (let i = 0; i < count; i++) {
    const partner = partners[i % partners.length];
    const motion = pick(partner.motions);
    const stages = STAGES[motion];
    // More recent deals than old ones: the program grows.
    const ageDays = Math.floor(730 * Math.pow(rand(), 1.35)) + 3;
    const createdAt = epoch - ageDays * DAY - int(0, 23) * HOUR;
    const decidedAt = createdAt + (rand() < 0.18 ? int(49, 96) : int(2, 40)) * HOUR;
    const cycle = Math.round(CYCLE_DAYS[motion] * (0.5 + rand() * 1.1));
    const r = rand();
    let status: 'approved' | 'won' | 'lost' | 'declined' | 'expired';
    if (r < 0.1) status = 'declined';
    else if (createdAt + cycle * DAY >= epoch - DAY) status = decidedAt + 90 * DAY > epoch ? 'approved' : 'expired';
    else status = r < 0.58 ? 'won' : r < 0.88 || decidedAt + 90 * DAY > epoch ? 'lost' : 'expired';
    const closedAt = status === 'won' || status === 'lost' ? createdAt + cycle * DAY + int(8, 17) * HOUR : null;
    const protection = status === 'declined' ? null : { start: decidedAt, end: decidedAt + 90 * DAY };
    const stage = closedAt !== null ? stages[4][0] : status === 'approved' ? stages[int(1, 3)][0] : stages[int(0, 2)][0];
    const lastActivity = closedAt ?? (status === 'approved' ? epoch - int(1, 20) * DAY : protection?.end ?? decidedAt);
    const noteAt = status === 'approved' ? (rand() < 0.6 ? epoch - int(0, 6) * DAY : epoch - int(8, 30) * DAY) : lastActivity;

    const shared = rand() < 0.25 && partners.length > 1;
    const ownType = motion === 'referral' || rand() < 0.7 ? 'sourced' : 'influenced';
    const influencerPercent = shared ? pick([20, 25, 30, 40]) : 0;
    const ownPercent = ownType === 'sourced' ? 100 - influencerPercent : pick([30, 40, 50]);
    const roll = rand();
    const currency = roll < 0.55 ? 'USD' : roll < 0.85 ? 'EUR' : 'GBP';
    const amount = int(60, 3000) * 100;

    const company = `${FIRST[i % FIRST.length]} ${SECOND[Math.floor(i / FIRST.length) % SECOND.length]}`;
    const domain = `${company.replace(/\s+/g, '').toLowerCase()}.example`;
    const id = `dl_hist${String(i + 1).padStart(5, '0')}`;
    await tx.query(
      `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, customer_contact_name, owner_name,
         next_step, stage_note, stage_note_updated_at, attribution_type, attribution_percent, amount_value, currency, expected_close_date,
         protection_starts_at, protection_ends_at, sla_due_at, decided_at, decided_by, closed_at, description, last_activity_at, created_at,
         customer_domain_key, customer_company_key)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,'u_cm',$22,$23,$24,$25,$26,$27)`,
      [
        id, partner.id, motion, stage, status, company, domain, 'Jamie Doe', pick(partner.reps),
        status === 'approved' ? 'Agree mutual close plan' : null, 'Customer history for the metrics demo.', iso(Math.max(createdAt, noteAt)),
        ownType, ownPercent, amount, currency, new Date(closedAt ?? createdAt + cycle * DAY).toISOString().slice(0, 10),
        protection ? iso(protection.start) : null, protection ? iso(protection.end) : null, iso(createdAt + 48 * HOUR), iso(decidedAt),
        closedAt === null ? null : iso(closedAt), 'Closed history of the partner program.', iso(lastActivity), iso(createdAt),
        registrableDomain(domain) ?? domain, normaliseCompany(company),
      ],
    );
    await tx.query('INSERT INTO deal_partners (deal_id, partner_id, type, percent) VALUES ($1, $2, $3, $4)', [id, partner.id, ownType, ownPercent]);
    if (shared) {
      const other = partners[(i % partners.length + 1 + int(0, partners.length - 2)) % partners.length];
      await tx.query('INSERT INTO deal_partners (deal_id, partner_id, type, percent) VALUES ($1, $2, $3, $4)', [id, other.id, 'influenced', influencerPercent]);
    }
  }

  // Base deals: decision and SLA times (some registrations decided late, registered earlier than
  // their approval's 2–46 hours), close times at their close date.
  await tx.query(`UPDATE deals SET created_at = protection_starts_at - make_interval(hours => 49 + abs(hashtext(id)) % 30)
    WHERE id NOT LIKE 'dl_hist%' AND protection_starts_at IS NOT NULL AND abs(hashtext(id)) % 7 = 0`);
  await tx.query(`UPDATE deals SET sla_due_at = created_at + interval '48 hours',
      decided_at = coalesce(protection_starts_at, created_at + make_interval(hours => 4 + abs(hashtext(id)) % 60)), decided_by = 'u_cm'
    WHERE id NOT LIKE 'dl_hist%' AND status <> 'pending' AND decided_at IS NULL`);
  await tx.query(`UPDATE deals SET closed_at = least($1::timestamptz, greatest(created_at + interval '1 day', (expected_close_date + time '15:00') AT TIME ZONE 'UTC'))
    WHERE id NOT LIKE 'dl_hist%' AND status IN ('won','lost')`, [iso(epoch - HOUR)]);
  // Room for the influencers the base seed added: the owner's percent drops so the deal's add up to 100 at most.
  await tx.query(`WITH extra AS (
      SELECT dp.deal_id, sum(dp.percent) AS others FROM deal_partners dp JOIN deals d ON d.id = dp.deal_id
      WHERE dp.partner_id <> d.partner_id GROUP BY dp.deal_id)
    UPDATE deal_partners dp SET percent = greatest(0, least(dp.percent, 100 - extra.others))
      FROM extra, deals d WHERE dp.deal_id = extra.deal_id AND d.id = dp.deal_id AND dp.partner_id = d.partner_id`);
  await tx.query(`UPDATE deals d SET attribution_percent = dp.percent FROM deal_partners dp
    WHERE dp.deal_id = d.id AND dp.partner_id = d.partner_id AND dp.percent <> d.attribution_percent`);
}
