/**
 * Demo content library: 25 items across the five motions, with the seed's motion-specific
 * micro-assets (referral talk track, reseller pricing matrix, marketplace private-offer explainer,
 * services SOW checklist, tech joint demo guide) as key assets. Some are gated by tier or
 * certification, some are files (small generated PDFs and PNGs), some links, some shareable with
 * prospects, one unpublished draft; and a little engagement (views, downloads, shares, a share
 * link opened by a prospect) so the channel manager's report is not empty.
 * Which demo users are locked out of what (server/seed.ts has the orgs):
 *   - Tailspin (registered, no certifications): every tier- or certification-gated item;
 *   - Fabrikam (silver, Marketplace Seller): the pricing matrix, the SOW checklist, the demo guide, …;
 *   - Contoso (platinum): only the items that need a certification it lacks.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from './db.js';
import type { ContentType, Motion, Tier } from '../src/contract/index.js';
import { solidPng, tinyPdf } from './content/demo-files.js';
import { storeFile } from './content/files.js';
import { hashToken } from './content/share.js';

const DAY = 86_400_000;

interface SeedItem {
  id: string;
  title: string;
  type: ContentType;
  motion: Motion | null;
  industry?: string;
  useCase?: string;
  language?: string;
  description: string;
  keyAsset?: boolean;
  shareable?: boolean;
  gate?: { tier?: Tier; certifications?: string[] };
  published?: boolean;
  /** Days before the seed epoch it was last updated. */
  age: number;
  target: { url: string } | { pdf: string[] } | { png: [number, number, number]; name: string } | { text: string; name: string; mimeType: 'text/markdown' | 'text/plain' };
}

