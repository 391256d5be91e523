/**
 * The vendor's deal registration policy: every setting in one place, with its default.
 * Documented in the README ("Registration policy"); partners see it at GET /v1/deals/policy.
 */
import { MOTIONS, PROTECTION_DAYS_MAX, PROTECTION_DAYS_MIN, type Motion } from '../../src/contract/index.js';

export type ConflictRule = 'first-come' | 'tier-priority';

export interface RegistrationPolicy {
  /** Protection window from approval, in days (60–90). */
  protectionDays: number;
  /** Hours a channel manager has to decide a registration (the SLA). */
  slaHours: number;
  /** Days before protection ends when the reminder is raised. */
  reminderDays: number;
  /** Days without activity after which a deal is flagged for reassignment. */
  inactivityDays: number;
  /** Last tie-breaker of the conflict hierarchy. */
  conflictRule: ConflictRule;
  /** Certification a partner must hold to register a motion (motions not listed are open). */
  certificationRequired: Partial<Record<Motion, string>>;
  /** Days a protection extension adds when the request names none. */
  extensionDays: number;
}

export const DEFAULT_POLICY: Readonly<RegistrationPolicy> = Object.freeze({
  protectionDays: 90,
  slaHours: 48,
  reminderDays: 7,
  inactivityDays: 30,
  conflictRule: 'first-come',
  certificationRequired: { marketplace: 'Acme Marketplace Seller' },
  extensionDays: 30,
});

const ENV: Record<string, keyof RegistrationPolicy> = {
  PARTNERKIT_PROTECTION_DAYS: 'protectionDays',
  PARTNERKIT_SLA_HOURS: 'slaHours',
  PARTNERKIT_REMINDER_DAYS: 'reminderDays',
  PARTNERKIT_INACTIVITY_DAYS: 'inactivityDays',
  PARTNERKIT_CONFLICT_RULE: 'conflictRule',
  PARTNERKIT_CERTIFICATION_REQUIRED: 'certificationRequired',
  PARTNERKIT_EXTENSION_DAYS: 'extensionDays',
};

/**
 * The effective policy: defaults ← environment (`PARTNERKIT_PROTECTION_DAYS`, …) ← options.
 * `PARTNERKIT_CERTIFICATION_REQUIRED` is JSON, e.g. `{"marketplace":"Acme Marketplace Seller"}`.
 * Throws a clear error for an out-of-range value, so a bad setting stops the server at start.
 */
export function resolvePolicy(options: Partial<RegistrationPolicy> = {}, env: NodeJS.ProcessEnv = process.env): RegistrationPolicy {
  const fromEnv: Partial<RegistrationPolicy> = {};
  for (const [name, key] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (key === 'conflictRule') fromEnv.conflictRule = raw as ConflictRule;
    else if (key === 'certificationRequired') {
      try {
        fromEnv.certificationRequired = JSON.parse(raw) as RegistrationPolicy['certificationRequired'];
      } catch {
        throw new Error(`${name} must be a JSON object such as {"marketplace":"Acme Marketplace Seller"}.`);
      }
    } else (fromEnv as Record<string, number>)[key] = Number(raw);
  }
  const policy: RegistrationPolicy = { ...DEFAULT_POLICY, ...fromEnv, ...options };
  const int = (key: keyof RegistrationPolicy, min: number, max: number) => {
    const v = policy[key] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`Registration policy: ${key} must be a whole number from ${min} to ${max} (got ${String(v)}).`);
  };
  int('protectionDays', PROTECTION_DAYS_MIN, PROTECTION_DAYS_MAX);
  int('slaHours', 1, 24 * 30);
  int('reminderDays', 1, PROTECTION_DAYS_MIN - 1);
  int('inactivityDays', 1, 365);
  int('extensionDays', 1, PROTECTION_DAYS_MAX);
  if (policy.conflictRule !== 'first-come' && policy.conflictRule !== 'tier-priority') {
    throw new Error(`Registration policy: conflictRule must be "first-come" or "tier-priority" (got ${String(policy.conflictRule)}).`);
  }
  const certs = policy.certificationRequired;
  if (!certs || typeof certs !== 'object' || Array.isArray(certs)) throw new Error('Registration policy: certificationRequired must be an object of motion → certification.');
  for (const [motion, cert] of Object.entries(certs)) {
    if (!(MOTIONS as readonly string[]).includes(motion) || typeof cert !== 'string' || !cert) {
      throw new Error(`Registration policy: certificationRequired has an unknown motion or empty certification (${motion}).`);
    }
  }
  return policy;
}

/** The certification a motion requires under this policy, or null when it is open. */
export function requiredCertification(policy: RegistrationPolicy, motion: Motion): string | null {
  return policy.certificationRequired[motion] ?? null;
}

/** Whether a partner holding `certifications` may register `motion`. */
export function mayRegister(policy: RegistrationPolicy, motion: Motion, certifications: readonly string[]): boolean {
  const cert = requiredCertification(policy, motion);
  return cert === null || certifications.includes(cert);
}
