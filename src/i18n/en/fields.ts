/**
 * English messages for the stable field-error codes (src/contract/field-errors.ts), keyed
 * `field.<code>`. The SDK shows these, in the user's language, instead of a server's English
 * text; a code it does not know falls back to the server's `message`.
 */
export default {
  'field.required': 'Required',
  'field.too_short': 'At least {min, plural, one {# character} other {# characters}}',
  'field.too_long': 'At most {max, plural, one {# character} other {# characters}}',
  'field.too_few': 'Add at least {min, number}',
  'field.too_many': 'At most {max, number}',
  'field.too_small': '{inclusive, select, true {At least {min, number}} other {Must be more than {min, number}}}',
  'field.too_big': '{inclusive, select, true {At most {max, number}} other {Must be less than {max, number}}}',
  'field.not_a_number': 'Enter a number',
  'field.not_an_integer': 'Enter a whole number',
  'field.invalid_email': 'Enter an email address such as name@example.com',
  'field.invalid_date': 'Enter a date such as 2026-12-31',
  'field.invalid_domain': 'Enter a domain such as example.com',
  'field.invalid_currency': 'Enter a three-letter currency code such as USD',
  'field.invalid_format': 'This is not in the expected format',
  'field.invalid_choice': 'Choose one of the options',
  'field.invalid_type': 'This value is not valid',
  'field.date_in_past': 'The expected close date is in the past',
  'field.exit_criteria_unmet': "This stage's exit criteria are not met yet",
  'field.stale': 'Someone else changed this deal meanwhile: check their values',
  'field.unknown_field': 'This field is not known',
  'field.unknown_parameter': 'This parameter is not known',
  'field.repeated_parameter': 'Give this parameter only once',
  'field.invalid_characters': 'Contains characters that are not allowed',
  'field.invalid_cursor': 'This page link has expired; start again from the first page',
  'field.conflict': 'This conflicts with an earlier request',
  'field.certification_required': 'Requires the {certification} certification',
  'field.not_allowed': 'Your role may not do this',
  'field.invalid': 'This value is not valid',
} as const;
