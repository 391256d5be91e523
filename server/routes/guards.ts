/**
 * Small request guards shared by the rules and announcement routes: who may call, and the
 * `cursor` / `limit` query of a paged list.
 */
import { PageQuerySchema } from '../../src/contract/index.js';
import type { SessionClaims } from '../auth.js';
import { ProblemError, checkQueryKeys, invalidQuery, issuesToErrors } from '../problem.js';

export const forbidden = (detail: string) => new ProblemError({ status: 403, detail });

export function requireChannelManager(s: SessionClaims): void {
  if (s.role !== 'channel_manager') throw forbidden('Only a channel manager may do this.');
}

/** `cursor` and `limit` of a paged report or list. */
export function parsePage(c: { req: { query(): Record<string, string>; queries(): Record<string, string[]> } }) {
  checkQueryKeys(c.req.queries(), ['cursor', 'limit']);
  const query = c.req.query();
  const parsed = PageQuerySchema.safeParse(query);
  if (!parsed.success) throw invalidQuery(issuesToErrors(parsed.error.issues, query));
  return parsed.data;
}
