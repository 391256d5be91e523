/**
 * Display labels for the contract's enumerations, keyed by the wire value (slugs stay English
 * on the wire; only these labels are translated). Use them as `motion.${motion}` and so on.
 */
export default {
  'motion.referral': 'Referral',
  'motion.reseller': 'Reseller',
  'motion.marketplace': 'Marketplace',
  'motion.services': 'Services (SI/MSP)',
  'motion.tech': 'Tech (ISV)',

  'stage.intro-logged': 'Intro Logged',
  'stage.validate': 'Validate',
  'stage.prove-value': 'Prove Value',
  'stage.commercials': 'Commercials',
  'stage.closed-credit': 'Closed & Credit',
  'stage.deal-registration': 'Deal Registration',
  'stage.qualification': 'Qualification',
  'stage.configure-quote': 'Configure & Quote',
  'stage.transact': 'Transact',
  'stage.launch-enable': 'Launch & Enable',
  'stage.listing-ready': 'Listing Ready',
  'stage.private-offer': 'Private Offer',
  'stage.procurement': 'Procurement',
  'stage.close-disburse': 'Close & Disburse',
  'stage.adopt-expand': 'Adopt & Expand',
  'stage.solution-design': 'Solution Design',
  'stage.proof-workshop': 'Proof / Workshop',
  'stage.delivery': 'Delivery',
  'stage.handoff': 'Handoff',
  'stage.integration-fit': 'Integration Fit',
  'stage.field-readiness': 'Field Readiness',
  'stage.pipeline-activation': 'Pipeline Activation',
  'stage.validation': 'Validation',
  'stage.commercials-close': 'Commercials & Close',

  'status.pending': 'Pending review',
  'status.approved': 'Approved',
  'status.declined': 'Declined',
  'status.expired': 'Expired',
  'status.won': 'Won',
  'status.lost': 'Lost',

  'role.partner_user': 'Partner user',
  'role.partner_admin': 'Partner admin',
  'role.channel_manager': 'Channel manager',

  'tier.registered': 'Registered',
  'tier.silver': 'Silver',
  'tier.gold': 'Gold',
  'tier.platinum': 'Platinum',

  'conflict.none': 'No conflict',
  'conflict.risk': 'Possible conflict',
  'conflict.active': 'Conflict',

  'attribution.sourced': 'Sourced',
  'attribution.influenced': 'Influenced',
  // The pipeline's key, also read by the review queue: kept with the catalogue every element has.
  'pipeline.attribution': '{type} · {percent, number, ::percent}',
} as const;
