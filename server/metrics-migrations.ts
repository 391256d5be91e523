/**
 * Migrations of partner-program metrics (issue 13, GET /v1/metrics): versions 60–69 are this
 * area's. Spread into MIGRATIONS in server/migrations.ts.
 *
 * - `deals.closed_at`: when a deal was won or lost (cycle time, revenue by month). Set by a trigger
 *   when the status becomes `won`/`lost` and left alone when a writer sets it; cleared on reopening.
 * - Attribution facts on `deal_partners`: a deal's motion, status, amount, currency, registration
 *   and close times copied onto each partner's attribution row, kept in step by triggers. A partner
 *   that influenced another org's deal cannot read that deal (row-level security on `deals`), yet
 *   its attribution-weighted figures need the amount and status: its own `deal_partners` rows
 *   (still row-level-security scoped to it) carry them — no customer, owner, or other partner.
 *   The triggers write other partners' attribution rows of the same deal, so they switch to the
 *   all-partners scope for that one statement and restore the caller's scope right after.
 *   `deal_ended_at` is when the deal stopped being open pipeline (won or lost: its close; declined:
 *   its decision; expired: its protection end), null while it is open.
 * - Indexes for the metrics queries (each figure is a range over one indexed time column).
 */
import type { Migration } from './migrations.js';

