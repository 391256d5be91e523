/**
 * Migrations of rules of engagement, announcements and the event outbox (issue 9): versions
 * 40–49 are this area's. Spread into MIGRATIONS in server/migrations.ts.
 */
import type { Migration } from './migrations.js';
import { appendOnlyTable, globalTable } from './rls.js';

export const ENGAGEMENT_MIGRATIONS: Migration[] = [
  {
    version: 40,
    name: 'rules versions (summary, body hash, publisher), append-only acknowledgment receipts, event outbox',
    sql: `
SELECT set_config('pk.all_partners', 'on', true);

ALTER TABLE rules ADD COLUMN summary text NOT NULL DEFAULT '';
ALTER TABLE rules ADD COLUMN body_sha256 text;
ALTER TABLE rules ADD COLUMN published_by text;
ALTER TABLE rules ADD COLUMN published_by_name text NOT NULL DEFAULT 'Partnerkit';
UPDATE rules SET body_sha256 = encode(sha256(convert_to(body, 'UTF8')), 'hex');
ALTER TABLE rules ALTER COLUMN body_sha256 SET NOT NULL;
ALTER TABLE rules ADD CONSTRAINT rules_version_positive CHECK (version >= 1);

-- A published version never changes: acknowledgments point at exactly what was read.
CREATE FUNCTION rules_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published rules versions are immutable' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER rules_no_change BEFORE UPDATE OR DELETE ON rules FOR EACH ROW EXECUTE FUNCTION rules_immutable();
CREATE TRIGGER rules_no_truncate BEFORE TRUNCATE ON rules FOR EACH STATEMENT EXECUTE FUNCTION rules_immutable();

-- Receipts: user, partner org, version, the hash of the body acknowledged, time. Append-only.
ALTER TABLE rule_acknowledgements ADD COLUMN body_sha256 text;
UPDATE rule_acknowledgements a SET body_sha256 = r.body_sha256 FROM rules r WHERE r.version = a.version;
ALTER TABLE rule_acknowledgements ALTER COLUMN body_sha256 SET NOT NULL;
-- The hash is always the acknowledged version's, whoever inserts the receipt.
CREATE FUNCTION rule_ack_body_hash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.body_sha256 := (SELECT body_sha256 FROM rules WHERE version = NEW.version);
  RETURN NEW;
END $$;
CREATE TRIGGER rule_ack_body_hash BEFORE INSERT ON rule_acknowledgements FOR EACH ROW EXECUTE FUNCTION rule_ack_body_hash();
CREATE INDEX rule_acknowledgements_user_idx ON rule_acknowledgements (user_id, version DESC);
DROP POLICY pk_tenant ON rule_acknowledgements;
${appendOnlyTable('rule_acknowledgements')}

-- GET /v1/events reads this: one row per change, written in the change's transaction.
--   audience 'partner': only partner_id's users (deal events) and channel managers;
--   'all': every user; 'audience': partners matching audience_tiers/motions (announcements);
--   'vendor': channel managers only.
-- data is what a partner may see; vendor_data (when set) is what a channel manager sees instead.
CREATE TABLE event_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type text NOT NULL,
  audience text NOT NULL CHECK (audience IN ('partner','all','audience','vendor')),
  partner_id text,
  audience_tiers jsonb NOT NULL DEFAULT '[]'::jsonb,
  audience_motions jsonb NOT NULL DEFAULT '[]'::jsonb,
  data jsonb NOT NULL,
  vendor_data jsonb,
  occurred_at timestamptz NOT NULL,
  CHECK ((audience = 'partner') = (partner_id IS NOT NULL))
);
${appendOnlyTable('event_outbox')}
`,
  },
  {
    version: 41,
    name: 'announcements and their read / acknowledgment receipts',
    sql: `
CREATE TABLE announcements (
  id text PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  pinned boolean NOT NULL DEFAULT false,
  requires_ack boolean NOT NULL DEFAULT false,
  audience_tiers jsonb NOT NULL DEFAULT '[]'::jsonb,
  audience_motions jsonb NOT NULL DEFAULT '[]'::jsonb,
  published_at timestamptz NOT NULL,
  expires_at timestamptz,
  published_by text,
  published_by_name text NOT NULL
);
CREATE INDEX announcements_feed_idx ON announcements (pinned DESC, published_at DESC, id DESC);
${globalTable('announcements', 'published to partners; the routes filter each partner to the audience (tier, motion) and expiry')}

CREATE TABLE announcement_receipts (
  announcement_id text NOT NULL REFERENCES announcements(id),
  user_id text NOT NULL,
  partner_id text,
  kind text NOT NULL CHECK (kind IN ('read','acknowledged')),
  at timestamptz NOT NULL,
  PRIMARY KEY (announcement_id, user_id, kind)
);
CREATE INDEX announcement_receipts_user_idx ON announcement_receipts (user_id, announcement_id);
${appendOnlyTable('announcement_receipts')}
`,
  },
];
