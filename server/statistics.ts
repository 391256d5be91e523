/**
 * Planner statistics for PGlite, which has no autovacuum daemon: without them PostgreSQL plans
 * every query as if the tables were as small as when they were created (at 100,000 deals the
 * conflict check scanned a partner's whole book per partner). Like autovacuum's analyze, a table
 * is analyzed once more than 50 rows + 10% of it changed since the last time. On PostgreSQL,
 * autovacuum does this already.
 */
import type { Db } from './db.js';

/** PostgreSQL's own defaults: autovacuum_analyze_threshold and autovacuum_analyze_scale_factor. */
const THRESHOLD = 50;
const SCALE_FACTOR = 0.1;

/** Analyzes the tables whose statistics are stale (PGlite only); returns their names. */
export async function refreshStatistics(db: Db): Promise<string[]> {
  if (db.kind !== 'pglite') return [];
  // Activity counters reach pg_stat_* at most once a second; count what this backend did so far.
  await db.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await db.query<{ relname: string }>(
    `SELECT relname FROM pg_stat_user_tables
      WHERE schemaname = 'public' AND n_mod_since_analyze > $1::float8 + $2::float8 * n_live_tup
      ORDER BY relname`,
    [THRESHOLD, SCALE_FACTOR],
  );
  if (rows.length === 0) return [];
  const tables = rows.map((r) => `"${r.relname.replace(/"/g, '""')}"`).join(', ');
  // ANALYZE needs the tables' owner. PGlite's session user is that superuser and requests run as
  // the request role: switch for this one transaction only. A PGlite transaction holds its only
  // connection, so no request query can run in between with the owner's rights.
  await db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL ROLE NONE; ANALYZE ${tables};`);
  });
  return rows.map((r) => r.relname);
}

/** Refreshes statistics now and then every `intervalMs`; returns the function that stops it. */
export function scheduleStatistics(db: Db, intervalMs: number): () => void {
  if (db.kind !== 'pglite' || intervalMs <= 0) return () => {};
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    refreshStatistics(db)
      .catch((error: unknown) => console.error('[partnerkit] refreshing planner statistics failed:', error))
      .finally(() => (running = false));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
