import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareClaims, type Claim } from '../../server/registration/hierarchy.js';
import { normaliseCompany, registrableDomain } from '../../server/registration/normalise.js';
import { DEFAULT_POLICY, mayRegister, resolvePolicy } from '../../server/registration/policy.js';

describe('registrableDomain', () => {
  const table: Array<[input: string, expected: string | null]> = [
    ['acme.com', 'acme.com'],
    ['ACME.COM', 'acme.com'],
    ['https://www.acme.com', 'acme.com'],
    ['HTTP://WWW.Acme.Com/pricing?x=1#top', 'acme.com'],
    ['www.acme.com/', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['www.acme.com..', 'acme.com'],
    ['  acme.com  ', 'acme.com'],
    ['eu.shop.acme.com', 'acme.com'],
    ['https://user:pw@shop.acme.com:8443/a', 'acme.com'],
    ['jane@acme.com', 'acme.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['www.sales.acme.co.uk', 'acme.co.uk'],
    ['acme.com.au', 'acme.com.au'],
    ['acme.github.io', 'acme.github.io'],
    ['other.github.io', 'other.github.io'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['co.uk', null],
    ['com', null],
    ['localhost', null],
    ['192.168.0.1', null],
    ['', null],
    ['   ', null],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(registrableDomain(input), expected));
  }
});

describe('normaliseCompany', () => {
  const table: Array<[input: string, expected: string]> = [
    ['Acme', 'acme'],
    ['ACME', 'acme'],
    ['Acme Inc.', 'acme'],
    ['Acme, Inc', 'acme'],
    ['Acme Incorporated', 'acme'],
    ['Acme Corp.', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme GmbH & Co. KG', 'acme'],
    ['Acme Ltd', 'acme'],
    ['Acme Limited', 'acme'],
    ['Acme PLC', 'acme'],
    ['Acme S.A.', 'acme'],
    ['Acme S. A.', 'acme'],
    ['Acme SA', 'acme'],
    ['Acme S.à r.l.', 'acme'],
    ['Acme B.V.', 'acme'],
    ['Acme LLC', 'acme'],
    ['The Acme Company', 'acme'],
    ['Müller Logistik GmbH', 'muller logistik'],
    ['Mueller-Logistik', 'mueller logistik'],
    ['Société Générale S.A.', 'societe generale'],
    ['Straße AG', 'strasse'],
    ['Johnson & Johnson', 'johnson and johnson'],
    ['I.B.M.', 'ibm'],
    ['I B M Corp', 'ibm'],
    ["O'Reilly Media, Inc.", 'oreilly media'],
    ['  Blue   Ridge  Logistics  ', 'blue ridge logistics'],
    ['Inc', 'inc'],
    ['Limited Brands Inc', 'limited brands'],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(normaliseCompany(input), expected));
  }
});

describe('compareClaims (conflict hierarchy)', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-01-02T00:00:00Z');
  const base: Claim = { registered: true, incumbent: false, certified: false, tier: 'silver', submittedAt: t0 };
  const later: Claim = { ...base, submittedAt: t1 };
  const table: Array<[name: string, a: Claim, b: Claim, dealType: 'new' | 'renewal' | 'expansion', rule: 'first-come' | 'tier-priority', winner: string, reason: string]> = [
    ['registered beats unregistered, even when later', { ...later }, { ...base, registered: false }, 'new', 'first-come', 'a', 'registered'],
    ['registered beats an unregistered incumbent on a renewal', { ...later }, { ...base, registered: false, incumbent: true }, 'renewal', 'first-come', 'a', 'registered'],
    ['incumbent beats net-new for a renewal', { ...later, incumbent: true }, { ...base }, 'renewal', 'first-come', 'a', 'incumbent'],
    ['incumbent beats net-new for an expansion', { ...base }, { ...later, incumbent: true }, 'expansion', 'first-come', 'b', 'incumbent'],
    ['incumbency does not count for a new deal', { ...later, incumbent: true }, { ...base }, 'new', 'first-come', 'b', 'first-come'],
    ['certification breaks the tie', { ...later, certified: true }, { ...base }, 'new', 'first-come', 'a', 'certification'],
    ['incumbent beats certified on a renewal', { ...base, certified: true }, { ...later, incumbent: true }, 'renewal', 'first-come', 'b', 'incumbent'],
    ['first come, first served', { ...base }, { ...later }, 'new', 'first-come', 'a', 'first-come'],
    ['first come ignores tier', { ...later, tier: 'platinum' }, { ...base, tier: 'registered' }, 'new', 'first-come', 'b', 'first-come'],
    ['tier priority: higher tier wins', { ...later, tier: 'platinum' }, { ...base, tier: 'gold' }, 'new', 'tier-priority', 'a', 'tier'],
    ['tier priority: same tier falls back to first come', { ...later, tier: 'gold' }, { ...base, tier: 'gold' }, 'new', 'tier-priority', 'b', 'first-come'],
    ['tier priority: certification still comes first', { ...base, tier: 'platinum' }, { ...later, tier: 'registered', certified: true }, 'new', 'tier-priority', 'b', 'certification'],
    ['identical claims tie', { ...base }, { ...base }, 'new', 'first-come', 'tie', 'tie'],
  ];
  for (const [name, a, b, dealType, rule, winner, reason] of table) {
    it(name, () => assert.deepEqual(compareClaims(a, b, dealType, rule), { winner, reason }));
  }
});

describe('registration policy', () => {
  it('has the documented defaults', () => {
    const p = resolvePolicy({}, {});
    assert.equal(p.protectionDays, 90);
    assert.equal(p.slaHours, 48);
    assert.equal(p.reminderDays, 7);
    assert.equal(p.conflictRule, 'first-come');
    assert.deepEqual(p, { ...DEFAULT_POLICY });
  });
  it('reads the environment; options win', () => {
    const p = resolvePolicy({ slaHours: 24 }, { PARTNERKIT_PROTECTION_DAYS: '60', PARTNERKIT_SLA_HOURS: '72', PARTNERKIT_CONFLICT_RULE: 'tier-priority', PARTNERKIT_CERTIFICATION_REQUIRED: '{"tech":"ISV cert"}' });
    assert.equal(p.protectionDays, 60);
    assert.equal(p.slaHours, 24);
    assert.equal(p.conflictRule, 'tier-priority');
    assert.deepEqual(p.certificationRequired, { tech: 'ISV cert' });
  });
  const bad: Array<[string, Record<string, string>]> = [
    ['protection below 60', { PARTNERKIT_PROTECTION_DAYS: '59' }],
    ['protection above 90', { PARTNERKIT_PROTECTION_DAYS: '91' }],
    ['non-numeric SLA', { PARTNERKIT_SLA_HOURS: 'soon' }],
    ['unknown rule', { PARTNERKIT_CONFLICT_RULE: 'random' }],
    ['bad certification JSON', { PARTNERKIT_CERTIFICATION_REQUIRED: '{' }],
    ['unknown motion', { PARTNERKIT_CERTIFICATION_REQUIRED: '{"cars":"x"}' }],
  ];
  for (const [name, env] of bad) it(`refuses ${name}`, () => assert.throws(() => resolvePolicy({}, env), /PARTNERKIT_|Registration policy/));
  it('locks a motion without its certification', () => {
    const p = resolvePolicy({}, {});
    assert.equal(mayRegister(p, 'marketplace', []), false);
    assert.equal(mayRegister(p, 'marketplace', ['Acme Marketplace Seller']), true);
    assert.equal(mayRegister(p, 'reseller', []), true);
  });
});
