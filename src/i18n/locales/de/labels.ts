/** German labels for the contract's enumerations (keyed by the English wire value). */
import type en from '../../en/labels.js';
import type { Translation } from '../../types.js';

export default {
  'motion.referral': 'Empfehlung',
  'motion.reseller': 'Reseller',
  'motion.marketplace': 'Marketplace',
  'motion.services': 'Services (SI/MSP)',
  'motion.tech': 'Technologie (ISV)',

  'stage.intro-logged': 'Intro erfasst',
  'stage.validate': 'Bewertung',
  'stage.prove-value': 'Mehrwert belegen',
  'stage.commercials': 'Konditionen',
  'stage.closed-credit': 'Abschluss & Gutschrift',
  'stage.deal-registration': 'Deal-Registrierung',
  'stage.qualification': 'Qualifizierung',
  'stage.configure-quote': 'Konfiguration & Angebot',
  'stage.transact': 'Abwicklung',
  'stage.launch-enable': 'Einführung & Enablement',
  'stage.listing-ready': 'Listing bereit',
  'stage.private-offer': 'Private Offer',
  'stage.procurement': 'Beschaffung',
  'stage.close-disburse': 'Abschluss & Auszahlung',
  'stage.adopt-expand': 'Nutzung & Ausbau',
  'stage.solution-design': 'Lösungsdesign',
  'stage.proof-workshop': 'PoC / Workshop',
  'stage.delivery': 'Umsetzung',
  'stage.handoff': 'Übergabe',
  'stage.integration-fit': 'Integrationseignung',
  'stage.field-readiness': 'Vertriebsbereitschaft',
  'stage.pipeline-activation': 'Pipeline-Aktivierung',
  'stage.validation': 'Validierung',
  'stage.commercials-close': 'Konditionen & Abschluss',

  'status.pending': 'Prüfung ausstehend',
  'status.approved': 'Genehmigt',
  'status.declined': 'Abgelehnt',
  'status.expired': 'Abgelaufen',
  'status.won': 'Gewonnen',
  'status.lost': 'Verloren',

  'role.partner_user': 'Partner-Benutzer',
  'role.partner_admin': 'Partner-Administrator',
  'role.channel_manager': 'Channel Manager',

  'tier.registered': 'Registriert',
  'tier.silver': 'Silber',
  'tier.gold': 'Gold',
  'tier.platinum': 'Platin',

  'conflict.none': 'Kein Konflikt',
  'conflict.risk': 'Möglicher Konflikt',
  'conflict.active': 'Konflikt',

  'attribution.sourced': 'Generiert',
  'attribution.influenced': 'Beeinflusst',
  'pipeline.attribution': '{type} · {percent, number, ::percent}',
} satisfies Translation<typeof en>;
