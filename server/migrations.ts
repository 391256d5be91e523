import type { Db } from './db.js';
import { RLS_BOOTSTRAP_SQL, appendOnlyTable, globalTable, tenantTable } from './rls.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
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
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
    done.push(m.version);
  }
  return done;
}
