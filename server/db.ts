import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
}

export async function openDb(opts: DbOptions = {}): Promise<Db> {
  if (opts.databaseUrl) return openPg(opts.databaseUrl);
  return openPglite(opts.dataDir ?? '.partnerkit');
}

async function openPglite(dataDir: string): Promise<Db> {
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
  const release = target === 'memory://' ? () => {} : lockDataDir(target);
  let pg: PGliteInstance;
  try {
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    pg = await PGlite.create(target, { extensions: { pg_trgm } });
  } catch (error) {
    release();
    throw error;
  }
  let closed = false;
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await pg.query<T>(sql, params);
      return { rows: r.rows };
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction(async (tx) =>
        fn({
          async query<R>(sql: string, params: unknown[] = []) {
            const r = await tx.query<R>(sql, params);
            return { rows: r.rows };
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
        release();
      }
    },
  };
}

/**
 * Takes `<dataDir>/partnerkit.lock` for this process. A lock left by a process that is gone is
 * taken over; one held by a live process is refused with a clear message.
 */
function lockDataDir(dir: string): () => void {
  const file = join(dir, 'partnerkit.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new Error(
          `The data directory ${dir} is in use by another Partnerkit server (process ${pid}${pid === process.pid ? ', this one' : ''}). ` +
            'Stop it, or start this one with another DATA_DIR.',
        );
      }
      unlinkSync(file); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock the data directory ${dir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPg(connectionString: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString, max: 10 });
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
