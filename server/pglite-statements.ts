/**
 * Parameterized queries on PGlite as named prepared statements, one call into the database per
 * execution.
 *
 * PGlite's own `query()` makes six calls into WebAssembly for every statement (parse, describe,
 * bind, describe, execute, sync), and parses and analyses its SQL each time. Here a statement's
 * SQL is parsed once, under a name, and each execution is a single call: bind, describe, execute
 * and sync in one message. Its parameters are serialized by the types PostgreSQL inferred at
 * parse time, with PGlite's own serializers, and its rows parsed by PGlite's parsers, so results
 * are what `query()` returns.
 *
 * Plans are not cached: the connection runs with `plan_cache_mode = force_custom_plan`, so every
 * execution is planned for its own parameters, as before (a generic plan could pick the wrong
 * index for a partner with few deals in a table of many).
 */
import { parse as results, protocol, type PGlite } from '@electric-sql/pglite';
import { concatBytes as concat } from './bytes.js';

const { serialize } = protocol;

/** Statements kept prepared; the least recently used beyond this many is closed. */
export const MAX_PREPARED_STATEMENTS = 256;

interface Prepared {
  name: string;
  /** The parameters' type OIDs, as PostgreSQL inferred them. */
  types: number[];
}

/** SQLSTATE of "cached plan must not change result type": a table the statement reads changed shape. */
const RESULT_TYPE_CHANGED = '0A000';

/** Sets the connection up (custom plans only) and returns its `query(sql, params)`. */
export async function preparedQueries(pg: PGlite, max = MAX_PREPARED_STATEMENTS) {
  await pg.exec('SET plan_cache_mode = force_custom_plan');
  const statements = new Map<string, Prepared>();
  let counter = 0;
  const run = (message: Uint8Array) => pg.execProtocolStream(message, { syncToFs: false });
  const close = (name: string) => run(concat([serialize.close({ type: 'S', name }), serialize.sync()]));

  async function prepare(sql: string): Promise<Prepared> {
    const name = `pk_${++counter}`;
    const messages = await run(concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]));
    const prepared = { name, types: results.parseDescribeStatementResults(messages) };
    statements.set(sql, prepared);
    if (statements.size > max) {
      const [oldest, { name: old }] = statements.entries().next().value as [string, Prepared];
      statements.delete(oldest);
      await close(old);
    }
    return prepared;
  }

  async function execute<T>(statement: Prepared, params: unknown[]): Promise<{ rows: T[] }> {
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pg.serializers[statement.types[i]];
      return serializer ? serializer(value) : String(value);
    });
    const messages = await run(concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]));
    const [result] = results.parseResults(messages, pg.parsers);
    return { rows: (result?.rows ?? []) as T[] };
  }

  return async function query<T>(sql: string, params: unknown[] = []): Promise<{ rows: T[] }> {
    return pg.runExclusive(async () => {
      let statement = statements.get(sql);
      if (statement) {
        // Most recently used last, so the first entry is the one to close.
        statements.delete(sql);
        statements.set(sql, statement);
      } else {
        statement = await prepare(sql);
      }
      try {
        return await execute<T>(statement, params);
      } catch (error) {
        if ((error as { code?: unknown }).code !== RESULT_TYPE_CHANGED || pg.isInTransaction()) throw error;
        // Outside a transaction the statement can be parsed again against the new shape.
        statements.delete(sql);
        await close(statement.name);
        return execute<T>(await prepare(sql), params);
      }
    });
  };
}