export const SEED_CONTENT: SeedItem[] = [
  {
    id: 'ct_referral_talk_track',
    title: 'Referral talk track: the first customer conversation',
    type: 'talk_track',
    motion: 'referral',
    useCase: 'Cost optimisation',
    description: 'What to say in the **first ten minutes** with a prospect you want to introduce to Acme: three discovery questions, the one-line pitch, and how to log the intro so you are credited.',
    keyAsset: true,
    age: 3,
    target: {
      name: 'referral-talk-track.md',
      mimeType: 'text/markdown',
      text: '# Referral talk track\n\n1. "How do you run your cloud spend today?"\n2. "Who owns the migration budget?"\n3. "What would a 20% saving let you do?"\n\nPitch: Acme cuts cloud cost without a re-platform.\n',
    },
  },
  {
    id: 'ct_referral_program_guide',
    title: 'Referral programme guide',
    type: 'play',
    motion: 'referral',
    description: 'How referral credit works, what counts as a qualified intro, and when commissions are paid.',
    shareable: false,
    age: 40,
    target: { url: 'https://example.com/acme/referral-programme' },
  },
  {
    id: 'ct_reseller_pricing_matrix',
    title: 'Reseller pricing matrix 2026',
    type: 'pricing_matrix',
    motion: 'reseller',
    useCase: 'Quoting',
    description: 'Partner buy prices, list prices and the discount bands by deal size. **Confidential**: never share with customers.',
    keyAsset: true,
    gate: { tier: 'silver', certifications: ['Acme Certified Sales'] },
    age: 6,
    target: { pdf: ['Partner buy price: list minus band.', 'Band A (under 50k): 10%', 'Band B (50k-250k): 15%', 'Band C (over 250k): on request'] },
  },
  {
    id: 'ct_reseller_quote_play',
    title: 'Configure and quote in one call',
    type: 'play',
    motion: 'reseller',
    useCase: 'Quoting',
    description: 'A play for resellers: qualify, configure the bundle and send a quote while the customer is still on the call.',
    age: 12,
    target: { pdf: ['Step 1: qualify seats and region.', 'Step 2: pick the bundle.', 'Step 3: send the quote.'] },
  },
  {
    id: 'ct_battlecard_globex',
    title: 'Battlecard: Acme vs Globex',
    type: 'competitive_intel',
    motion: 'reseller',
    description: 'Where Globex wins, where we win, and the three traps to set in a competitive evaluation.',
    gate: { tier: 'gold' },
    age: 9,
    target: { pdf: ['Globex wins on price for under 20 seats.', 'We win on migration tooling and support.'] },
  },
  {
    id: 'ct_marketplace_private_offer',
    title: 'Marketplace private offers explained',
    type: 'offer_explainer',
    motion: 'marketplace',
    useCase: 'Private offers',
    description: 'How a private offer works on the cloud marketplaces: who creates it, how the customer accepts it, and how it burns down their committed spend.',
    keyAsset: true,
    shareable: true,
    gate: { certifications: ['Acme Marketplace Seller'] },
    age: 2,
    target: { pdf: ['A private offer is a custom price on a marketplace listing.', 'The customer accepts it in their marketplace console.', 'It counts toward their committed cloud spend.'] },
  },
  {
    id: 'ct_marketplace_listing_checklist',
    title: 'Marketplace listing readiness checklist',
    type: 'play',
    motion: 'marketplace',
    description: 'Everything a listing needs before the first private offer: metering, EULA, support contacts.',
    age: 20,
    target: { url: 'https://example.com/acme/marketplace-listing-checklist' },
  },
  {
    id: 'ct_services_sow_checklist',
    title: 'Services SOW checklist',
    type: 'sow_checklist',
    motion: 'services',
    useCase: 'Migration',
    description: 'The twelve items every statement of work for an Acme migration must cover: scope, data volumes, cut-over plan, acceptance criteria, handoff.',
    keyAsset: true,
    gate: { certifications: ['Acme Certified Architect', 'Acme Migration Specialist'] },
    age: 4,
    target: { pdf: ['1. Scope and systems in scope', '2. Data volumes', '3. Cut-over plan', '4. Acceptance criteria', '5. Handoff to run'] },
  },
  {
    id: 'ct_services_workshop_play',
    title: 'Migration proof workshop',
    type: 'play',
    motion: 'services',
    useCase: 'Migration',
    description: 'A two-day workshop that proves a migration path on the customer’s own workload.',
    age: 15,
    target: { url: 'https://example.com/acme/migration-workshop' },
  },
  {
    id: 'ct_case_study_healthcare',
    title: 'Case study: a hospital group moves imaging to Acme',
    type: 'case_study',
    motion: 'services',
    industry: 'Healthcare',
    useCase: 'Migration',
    description: 'Northbridge Health migrated 2 PB of medical imaging in 11 weeks with a certified partner, cutting storage cost by 38%.',
    shareable: true,
    age: 30,
    target: { pdf: ['Northbridge Health: 2 PB of imaging in 11 weeks.', 'Storage cost down 38%.'] },
  },
  {
    id: 'ct_tech_joint_demo_guide',
    title: 'Tech partners: joint demo guide',
    type: 'demo_guide',
    motion: 'tech',
    useCase: 'Integration',
    description: 'Run the joint demo of your integration and Acme: the storyline, the environment, and the hand-offs between the two presenters.',
    keyAsset: true,
    gate: { certifications: ['Acme Technology Integration'] },
    age: 5,
    target: { pdf: ['Storyline: the customer problem in one slide.', 'Environment: the shared demo tenant.', 'Hand-off: integration first, then the Acme console.'] },
  },
  {
    id: 'ct_tech_reference_architecture',
    title: 'Integration reference architecture',
    type: 'datasheet',
    motion: 'tech',
    useCase: 'Integration',
    description: 'The reference architecture diagram for event-driven integrations with the Acme API.',
    shareable: true,
    age: 25,
    target: { png: [30, 90, 160], name: 'reference-architecture.png' },
  },
  {
    id: 'ct_roi_financial_services',
    title: 'ROI one-pager: financial services',
    type: 'roi_one_pager',
    motion: null,
    industry: 'Financial services',
    useCase: 'Cost optimisation',
    description: 'The return a mid-size bank sees in year one: infrastructure savings, fewer incidents, faster audits.',
    shareable: true,
    age: 8,
    target: { pdf: ['Year-one return: 3.1x.', 'Infrastructure savings: 27%.', 'Audit preparation: 40% faster.'] },
  },
  {
    id: 'ct_roi_calculator',
    title: 'ROI calculator',
    type: 'roi_one_pager',
    motion: null,
    useCase: 'Cost optimisation',
    description: 'An online calculator to build a customer-specific ROI case in five minutes.',
    shareable: true,
    age: 60,
    target: { url: 'https://example.com/acme/roi-calculator' },
  },
  {
    id: 'ct_case_study_retail',
    title: 'Case study: retail peak season without outages',
    type: 'case_study',
    motion: 'reseller',
    industry: 'Retail',
    useCase: 'Resilience',
    description: 'How a fashion retailer handled Black Friday traffic (12× normal) with zero downtime.',
    shareable: true,
    age: 18,
    target: { pdf: ['12x normal traffic on Black Friday.', 'Zero downtime.'] },
  },
  {
    id: 'ct_datasheet_platform',
    title: 'Acme Cloud platform datasheet',
    type: 'datasheet',
    motion: null,
    description: 'The platform at a glance: regions, compliance certifications, support tiers.',
    shareable: true,
    age: 45,
    target: { pdf: ['Regions: 14.', 'Compliance: ISO 27001, SOC 2, HIPAA.', 'Support: 24/7.'] },
  },
  {
    id: 'ct_executive_briefing',
    title: 'Executive briefing: the Acme roadmap',
    type: 'play',
    motion: null,
    description: 'The roadmap briefing for platinum partners’ executives: what ships next and where partners fit.',
    gate: { tier: 'platinum' },
    age: 7,
    target: { pdf: ['Next two quarters: the partner roadmap.'] },
  },
  {
    id: 'ct_fallstudie_fertigung',
    title: 'Fallstudie: Fertigungsunternehmen senkt Kosten',
    type: 'case_study',
    motion: 'services',
    industry: 'Manufacturing',
    language: 'de',
    useCase: 'Cost optimisation',
    description: 'Ein mittelständischer Maschinenbauer migriert seine Produktionsplanung und senkt die Betriebskosten um 31 %.',
    shareable: true,
    age: 22,
    target: { pdf: ['Maschinenbauer: Betriebskosten minus 31 %.'] },
  },
  {
    id: 'ct_guide_demo_fr',
    title: 'Guide de démonstration pour les intégrateurs',
    type: 'demo_guide',
    motion: 'tech',
    language: 'fr',
    useCase: 'Integration',
    description: 'Comment présenter l’intégration avec Acme à un client : scénario, environnement, questions fréquentes.',
    age: 28,
    target: { url: 'https://example.com/acme/fr/guide-demonstration' },
  },
  {
    id: 'ct_certification_path',
    title: 'Certification paths for partners',
    type: 'training',
    motion: null,
    description: 'Which certification unlocks what: Sales, Pre-Sales Engineer, Architect, Migration Specialist, Marketplace Seller, Technology Integration.',
    age: 50,
    target: { url: 'https://example.com/acme/certifications' },
  },
  {
    id: 'ct_battlecard_initech',
    title: 'Competitive intel: Initech in the mid-market',
    type: 'competitive_intel',
    motion: null,
    description: 'Initech’s mid-market bundle, its weak spots, and the objection handling that works.',
    gate: { certifications: ['Acme Certified Sales', 'Acme Certified Pre-Sales Engineer'] },
    age: 11,
    target: { pdf: ['Weak spot: no regional data residency.', 'Objection: "Initech is cheaper" - compare three-year cost.'] },
  },
  {
    id: 'ct_public_sector_play',
    title: 'Public sector play: sovereign cloud',
    type: 'play',
    motion: 'reseller',
    industry: 'Public sector',
    useCase: 'Compliance',
    description: 'Selling into government: data residency, procurement frameworks, and the accreditation documents buyers ask for.',
    gate: { tier: 'gold' },
    age: 14,
    target: { pdf: ['Data residency in-country.', 'Framework agreements.', 'Accreditation pack.'] },
  },
  {
    id: 'ct_security_whitepaper',
    title: 'Security whitepaper',
    type: 'datasheet',
    motion: null,
    industry: 'Financial services',
    useCase: 'Compliance',
    description: 'Encryption, key management, access control and audit logging in the Acme platform.',
    shareable: true,
    age: 35,
    target: { pdf: ['Encryption at rest and in transit.', 'Customer-managed keys.', 'Audit logs retained for 7 years.'] },
  },
  {
    id: 'ct_referral_email_templates',
    title: 'Intro email templates for referral partners',
    type: 'talk_track',
    motion: 'referral',
    description: 'Three short emails to introduce a prospect to your Acme account executive.',
    age: 16,
    target: { name: 'intro-emails.txt', mimeType: 'text/plain', text: 'Subject: An introduction to Acme\n\nHi <name>, ...\n' },
  },
  {
    id: 'ct_draft_h2_launch',
    title: 'H2 launch kit (draft)',
    type: 'play',
    motion: null,
    description: 'Not published yet: the launch kit for the second half.',
    published: false,
    age: 1,
    target: { url: 'https://example.com/acme/h2-launch' },
  },
];

