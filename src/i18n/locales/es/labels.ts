/** Spanish labels for the contract's enumerations (keyed by the English wire value). */
import type en from '../../en/labels.js';
import type { Translation } from '../../types.js';

export default {
  'motion.referral': 'Referencia',
  'motion.reseller': 'Reventa',
  'motion.marketplace': 'Marketplace',
  'motion.services': 'Servicios (SI/MSP)',
  'motion.tech': 'Tecnología (ISV)',

  'stage.intro-logged': 'Presentación registrada',
  'stage.validate': 'Evaluación',
  'stage.prove-value': 'Demostración de valor',
  'stage.commercials': 'Condiciones comerciales',
  'stage.closed-credit': 'Cierre y comisión',
  'stage.deal-registration': 'Registro de la oportunidad',
  'stage.qualification': 'Calificación',
  'stage.configure-quote': 'Configuración y presupuesto',
  'stage.transact': 'Transacción',
  'stage.launch-enable': 'Lanzamiento y habilitación',
  'stage.listing-ready': 'Publicación lista',
  'stage.private-offer': 'Oferta privada',
  'stage.procurement': 'Compras',
  'stage.close-disburse': 'Cierre y desembolso',
  'stage.adopt-expand': 'Adopción y expansión',
  'stage.solution-design': 'Diseño de la solución',
  'stage.proof-workshop': 'PoC / Taller',
  'stage.delivery': 'Implementación',
  'stage.handoff': 'Traspaso',
  'stage.integration-fit': 'Encaje de la integración',
  'stage.field-readiness': 'Preparación del equipo comercial',
  'stage.pipeline-activation': 'Activación del pipeline',
  'stage.validation': 'Validación',
  'stage.commercials-close': 'Condiciones y cierre',

  'status.pending': 'Pendiente de revisión',
  'status.approved': 'Aprobada',
  'status.declined': 'Rechazada',
  'status.expired': 'Vencida',
  'status.won': 'Ganada',
  'status.lost': 'Perdida',

  'role.partner_user': 'Usuario del partner',
  'role.partner_admin': 'Administrador del partner',
  'role.channel_manager': 'Gerente de canal',

  'tier.registered': 'Registrado',
  'tier.silver': 'Plata',
  'tier.gold': 'Oro',
  'tier.platinum': 'Platino',

  'conflict.none': 'Sin conflicto',
  'conflict.risk': 'Posible conflicto',
  'conflict.active': 'Conflicto',

  'attribution.sourced': 'Originada',
  'attribution.influenced': 'Influenciada',
  'pipeline.attribution': '{type} · {percent, number, ::percent}',
} satisfies Translation<typeof en>;
