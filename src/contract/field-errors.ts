/**
 * Field errors with a stable machine `code`, so a client shows its own (translated) message and
 * falls back to the server's English `message` only for a code it does not know. The reference
 * server and the SDK's own form validation both turn zod issues into field errors here, so the
 * same mistake gets the same code on either side.
 */

/** The codes the reference server sends; other backends may send others (the SDK falls back to `message`). */
export const FIELD_ERROR_CODES = [
  'required',
  'too_short',
  'too_long',
  'too_few',
  'too_many',
  'too_small',
  'too_big',
  'not_a_number',
  'not_an_integer',
  'invalid_email',
  'invalid_date',
  'invalid_domain',
  'invalid_currency',
  'invalid_format',
  'invalid_choice',
  'invalid_type',
  'date_in_past',
  'unknown_field',
  'unknown_parameter',
  'repeated_parameter',
  'invalid_characters',
  'invalid_cursor',
  'conflict',
  'certification_required',
  'not_allowed',
  'invalid',
  /** A stage move refused by the exit criteria (src/contract/pipeline.ts); params: `missing` (comma-separated criteria). */
  'exit_criteria_unmet',
  /** The deal changed since the `version` sent (409 stale-write). */
  'stale',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** Values a code's message may use (`min`, `max`, `inclusive`, `certification`, …). */
export type FieldErrorParams = Record<string, string | number | boolean>;

export interface FieldError {
  /** Dotted path of the field (`customer.domain`, `partnerContacts.0.email`); `''` for the whole body. */
  path: string;
  code: FieldErrorCode;
  /** English text for a client that does not know the code. */
  message: string;
  params?: FieldErrorParams;
}

/** The parts of a zod (v4, classic or mini) issue this reads. */
export interface IssueLike {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  origin?: string;
  expected?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  params?: Record<string, unknown>;
}

const at = (input: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let v = input;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
};

const num = (n: number | bigint | undefined) => Number(n ?? 0);

/** The stable code (and its values) for one issue; `input` is what was validated (to tell "missing" from "wrong"). */
export function codeOfIssue(issue: IssueLike, input: unknown): { code: FieldErrorCode; params?: FieldErrorParams } {
  const value = at(input, issue.path);
  const missing = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return { code: 'required' };
      if (issue.expected === 'int') return { code: 'not_an_integer' };
      if (issue.expected === 'number') return { code: 'not_a_number' };
      return { code: 'invalid_type', params: { expected: String(issue.expected ?? '') } };
    case 'too_small': {
      const min = num(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { code: 'required' } : { code: 'too_short', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? { code: 'required' } : { code: 'too_few', params: { min } };
      return { code: 'too_small', params: { min, inclusive: issue.inclusive !== false } };
    }
    case 'too_big': {
      const max = num(issue.maximum);
      if (issue.origin === 'string') return { code: 'too_long', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_many', params: { max } };
      return { code: 'too_big', params: { max, inclusive: issue.inclusive !== false } };
    }
    case 'invalid_format':
      if (missing) return { code: 'required' };
      if (issue.format === 'email') return { code: 'invalid_email' };
      if (issue.format === 'date' || issue.format === 'datetime') return { code: 'invalid_date' };
      return { code: 'invalid_format' };
    case 'invalid_value':
      return missing ? { code: 'required' } : { code: 'invalid_choice' };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    case 'custom': {
      const code = issue.params?.code;
      if (typeof code === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(code)) {
        const { code: _, ...rest } = issue.params ?? {};
        const params = Object.fromEntries(Object.entries(rest).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))) as FieldErrorParams;
        return Object.keys(params).length ? { code: code as FieldErrorCode, params } : { code: code as FieldErrorCode };
      }
      return { code: missing ? 'required' : 'invalid' };
    }
    default:
      return { code: 'invalid' };
  }
}

/** Zod issues → field errors (`path` dotted, one per issue, in order). */
export function fieldErrorsFromIssues(issues: ReadonlyArray<IssueLike>, input: unknown): FieldError[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, ...codeOfIssue(issue, input) }));
}
