import type { Db, Queryable } from './db.js';
import { ALL_PARTNERS, withScope } from './scope.js';
import { STAGES, type Motion, type Role } from '../src/contract/index.js';
import { normaliseCompany, registrableDomain } from './registration/normalise.js';
import { seedEngagement } from './seed-engagement.js';
import { seedPipeline } from './seed-pipeline.js';

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  partnerId: string | null;
  label: string;
}

export interface SeedPartner {
  id: string;
  name: string;
  tier: 'registered' | 'silver' | 'gold' | 'platinum';
  motions: Motion[];
  certifications: string[];
  reps: string[];
}

export const VENDOR_NAME = 'Acme Cloud';

export const SEED_PARTNERS: SeedPartner[] = [
  {
    id: 'p_northwind',
    name: 'Northwind Resellers',
    tier: 'gold',
    motions: ['reseller'],
    certifications: ['Acme Certified Sales', 'Acme Certified Pre-Sales Engineer'],
    reps: ['Nora Whitfield', 'Ian Okafor', 'Priya Raman'],
  },
  {
    id: 'p_contoso',
    name: 'Contoso Systems Integration',
    tier: 'platinum',
    motions: ['services', 'tech'],
    certifications: ['Acme Certified Architect', 'Acme Migration Specialist', 'Acme Managed Services'],
    reps: ['Carlos Ortega', 'Hannah Becker', 'Yusuf Demir'],
  },
  {
    id: 'p_fabrikam',
    name: 'Fabrikam Cloud Marketplace',
    tier: 'silver',
    motions: ['marketplace'],
    certifications: ['Acme Marketplace Seller'],
    reps: ['Fiona Marsh', 'Kenji Sato'],
  },
  {
    id: 'p_tailspin',
    name: 'Tailspin Referrals',
    tier: 'registered',
    motions: ['referral'],
    certifications: [],
    reps: ['Tom Ashby', 'Lena Kowalski'],
  },
  {
    id: 'p_litware',
    name: 'Litware Software',
    tier: 'silver',
    motions: ['tech', 'referral'],
    certifications: ['Acme Technology Integration'],
    reps: ['Lucia Ferrari', 'Omar Haddad'],
  },
];

export const DEMO_USERS: DemoUser[] = [
  { id: 'u_nw_rep', name: 'Nora Whitfield', email: 'nora.whitfield@northwind.example', role: 'partner_user', partnerId: 'p_northwind', label: 'Northwind Resellers — sales rep' },
  { id: 'u_nw_admin', name: 'Ian Okafor', email: 'ian.okafor@northwind.example', role: 'partner_admin', partnerId: 'p_northwind', label: 'Northwind Resellers — partner admin' },
  { id: 'u_co_rep', name: 'Carlos Ortega', email: 'carlos.ortega@contoso.example', role: 'partner_user', partnerId: 'p_contoso', label: 'Contoso Systems Integration — consultant' },
  { id: 'u_co_admin', name: 'Hannah Becker', email: 'hannah.becker@contoso.example', role: 'partner_admin', partnerId: 'p_contoso', label: 'Contoso Systems Integration — partner admin' },
  { id: 'u_fa_rep', name: 'Fiona Marsh', email: 'fiona.marsh@fabrikam.example', role: 'partner_user', partnerId: 'p_fabrikam', label: 'Fabrikam Cloud Marketplace — sales rep' },
  { id: 'u_ta_rep', name: 'Tom Ashby', email: 'tom.ashby@tailspin.example', role: 'partner_user', partnerId: 'p_tailspin', label: 'Tailspin Referrals — referral partner' },
  { id: 'u_li_rep', name: 'Lucia Ferrari', email: 'lucia.ferrari@litware.example', role: 'partner_user', partnerId: 'p_litware', label: 'Litware Software — alliance manager' },
  { id: 'u_cm', name: 'Morgan Lee', email: 'morgan.lee@acmecloud.example', role: 'channel_manager', partnerId: null, label: 'Acme Cloud — channel manager' },
];

export { RULES_V1, RULES_V2 } from './seed-engagement.js';

