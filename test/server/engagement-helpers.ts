import type { Role } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { mint, type Caller } from './helpers.js';

export interface Api extends Caller {
  userId: string;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = Record<string, unknown>>(path: string): Promise<T>;
}

/** A session for a user of a partner org (or a channel manager with partnerId null) with get/post helpers. */
export async function api(srv: PartnerkitServer, userId: string, partnerId: string | null, role?: Role): Promise<Api> {
  const c = await mint(srv, { userId, partnerId, role: role ?? (partnerId ? 'partner_user' : 'channel_manager') });
  return {
    ...c,
    userId,
    post: async (path, body, headers = {}) =>
      srv.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    json: async <T>(path: string) => {
      const res = await c.get(path);
      const text = await res.text();
      if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
  };
}
