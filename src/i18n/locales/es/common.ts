/** Spanish messages shared by every element. Formal register (usted). */
import type en from '../../en/common.js';
import type { Translation } from '../../types.js';

export default {
  'common.loading': 'Cargando…',
  'common.retry': 'Reintentar',
  'common.none': 'Ninguno',

  'error.hint.network': 'Compruebe su conexión y vuelva a intentarlo.',
  'error.hint.auth': 'Es posible que su sesión haya caducado. Vuelva a intentarlo; si sigue fallando, inicie sesión de nuevo.',
  'error.hint.config': 'Esta página tiene un problema de configuración: consulte el README de Partnerkit.',
  'error.hint.schema': 'Vuelva a intentarlo más tarde; si el problema persiste, avise al equipo del sitio de partners.',
  'error.network': 'No se pudo conectar con el servicio de partners.',
  'error.schema': 'El servicio de partners respondió de una forma que esta página no puede interpretar.',
  'error.signedOut': 'Su sesión ha finalizado',
  'error.signedOut.detail': 'Vuelva a iniciar sesión en el sitio de partners y después inténtelo de nuevo. No se ha perdido nada de lo que escribió.',
  'error.field': '{field}: {message}',
  'error.field.request': '(solicitud)',
} satisfies Translation<typeof en>;
