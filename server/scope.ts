/**
 * The one way route code queries tenant data: `withScope(db, c.var.session, (tx) => …)` runs the
 * callback in a transaction whose row-level-security scope is the session's partner (or every
 * partner for a channel manager). Outside it, tenant tables show no rows at all.
 */
import type { SessionClaims } from './auth.js';
import type { Db, Queryable } from './db.js';

/** Every partner's rows: a channel manager, the secret-key routes, the seed, cross-partner checks. */
export const ALL_PARTNERS = Object.freeze({ allPartners: true as const });

export type Scope = { partnerId: string } | typeof ALL_PARTNERS;

/** The scope a session may see: its own partner, or all partners for a channel manager. */
export function scopeOf(session: Pick<SessionClaims, 'role' | 'partnerId'>): Scope {
  if (session.role === 'channel_manager') return ALL_PARTNERS;
  if (!session.partnerId) throw new Error('A partner session without a partner has no scope.');
  return { partnerId: session.partnerId };
}

export interface ScopeOptions {
  /**
   * The transaction's statements run on generic plans: planned once for any parameters and kept
   * with the statement (PGlite keeps every statement prepared: server/pglite-statements.ts),
   * where each is otherwise planned for its own parameters. Only for statements whose best plan
   * is the same whatever the parameters (see `genericPlanSafe` in server/deals.ts).
   */
  genericPlans?: boolean;
}

/**
 * Runs `fn` in one transaction with the scope set by `set_config(…, true)` (transaction-local,
 * so nothing leaks into the next request on the same connection). Pass a session (its own scope)
 * or `ALL_PARTNERS` for deliberate cross-partner work — never to answer a partner's request with
 * another partner's data.
 */
export async function withScope<T>(db: Db, scope: Scope | SessionClaims, fn: (tx: Queryable) => Promise<T>, opts: ScopeOptions = {}): Promise<T> {
  const s: Scope = 'role' in scope ? scopeOf(scope) : scope;
  // One simple-protocol statement (a parameterized query costs PGlite three times the round trips),
  // the partner id quoted as a SQL string literal.
  const generic = opts.genericPlans ? ", set_config('plan_cache_mode', 'force_generic_plan', true)" : '';
  const setScope = `SELECT set_config('pk.partner_id', ${sqlString('partnerId' in s ? s.partnerId : '')}, true), set_config('pk.all_partners', '${'allPartners' in s ? 'on' : 'off'}', true)${generic}`;
  return db.transaction(async (tx) => {
    await tx.exec(setScope);
    return fn(tx);
  });
}

/**
 * An escape-string SQL literal (backslashes and quotes doubled), the same whatever
 * standard_conforming_strings says; refuses NUL, which no SQL string can hold.
 */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new Error('A SQL string cannot contain NUL.');
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
