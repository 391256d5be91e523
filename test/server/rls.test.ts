/**
 * Row-level security, the second wall behind the routes' WHERE clauses, on PGlite and (when
 * TEST_DATABASE_URL is set) PostgreSQL. The catalog test covers every table: a new table must be
 * declared tenantTable / appendOnlyTable / globalTable in its migration (server/rls.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PartnerkitServer } from '../../server/index.js';
import { GLOBAL_MARK } from '../../server/rls.js';
import { ALL_PARTNERS, withScope } from '../../server/scope.js';
import { listDeals, getDeal } from '../../server/deals.js';
import type { Queryable } from '../../server/db.js';
import { freshPgDatabase, makeServer, mint, vendorQuery } from './helpers.js';

interface TableInfo {
  name: string;
  rls: boolean;
  force: boolean;
  comment: string | null;
  policies: string[];
}

/** Every table in `public` with its row-level-security state, comment and policies. */
async function catalog(q: Queryable): Promise<TableInfo[]> {
  const { rows } = await q.query<{ name: string; rls: boolean; force: boolean; comment: string | null; policies: string[] | null }>(
    `SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS force,
            obj_description(c.oid, 'pg_class') AS comment,
            (SELECT array_agg(coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''))
               FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
  );
  return rows.map((r) => ({ ...r, policies: r.policies ?? [] }));
}

/** The invariant: a table is declared global, or has ENABLE + FORCE RLS and only pk_visible policies. */
function undeclared(tables: TableInfo[]): string[] {
  return tables
    .filter((t) => !(t.comment ?? '').startsWith(GLOBAL_MARK))
    .filter((t) => !t.rls || !t.force || t.policies.length === 0 || !t.policies.every((p) => /pk_visible\(/.test(p)))
    .map((t) => `${t.name} (rls ${t.rls}, force ${t.force}, policies ${JSON.stringify(t.policies)})`);
}

const backends = [
  { name: 'PGlite', pg: false },
  { name: 'PostgreSQL', pg: true },
];

for (const backend of backends) {
  const skip = backend.pg && !process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL is not set' : false;
  describe(`row-level security on ${backend.name}`, { skip }, () => {
    let srv: PartnerkitServer;
    let drop: (() => Promise<void>) | undefined;
    let tables: TableInfo[];
    const tenantTables = () => tables.filter((t) => !(t.comment ?? '').startsWith(GLOBAL_MARK));

    before(async () => {
      if (backend.pg) {
        const db = (await freshPgDatabase('rls'))!;
        drop = db.drop;
        srv = await makeServer({ dataDir: undefined, databaseUrl: db.url });
      } else {
        srv = await makeServer();
      }
      await mint(srv, { userId: 'rls_rep', partnerId: 'p_northwind', role: 'partner_user' }); // writes an audit entry
      tables = await catalog(srv.db);
    });
    after(async () => {
      await srv?.close();
      await drop?.();
    });

    it('requests run as a role that is neither superuser nor BYPASSRLS', async () => {
      const { rows } = await srv.db.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
        'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
      );
      assert.deepEqual(rows, [{ rolsuper: false, rolbypassrls: false }]);
    });

    it('every table is either declared global or has ENABLE + FORCE row-level security and a pk_visible policy', () => {
      assert.ok(tables.length >= 7, `found tables: ${tables.map((t) => t.name)}`);
      assert.deepEqual(undeclared(tables), [], 'declare each table with tenantTable(), appendOnlyTable() or globalTable() from server/rls.ts in its migration');
      for (const name of ['deals', 'users', 'partners', 'deal_partners', 'audit_log']) assert.ok(tenantTables().some((t) => t.name === name), name);
    });

    it('the invariant catches a new tenant table without a policy, or with RLS not forced', async () => {
      const Rollback = class extends Error {};
      await assert.rejects(
        srv.db.transaction(async (tx) => {
          await tx.exec('RESET ROLE'); // PGlite: its superuser creates tables (rolled back with the transaction)
          await tx.exec('CREATE TABLE pk_probe_undeclared (id text PRIMARY KEY, partner_id text)');
          await tx.exec(`CREATE TABLE pk_probe_unforced (id text PRIMARY KEY, partner_id text);
            ALTER TABLE pk_probe_unforced ENABLE ROW LEVEL SECURITY;
            CREATE POLICY pk_tenant ON pk_probe_unforced USING (pk_visible(partner_id))`);
          await tx.exec(`CREATE TABLE pk_probe_open (id text PRIMARY KEY, partner_id text);
            ALTER TABLE pk_probe_open ENABLE ROW LEVEL SECURITY; ALTER TABLE pk_probe_open FORCE ROW LEVEL SECURITY;
            CREATE POLICY everyone ON pk_probe_open USING (true)`);
          const bad = undeclared(await catalog(tx)).map((b) => b.split(' ')[0]);
          assert.deepEqual(bad, ['pk_probe_open', 'pk_probe_undeclared', 'pk_probe_unforced']);
          throw new Rollback();
        }),
        Rollback,
      );
      assert.deepEqual(undeclared(await catalog(srv.db)), [], 'rolled back');
    });

    it('every append-only table refuses UPDATE, DELETE and TRUNCATE to the request role', async () => {
      const appendOnly = tables.filter((t) => t.comment === 'pk:append-only').map((t) => t.name);
      assert.ok(appendOnly.includes('audit_log'), `append-only tables: ${appendOnly}`);
      for (const t of appendOnly) {
        const { rows } = await srv.db.query<{ u: boolean; d: boolean; tr: boolean; s: boolean; i: boolean }>(
          `SELECT has_table_privilege(current_user, $1, 'UPDATE') AS u, has_table_privilege(current_user, $1, 'DELETE') AS d,
                  has_table_privilege(current_user, $1, 'TRUNCATE') AS tr, has_table_privilege(current_user, $1, 'SELECT') AS s,
                  has_table_privilege(current_user, $1, 'INSERT') AS i`,
          [t],
        );
        assert.deepEqual(rows[0], { u: false, d: false, tr: false, s: true, i: true }, t);
      }
    });

    it('the scope is a per-transaction setting: after a request, the connection holds none', async () => {
      await withScope(srv.db, { partnerId: 'p_northwind' }, (tx) => tx.query('SELECT 1'));
      const { rows } = await srv.db.query<{ p: string | null; a: string | null }>(
        "SELECT nullif(current_setting('pk.partner_id', true), '') AS p, nullif(current_setting('pk.all_partners', true), '') AS a",
      );
      assert.deepEqual(rows, [{ p: null, a: null }]);
    });

    it('with no partner set, every tenant table shows 0 rows (outside and inside a transaction)', async () => {
      for (const t of tenantTables()) {
        const all = await vendorQuery<{ n: number }>(srv, `SELECT count(*)::int AS n FROM ${t.name}`);
        if (['deals', 'users', 'partners', 'deal_partners', 'audit_log'].includes(t.name)) assert.ok(all.rows[0].n > 0, `${t.name} has rows`);
        assert.equal((await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`)).rows[0].n, 0, t.name);
        const inTx = await srv.db.transaction((tx) => tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`));
        assert.equal(inTx.rows[0].n, 0, `${t.name} in a transaction`);
      }
    });

    it('the scope does not outlive its transaction', async () => {
      for (let i = 0; i < 12; i++) {
        await withScope(srv.db, { partnerId: 'p_northwind' }, (tx) => tx.query('SELECT 1 FROM deals LIMIT 1'));
        await withScope(srv.db, ALL_PARTNERS, (tx) => tx.query('SELECT 1 FROM deals LIMIT 1'));
      }
      const n = await Promise.all(Array.from({ length: 12 }, () => srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM deals')));
      assert.deepEqual(n.map((r) => r.rows[0].n), Array(12).fill(0));
    });

    it('a broken WHERE clause still returns no other partner’s row', async () => {
      const { rows: contoso } = await vendorQuery<{ id: string }>(srv, "SELECT id FROM deals WHERE partner_id = 'p_contoso' LIMIT 1");
      await withScope(srv.db, { partnerId: 'p_northwind' }, async (tx) => {
        for (const t of tenantTables()) {
          const col = t.name === 'partners' ? 'id' : 'partner_id';
          const { rows } = await tx.query<{ p: string | null }>(`SELECT ${col} AS p FROM ${t.name}`);
          assert.deepEqual([...new Set(rows.map((r) => r.p))].filter((p) => p !== 'p_northwind'), [], t.name);
        }
        assert.equal((await tx.query("SELECT id FROM deals WHERE partner_id = 'p_contoso'")).rows.length, 0);
        // Route code that forgets the partner filter (here: a channel manager's query) in a partner's scope.
        const cm = { userId: 'x', partnerId: null, role: 'channel_manager' as const, name: 'x', email: null, origin: null };
        const page = await listDeals(tx, cm, { sort: '-createdAt', limit: 100 });
        assert.ok(page.total > 0);
        assert.ok(page.items.every((d) => d.partner.id === 'p_northwind'));
        assert.equal(await getDeal(tx, cm, contoso[0].id), null);
      });
    });

    it('a partner scope cannot write another partner’s row', async () => {
      await assert.rejects(
        withScope(srv.db, { partnerId: 'p_northwind' }, (tx) =>
          tx.query("INSERT INTO users (id, partner_id, role, name) VALUES ('rls_intruder', 'p_contoso', 'partner_user', 'x')"),
        ),
        /row-level security/,
      );
      const moved = await withScope(srv.db, { partnerId: 'p_northwind' }, (tx) => tx.query("UPDATE deals SET next_step = 'x' WHERE partner_id = 'p_contoso' RETURNING id"));
      assert.equal(moved.rows.length, 0);
    });

    it('the audit log is append-only for the request role', async () => {
      const before = (await vendorQuery<{ n: number }>(srv, 'SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
      assert.ok(before > 0);
      for (const sql of ["UPDATE audit_log SET action = 'forged'", 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
        await assert.rejects(withScope(srv.db, ALL_PARTNERS, (tx) => tx.query(sql)), /permission denied/, sql);
      }
      assert.equal((await vendorQuery<{ n: number }>(srv, 'SELECT count(*)::int AS n FROM audit_log')).rows[0].n, before);
    });
  });
}
