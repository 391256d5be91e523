/**
 * Demo rules of engagement (two versions) with acknowledgment receipts, and announcements with
 * read receipts. Which demo users acknowledged what (so the demo stays usable):
 *   - current version (2): u_nw_rep (the demo's default user), u_co_rep, u_fa_rep, u_li_rep —
 *     they can register deals right away;
 *   - only version 1: u_nw_admin, u_co_admin — they see what changed since, and must acknowledge;
 *   - none: u_ta_rep (Tailspin) — registering a deal is refused until they acknowledge.
 */
import type { Queryable } from './db.js';
import { sha256Hex } from './rules/rules.js';

const DAY = 86_400_000;

export const RULES_V1 = {
  version: 1,
  title: 'Rules of engagement 2026',
  summary: 'First published version.',
  body: `# Rules of engagement 2026

These rules govern how Acme Cloud and its partners co-sell. Acknowledge them before registering deals.

## 1. Deal registration
- Register every opportunity before the first customer meeting on Acme's behalf.
- Required: motion, customer company and domain, customer contact, estimated value and currency,
  expected close date, description / proof of work, sourced vs influenced.
- Acme decides on every registration within **48 hours**.

## 2. Protection
- Approved registrations are protected for **90 days** from approval.
- You may request one extension of 30 days with evidence of activity.
- Deals with no activity for 30 days may be reassigned.

## 3. Conflicts
- Registered beats unregistered; the incumbent partner keeps renewals and expansions.
- Certification breaks ties; otherwise first come, first served.
- You will be told that a conflict exists, never who holds it.

## 4. Pricing
- Discount bands are set by Acme per deal and are confidential.
- Do not quote below the published partner price list without written approval.

## 5. Territories
- Territories follow the customer's headquarters country unless agreed otherwise in writing.
`,
};

export const RULES_V2 = {
  version: 2,
  title: 'Rules of engagement 2026 (H2 update)',
  summary: 'Marketplace co-sell now requires the Acme Marketplace Seller certification; extensions need a dated next step; territories add a named-account list.',
  body: `# Rules of engagement 2026

These rules govern how Acme Cloud and its partners co-sell. Acknowledge them before registering deals.

## 1. Deal registration
- Register every opportunity before the first customer meeting on Acme's behalf.
- Required: motion, customer company and domain, customer contact, estimated value and currency,
  expected close date, description / proof of work, sourced vs influenced, partner contacts with roles.
- Acme decides on every registration within **48 hours**.
- Marketplace co-sell registrations require the **Acme Marketplace Seller** certification.

## 2. Protection
- Approved registrations are protected for **90 days** from approval.
- You may request one extension of 30 days with evidence of activity and a dated next step.
- Deals with no activity for 30 days may be reassigned.

## 3. Conflicts
- Registered beats unregistered; the incumbent partner keeps renewals and expansions.
- Certification breaks ties; otherwise first come, first served.
- You will be told that a conflict exists, never who holds it.

## 4. Pricing
- Discount bands are set by Acme per deal and are confidential.
- Do not quote below the published partner price list without written approval.

## 5. Territories
- Territories follow the customer's headquarters country unless agreed otherwise in writing.
- Accounts on the [named-account list](https://partners.example.com/named-accounts) are sold direct; register them only as influenced.
`,
};

/** Users who acknowledged each version (see the header). */
export const SEED_RULE_ACKS: Record<string, number[]> = {
  u_nw_rep: [1, 2],
  u_co_rep: [1, 2],
  u_fa_rep: [2],
  u_li_rep: [1, 2],
  u_nw_admin: [1],
  u_co_admin: [1],
};

interface SeedAnnouncement {
  id: string;
  title: string;
  body: string;
  pinned?: boolean;
  requiresAck?: boolean;
  tiers?: string[];
  motions?: string[];
  daysAgo: number;
  expiresInDays?: number;
  readBy?: string[];
  acknowledgedBy?: string[];
}

