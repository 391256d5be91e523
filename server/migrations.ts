import type { Db, Queryable } from './db.js';
import { normaliseCompany, registrableDomain } from './registration/normalise.js';
import { RLS_BOOTSTRAP_SQL, appendOnlyTable, globalTable, tenantTable } from './rls.js';
import { ENGAGEMENT_MIGRATIONS } from './engagement-migrations.js';
import { METRICS_MIGRATIONS } from './metrics-migrations.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Data changes that need application code (e.g. backfilling normalised keys), after `sql`. */
  up?: (tx: Queryable) => Promise<void>;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE partners (
  id text PRIMARY KEY,
  name text NOT NULL,
  tier text NOT NULL CHECK (tier IN ('registered','silver','gold','platinum')),
  certifications jsonb NOT NULL DEFAULT '[]'::jsonb,
  motions jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id text PRIMARY KEY,
  partner_id text REFERENCES partners(id),
  role text NOT NULL CHECK (role IN ('partner_user','partner_admin','channel_manager')),
  name text NOT NULL,
  email text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_partner_id_idx ON users (partner_id);

CREATE TABLE deals (
  id text PRIMARY KEY,
  partner_id text NOT NULL REFERENCES partners(id),
  motion text NOT NULL,
  stage text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending','approved','declined','expired','won','lost')),
  customer_company text NOT NULL,
  customer_domain text NOT NULL,
  customer_contact_name text,
  customer_contact_email text,
  owner_name text NOT NULL,
  next_step text,
  stage_note text,
  stage_note_updated_at timestamptz,
  attribution_type text NOT NULL CHECK (attribution_type IN ('sourced','influenced')),
  attribution_percent numeric NOT NULL CHECK (attribution_percent >= 0 AND attribution_percent <= 100),
  amount_value numeric NOT NULL CHECK (amount_value >= 0),
  currency text NOT NULL,
  expected_close_date date NOT NULL,
  protection_starts_at timestamptz,
  protection_ends_at timestamptz,
  sla_due_at timestamptz,
  conflict_status text NOT NULL DEFAULT 'none' CHECK (conflict_status IN ('none','risk','active')),
  conflict_reason text,
  discount_band text,
  internal_notes text,
  description text,
  last_activity_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX deals_partner_created_idx ON deals (partner_id, created_at, id);
CREATE INDEX deals_partner_activity_idx ON deals (partner_id, last_activity_at, id);
CREATE INDEX deals_partner_close_idx ON deals (partner_id, expected_close_date, id);
CREATE INDEX deals_partner_amount_idx ON deals (partner_id, amount_value, id);
CREATE INDEX deals_partner_customer_idx ON deals (partner_id, (lower(customer_company) COLLATE "C"), id);
CREATE INDEX deals_created_idx ON deals (created_at, id);
CREATE INDEX deals_activity_idx ON deals (last_activity_at, id);
CREATE INDEX deals_customer_domain_idx ON deals (customer_domain);

CREATE TABLE deal_partners (
  deal_id text NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  partner_id text NOT NULL REFERENCES partners(id),
  type text NOT NULL CHECK (type IN ('sourced','influenced')),
  percent numeric NOT NULL,
  PRIMARY KEY (deal_id, partner_id)
);
CREATE INDEX deal_partners_partner_idx ON deal_partners (partner_id);

CREATE TABLE rules (
  version integer PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  published_at timestamptz NOT NULL
);

CREATE TABLE rule_acknowledgements (
  version integer NOT NULL REFERENCES rules(version),
  user_id text NOT NULL,
  partner_id text,
  acknowledged_at timestamptz NOT NULL,
  UNIQUE (version, user_id)
);
`,
  },
  {
    version: 2,
    name: 'row-level security and audit log',
    // Every table is declared tenant, append-only or global (see server/rls.ts); test/server/rls.test.ts checks it.
    sql: `
${RLS_BOOTSTRAP_SQL}
${tenantTable('partners', 'id')}
${tenantTable('users')}
${tenantTable('deals')}
${tenantTable('deal_partners')}
${tenantTable('rule_acknowledgements')}
${globalTable('rules', 'every partner reads the published rules versions')}
${globalTable('schema_migrations', 'migration bookkeeping, no tenant data')}

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner_id text,
  actor text NOT NULL,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, id);
${appendOnlyTable('audit_log')}
`,
  },
  {
    // A high number so it never collides with migrations other branches add meanwhile.
    version: 20,
    name: 'deal registration: normalised customer keys, trigram index, idempotency keys, history, extensions',
    sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE deals ADD COLUMN IF NOT EXISTS deal_type text NOT NULL DEFAULT 'new' CHECK (deal_type IN ('new','renewal','expansion'));
ALTER TABLE deals ADD COLUMN IF NOT EXISTS customer_domain_key text;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS customer_company_key text;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS customer_contact_phone text;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS partner_contacts jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS motion_details jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS submitted_by text;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS decided_at timestamptz;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS decided_by text;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS decision_reason text;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS reminder_sent_at timestamptz;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS sla_overdue_at timestamptz;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS reassignment_flagged_at timestamptz;

-- The uniqueness test looks only at live claims: pending, approved (protected) and won (owned).
CREATE INDEX deals_domain_key_idx ON deals (customer_domain_key) WHERE status IN ('pending','approved','won');
CREATE INDEX deals_company_key_trgm_idx ON deals USING gin (customer_company_key gin_trgm_ops) WHERE status IN ('pending','approved','won');
CREATE INDEX deals_pending_sla_idx ON deals (sla_due_at, id) WHERE status = 'pending';
CREATE INDEX deals_protection_end_idx ON deals (protection_ends_at) WHERE status = 'approved';

-- Idempotency-Key of POST /v1/deals: one row per (user, key), the stored response once done.
CREATE TABLE idempotency_keys (
  user_id text NOT NULL,
  key text NOT NULL,
  partner_id text,
  request_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('in_flight','done')),
  response_status integer,
  response_body jsonb,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  PRIMARY KEY (user_id, key)
);

-- Protection extension requests; at most one pending per deal.
CREATE TABLE deal_extensions (
  id text PRIMARY KEY,
  deal_id text NOT NULL REFERENCES deals(id),
  partner_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending','approved','declined')),
  days integer NOT NULL CHECK (days > 0),
  reason text NOT NULL,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  decision_reason text
);
CREATE UNIQUE INDEX deal_extensions_one_pending_idx ON deal_extensions (deal_id) WHERE status = 'pending';

-- The deal audit trail (GET /v1/deals/{id}/history): append-only.
CREATE TABLE deal_history (
  id bigserial PRIMARY KEY,
  deal_id text NOT NULL REFERENCES deals(id),
  partner_id text NOT NULL,
  at timestamptz NOT NULL,
  action text NOT NULL,
  actor_id text,
  actor_name text NOT NULL,
  actor_role text NOT NULL,
  reason text,
  internal_note text
);
CREATE INDEX deal_history_deal_idx ON deal_history (deal_id, id);
CREATE FUNCTION deal_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'deal_history is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER deal_history_no_change BEFORE UPDATE OR DELETE ON deal_history FOR EACH ROW EXECUTE FUNCTION deal_history_append_only();
CREATE TRIGGER deal_history_no_truncate BEFORE TRUNCATE ON deal_history FOR EACH STATEMENT EXECUTE FUNCTION deal_history_append_only();

${tenantTable('idempotency_keys')}
${tenantTable('deal_extensions')}
${appendOnlyTable('deal_history')}
`,
    async up(tx) {
      const { rows } = await tx.query<{ id: string; customer_company: string; customer_domain: string }>(
        'SELECT id, customer_company, customer_domain FROM deals WHERE customer_company_key IS NULL',
      );
      for (const r of rows) {
        await tx.query('UPDATE deals SET customer_domain_key = $2, customer_company_key = $3 WHERE id = $1', [
          r.id, registrableDomain(r.customer_domain) ?? r.customer_domain.toLowerCase(), normaliseCompany(r.customer_company),
        ]);
      }
    },
  },
  {
    version: 21,
    name: 'customer claims: the company keys of live deals, outside row-level security, for an indexed conflict check',
    // Under row-level security PostgreSQL may not use an index for an operator that is not
    // LEAKPROOF, such as pg_trgm's `%`: the similar-company lookup scanned every live deal
    // (0.8 s at 100,000 deals). This table holds only a deal id and its normalised company key —
    // no partner, amount or contact — so it is global and its trigram index is usable; a trigger
    // keeps it in step with `deals`, and the check joins back to `deals` by id under RLS.
    sql: `
SELECT set_config('pk.all_partners', 'on', true);
CREATE TABLE customer_claims (
  deal_id text PRIMARY KEY REFERENCES deals(id) ON DELETE CASCADE,
  company_key text NOT NULL
);
CREATE INDEX customer_claims_company_trgm_idx ON customer_claims USING gin (company_key gin_trgm_ops);
DROP INDEX IF EXISTS deals_company_key_trgm_idx; -- unusable under RLS (see above)
CREATE FUNCTION pk_sync_customer_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('pending','approved','won') AND NEW.customer_company_key IS NOT NULL THEN
    INSERT INTO customer_claims (deal_id, company_key) VALUES (NEW.id, NEW.customer_company_key)
      ON CONFLICT (deal_id) DO UPDATE SET company_key = EXCLUDED.company_key;
  ELSE
    DELETE FROM customer_claims WHERE deal_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_customer_claim AFTER INSERT OR UPDATE OF status, customer_company_key ON deals
  FOR EACH ROW EXECUTE FUNCTION pk_sync_customer_claim();
INSERT INTO customer_claims (deal_id, company_key)
  SELECT id, customer_company_key FROM deals WHERE status IN ('pending','approved','won') AND customer_company_key IS NOT NULL;
${globalTable('customer_claims', 'deal ids and normalised company keys of live deals only (no partner, amount or contact), for the indexed cross-partner uniqueness check')}
`,
  },
  ...ENGAGEMENT_MIGRATIONS,
  {
    // Issue 8: session tokens are signed with random keys kept here, not with anything derived
    // from the secret key (server/keys.ts). The newest signs; the one before it still verifies.
    version: 30,
    name: 'signing keys',
    sql: `
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
${globalTable('signing_keys', 'server key material for session tokens, not partner data; read by the server at start, never by a route')}
`,
  },
  ...METRICS_MIGRATIONS,
];

/** Applies pending migrations in order; each one in its own transaction. Safe to call repeatedly. */
export async function migrate(db: Db): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)),
  );
  const done: number[] = [];
  for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await m.up?.(tx);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
    done.push(m.version);
  }
  return done;
}
