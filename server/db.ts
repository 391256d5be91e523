import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import type { preparedQueries } from './pglite-statements.js';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'pg';
  /** Runs fn inside a transaction (on one connection); rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on `channel`: `onNotify(payload)` for every NOTIFY (from this process or another on the
   * same database). PostgreSQL: a dedicated connection that reconnects by itself (`onReconnect` is
   * called then, as notifications may have been missed meanwhile). Resolves to an unlisten function.
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const channelIdent = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain channel name: ${name}`);
  return name;
};

export interface DbOptions {
  /** PGlite data directory; ':memory:' for an in-memory database. Default `.partnerkit/`. */
  dataDir?: string;
  /** PostgreSQL connection string; when set, a `pg` Pool is used instead of PGlite. */
  databaseUrl?: string;
  /**
   * The data-directory lock is stale when its holder has not refreshed it for this long (ms,
   * at least 2000; default 30 000). A new server waits that long for a crashed one's lock.
   */
  lockStaleMs?: number;
}

export async function openDb(opts: DbOptions = {}): Promise<Db> {
  if (opts.databaseUrl) return openPg(opts.databaseUrl);
  return openPglite(opts.dataDir ?? '.partnerkit', opts.lockStaleMs);
}

async function openPglite(dataDir: string, lockStaleMs = DEFAULT_LOCK_STALE_MS): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  type PGliteInstance = InstanceType<typeof PGlite>;
  let target: string;
  if (dataDir === ':memory:' || dataDir === 'memory://') {
    target = 'memory://';
  } else {
    target = resolve(dataDir);
    mkdirSync(target, { recursive: true });
  }
  // PGlite is single-process: a second server on the same directory would corrupt it.
  const release = target === 'memory://' ? async () => {} : await lockDataDir(target, lockStaleMs);
  let pg: PGliteInstance;
  try {
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    pg = await PGlite.create(target, { extensions: { pg_trgm } });
  } catch (error) {
    await release();
    throw error;
  }
  let prepared: Awaited<ReturnType<typeof preparedQueries>>;
  try {
    prepared = await (await import('./pglite-statements.js')).preparedQueries(pg);
  } catch (error) {
    await pg.close();
    await release();
    throw error;
  }
  let closed = false;
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      // Outside a transaction: wait for any running one (as PGlite's own query() does), then save to disk.
      const r = await pg._runExclusiveTransaction(() => prepared<T>(sql, params));
      await pg.syncToFs();
      return r;
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction(async (tx) =>
        fn({
          async query<R>(sql: string, params: unknown[] = []) {
            if (tx.closed) throw new Error('Transaction is closed');
            return prepared<R>(sql, params);
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      const unlisten = await pg.listen(channelIdent(channel), (payload) => onNotify(payload));
      return async () => {
        if (!closed) await unlisten();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        await release();
      }
    },
  };
}

/**
 * How long a data-directory lock may go without a refresh before it counts as stale. Longer than
 * the event loop is ever blocked (PGlite's first start, initdb, blocks it for 5–15 s on a small
 * machine), else a live server would look dead.
 */
export const DEFAULT_LOCK_STALE_MS = 30_000;

/**
 * Takes `<dataDir>/server.lock` for this process with proper-lockfile: an atomic `mkdir`, whose
 * mtime the holder refreshes every `staleMs / 2`. A lock nobody refreshed for `staleMs` is stale
 * (its server is gone, whatever became of its PID) and is taken over; a new server waits up to
 * `staleMs` for that, so a restart right after a crash succeeds. A live holder keeps it fresh:
 * the new server is refused with a clear message.
 */
export async function lockDataDir(dir: string, staleMs = DEFAULT_LOCK_STALE_MS): Promise<() => Promise<void>> {
  const lockfilePath = join(dir, 'server.lock');
  const stale = Math.max(2000, staleMs);
  const waitMs = stale + 1000;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath,
      realpath: false,
      stale,
      retries: { retries: Math.ceil(waitMs / 250), factor: 1, minTimeout: 250, maxTimeout: 250 },
      onCompromised: (error) => {
        console.error(`[partnerkit] the lock on ${dir} was lost (${error.message}); another server may be using this data directory. Stop one of them.`);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new Error(
        `The data directory ${dir} is in use by another Partnerkit server (its lock ${lockfilePath} is kept fresh). ` +
          'Stop it, or start this one with another DATA_DIR.',
      );
    }
    throw error;
  }
  // Partnerkit 0.1 locked with a PID file, which a reused PID kept "alive" forever: drop it.
  rmSync(join(dir, 'partnerkit.lock'), { force: true });
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await release().catch(() => {
      /* already gone or compromised */
    });
  };
}

async function openPg(connectionString: string): Promise<Db> {
  const { default: pg } = await import('pg');
  // No JIT compilation: a list that steers the planner to an index (enable_seqscan/enable_sort
  // off for a transaction, see withPlannerSettings in server/deals.ts) carries the planner's
  // "disabled" cost, far above jit_above_cost, and PostgreSQL then spent ~370 ms compiling a query
  // that runs in 0.2 ms. Queries here are short; JIT only pays off on long analytical scans.
  const pool = new pg.Pool({ connectionString, max: 10, options: '-c jit=off' });
  const listeners = new Set<() => Promise<void>>();
  let closed = false;
  return {
    kind: 'pg',
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await pool.query(sql, params);
      return { rows: r.rows as T[] };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          async query<R>(sql: string, params: unknown[] = []) {
            const r = await client.query(sql, params);
            return { rows: r.rows as R[] };
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void) {
      const name = channelIdent(channel);
      let stopped = false;
      let client: InstanceType<typeof pg.Client> | null = null;
      let retry: ReturnType<typeof setTimeout> | null = null;
      const connect = async (first: boolean): Promise<void> => {
        const c = new pg.Client({ connectionString });
        c.on('notification', (msg) => {
          if (msg.channel === name) onNotify(msg.payload ?? '');
        });
        const lost = () => {
          if (stopped || client !== c) return;
          client = null;
          c.end().catch(() => {});
          retry = setTimeout(() => {
            retry = null;
            connect(false).catch(() => lost());
          }, 1000);
          retry.unref?.();
        };
        c.on('error', lost);
        c.on('end', lost);
        client = c;
        try {
          await c.connect();
          await c.query(`LISTEN ${name}`);
        } catch (error) {
          if (first) {
            client = null;
            await c.end().catch(() => {});
            throw error;
          }
          lost();
          return;
        }
        if (!first) onReconnect?.();
      };
      await connect(true);
      listeners.add(stop);
      async function stop(): Promise<void> {
        if (stopped) return;
        stopped = true;
        listeners.delete(stop);
        if (retry) clearTimeout(retry);
        const c = client;
        client = null;
        await c?.end().catch(() => {});
      }
      return stop;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}