export const SEED_ANNOUNCEMENTS: SeedAnnouncement[] = [
  {
    id: 'an_welcome_h2',
    title: 'Welcome to the H2 partner program',
    pinned: true,
    daysAgo: 10,
    body: `Our H2 program is live. Highlights:

- **Double MDF** on marketplace private offers until the end of the quarter
- New *co-sell plays* for the services and tech motions in the content library
- Deal registration decisions stay within **48 hours**

Questions? Write to [partners@acmecloud.example](mailto:partners@acmecloud.example).`,
    readBy: ['u_nw_rep', 'u_co_rep'],
  },
  {
    id: 'an_rules_v2',
    title: 'Action required: rules of engagement updated',
    requiresAck: true,
    daysAgo: 7,
    body: `Version 2 of the rules of engagement is published. Please read the changes and acknowledge them:

1. Marketplace co-sell needs the Acme Marketplace Seller certification
2. Extension requests need a dated next step
3. Named accounts are sold direct`,
    readBy: ['u_nw_rep', 'u_co_rep', 'u_li_rep'],
    acknowledgedBy: ['u_nw_rep', 'u_co_rep'],
  },
  {
    id: 'an_release_52',
    title: 'Release: Acme Cloud 5.2 ships private networking',
    daysAgo: 4,
    body: `Acme Cloud 5.2 is generally available, with **private networking** and regional data residency.

| Region | Available |
|---|---|
| EU (Frankfurt) | now |
| US East | now |
| APAC (Singapore) | next month |

See the [release notes](https://www.example.com/releases/5-2).`,
  },
  {
    id: 'an_win_story',
    title: 'Win story: a 3-year platform consolidation',
    tiers: ['gold', 'platinum'],
    daysAgo: 2,
    body: `A gold partner consolidated three legacy CRMs for a logistics customer — sourced, registered on day one, closed in 74 days.

> "Registering early kept the deal ours through a six-week security review."

The full case study is in the content library.`,
  },
  {
    id: 'an_marketplace_offers',
    title: 'Marketplace private offers: new listing template',
    motions: ['marketplace'],
    daysAgo: 1,
    body: `Marketplace partners: the private offer listing template now pre-fills **EULA** and **metering** terms. Use it for every new offer.`,
  },
  {
    id: 'an_webinar_closed',
    title: 'Webinar registration: partner pricing deep dive',
    daysAgo: 30,
    expiresInDays: -3,
    body: 'Registration for the pricing webinar has closed.',
  },
];

export async function seedEngagement(tx: Queryable, epoch: number): Promise<void> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const publishedAt: Record<number, number> = { 1: epoch - 60 * DAY, 2: epoch - 7 * DAY };
  for (const r of [RULES_V1, RULES_V2]) {
    await tx.query(
      `INSERT INTO rules (version, title, body, summary, body_sha256, published_at, published_by, published_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, 'u_cm', 'Morgan Lee')`,
      [r.version, r.title, r.body, r.summary, sha256Hex(r.body), iso(publishedAt[r.version])],
    );
  }
  const users = await tx.query<{ id: string; partner_id: string | null }>('SELECT id, partner_id FROM users');
  const partnerOf = new Map(users.rows.map((u) => [u.id, u.partner_id]));
  let n = 0;
  for (const [userId, versions] of Object.entries(SEED_RULE_ACKS)) {
    for (const v of versions) {
      n++;
      await tx.query('INSERT INTO rule_acknowledgements (version, user_id, partner_id, acknowledged_at) VALUES ($1, $2, $3, $4)', [
        v, userId, partnerOf.get(userId) ?? null, iso(publishedAt[v] + DAY + n * 3_600_000),
      ]);
    }
  }
  for (const a of SEED_ANNOUNCEMENTS) {
    const at = epoch - a.daysAgo * DAY;
    await tx.query(
      `INSERT INTO announcements (id, title, body, pinned, requires_ack, audience_tiers, audience_motions, published_at, expires_at, published_by, published_by_name)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, 'u_cm', 'Morgan Lee')`,
      [a.id, a.title, a.body, a.pinned ?? false, a.requiresAck ?? false, JSON.stringify(a.tiers ?? []), JSON.stringify(a.motions ?? []), iso(at),
        a.expiresInDays === undefined ? null : iso(epoch + a.expiresInDays * DAY)],
    );
    const receipts: Array<[string, 'read' | 'acknowledged']> = [
      ...(a.readBy ?? []).map((u) => [u, 'read'] as [string, 'read']),
      ...(a.acknowledgedBy ?? []).map((u) => [u, 'acknowledged'] as [string, 'acknowledged']),
    ];
    for (const [userId, kind] of receipts) {
      await tx.query('INSERT INTO announcement_receipts (announcement_id, user_id, partner_id, kind, at) VALUES ($1, $2, $3, $4, $5)', [
        a.id, userId, partnerOf.get(userId) ?? null, kind, iso(at + (kind === 'read' ? 3_600_000 : 7_200_000)),
      ]);
    }
  }
}
