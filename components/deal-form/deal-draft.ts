/**
 * What `<pk-deal-form>` holds while the user types (strings, as in the inputs), and how it
 * becomes a registration request. Validation is the shared contract schema's.
 */
import { DealRegistrationSchema, MOTION_FIELDS, type ContactRole, type DealRegistrationInput, type MotionDetails } from '../../src/contract/registration.js';
import type { Motion } from '../../src/contract/motions.js';
import { fieldErrorsFromIssues, type FieldError } from '../../src/contract/field-errors.js';

/** A field's error: a stable code (worded by the element) and the English fallback. Server errors may lack the code. */
export type FieldProblem = Pick<FieldError, 'message' | 'params'> & { code?: string };

export interface ContactDraft {
  name: string;
  email: string;
  role: ContactRole;
}

export interface DealDraftValues {
  motion: Motion | '';
  dealType: 'new' | 'renewal' | 'expansion';
  company: string;
  domain: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  amount: string;
  currency: string;
  expectedCloseDate: string;
  description: string;
  attributionType: 'sourced' | 'influenced';
  attributionPercent: string;
  partnerContacts: ContactDraft[];
  details: { [K in keyof MotionDetails]?: string };
}

/** A saved draft: the values and the Idempotency-Key made with it. Never a token. */
export interface SavedDraft {
  values: DealDraftValues;
  idempotencyKey: string;
  savedAt: string;
}

export function emptyValues(motion: Motion | '' = ''): DealDraftValues {
  return {
    motion,
    dealType: 'new',
    company: '',
    domain: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
    amount: '',
    currency: 'USD',
    expectedCloseDate: '',
    description: '',
    attributionType: 'sourced',
    attributionPercent: '100',
    partnerContacts: [{ name: '', email: '', role: 'AE' }],
    details: {},
  };
}

export { newIdempotencyKey } from '../../src/internal/idempotency-key.js';

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim().replace(/,/g, '')));

/** The request body for the values (only the motion's own detail fields are sent). */
export function toRegistration(v: DealDraftValues): DealRegistrationInput {
  const details: Record<string, string> = {};
  for (const f of v.motion ? MOTION_FIELDS[v.motion] : []) {
    const value = v.details[f.key]?.trim();
    if (value) details[f.key] = value;
  }
  const phone = v.contactPhone.trim();
  return {
    motion: (v.motion || undefined) as Motion,
    dealType: v.dealType,
    customer: {
      company: v.company,
      domain: v.domain,
      contact: { name: v.contactName, email: v.contactEmail.trim(), ...(phone ? { phone } : {}) },
    },
    amount: { value: num(v.amount) as number, currency: v.currency.trim().toUpperCase() },
    expectedCloseDate: v.expectedCloseDate,
    description: v.description,
    attribution: { type: v.attributionType, percent: num(v.attributionPercent) as number },
    partnerContacts: v.partnerContacts.map((c) => ({ name: c.name, email: c.email.trim(), role: c.role })),
    details,
  };
}

/**
 * Field errors by path (`customer.domain`, `partnerContacts.0.email`, …), the first per field,
 * with the same stable codes the server sends; empty when valid.
 */
export function validate(v: DealDraftValues, today: string): Record<string, FieldProblem> {
  const errors: Record<string, FieldProblem> = {};
  const input = toRegistration(v);
  const parsed = DealRegistrationSchema.safeParse(input);
  if (!parsed.success) {
    for (const { path, ...problem } of fieldErrorsFromIssues(parsed.error.issues, input)) errors[path] ??= problem;
  }
  if (v.expectedCloseDate && v.expectedCloseDate < today && !errors.expectedCloseDate) {
    errors.expectedCloseDate = { code: 'date_in_past', message: 'The expected close date is in the past' };
  }
  return errors;
}

/** The order fields appear in, for focusing the first error. */
export function fieldOrder(v: DealDraftValues): string[] {
  return [
    'motion', 'dealType', ...(v.motion ? MOTION_FIELDS[v.motion].map((f) => `details.${f.key}`) : []),
    'customer.company', 'customer.domain', 'customer.contact.name', 'customer.contact.email', 'customer.contact.phone',
    'amount.value', 'amount.currency', 'expectedCloseDate', 'description', 'attribution.type', 'attribution.percent',
    'partnerContacts', ...v.partnerContacts.flatMap((_, i) => [`partnerContacts.${i}.name`, `partnerContacts.${i}.email`, `partnerContacts.${i}.role`]),
  ];
}

/** DOM id of a field's input. */
export const fieldId = (path: string): string => `f-${path.replace(/\./g, '-')}`;
