/**
 * Migrations of the shared pipeline (issue 11): versions 70–79 are this area's. Spread into
 * MIGRATIONS in server/migrations.ts.
 *
 * Why the shapes below: under row-level security PostgreSQL uses an index only for conditions
 * whose operators are LEAKPROOF (see migration 21). `=`, `<`, `>` on text, dates, timestamps and
 * bigints are; `LIKE`, pg_trgm's operators, numeric comparisons and `lower()` are not. So:
 * - the amount and customer sorts read stored `amount_sort` (bigint cents) and `customer_sort`
 *   (lower-cased, collation C) columns, so their keyset conditions are index conditions;
 * - search (`q`) reads `deal_search`, one row per deal (id, partner, lower-cased text searched),
 *   outside row-level security so its trigram index is usable; the list joins back to `deals`
 *   by id under row-level security, so a partner still sees only its own deals;
 * - `deal_counts` keeps per (partner, motion, stage, status, currency) counts and amount sums, so
 *   the list's `total` and the board's lanes need no count(*) over every deal.
 */
import { DEAL_STATUSES, MOTIONS, stagesOf } from '../src/contract/motions.js';
import type { Migration } from './migrations.js';
import { globalTable, tenantTable } from './rls.js';

/** A stage's place in its motion (1…5), as SQL over `motion` and `stage` (immutable: a generated column). */
const STAGE_ORDER_SQL = `CASE motion ${MOTIONS.map((m) => `WHEN '${m}' THEN CASE stage ${stagesOf(m).map((st, i) => `WHEN '${st}' THEN ${i + 1}`).join(' ')} END`).join(' ')} END`;
/** A status's place in DEAL_STATUSES (the order of a deal's life: pending, approved, declined, …). */
const STATUS_ORDER_SQL = `CASE status ${DEAL_STATUSES.map((st, i) => `WHEN '${st}' THEN ${i + 1}`).join(' ')} END`;

/** The text `q` searches: company, domain, owner and next step, lower-cased. */
export const SEARCH_DOC_SQL = (t: string) =>
  `lower(${t}.customer_company || ' ' || ${t}.customer_domain || ' ' || ${t}.owner_name || ' ' || coalesce(${t}.next_step, ''))`;

