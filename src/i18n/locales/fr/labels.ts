/** French labels for the contract's enumerations (keyed by the English wire value). */
import type en from '../../en/labels.js';
import type { Translation } from '../../types.js';

export default {
  'motion.referral': 'Apport d’affaires',
  'motion.reseller': 'Revente',
  'motion.marketplace': 'Marketplace',
  'motion.services': 'Services (intégrateur/MSP)',
  'motion.tech': 'Technologie (éditeur)',

  'stage.intro-logged': 'Mise en relation enregistrée',
  'stage.validate': 'Évaluation',
  'stage.prove-value': 'Démonstration de valeur',
  'stage.commercials': 'Conditions commerciales',
  'stage.closed-credit': 'Conclusion et commission',
  'stage.deal-registration': 'Enregistrement de l’affaire',
  'stage.qualification': 'Qualification',
  'stage.configure-quote': 'Configuration et devis',
  'stage.transact': 'Transaction',
  'stage.launch-enable': 'Lancement et mise en route',
  'stage.listing-ready': 'Offre référencée',
  'stage.private-offer': 'Offre privée',
  'stage.procurement': 'Achats',
  'stage.close-disburse': 'Conclusion et versement',
  'stage.adopt-expand': 'Adoption et extension',
  'stage.solution-design': 'Conception de la solution',
  'stage.proof-workshop': 'PoC / Atelier',
  'stage.delivery': 'Mise en œuvre',
  'stage.handoff': 'Passation',
  'stage.integration-fit': 'Adéquation de l’intégration',
  'stage.field-readiness': 'Préparation des équipes terrain',
  'stage.pipeline-activation': 'Activation du pipeline',
  'stage.validation': 'Validation',
  'stage.commercials-close': 'Conditions et conclusion',

  'status.pending': 'En attente de validation',
  'status.approved': 'Approuvée',
  'status.declined': 'Refusée',
  'status.expired': 'Expirée',
  'status.won': 'Gagnée',
  'status.lost': 'Perdue',

  'role.partner_user': 'Utilisateur partenaire',
  'role.partner_admin': 'Administrateur partenaire',
  'role.channel_manager': 'Responsable de canal',

  'tier.registered': 'Enregistré',
  'tier.silver': 'Argent',
  'tier.gold': 'Or',
  'tier.platinum': 'Platine',

  'conflict.none': 'Aucun conflit',
  'conflict.risk': 'Conflit possible',
  'conflict.active': 'Conflit',

  'attribution.sourced': 'Apportée',
  'attribution.influenced': 'Influencée',
  'pipeline.attribution': '{type} · {percent, number, ::percent}',
} satisfies Translation<typeof en>;
