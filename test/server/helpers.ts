import assert from 'node:assert/strict';
import type { Role } from '../../src/contract/index.js';
import { createServer, type PartnerkitServer, type ServerOptions } from '../../server/index.js';

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

export async function expectProblem(res: Response, status: number, errorPath?: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.equal(body.status, status);
  assert.equal(typeof body.title, 'string');
  assert.match(String(body.type), /^https:\/\/partnerkit\.dev\/problems\//);
  assert.ok(!/at .*\.ts:\d+/.test(text), 'no stack traces in problems');
  if (errorPath !== undefined) {
    const errors = body.errors as Array<{ path: string; message: string }> | undefined;
    assert.ok(Array.isArray(errors), `problem has errors[]: ${text}`);
    assert.ok(errors.some((e) => e.path === errorPath && typeof e.message === 'string' && e.message.length > 0), `errors name ${errorPath}: ${text}`);
  }
  return body;
}
