import assert from 'node:assert/strict';
import { DEAL_STATUSES, FIELD_ERROR_CODES, stagesOf, type Deal, type Role } from '../../src/contract/index.js';
import { createServer, type PartnerkitServer, type ServerOptions } from '../../server/index.js';
import { ALL_PARTNERS, withScope } from '../../server/scope.js';

export const SECRET = 'test_secret_key_0123456789abcdef';

export async function makeServer(opts: ServerOptions = {}): Promise<PartnerkitServer> {
  return createServer({ dataDir: ':memory:', secretKey: SECRET, demo: true, ...opts });
}

export interface Caller {
  token: string;
  get(path: string): Promise<Response>;
}

export async function mint(
  srv: PartnerkitServer,
  body: { userId: string; partnerId: string | null; role: Role; name?: string; email?: string },
): Promise<Caller> {
  const res = await srv.app.request('/v1/sessions', {
    method: 'POST',
    headers: { authorization: `Bearer ${srv.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const { token } = (await res.json()) as { token: string };
  return { token, get: async (path: string) => srv.app.request(path, { headers: { authorization: `Bearer ${token}` } }) };
}

/**
 * Asserts a problem+json response; with `errorPath`, that `errors` names that field (and, with
 * `errorCode`, with that stable code). Every field error the reference server sends carries a
 * known code, so the SDK can word it in the user's language.
 */
export async function expectProblem(res: Response, status: number, errorPath?: string, errorCode?: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.equal(body.status, status);
  assert.equal(typeof body.title, 'string');
  assert.match(String(body.type), /^https:\/\/partnerkit\.dev\/problems\//);
  assert.ok(!/at .*\.ts:\d+/.test(text), 'no stack traces in problems');
  const errors = body.errors as Array<{ path: string; message: string; code?: string }> | undefined;
  for (const e of errors ?? []) {
    assert.ok((FIELD_ERROR_CODES as readonly unknown[]).includes(e.code), `field error ${JSON.stringify(e)} has a known code: ${text}`);
  }
  if (errorPath !== undefined) {
    assert.ok(Array.isArray(errors), `problem has errors[]: ${text}`);
    assert.ok(errors.some((e) => e.path === errorPath && typeof e.message === 'string' && e.message.length > 0), `errors name ${errorPath}: ${text}`);
    if (errorCode !== undefined) assert.ok(errors.some((e) => e.path === errorPath && e.code === errorCode), `${errorPath} has code ${errorCode}: ${text}`);
  }
  return body;
}

/** A query in the all-partners scope (row-level security shows tenant tables only inside a scope). */
export async function vendorQuery<T = Record<string, unknown>>(srv: Pick<PartnerkitServer, 'db'>, sql: string, params?: unknown[]): Promise<{ rows: T[] }> {
  return withScope(srv.db, ALL_PARTNERS, (tx) => tx.query<T>(sql, params));
}

/**
 * A fresh PostgreSQL database for one test file, when TEST_DATABASE_URL names a role that may
 * create databases; `drop()` removes it. Null when TEST_DATABASE_URL is not set.
 */
export async function freshPgDatabase(label: string): Promise<{ url: string; drop(): Promise<void> } | null> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return null;
  const { default: pg } = await import('pg');
  const name = `pk_${label}_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS ${name}`) };
}

/**
 * A server on a fresh PostgreSQL database (null without TEST_DATABASE_URL): `done()` closes the
 * server and drops the database.
 */
export async function pgServer(label: string): Promise<{ srv: PartnerkitServer; done(): Promise<void> } | null> {
  const db = await freshPgDatabase(label);
  if (!db) return null;
  const srv = await makeServer({ databaseUrl: db.url });
  return {
    srv,
    done: async () => {
      await srv.close();
      await db.drop();
    },
  };
}

/** One page of GET /v1/deals?<qs> (asserting a 200). */
export async function listDeals(caller: Caller, qs: string): Promise<{ items: Deal[]; nextCursor: string | null; total: number }> {
  const res = await caller.get(`/v1/deals?${qs}`);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text);
}

/** Every page of GET /v1/deals?<qs>; fails on a total that changes between pages or pages that never end. */
export async function walkDeals(caller: Caller, qs: string): Promise<{ items: Deal[]; total: number; pages: number }> {
  const items: Deal[] = [];
  let cursor: string | null = null;
  let total = -1;
  let pages = 0;
  do {
    const page = await listDeals(caller, `${qs}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (total === -1) total = page.total;
    assert.equal(page.total, total, 'total is stable across pages');
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    assert.ok(pages < 500, 'pagination terminates');
  } while (cursor);
  return { items, total, pages };
}

/** Each sort's key (DEAL_SORTS without '-'), computed from the answer alone, not from the server's stored columns. */
export const DEAL_SORT_KEYS: Record<string, (d: Deal) => string | number> = {
  createdAt: (d) => Date.parse(d.createdAt),
  lastActivityAt: (d) => Date.parse(d.lastActivityAt),
  expectedCloseDate: (d) => d.expectedCloseDate,
  amount: (d) => d.amount.value,
  customer: (d) => d.customer.company.toLowerCase(),
  partner: (d) => d.partner.name.toLowerCase(),
  stage: (d) => stagesOf(d.motion).indexOf(d.stage),
  status: (d) => DEAL_STATUSES.indexOf(d.status),
  owner: (d) => d.owner.toLowerCase(),
  nextStep: (d) => (d.nextStep ?? '').toLowerCase(),
};

/** Asserts `items` are in the order of `sort` (a DEAL_SORTS value), ties by id. */
export function assertSorted(items: Deal[], sort: string, keyOf = DEAL_SORT_KEYS): void {
  const desc = sort.startsWith('-');
  const key = keyOf[sort.replace(/^-/, '')];
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [key(items[i - 1]), key(items[i])];
    const ok = desc ? a > b || (a === b && items[i - 1].id > items[i].id) : a < b || (a === b && items[i - 1].id < items[i].id);
    assert.ok(ok, `${sort}: item ${i - 1} (${a}, ${items[i - 1].id}) before item ${i} (${b}, ${items[i].id})`);
  }
}
