import assert from 'node:assert/strict';
import { FIELD_ERROR_CODES, type Role } from '../../src/contract/index.js';
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