/** Engagement in the demo: [content, partner, user, type, days ago]. */
const SEED_EVENTS: Array<[string, string, string, 'view' | 'download' | 'share', number]> = [
  ['ct_reseller_pricing_matrix', 'p_northwind', 'u_nw_rep', 'view', 5],
  ['ct_reseller_pricing_matrix', 'p_northwind', 'u_nw_rep', 'download', 5],
  ['ct_reseller_quote_play', 'p_northwind', 'u_nw_admin', 'view', 4],
  ['ct_services_sow_checklist', 'p_contoso', 'u_co_rep', 'view', 3],
  ['ct_services_sow_checklist', 'p_contoso', 'u_co_rep', 'download', 3],
  ['ct_case_study_healthcare', 'p_contoso', 'u_co_rep', 'share', 2],
  ['ct_marketplace_private_offer', 'p_fabrikam', 'u_fa_rep', 'view', 1],
  ['ct_roi_financial_services', 'p_litware', 'u_li_rep', 'view', 6],
];

function seedFile(target: SeedItem['target'], title: string): { name: string; mimeType: string; bytes: Uint8Array } | null {
  if ('url' in target) return null;
  if ('pdf' in target) return { name: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.pdf`, mimeType: 'application/pdf', bytes: tinyPdf(title, target.pdf) };
  if ('png' in target) return { name: target.name, mimeType: 'image/png', bytes: solidPng(64, 40, target.png) };
  return { name: target.name, mimeType: target.mimeType, bytes: new Uint8Array(Buffer.from(target.text, 'utf8')) };
}

/** Inserts the demo content (inside the seed's all-partners transaction). */
export async function seedContent(tx: Queryable, epoch: number): Promise<void> {
  const at = (days: number) => new Date(epoch - days * DAY).toISOString();
  for (const item of SEED_CONTENT) {
    const file = seedFile(item.target, item.title);
    await tx.query(
      `INSERT INTO content_items (id, title, type, motion, industry, use_case, language, description, key_asset, kind, url, file_name, file_size, mime_type,
         shareable, gate_tier, gate_certifications, published, published_at, updated_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19, $19, 'u_cm')`,
      [
        item.id, item.title, item.type, item.motion, item.industry ?? null, item.useCase ?? null, item.language ?? 'en', item.description, item.keyAsset ?? false,
        file ? 'file' : 'link', 'url' in item.target ? item.target.url : null, file?.name ?? null, file?.bytes.byteLength ?? null, file?.mimeType ?? null,
        item.shareable ?? false, item.gate?.tier ?? null, JSON.stringify(item.gate?.certifications ?? []), item.published ?? true, at(item.age),
      ],
    );
    if (file) await storeFile(tx, item.id, file.bytes);
  }
  for (const [contentId, partnerId, userId, type, days] of SEED_EVENTS) {
    await tx.query('INSERT INTO content_events (content_id, partner_id, user_id, type, at) VALUES ($1, $2, $3, $4, $5)', [contentId, partnerId, userId, type, at(days)]);
  }
  // Contoso shared the healthcare case study; the prospect opened it twice. (The token is thrown away.)
  const token = randomBytes(32).toString('base64url');
  await tx.query(
    `INSERT INTO content_share_links (id, content_id, partner_id, created_by, token_sha256, created_at, expires_at) VALUES ('sl_seed_healthcare', 'ct_case_study_healthcare', 'p_contoso', 'u_co_rep', $1, $2, $3)`,
    [hashToken(token), at(2), at(-12)],
  );
  for (const days of [2, 1]) {
    await tx.query(`INSERT INTO content_events (content_id, partner_id, user_id, type, share_link_id, at) VALUES ('ct_case_study_healthcare', 'p_contoso', NULL, 'prospect_open', 'sl_seed_healthcare', $1)`, [at(days)]);
  }
}
