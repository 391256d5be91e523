/**
 * Migrations of the content library (issue 12): versions 50–59 are this area's. Spread into
 * MIGRATIONS in server/migrations.ts.
 *
 * Search is PostgreSQL full-text search: `search` is a stored generated tsvector over the title
 * (weight A), type, motion, industry and use case (B) and the description (C), indexed with GIN.
 * It holds the English stemmed lexemes and the `simple` (unstemmed, any language) ones, and a
 * query matches either (`websearch_to_tsquery('english', q) || websearch_to_tsquery('simple', q)`),
 * so German or French items are found by their exact words. (`unaccent` is not available on
 * PGlite and is not immutable, so it cannot feed a generated column.)
 *
 * Files are stored in the database (`content_files.data`, bytea) rather than under DATA_DIR:
 * one store on PGlite and PostgreSQL alike, written in the same transaction as the item (a
 * refused or failed upload leaves nothing behind, a replaced file never dangles), in every backup,
 * and nothing on disk to serve by path. Uploads are capped at 10 MiB, which bytea handles well.
 */
import type { Migration } from './migrations.js';
import { CONTENT_TYPES } from '../src/contract/content.js';
import { MOTIONS } from '../src/contract/motions.js';
import { TIERS } from '../src/contract/engagement.js';
import { appendOnlyTable, globalTable, tenantTable } from './rls.js';

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');

/** The weighted tsvector of one item in one text search configuration. */
const searchVector = (config: 'english' | 'simple') => `
    setweight(to_tsvector('${config}', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('${config}', replace(type, '_', ' ') || ' ' || coalesce(motion, '') || ' ' || coalesce(industry, '') || ' ' || coalesce(use_case, '')), 'B') ||
    setweight(to_tsvector('${config}', coalesce(description, '')), 'C')`;

export const CONTENT_MIGRATIONS: Migration[] = [
  {
    version: 50,
    name: 'content library: items (full-text search, gate), stored files, engagement events, share links',
    sql: `
CREATE TABLE content_items (
  id text PRIMARY KEY,
  title text NOT NULL,
  type text NOT NULL CHECK (type IN (${list(CONTENT_TYPES)})),
  motion text CHECK (motion IN (${list(MOTIONS)})),
  industry text,
  use_case text,
  language text NOT NULL DEFAULT 'en',
  description text NOT NULL DEFAULT '',
  key_asset boolean NOT NULL DEFAULT false,
  kind text NOT NULL CHECK (kind IN ('file','link')),
  url text,
  file_name text,
  file_size integer,
  mime_type text,
  shareable boolean NOT NULL DEFAULT false,
  gate_tier text CHECK (gate_tier IN (${list(TIERS)})),
  gate_certifications jsonb NOT NULL DEFAULT '[]'::jsonb,
  published boolean NOT NULL DEFAULT true,
  published_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  created_by text,
  search tsvector GENERATED ALWAYS AS (${searchVector('english')} ||${searchVector('simple')}
  ) STORED,
  CHECK ((kind = 'link') = (url IS NOT NULL)),
  CHECK ((kind = 'file') = (file_name IS NOT NULL AND file_size IS NOT NULL AND mime_type IS NOT NULL))
);
-- fastupdate off: no pending list for every search to scan (PGlite has no autovacuum to flush it);
-- the library is written rarely and searched often.
CREATE INDEX content_items_search_idx ON content_items USING GIN (search) WITH (fastupdate = off);
CREATE INDEX content_items_updated_idx ON content_items (updated_at DESC, id);
CREATE INDEX content_items_title_idx ON content_items ((lower(title) COLLATE "C"), id);
${globalTable('content_items', 'the enablement catalogue: every partner sees every published item listed; the routes mark gated items locked and never serve their file or link to a partner the gate refuses')}

CREATE TABLE content_files (
  content_id text PRIMARY KEY REFERENCES content_items(id) ON DELETE CASCADE,
  data bytea NOT NULL,
  sha256 text NOT NULL
);
${globalTable('content_files', 'file bytes of content items; served only through the routes, which check the gate first')}

-- Views, downloads and shares by partner users, and prospect opens of share links (user_id
-- NULL). partner_id NULL: a channel manager's own preview (not counted in the report).
CREATE TABLE content_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  content_id text NOT NULL REFERENCES content_items(id),
  partner_id text,
  user_id text,
  type text NOT NULL CHECK (type IN ('view','download','share','prospect_open')),
  share_link_id text,
  at timestamptz NOT NULL
);
CREATE INDEX content_events_content_idx ON content_events (content_id, partner_id);
CREATE INDEX content_events_partner_idx ON content_events (partner_id, content_id);
${appendOnlyTable('content_events')}

-- The token is shown once; only its SHA-256 is kept.
CREATE TABLE content_share_links (
  id text PRIMARY KEY,
  content_id text NOT NULL REFERENCES content_items(id),
  partner_id text NOT NULL REFERENCES partners(id),
  created_by text NOT NULL,
  token_sha256 text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX content_share_links_content_idx ON content_share_links (content_id, partner_id);
${tenantTable('content_share_links')}
`,
  },
];