/** mulberry32: small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = ['Blue', 'Summit', 'North', 'Harbor', 'Pioneer', 'Granite', 'Cedar', 'Atlas', 'Nova', 'Vertex', 'Quantum', 'Bright', 'Evergreen', 'Iron', 'Golden', 'Crystal', 'Urban', 'Coastal', 'Silver', 'Red'];
const CORES = ['Ridge', 'Stone', 'Peak', 'Wave', 'Field', 'Bridge', 'Forge', 'Lake', 'Point', 'Grove', 'Sky', 'River', 'Path', 'Light', 'Mark'];
const SECTORS = ['Logistics', 'Health', 'Bank', 'Foods', 'Energy', 'Labs', 'Retail', 'Media', 'Insurance', 'Manufacturing', 'Analytics', 'Pharma', 'Telecom', 'Motors', 'Hotels'];
const LEGAL: Array<[string, string]> = [['', 'com'], [' Inc.', 'com'], [' GmbH', 'de'], [' Ltd', 'co.uk'], [' SA', 'fr'], [' BV', 'nl'], ['', 'io'], [' AB', 'se']];
const FIRST = ['Alex', 'Sam', 'Jordan', 'Maria', 'Chen', 'Fatima', 'Lukas', 'Aisha', 'Diego', 'Emma', 'Noah', 'Olga', 'Ravi', 'Sofia', 'Tariq', 'Yara', 'Ben', 'Chloe', 'Mateo', 'Ingrid'];
const LAST = ['Smith', 'Garcia', 'Müller', 'Nakamura', 'Johansson', 'Rossi', 'Dubois', 'Patel', 'Kim', 'Novak', 'Brennan', 'Silva', 'Haddad', 'Larsen', 'Okoro', 'Fischer'];
const NEXT_STEPS = ['Schedule discovery call', 'Send technical validation plan', 'Book executive sponsor meeting', 'Share ROI one-pager', 'Run proof-of-concept workshop', 'Submit quote for approval', 'Confirm procurement contact', 'Agree mutual close plan', 'Prepare private offer', 'Security review with customer IT', 'Finalise SOW', 'Kick-off onboarding', null];
const STAGE_NOTES = ['Champion confirmed; waiting on budget owner.', 'Customer comparing us with an incumbent tool.', 'Technical fit validated in workshop.', 'Legal review of MSA in progress.', 'Procurement asked for a 3-year price.', 'Pilot running with 20 seats.', 'Need SE support for the integration demo.', 'Decision pushed to next quarter.'];
const INTERNAL_NOTES = ['Strategic logo — approve extra MDF if needed.', 'Customer already in direct pipeline; watch for channel conflict.', 'Price-sensitive; keep within band B.', 'Renewal owned by incumbent partner.', 'Exec sponsor: VP Sales EMEA.', 'Flagged by finance: check credit terms.'];
const DISCOUNT_BANDS = ['A (0–10%)', 'B (10–20%)', 'C (20–30%)', 'D (30%+, needs VP approval)'];
const DESCRIPTIONS = ['Customer evaluating a platform consolidation.', 'Net-new opportunity sourced at a partner event.', 'Expansion of an existing workload to new regions.', 'Migration from a legacy on-prem system.', 'Joint solution with partner IP.'];

/** The registrable domain of what was typed (see server/registration/normalise.ts), or the input lower-cased. */
export function normaliseDomain(domain: string): string {
  return registrableDomain(domain) ?? domain.trim().toLowerCase();
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SeedOptions {
  now?: () => Date;
  dealCount?: number;
}

/** Inserts the demo data when the partners table is empty. Returns true when it seeded. */
export async function seedIfEmpty(db: Db, opts: SeedOptions = {}): Promise<boolean> {
  return withScope(db, ALL_PARTNERS, async (tx) => {
    const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM partners');
    if (Number(rows[0]?.n ?? 0) > 0) return false;
    await seed(tx, opts);
    return true;
  });
}

async function seed(tx: Queryable, opts: SeedOptions): Promise<void> {
  const rand = prng(0x9a27e12);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  // Seed epoch: now, truncated to the hour, so data is "recent" but stable within a run.
  const epoch = Math.floor((opts.now?.() ?? new Date()).getTime() / HOUR) * HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();
  const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const idChars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const newId = () => 'dl_' + Array.from({ length: 12 }, () => idChars[Math.floor(rand() * idChars.length)]).join('');

  for (const p of SEED_PARTNERS) {
    await tx.query('INSERT INTO partners (id, name, tier, certifications, motions) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)', [
      p.id, p.name, p.tier, JSON.stringify(p.certifications), JSON.stringify(p.motions),
    ]);
  }
  for (const u of DEMO_USERS) {
    await tx.query('INSERT INTO users (id, partner_id, role, name, email) VALUES ($1, $2, $3, $4, $5)', [u.id, u.partnerId, u.role, u.name, u.email]);
  }
  // Rules of engagement (two versions, acknowledgments) and announcements: server/seed-engagement.ts.
  await seedEngagement(tx, epoch);

  // Every (partner, motion, stage) combination appears at least once, then the rest is random.
  const combos: Array<{ partner: SeedPartner; motion: Motion; stageIndex: number }> = [];
  for (const partner of SEED_PARTNERS) for (const motion of partner.motions) for (let s = 0; s < 5; s++) combos.push({ partner, motion, stageIndex: s });

  const total = opts.dealCount ?? 240;
  const usedCompanies: Array<{ company: string; domain: string; partnerId: string }> = [];
  const usedNames = new Set<string>();

  for (let i = 0; i < total; i++) {
    const combo = i < combos.length ? combos[i] : (() => {
      const partner = pick(SEED_PARTNERS);
      return { partner, motion: pick(partner.motions), stageIndex: int(0, 4) };
    })();
    const { partner, motion } = combo;
    const stageIndex = combo.stageIndex;
    const stage = STAGES[motion][stageIndex][0];

    // Customer: mostly new, sometimes one another partner already registered (conflict risk).
    let company: string;
    let domain: string;
    let conflictStatus: 'none' | 'risk' | 'active' = 'none';
    let conflictReason: string | null = null;
    const others = usedCompanies.filter((c) => c.partnerId !== partner.id);
    if (others.length > 10 && rand() < 0.07) {
      const other = pick(others);
      company = other.company;
      domain = other.domain;
      conflictStatus = rand() < 0.5 ? 'risk' : 'active';
      conflictReason = conflictStatus === 'active'
        ? 'This customer is already registered and protected by another partner.'
        : 'A registration for the same customer domain is under review.';
    } else {
      let name = '';
      let tld = 'com';
      for (let tries = 0; tries < 50; tries++) {
        const [legal, t] = pick(LEGAL);
        const base = `${pick(PREFIXES)} ${pick(CORES)} ${pick(SECTORS)}`;
        if (usedNames.has(base)) continue;
        usedNames.add(base);
        name = base + legal;
        tld = t;
        break;
      }
      company = name;
      const raw = (rand() < 0.3 ? 'www.' : '') + name.replace(/ (Inc\.|GmbH|Ltd|SA|BV|AB)$/, '').replace(/[^A-Za-z]/g, '') + '.' + tld;
      domain = normaliseDomain(raw);
    }
    usedCompanies.push({ company, domain, partnerId: partner.id });

    // Status
    let status: 'pending' | 'approved' | 'declined' | 'expired' | 'won' | 'lost';
    const r = rand();
    if (stageIndex === 4 && r < 0.45) status = 'won';
    else if (r < 0.22) status = 'pending';
    else if (r < 0.64) status = 'approved';
    else if (r < 0.72) status = 'declined';
    else if (r < 0.84) status = 'expired';
    else if (r < 0.93) status = 'lost';
    else status = 'approved';

    let createdAt: number;
    let protection: { start: number; end: number } | null = null;
    let slaDue: number | null = null;
    switch (status) {
      case 'pending':
        createdAt = epoch - int(1, 70) * HOUR - int(0, 59) * 60_000;
        slaDue = createdAt + 48 * HOUR;
        break;
      case 'approved': {
        createdAt = epoch - int(3, 85) * DAY - int(0, 23) * HOUR;
        const start = createdAt + int(2, 46) * HOUR;
        protection = { start, end: start + 90 * DAY };
        break;
      }
      case 'expired': {
        createdAt = epoch - int(95, 260) * DAY - int(0, 23) * HOUR;
        const start = createdAt + int(2, 46) * HOUR;
        protection = { start, end: start + 90 * DAY };
        break;
      }
      case 'won':
      case 'lost': {
        createdAt = epoch - int(40, 300) * DAY - int(0, 23) * HOUR;
        const start = createdAt + int(2, 46) * HOUR;
        protection = { start, end: start + 90 * DAY };
        break;
      }
      default:
        createdAt = epoch - int(3, 120) * DAY - int(0, 23) * HOUR;
    }
    const lastActivity = Math.min(epoch - int(0, 60) * 60_000, createdAt + Math.floor(rand() * (epoch - createdAt)));
    const closed = status === 'won' || status === 'lost';
    const expectedClose = closed ? Math.min(epoch - DAY, createdAt + int(20, 120) * DAY) : epoch + int(-20, 180) * DAY;

    let stageNote: string | null = null;
    let stageNoteAt: number | null = null;
    if (rand() < 0.7) {
      stageNote = pick(STAGE_NOTES);
      // A good share of notes go stale (older than 7 days).
      stageNoteAt = rand() < 0.35 ? Math.max(createdAt, lastActivity - int(8, 40) * DAY) : Math.max(createdAt, lastActivity - int(0, 5) * DAY);
      stageNoteAt = Math.min(stageNoteAt, lastActivity);
    }

    const sourced = motion === 'referral' ? rand() < 0.85 : rand() < 0.7;
    const attributionType = sourced ? 'sourced' : 'influenced';
    const attributionPercent = sourced ? pick([100, 100, 100, 80, 70]) : pick([10, 20, 25, 30, 40, 50]);
    const currencyRoll = rand();
    const currency = currencyRoll < 0.6 ? 'USD' : currencyRoll < 0.85 ? 'EUR' : 'GBP';
    const amount = int(50, 5000) * 100;
    const first = pick(FIRST);
    const last = pick(LAST);
    const contactEmail = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '') + '@' + domain;
    const id = newId();

    await tx.query(
      `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, customer_contact_name,
        customer_contact_email, owner_name, next_step, stage_note, stage_note_updated_at, attribution_type, attribution_percent,
        amount_value, currency, expected_close_date, protection_starts_at, protection_ends_at, sla_due_at, conflict_status,
        conflict_reason, discount_band, internal_notes, description, last_activity_at, created_at, customer_domain_key, customer_company_key)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30)`,
      [
        id, partner.id, motion, stage, status, company, domain, `${first} ${last}`, contactEmail, pick(partner.reps),
        closed ? null : pick(NEXT_STEPS), stageNote, stageNoteAt === null ? null : iso(stageNoteAt), attributionType,
        attributionPercent, amount, currency, dateOnly(expectedClose), protection ? iso(protection.start) : null,
        protection ? iso(protection.end) : null, slaDue === null ? null : iso(slaDue), conflictStatus, conflictReason,
        rand() < 0.75 ? pick(DISCOUNT_BANDS) : null, rand() < 0.45 ? pick(INTERNAL_NOTES) : null, pick(DESCRIPTIONS),
        iso(lastActivity), iso(createdAt), domain, normaliseCompany(company),
      ],
    );
    await tx.query('INSERT INTO deal_partners (deal_id, partner_id, type, percent) VALUES ($1, $2, $3, $4)', [id, partner.id, attributionType, attributionPercent]);
    if (rand() < 0.15) {
      const influencer = pick(SEED_PARTNERS.filter((p) => p.id !== partner.id));
      await tx.query('INSERT INTO deal_partners (deal_id, partner_id, type, percent) VALUES ($1, $2, $3, $4)', [id, influencer.id, 'influenced', pick([10, 15, 20, 30])]);
    }
  }
  // Partner contacts and confirmations for the deal panel: server/seed-pipeline.ts.
  await seedPipeline(tx, SEED_PARTNERS);
}
