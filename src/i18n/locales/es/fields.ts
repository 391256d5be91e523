/** Spanish messages for the stable field-error codes (`field.<code>`). */
import type en from '../../en/fields.js';
import type { Translation } from '../../types.js';

export default {
  'field.required': 'Obligatorio',
  'field.too_short': 'Como mínimo {min, plural, one {# carácter} many {# de caracteres} other {# caracteres}}',
  'field.too_long': 'Como máximo {max, plural, one {# carácter} many {# de caracteres} other {# caracteres}}',
  'field.too_few': 'Añada al menos {min, number}',
  'field.too_many': 'Como máximo {max, number}',
  'field.too_small': '{inclusive, select, true {Como mínimo {min, number}} other {Debe ser mayor que {min, number}}}',
  'field.too_big': '{inclusive, select, true {Como máximo {max, number}} other {Debe ser menor que {max, number}}}',
  'field.not_a_number': 'Introduzca un número',
  'field.not_an_integer': 'Introduzca un número entero',
  'field.invalid_email': 'Introduzca una dirección de correo electrónico, p. ej., nombre@example.com',
  'field.invalid_date': 'Introduzca una fecha, p. ej., 2026-12-31',
  'field.invalid_domain': 'Introduzca un dominio, p. ej., example.com',
  'field.invalid_currency': 'Introduzca un código de moneda de tres letras, p. ej., EUR',
  'field.invalid_format': 'El formato no es el esperado',
  'field.invalid_choice': 'Elija una de las opciones',
  'field.invalid_type': 'Este valor no es válido',
  'field.date_in_past': 'La fecha de cierre prevista ya ha pasado',
  'field.exit_criteria_unmet': 'Aún no se cumplen los criterios de salida de esta etapa',
  'field.stale': 'Otra persona ha cambiado esta oportunidad mientras tanto: revise sus valores',
  'field.unknown_field': 'Campo desconocido',
  'field.unknown_parameter': 'Parámetro desconocido',
  'field.repeated_parameter': 'Indique este parámetro una sola vez',
  'field.invalid_characters': 'Contiene caracteres no permitidos',
  'field.invalid_cursor': 'Este enlace de página ha caducado; vuelva a empezar desde la primera página',
  'field.conflict': 'Entra en conflicto con una solicitud anterior',
  'field.certification_required': 'Requiere la certificación «{certification}»',
  'field.not_allowed': 'Su función no permite esta acción',
  'field.invalid': 'Este valor no es válido',
} satisfies Translation<typeof en>;
