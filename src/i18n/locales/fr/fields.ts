/** French messages for the stable field-error codes (`field.<code>`). */
import type en from '../../en/fields.js';
import type { Translation } from '../../types.js';

export default {
  'field.required': 'Obligatoire',
  'field.too_short': 'Au moins {min, plural, one {# caractère} many {# de caractères} other {# caractères}}',
  'field.too_long': 'Au plus {max, plural, one {# caractère} many {# de caractères} other {# caractères}}',
  'field.too_few': 'Ajoutez-en au moins {min, number}',
  'field.too_many': 'Au plus {max, number}',
  'field.too_small': '{inclusive, select, true {Au moins {min, number}} other {Doit être supérieur à {min, number}}}',
  'field.too_big': '{inclusive, select, true {Au plus {max, number}} other {Doit être inférieur à {max, number}}}',
  'field.not_a_number': 'Saisissez un nombre',
  'field.not_an_integer': 'Saisissez un nombre entier',
  'field.invalid_email': 'Saisissez une adresse e-mail, par ex. nom@example.com',
  'field.invalid_date': 'Saisissez une date, par ex. 2026-12-31',
  'field.invalid_domain': 'Saisissez un domaine, par ex. example.com',
  'field.invalid_currency': 'Saisissez un code de devise à trois lettres, par ex. EUR',
  'field.invalid_format': 'Le format n’est pas celui attendu',
  'field.invalid_choice': 'Choisissez l’une des options',
  'field.invalid_type': 'Cette valeur n’est pas valide',
  'field.date_in_past': 'La date de conclusion prévue est dans le passé',
  'field.exit_criteria_unmet': 'Les critères de sortie de cette étape ne sont pas encore remplis',
  'field.stale': 'Quelqu’un d’autre a modifié cette affaire entre-temps : vérifiez ses valeurs',
  'field.unknown_field': 'Ce champ est inconnu',
  'field.unknown_parameter': 'Ce paramètre est inconnu',
  'field.repeated_parameter': 'Indiquez ce paramètre une seule fois',
  'field.invalid_characters': 'Contient des caractères non autorisés',
  'field.invalid_cursor': 'Ce lien de page a expiré\u202f; recommencez à partir de la première page',
  'field.conflict': 'Ceci est en conflit avec une requête précédente',
  'field.certification_required': 'Nécessite la certification «\u00a0{certification}\u00a0»',
  'field.not_allowed': 'Votre rôle ne permet pas cette action',
  'field.invalid': 'Cette valeur n’est pas valide',
} satisfies Translation<typeof en>;
