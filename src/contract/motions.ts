/** The five partner motions and their stages, in order. Labels are for display; slugs are the wire values. */
export const MOTIONS = ['referral', 'reseller', 'marketplace', 'services', 'tech'] as const;
export type Motion = (typeof MOTIONS)[number];

export const MOTION_LABELS: Record<Motion, string> = {
  referral: 'Referral',
  reseller: 'Reseller',
  marketplace: 'Marketplace',
  services: 'Services (SI/MSP)',
  tech: 'Tech (ISV)',
};

export const STAGES = {
  referral: [
    ['intro-logged', 'Intro Logged'],
    ['validate', 'Validate'],
    ['prove-value', 'Prove Value'],
    ['commercials', 'Commercials'],
    ['closed-credit', 'Closed & Credit'],
  ],
  reseller: [
    ['deal-registration', 'Deal Registration'],
    ['qualification', 'Qualification'],
    ['configure-quote', 'Configure & Quote'],
    ['transact', 'Transact'],
    ['launch-enable', 'Launch & Enable'],
  ],
  marketplace: [
    ['listing-ready', 'Listing Ready'],
    ['private-offer', 'Private Offer'],
    ['procurement', 'Procurement'],
    ['close-disburse', 'Close & Disburse'],
    ['adopt-expand', 'Adopt & Expand'],
  ],
  services: [
    ['solution-design', 'Solution Design'],
    ['proof-workshop', 'Proof / Workshop'],
    ['commercials', 'Commercials'],
    ['delivery', 'Delivery'],
    ['handoff', 'Handoff'],
  ],
  tech: [
    ['integration-fit', 'Integration Fit'],
    ['field-readiness', 'Field Readiness'],
    ['pipeline-activation', 'Pipeline Activation'],
    ['validation', 'Validation'],
    ['commercials-close', 'Commercials & Close'],
  ],
} as const satisfies Record<Motion, ReadonlyArray<readonly [string, string]>>;

export type Stage = (typeof STAGES)[Motion][number][0];

/** Every stage slug across all motions (some, like `commercials`, are shared by two motions). */
export const ALL_STAGES = [...new Set(MOTIONS.flatMap((m) => STAGES[m].map(([slug]) => slug)))] as [Stage, ...Stage[]];

export function stagesOf(motion: Motion): readonly Stage[] {
  return STAGES[motion].map(([slug]) => slug);
}

export function isStageOf(motion: Motion, stage: string): stage is Stage {
  return STAGES[motion].some(([slug]) => slug === stage);
}

export function stageLabel(motion: Motion, stage: string): string {
  return STAGES[motion].find(([slug]) => slug === stage)?.[1] ?? stage;
}

export const DEAL_STATUSES = ['pending', 'approved', 'declined', 'expired', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const ROLES = ['partner_user', 'partner_admin', 'channel_manager'] as const;
export type Role = (typeof ROLES)[number];

/** Roles of the partner's people on a deal (deal registration's partner contacts). */
export const CONTACT_ROLES = ['BDR', 'AE', 'SE', 'CS'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CONFLICT_STATUSES = ['none', 'risk', 'active'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];

export const DEAL_SORTS = [
  'createdAt', '-createdAt',
  'lastActivityAt', '-lastActivityAt',
  'expectedCloseDate', '-expectedCloseDate',
  'amount', '-amount',
  'customer', '-customer',
  'partner', '-partner',
  'stage', '-stage',
  'status', '-status',
  'owner', '-owner',
  'nextStep', '-nextStep',
] as const;
export type DealSort = (typeof DEAL_SORTS)[number];