export const PIPELINE_MIGRATIONS: Migration[] = [
  {
    version: 70,
    name: 'pipeline: deal version and confirmations, sort columns and indexes, search side table, deal counts, history changes',
    sql: `
SELECT set_config('pk.all_partners', 'on', true);

-- Concurrency token of PATCH /v1/deals/{id}: every change to a deal increases it.
ALTER TABLE deals ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE deals ADD COLUMN amount_confirmed_at timestamptz;
ALTER TABLE deals ADD COLUMN close_date_confirmed_at timestamptz;
CREATE FUNCTION pk_deal_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER deals_version BEFORE UPDATE ON deals FOR EACH ROW
  WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION pk_deal_version();

-- Sort keys whose comparisons are leakproof (index conditions under row-level security).
ALTER TABLE deals ADD COLUMN amount_sort bigint GENERATED ALWAYS AS ((round(amount_value * 100))::bigint) STORED;
ALTER TABLE deals ADD COLUMN customer_sort text COLLATE "C" GENERATED ALWAYS AS (lower(customer_company)) STORED;
DROP INDEX IF EXISTS deals_partner_amount_idx;
DROP INDEX IF EXISTS deals_partner_customer_idx;
CREATE INDEX deals_partner_amount_sort_idx ON deals (partner_id, amount_sort, id);
CREATE INDEX deals_partner_customer_sort_idx ON deals (partner_id, customer_sort, id);
-- The channel manager's sorts over every partner (created and activity exist since migration 1).
CREATE INDEX deals_close_idx ON deals (expected_close_date, id);
CREATE INDEX deals_amount_sort_idx ON deals (amount_sort, id);
CREATE INDEX deals_customer_sort_idx ON deals (customer_sort, id);
-- A board lane's cards: one stage, newest activity first.
CREATE INDEX deals_partner_stage_activity_idx ON deals (partner_id, stage, last_activity_at, id);

-- Search: the searched text of every deal, outside row-level security (see above).
CREATE TABLE deal_search (
  deal_id text PRIMARY KEY REFERENCES deals(id) ON DELETE CASCADE,
  partner_id text NOT NULL,
  doc text NOT NULL
);
CREATE INDEX deal_search_doc_trgm_idx ON deal_search USING gin (doc gin_trgm_ops);
CREATE INDEX deal_search_partner_idx ON deal_search (partner_id);
CREATE FUNCTION pk_deal_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_search (deal_id, partner_id, doc) SELECT n.id, n.partner_id, ${SEARCH_DOC_SQL('n')} FROM new_rows n;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_search_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pk_deal_search_insert();
CREATE FUNCTION pk_deal_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_search SET partner_id = NEW.partner_id, doc = ${SEARCH_DOC_SQL('NEW')} WHERE deal_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_search_update AFTER UPDATE OF customer_company, customer_domain, owner_name, next_step, partner_id ON deals
  FOR EACH ROW EXECUTE FUNCTION pk_deal_search_update();
INSERT INTO deal_search (deal_id, partner_id, doc) SELECT d.id, d.partner_id, ${SEARCH_DOC_SQL('d')} FROM deals d;
${globalTable('deal_search', 'deal ids with their partner id and searched text, for the trigram index row-level security cannot use; read only as a subquery whose ids are joined back to deals under row-level security, never returned')}

-- Counts and amounts per partner, motion, stage, status and currency (the list total, the board's lanes).
CREATE TABLE deal_counts (
  partner_id text NOT NULL,
  motion text NOT NULL,
  stage text NOT NULL,
  status text NOT NULL,
  currency text NOT NULL,
  n bigint NOT NULL,
  amount numeric NOT NULL,
  PRIMARY KEY (partner_id, motion, stage, status, currency)
);
CREATE FUNCTION pk_deal_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO deal_counts AS c (partner_id, motion, stage, status, currency, n, amount)
      SELECT partner_id, motion, stage, status, currency, count(*), sum(amount_value) FROM new_rows GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (partner_id, motion, stage, status, currency) DO UPDATE SET n = c.n + EXCLUDED.n, amount = c.amount + EXCLUDED.amount;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO deal_counts AS c (partner_id, motion, stage, status, currency, n, amount)
      SELECT partner_id, motion, stage, status, currency, -count(*), -sum(amount_value) FROM old_rows GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (partner_id, motion, stage, status, currency) DO UPDATE SET n = c.n + EXCLUDED.n, amount = c.amount + EXCLUDED.amount;
  ELSE
    INSERT INTO deal_counts AS c (partner_id, motion, stage, status, currency, n, amount)
      SELECT partner_id, motion, stage, status, currency, sum(dn), sum(da) FROM (
        SELECT partner_id, motion, stage, status, currency, -1 AS dn, -amount_value AS da FROM old_rows
        UNION ALL
        SELECT partner_id, motion, stage, status, currency, 1, amount_value FROM new_rows
      ) delta GROUP BY 1, 2, 3, 4, 5 HAVING sum(dn) <> 0 OR sum(da) <> 0
      ON CONFLICT (partner_id, motion, stage, status, currency) DO UPDATE SET n = c.n + EXCLUDED.n, amount = c.amount + EXCLUDED.amount;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_counts_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pk_deal_counts();
CREATE TRIGGER deals_counts_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pk_deal_counts();
CREATE TRIGGER deals_counts_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pk_deal_counts();
INSERT INTO deal_counts (partner_id, motion, stage, status, currency, n, amount)
  SELECT partner_id, motion, stage, status, currency, count(*), sum(amount_value) FROM deals GROUP BY 1, 2, 3, 4, 5;
${tenantTable('deal_counts')}

-- What a PATCH changed (stage slugs, next step and stage note texts), shown in the history.
ALTER TABLE deal_history ADD COLUMN change_from text;
ALTER TABLE deal_history ADD COLUMN change_to text;
`,
  },
  {
    version: 71,
    name: 'pipeline: sort by partner, stage, status, owner and next step (stored sort columns and indexes)',
    sql: `
SELECT set_config('pk.all_partners', 'on', true);

-- Sort keys of leakproof types (see the header), each with an index on (key, id) for the channel
-- manager's keyset pages; a partner's page walks the same index (its rows are the ones that pass).
ALTER TABLE deals ADD COLUMN stage_sort integer GENERATED ALWAYS AS (${STAGE_ORDER_SQL}) STORED;
ALTER TABLE deals ADD COLUMN status_sort integer GENERATED ALWAYS AS (${STATUS_ORDER_SQL}) STORED;
ALTER TABLE deals ADD COLUMN owner_sort text COLLATE "C" GENERATED ALWAYS AS (lower(owner_name)) STORED;
-- No next step sorts first ('').
ALTER TABLE deals ADD COLUMN next_step_sort text COLLATE "C" GENERATED ALWAYS AS (lower(coalesce(next_step, ''))) STORED;
-- The partner's name lives in partners: kept by triggers on both tables.
ALTER TABLE deals ADD COLUMN partner_sort text COLLATE "C";
ALTER TABLE deals DISABLE TRIGGER deals_version; -- not a change to the deal
UPDATE deals d SET partner_sort = lower(p.name) FROM partners p WHERE p.id = d.partner_id;
ALTER TABLE deals ENABLE TRIGGER deals_version;
CREATE FUNCTION pk_deal_partner_sort() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.partner_sort := (SELECT lower(p.name) FROM partners p WHERE p.id = NEW.partner_id);
  RETURN NEW;
END $$;
CREATE TRIGGER deals_partner_sort BEFORE INSERT OR UPDATE OF partner_id ON deals
  FOR EACH ROW EXECUTE FUNCTION pk_deal_partner_sort();
CREATE FUNCTION pk_partner_name_sort() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deals SET partner_sort = lower(NEW.name) WHERE partner_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER partners_name_sort AFTER UPDATE OF name ON partners
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION pk_partner_name_sort();
CREATE INDEX deals_partner_sort_idx ON deals (partner_sort, id);
CREATE INDEX deals_stage_sort_idx ON deals (stage_sort, id);
CREATE INDEX deals_status_sort_idx ON deals (status_sort, id);
CREATE INDEX deals_owner_sort_idx ON deals (owner_sort, id);
CREATE INDEX deals_next_step_sort_idx ON deals (next_step_sort, id);
`,
  },
  {
    version: 72,
    name: 'pipeline: a search\'s counts and lane sums from deal_search alone (motion, stage, status, currency, amount)',
    sql: `
SELECT set_config('pk.all_partners', 'on', true);

-- What a search's total and the board's lanes with q group and filter by, so they read the
-- matches in deal_search (trigram index) instead of joining thousands of them to deals one by one.
-- Every read of deal_search is narrowed to the caller's partner id (none for a channel manager).
ALTER TABLE deal_search ADD COLUMN motion text, ADD COLUMN stage text, ADD COLUMN status text, ADD COLUMN currency text, ADD COLUMN amount numeric;
UPDATE deal_search s SET motion = d.motion, stage = d.stage, status = d.status, currency = d.currency, amount = d.amount_value FROM deals d WHERE d.id = s.deal_id;
ALTER TABLE deal_search ALTER COLUMN motion SET NOT NULL, ALTER COLUMN stage SET NOT NULL, ALTER COLUMN status SET NOT NULL,
  ALTER COLUMN currency SET NOT NULL, ALTER COLUMN amount SET NOT NULL;
CREATE OR REPLACE FUNCTION pk_deal_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_search (deal_id, partner_id, doc, motion, stage, status, currency, amount)
    SELECT n.id, n.partner_id, ${SEARCH_DOC_SQL('n')}, n.motion, n.stage, n.status, n.currency, n.amount_value FROM new_rows n;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION pk_deal_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_search SET partner_id = NEW.partner_id, doc = ${SEARCH_DOC_SQL('NEW')}, motion = NEW.motion, stage = NEW.stage,
    status = NEW.status, currency = NEW.currency, amount = NEW.amount_value
   WHERE deal_id = NEW.id;
  RETURN NULL;
END $$;
DROP TRIGGER deals_search_update ON deals;
CREATE TRIGGER deals_search_update AFTER UPDATE OF customer_company, customer_domain, owner_name, next_step, partner_id,
  motion, stage, status, currency, amount_value ON deals FOR EACH ROW EXECUTE FUNCTION pk_deal_search_update();
${globalTable('deal_search', 'per deal: its partner id, the lower-cased text q searches, and motion, stage, status, currency and amount, for the trigram index row-level security cannot use; every read is narrowed to the caller\'s partner id (none for a channel manager) and returns ids to join back to deals under row-level security, or counts and sums')}
`,
  },
];