export const METRICS_MIGRATIONS: Migration[] = [
  {
    version: 60,
    name: 'metrics: deals.closed_at, ended_at and program shares, attribution facts on deal_partners, metrics indexes',
    sql: `
SELECT set_config('pk.all_partners', 'on', true);

ALTER TABLE deals ADD COLUMN IF NOT EXISTS closed_at timestamptz;
UPDATE deals SET closed_at = greatest(created_at, least(last_activity_at, (expected_close_date::timestamp AT TIME ZONE 'UTC')))
  WHERE status IN ('won','lost') AND closed_at IS NULL;

ALTER TABLE deal_partners ADD COLUMN deal_motion text;
ALTER TABLE deal_partners ADD COLUMN deal_status text;
ALTER TABLE deal_partners ADD COLUMN deal_amount numeric;
ALTER TABLE deal_partners ADD COLUMN deal_currency text;
ALTER TABLE deal_partners ADD COLUMN deal_created_at timestamptz;
ALTER TABLE deal_partners ADD COLUMN deal_closed_at timestamptz;
ALTER TABLE deal_partners ADD COLUMN deal_ended_at timestamptz;

-- When a deal stopped being open pipeline; null while open (pending, approved).
CREATE FUNCTION pk_deal_ended_at(status text, closed_at timestamptz, decided_at timestamptz, protection_ends_at timestamptz, created_at timestamptz)
  RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE status
    WHEN 'won' THEN coalesce(closed_at, created_at)
    WHEN 'lost' THEN coalesce(closed_at, created_at)
    WHEN 'declined' THEN coalesce(decided_at, created_at)
    WHEN 'expired' THEN coalesce(protection_ends_at, created_at)
  END
$$;

UPDATE deal_partners dp SET deal_motion = d.motion, deal_status = d.status, deal_amount = d.amount_value,
    deal_currency = d.currency, deal_created_at = d.created_at, deal_closed_at = d.closed_at,
    deal_ended_at = pk_deal_ended_at(d.status, d.closed_at, d.decided_at, d.protection_ends_at, d.created_at)
  FROM deals d WHERE d.id = dp.deal_id;
ALTER TABLE deal_partners ALTER COLUMN deal_motion SET NOT NULL;
ALTER TABLE deal_partners ALTER COLUMN deal_status SET NOT NULL;
ALTER TABLE deal_partners ALTER COLUMN deal_amount SET NOT NULL;
ALTER TABLE deal_partners ALTER COLUMN deal_currency SET NOT NULL;
ALTER TABLE deal_partners ALTER COLUMN deal_created_at SET NOT NULL;

-- On deals: when it stopped being open pipeline, and the program's shares of it (every deal counted
-- at most once: sourced min(100, Σ sourced %), influenced min(100 − sourced, Σ influenced %)),
-- so program figures read deals alone.
ALTER TABLE deals ADD COLUMN ended_at timestamptz;
ALTER TABLE deals ADD COLUMN program_sourced_share numeric NOT NULL DEFAULT 0;
ALTER TABLE deals ADD COLUMN program_influenced_share numeric NOT NULL DEFAULT 0;
UPDATE deals SET ended_at = pk_deal_ended_at(status, closed_at, decided_at, protection_ends_at, created_at);
UPDATE deals d SET program_sourced_share = s.sourced, program_influenced_share = least(s.influenced, 100 - s.sourced)
  FROM (SELECT deal_id, least(100, coalesce(sum(percent) FILTER (WHERE type = 'sourced'), 0)) AS sourced,
               coalesce(sum(percent) FILTER (WHERE type = 'influenced'), 0) AS influenced
          FROM deal_partners GROUP BY deal_id) s
  WHERE s.deal_id = d.id;

CREATE FUNCTION pk_deal_closed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('won','lost') THEN
    IF NEW.closed_at IS NULL THEN NEW.closed_at := NEW.last_activity_at; END IF;
  ELSE
    NEW.closed_at := NULL;
  END IF;
  NEW.ended_at := pk_deal_ended_at(NEW.status, NEW.closed_at, NEW.decided_at, NEW.protection_ends_at, NEW.created_at);
  RETURN NEW;
END $$;
CREATE TRIGGER deals_closed_at BEFORE INSERT OR UPDATE OF status, closed_at, decided_at, protection_ends_at, created_at ON deals
  FOR EACH ROW EXECUTE FUNCTION pk_deal_closed_at();

CREATE FUNCTION pk_deal_program_shares() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev text := coalesce(current_setting('pk.all_partners', true), '');
  deal text := CASE WHEN TG_OP = 'DELETE' THEN OLD.deal_id ELSE NEW.deal_id END;
BEGIN
  PERFORM set_config('pk.all_partners', 'on', true);
  UPDATE deals d SET program_sourced_share = s.sourced, program_influenced_share = least(s.influenced, 100 - s.sourced)
    FROM (SELECT least(100, coalesce(sum(percent) FILTER (WHERE type = 'sourced'), 0)) AS sourced,
                 coalesce(sum(percent) FILTER (WHERE type = 'influenced'), 0) AS influenced
            FROM deal_partners WHERE deal_id = deal) s
    WHERE d.id = deal;
  PERFORM set_config('pk.all_partners', prev, true);
  RETURN NULL;
END $$;
CREATE TRIGGER deal_partners_program_shares AFTER INSERT OR UPDATE OF percent, type, deal_id OR DELETE ON deal_partners
  FOR EACH ROW EXECUTE FUNCTION pk_deal_program_shares();

-- A new attribution row takes its deal's facts (whoever inserts it, whichever partner it credits).
CREATE FUNCTION pk_deal_partner_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev text := coalesce(current_setting('pk.all_partners', true), '');
BEGIN
  PERFORM set_config('pk.all_partners', 'on', true);
  SELECT d.motion, d.status, d.amount_value, d.currency, d.created_at, d.closed_at,
      pk_deal_ended_at(d.status, d.closed_at, d.decided_at, d.protection_ends_at, d.created_at)
    INTO NEW.deal_motion, NEW.deal_status, NEW.deal_amount, NEW.deal_currency, NEW.deal_created_at, NEW.deal_closed_at, NEW.deal_ended_at
    FROM deals d WHERE d.id = NEW.deal_id;
  PERFORM set_config('pk.all_partners', prev, true);
  RETURN NEW;
END $$;
CREATE TRIGGER deal_partners_facts BEFORE INSERT OR UPDATE OF deal_id ON deal_partners
  FOR EACH ROW EXECUTE FUNCTION pk_deal_partner_facts();

-- A deal's change reaches every partner's attribution row of it.
CREATE FUNCTION pk_sync_deal_partner_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev text := coalesce(current_setting('pk.all_partners', true), '');
BEGIN
  PERFORM set_config('pk.all_partners', 'on', true);
  UPDATE deal_partners SET deal_motion = NEW.motion, deal_status = NEW.status, deal_amount = NEW.amount_value,
      deal_currency = NEW.currency, deal_created_at = NEW.created_at, deal_closed_at = NEW.closed_at,
      deal_ended_at = pk_deal_ended_at(NEW.status, NEW.closed_at, NEW.decided_at, NEW.protection_ends_at, NEW.created_at)
    WHERE deal_id = NEW.id;
  PERFORM set_config('pk.all_partners', prev, true);
  RETURN NULL;
END $$;
CREATE TRIGGER deals_sync_partner_facts AFTER UPDATE ON deals FOR EACH ROW
  WHEN (OLD.motion IS DISTINCT FROM NEW.motion OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.amount_value IS DISTINCT FROM NEW.amount_value OR OLD.currency IS DISTINCT FROM NEW.currency
    OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
    OR OLD.decided_at IS DISTINCT FROM NEW.decided_at OR OLD.protection_ends_at IS DISTINCT FROM NEW.protection_ends_at)
  EXECUTE FUNCTION pk_sync_deal_partner_facts();

-- Attributed amounts: pipeline open at a time (not ended by then), revenue by close time.
CREATE INDEX deal_partners_ended_partner_idx ON deal_partners (partner_id, deal_ended_at);
CREATE INDEX deal_partners_won_partner_idx ON deal_partners (partner_id, deal_closed_at) WHERE deal_status = 'won';
CREATE INDEX deal_partners_ended_idx ON deal_partners (deal_ended_at);
CREATE INDEX deal_partners_won_idx ON deal_partners (deal_closed_at) WHERE deal_status = 'won';
-- Outcomes and SLA (registrations use the existing created_at indexes).
-- Program amounts (deals alone): pipeline open at a time, revenue by close time.
CREATE INDEX deals_ended_idx ON deals (ended_at);
CREATE INDEX deals_won_closed_idx ON deals (closed_at) WHERE status = 'won';
CREATE INDEX deals_partner_closed_idx ON deals (partner_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX deals_closed_idx ON deals (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX deals_partner_decided_idx ON deals (partner_id, decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX deals_decided_idx ON deals (decided_at) WHERE decided_at IS NOT NULL;
-- Snapshot: open deals (stale stage notes) of a partner.
CREATE INDEX deals_open_partner_note_idx ON deals (partner_id, stage_note_updated_at) WHERE status IN ('pending','approved');
`,
  },
];
