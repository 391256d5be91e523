/**
 * The shared pipeline's routes (resource: deals, issue 11): the board's lane summary, the CSV
 * export and PATCH of a deal (edits and stage moves under the exit criteria). Mounted before
 * GET /v1/deals/{id} so the fixed paths win.
 */
import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { ExportQuerySchema, LaneSummaryQuerySchema } from '../../src/contract/index.js';
import type { AuthEnv } from '../auth.js';
import type { Db } from '../db.js';
import { checkQueryKeys, invalidQuery, issuesToErrors, readJson } from '../problem.js';
import { exportDealsCsv } from '../pipeline/export.js';
import { patchDeal } from '../pipeline/patch.js';
import { laneSummary } from '../pipeline/summary.js';
import { withScope } from '../scope.js';

export interface PipelineRoutesDeps {
  db: Db;
  now: () => Date;
  /** The deals' search texts sampled for a search `q` (server/pipeline/search-terms.ts); none without one. */
  sampleFor: (q: string | undefined) => Promise<readonly string[] | undefined>;
}

export function pipelineRoutes(v1: Hono<AuthEnv>, deps: PipelineRoutesDeps): void {
  const { db, now, sampleFor } = deps;

  v1.get('/deals/summary', async (c) => {
    checkQueryKeys(c.req.queries(), Object.keys(LaneSummaryQuerySchema.shape));
    const parsed = LaneSummaryQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw invalidQuery(issuesToErrors(parsed.error.issues, c.req.query()));
    const s = c.var.session;
    const sample = await sampleFor(parsed.data.q);
    return c.json(await withScope(db, s, (tx) => laneSummary(tx, s, { ...parsed.data, sample })));
  });

  v1.get('/deals/export.csv', async (c) => {
    checkQueryKeys(c.req.queries(), Object.keys(ExportQuerySchema.shape));
    const parsed = ExportQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw invalidQuery(issuesToErrors(parsed.error.issues, c.req.query()));
    const s = c.var.session;
    const rows = exportDealsCsv(db, s, { ...parsed.data, sample: await sampleFor(parsed.data.q) });
    // The first chunk (BOM and header) before the response starts, so a failure is still a problem.
    const first = await rows.next();
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="deals-${now().toISOString().slice(0, 10)}.csv"`);
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    return stream(c, async (out) => {
      if (!first.done) await out.write(first.value);
      for await (const chunk of rows) await out.write(chunk);
    }, async (err) => {
      console.error('[partnerkit] export failed mid-stream:', err);
    });
  });

  v1.patch('/deals/:id', async (c) => {
    const s = c.var.session;
    const raw = await readJson(c);
    const deal = await withScope(db, s, (tx) => patchDeal(tx, s, c.req.param('id'), raw, now()));
    return c.json(deal);
  });
}
