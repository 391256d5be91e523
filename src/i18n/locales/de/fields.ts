/** German messages for the stable field-error codes (`field.<code>`). */
import type en from '../../en/fields.js';
import type { Translation } from '../../types.js';

export default {
  'field.required': 'Pflichtfeld',
  'field.too_short': 'Mindestens {min, plural, one {# Zeichen} other {# Zeichen}}',
  'field.too_long': 'Höchstens {max, plural, one {# Zeichen} other {# Zeichen}}',
  'field.too_few': 'Fügen Sie mindestens {min, number} hinzu',
  'field.too_many': 'Höchstens {max, number}',
  'field.too_small': '{inclusive, select, true {Mindestens {min, number}} other {Muss größer als {min, number} sein}}',
  'field.too_big': '{inclusive, select, true {Höchstens {max, number}} other {Muss kleiner als {max, number} sein}}',
  'field.not_a_number': 'Geben Sie eine Zahl ein',
  'field.not_an_integer': 'Geben Sie eine ganze Zahl ein',
  'field.invalid_email': 'Geben Sie eine E-Mail-Adresse ein, z. B. name@example.com',
  'field.invalid_date': 'Geben Sie ein Datum ein, z. B. 2026-12-31',
  'field.invalid_domain': 'Geben Sie eine Domain ein, z. B. example.com',
  'field.invalid_currency': 'Geben Sie einen dreistelligen Währungscode ein, z. B. EUR',
  'field.invalid_format': 'Der Wert hat nicht das erwartete Format',
  'field.invalid_choice': 'Wählen Sie eine der Optionen',
  'field.invalid_type': 'Dieser Wert ist ungültig',
  'field.date_in_past': 'Das voraussichtliche Abschlussdatum liegt in der Vergangenheit',
  'field.exit_criteria_unmet': 'Die Ausstiegskriterien dieser Phase sind noch nicht erfüllt',
  'field.stale': 'Jemand anderes hat diese Opportunity inzwischen geändert: Prüfen Sie die neuen Werte',
  'field.unknown_field': 'Dieses Feld ist unbekannt',
  'field.unknown_parameter': 'Dieser Parameter ist unbekannt',
  'field.repeated_parameter': 'Geben Sie diesen Parameter nur einmal an',
  'field.invalid_characters': 'Enthält unzulässige Zeichen',
  'field.invalid_cursor': 'Dieser Seitenlink ist abgelaufen; beginnen Sie erneut auf der ersten Seite',
  'field.conflict': 'Dies steht im Konflikt mit einer früheren Anfrage',
  'field.certification_required': 'Erfordert die Zertifizierung „{certification}“',
  'field.not_allowed': 'Ihre Rolle ist dazu nicht berechtigt',
  'field.invalid': 'Dieser Wert ist ungültig',
} satisfies Translation<typeof en>;
