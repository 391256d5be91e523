/**
 * Metrics routes (resource: metrics, issue 13): GET /v1/metrics, the caller's partner-program
 * figures for a period. A partner gets its own org's figures only (scope from the token; passing
 * `partnerId` or `breakdown` is refused with 400 rather than silently ignored, so a client never
 * mistakes its own figures for another org's). A channel manager gets the program's, or one
 * partner org's (`partnerId`), with the program average and an optional breakdown by partner or tier.
 */
import type { Hono } from 'hono';
import { MetricsQuerySchema, type MetricsQuery, type Tier } from '../../src/contract/index.js';
import type { AuthEnv } from '../auth.js';
import type { Db } from '../db.js';
import { checkQueryKeys, invalidQuery, issuesToErrors } from '../problem.js';
import { withScope } from '../scope.js';
import type { CurrencyRates } from '../metrics/fx.js';
import { computeMetrics, type PartnerInfo } from '../metrics/metrics.js';

export interface MetricsRoutesDeps {
  db: Db;
  now: () => Date;
  /** Exchange rates the vendor configured (PARTNERKIT_FX_RATES); null: amounts stay per currency. */
  fx: CurrencyRates | null;
}

const QUERY_KEYS = Object.keys(MetricsQuerySchema.shape);

export function metricsRoutes(v1: Hono<AuthEnv>, deps: MetricsRoutesDeps): void {
  const { db, now, fx } = deps;

  v1.get('/metrics', async (c) => {
    const s = c.var.session;
    checkQueryKeys(c.req.queries(), QUERY_KEYS);
    const raw = c.req.query();
    const parsed = MetricsQuerySchema.safeParse(raw);
    if (!parsed.success) throw invalidQuery(issuesToErrors(parsed.error.issues, raw));
    const query: MetricsQuery = parsed.data;
    const isManager = s.role === 'channel_manager';
    if (!isManager) {
      const refused = (['partnerId', 'breakdown'] as const).filter((k) => query[k] !== undefined);
      if (refused.length) {
        throw invalidQuery(refused.map((path) => ({ path, code: 'not_allowed' as const, message: 'Only a channel manager may pass this; a partner always gets its own figures.' })));
      }
    }
    const metrics = await withScope(db, s, async (tx) => {
      const partnerRows = await tx.query<PartnerInfo & { tier: Tier }>(
        isManager ? 'SELECT id, name, tier FROM partners ORDER BY name, id' : 'SELECT id, name, tier FROM partners WHERE id = $1',
        isManager ? [] : [s.partnerId],
      );
      const partners = partnerRows.rows.map((r) => ({ id: r.id, name: r.name, tier: r.tier }));
      let partner: PartnerInfo | null = null;
      if (isManager && query.partnerId !== undefined) {
        partner = partners.find((p) => p.id === query.partnerId) ?? null;
        if (!partner) throw invalidQuery([{ path: 'partnerId', code: 'invalid_choice', message: `There is no partner org "${query.partnerId}".` }]);
      } else if (!isManager) {
        partner = partners[0] ?? null;
        if (!partner) throw new Error('A partner session whose partner org does not exist.');
      }
      return computeMetrics(tx, { query, now: now(), fx, partner, programPartners: isManager ? partners : null });
    });
    return c.json(metrics, 200, { 'Cache-Control': 'no-store' });
  });
}
