import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod/mini';
import { DealRegistrationSchema, FIELD_ERROR_CODES, fieldErrorsFromIssues } from '../../src/contract/index.js';
import en from '../../src/i18n/en/fields.js';

/** One schema with one field per kind of check; each row: input for `v`, the expected code and params. */
const cases: Array<[string, z.ZodMiniType, unknown, string, Record<string, unknown>?]> = [
  ['missing string', z.string().check(z.minLength(1)), undefined, 'required'],
  ['blank after trim', z.string().check(z.trim(), z.minLength(1)), '   ', 'required'],
  ['too short', z.string().check(z.minLength(20)), 'short', 'too_short', { min: 20 }],
  ['too long', z.string().check(z.maxLength(3)), 'longer', 'too_long', { max: 3 }],
  ['missing number', z.number(), undefined, 'required'],
  ['not a number', z.number(), Number.NaN, 'not_a_number'],
  ['a string for a number', z.number(), 'ten', 'not_a_number'],
  ['a number for a string', z.string(), 5, 'invalid_type', { expected: 'string' }],
  ['not an integer', z.int(), 1.5, 'not_an_integer'],
  ['number too small (exclusive)', z.number().check(z.gt(0)), 0, 'too_small', { min: 0, inclusive: false }],
  ['number too small (inclusive)', z.number().check(z.gte(1)), 0, 'too_small', { min: 1, inclusive: true }],
  ['number too big', z.number().check(z.lte(100)), 120, 'too_big', { max: 100, inclusive: true }],
  ['empty list', z.array(z.string()).check(z.minLength(1)), [], 'required'],
  ['too few', z.array(z.string()).check(z.minLength(2)), ['a'], 'too_few', { min: 2 }],
  ['too many', z.array(z.string()).check(z.maxLength(1)), ['a', 'b'], 'too_many', { max: 1 }],
  ['bad email', z.email(), 'nope', 'invalid_email'],
  ['bad date', z.iso.date(), '30/06/2026', 'invalid_date'],
  ['other format', z.string().check(z.regex(/^x$/)), 'y', 'invalid_format'],
  ['not an option', z.enum(['a', 'b']), 'c', 'invalid_choice'],
  ['no option', z.enum(['a', 'b']), undefined, 'required'],
  ['refine with a code', z.string().check(z.refine(() => false, { params: { code: 'invalid_domain' } })), 'x', 'invalid_domain'],
  ['refine with a code and values', z.string().check(z.refine(() => false, { params: { code: 'certification_required', certification: 'aws' } })), 'x', 'certification_required', { certification: 'aws' }],
  ['refine with an unknown code', z.string().check(z.refine(() => false, { params: { code: 'made_up' } })), 'x', 'invalid'],
  ['plain refine', z.string().check(z.refine(() => false)), 'x', 'invalid'],
];

describe('field error codes', () => {
  for (const [name, schema, v, code, params] of cases) {
    it(`${name} → ${code}`, () => {
      const input = { v };
      const parsed = z.object({ v: schema }).safeParse(input);
      assert.equal(parsed.success, false);
      const [first] = fieldErrorsFromIssues(parsed.error!.issues, input);
      assert.equal(first.path, 'v');
      assert.equal(first.code, code);
      assert.deepEqual(first.params, params);
      assert.ok(first.message.length > 0, 'keeps the English message as a fallback');
    });
  }

  it('the registration schema gives every field a specific code', () => {
    const input = { motion: 'services', dealType: 'new', customer: { company: 'A', domain: 'not a domain', contact: { name: 'J', email: 'j@x.io' } }, amount: { value: 5, currency: 'eur' }, expectedCloseDate: '2030-01-01', description: 'x'.repeat(30), attribution: { type: 'sourced', percent: 50 }, partnerContacts: [{ name: 'A', email: 'a@b.co', role: 'AE' }] };
    const parsed = DealRegistrationSchema.safeParse(input);
    assert.equal(parsed.success, false);
    const codes = Object.fromEntries(fieldErrorsFromIssues(parsed.error!.issues, input).map((e) => [e.path, e.code]));
    assert.deepEqual(codes, { 'customer.domain': 'invalid_domain', 'amount.currency': 'invalid_currency', 'details.servicesScope': 'required' });
  });

  it('English has a message for every code, and no message for a code that does not exist', () => {
    const keys = Object.keys(en).map((k) => k.replace(/^field\./, ''));
    assert.deepEqual([...keys].sort(), [...FIELD_ERROR_CODES].sort());
  });
});
