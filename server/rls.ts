/**
 * Row-level security: the second wall behind the routes' WHERE clauses.
 *
 * Every table in the `public` schema is declared in a migration with exactly one of:
 * - `tenantTable(name, column)`: ENABLE + FORCE ROW LEVEL SECURITY and a policy that shows (and
 *   lets a request write) only rows whose `column` is the transaction's partner, or every row in
 *   the all-partners scope (a channel manager, the secret-key routes, the seed);
 * - `appendOnlyTable(name, column)`: the same, but the request role may only SELECT and INSERT
 *   (an audit log);
 * - `globalTable(name, reason)`: deliberately visible to every scope (e.g. rules versions).
 * test/server/rls.test.ts reads the catalog and fails for a table declared with none of them.
 *
 * The scope is set per transaction (`set_config(…, true)`) by `withScope()` in server/scope.ts,
 * never session-wide, so nothing carries over to the next request on a pooled connection.
 */
import type { Db } from './db.js';

/** The non-superuser role request work runs as on PGlite (whose own user is a superuser). */
export const APP_ROLE = 'partnerkit_app';
/** `COMMENT ON TABLE` prefix that marks a table as deliberately global. */
export const GLOBAL_MARK = 'pk:global';

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return name;
};

/** SQL run once (migration 2): the visibility function every policy uses, and the PGlite role. */
export const RLS_BOOTSTRAP_SQL = `
CREATE FUNCTION pk_visible(partner text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('pk.all_partners', true), '') = 'on'
      OR partner = nullif(current_setting('pk.partner_id', true), '')
$$;

DO $$
BEGIN
  -- Only a superuser connection (PGlite's default user) creates and switches to the request role;
  -- on PostgreSQL the connecting role itself must be neither superuser nor BYPASSRLS.
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
      CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
    GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE};
  END IF;
END $$;
`;

/** A table whose rows belong to one partner (`column`; NULL = visible only to the all-partners scope). */
export function tenantTable(table: string, column = 'partner_id'): string {
  const t = ident(table);
  const c = ident(column);
  return `
ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
CREATE POLICY pk_tenant ON ${t} USING (pk_visible(${c})) WITH CHECK (pk_visible(${c}));
`;
}

/** An audit table: tenant-scoped reads, inserts only; UPDATE, DELETE and TRUNCATE are revoked. */
export function appendOnlyTable(table: string, column = 'partner_id'): string {
  const t = ident(table);
  const c = ident(column);
  return `
ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
CREATE POLICY pk_tenant_read ON ${t} FOR SELECT USING (pk_visible(${c}));
CREATE POLICY pk_tenant_append ON ${t} FOR INSERT WITH CHECK (pk_visible(${c}));
REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM CURRENT_USER;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM ${APP_ROLE};
  END IF;
END $$;
COMMENT ON TABLE ${t} IS 'pk:append-only';
`;
}

/** A table deliberately readable by every scope; `reason` is recorded in the catalog. */
export function globalTable(table: string, reason: string): string {
  return `COMMENT ON TABLE ${ident(table)} IS '${GLOBAL_MARK}: ${reason.replace(/'/g, "''")}';\n`;
}

/**
 * Called before migrations: on PostgreSQL the connecting role must be subject to row-level
 * security (not superuser, no BYPASSRLS).
 */
export async function assertRlsApplies(db: Db): Promise<void> {
  if (db.kind !== 'pg') return;
  const { rows } = await db.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(
    'SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
  );
  const r = rows[0];
  if (r && (r.rolsuper || r.rolbypassrls)) {
    throw new Error(
      `DATABASE_URL connects as "${r.rolname}", which is ${r.rolsuper ? 'a superuser' : 'BYPASSRLS'}: row-level security would not apply. ` +
        'Connect as an ordinary role that owns the database, e.g. CREATE ROLE partnerkit LOGIN PASSWORD \'…\'; CREATE DATABASE partnerkit OWNER partnerkit;',
    );
  }
}

/** Called after migrations and seed: on PGlite, the rest of the session runs as the request role. */
export async function enterRequestRole(db: Db): Promise<void> {
  if (db.kind === 'pglite') await db.exec(`SET ROLE ${APP_ROLE}`);
}
