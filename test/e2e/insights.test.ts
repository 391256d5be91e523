/**
 * `<pk-insights>` end to end, in Chromium against the real server (PGlite), inside the default
 * `<pk-portal>` (which opens on it): a partner sees its own organization's figures (the same as
 * its own GET /v1/metrics answer, no breakdown); a channel manager sees the program with the
 * breakdown by partner; clicking a figure opens the pipeline section filtered to its deals.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Metrics } from '../../src/contract/metrics.js';
import { mintSession, openPage, pipelineRowIds, startPagesE2e, waitDeep } from './harness.js';

const page = (sdk: string, api: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vendor partner page</title><link rel="icon" href="data:,">
<script type="module" src="${sdk}"></script></head>
<body><pk-portal api-url="${api}" session-url="/partnerkit/session"></pk-portal>
<script>window.navigations = []; document.addEventListener('pk-insights-navigate', (e) => window.navigations.push(e.detail.filters));</script>
</body></html>`;

const INSIGHTS = ['pk-portal', 'pk-insights'];
const SHOTS = join(process.env.SCREENSHOT_DIR ?? join(process.cwd(), '.tmp', 'screenshots'));

/** What sticks out of `<pk-insights>` or scrolls the page sideways (tables scroll inside their own box by design). */
function overflow(): string[] {
  const el = document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-insights')!;
  const box = el.getBoundingClientRect();
  const problems: string[] = [];
  const page = document.scrollingElement!;
  if (page.scrollWidth > page.clientWidth) problems.push(`page scrolls sideways: ${page.scrollWidth} > ${page.clientWidth}`);
  for (const n of el.shadowRoot!.querySelectorAll('*')) {
    const r = n.getBoundingClientRect();
    if (!r.width || n.closest('.table-wrap') || n.closest('.visually-hidden')) continue;
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5) problems.push(`${n.localName}.${[...n.classList].join('.')} ${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(box.left)}–${Math.round(box.right)}`);
  }
  return problems;
}

async function metricsFor(api: string, user: string, query: string): Promise<Metrics> {
  const { token } = await mintSession(api, user);
  const res = await fetch(`${api}/v1/metrics?${query}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return (await res.json()) as Metrics;
}

describe('pk-insights with the real server', () => {
  let e2e: Awaited<ReturnType<typeof startPagesE2e>>;

  before(async () => {
    e2e = await startPagesE2e((sdk, api) => ({ '/portal': { html: page(sdk, api) } }));
  });
  after(() => e2e?.close());

  it("a partner sees its own organization's figures; a figure opens the filtered pipeline", async () => {
    const { page: p, errors, close } = await openPage(e2e.browser);
    try {
      await p.setViewport({ width: 1280, height: 1600 });
      await p.goto(`${e2e.site.url}/login?user=u_nw_rep&to=/portal`);
      await waitDeep(p, [...INSIGHTS, '[part~="chart"]']);
      const own = await metricsFor(e2e.pk.url, 'u_nw_rep', 'period=this_quarter');
      assert.equal(own.scope.kind, 'partner');
      const shown = await p.evaluate(() => {
        const root = document.querySelector('pk-portal')!.shadowRoot!;
        const insights = root.querySelector('pk-insights')!.shadowRoot!;
        // (no named inner functions here: tsx would wrap them in a helper the page does not have)
        const [stale, expiring] = ['stale', 'expiring'].map((key) => insights.querySelector(`[data-kpi="${key}"] [part~="figure"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
        return {
          firstTab: root.querySelector('[role="tab"][aria-selected="true"]')!.textContent!.trim(),
          scope: insights.querySelector('.scope')!.textContent!,
          stale,
          expiring,
          breakdown: !!insights.querySelector('[part~="breakdown"]'),
          partnerFilter: !!insights.querySelector('#f-partner'),
        };
      });
      assert.equal(shown.firstTab, 'Insights', 'the default portal opens on insights');
      assert.match(shown.scope, /Figures of your organization/);
      assert.ok(shown.stale.includes(String(own.snapshot.staleDeals.count)), `stale deals ${shown.stale} = ${own.snapshot.staleDeals.count}`);
      assert.ok(shown.expiring.includes(String(own.snapshot.protectionExpiring.count)));
      assert.equal(shown.breakdown, false, 'no breakdown for a partner');
      assert.equal(shown.partnerFilter, false, 'no partner filter for a partner');

      // A figure (protection ending soon: approved deals) opens the pipeline with status=approved.
      await p.evaluate(() => {
        const insights = document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-insights')!.shadowRoot!;
        (insights.querySelector('[data-kpi="expiring"] [part~="figure"]') as HTMLButtonElement).click();
      });
      await waitDeep(p, ['pk-portal', '#tab-pipeline'], '(el) => el.getAttribute("aria-selected") === "true"');
      const filters = await p.evaluate(() => (window as unknown as { navigations: unknown[] }).navigations);
      assert.deepEqual(filters, [{ status: 'approved' }]);
      const status = await p.evaluate(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-pipeline')!.getAttribute('status'));
      assert.equal(status, 'approved');
      const { token } = await mintSession(e2e.pk.url, 'u_nw_rep');
      const approved = (await (await fetch(`${e2e.pk.url}/v1/deals?status=approved&limit=100`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { items: Array<{ id: string }> };
      if (approved.items.length > 0) {
        const rows = await p.evaluateHandle(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-pipeline'));
        await p.waitForFunction((el) => (el as Element).shadowRoot!.querySelectorAll('.rows [role="row"][data-id]').length > 0, { timeout: 15_000 }, rows);
        const ids = await p.evaluate((el) => [...(el as Element).shadowRoot!.querySelectorAll('.rows [role="row"][data-id]')].map((tr) => tr.getAttribute('data-id')!), rows);
        const allowed = new Set(approved.items.map((d) => d.id));
        assert.ok(ids.length > 0 && ids.every((id) => allowed.has(id)), 'the pipeline shows approved deals only');
      }
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('a channel manager sees the program and the breakdown by partner', async () => {
    const { page: p, errors, close } = await openPage(e2e.browser);
    try {
      await p.setViewport({ width: 1280, height: 1600 });
      await p.goto(`${e2e.site.url}/login?user=u_cm&to=/portal`);
      await waitDeep(p, [...INSIGHTS, '[part~="breakdown"]']);
      const program = await metricsFor(e2e.pk.url, 'u_cm', 'period=this_quarter&breakdown=partner');
      assert.equal(program.scope.kind, 'program');
      const shown = await p.evaluate(() => {
        const insights = document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-insights')!.shadowRoot!;
        return {
          scope: insights.querySelector('.scope')!.textContent!,
          partners: [...insights.querySelectorAll('[part~="breakdown-table"] tbody th button.link > bdi')].map((b) => b.textContent!.trim()).sort(),
          options: insights.querySelectorAll('#f-partner option').length,
        };
      });
      assert.match(shown.scope, /Program figures/);
      assert.deepEqual(shown.partners, program.breakdown!.rows.map((r) => r.label).sort());
      assert.equal(shown.options, program.breakdown!.rows.length + 1, 'the partner filter lists every partner org');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('reads from 320 to 1920 px for both roles (screenshots saved)', async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const user of ['u_nw_rep', 'u_cm']) {
      const { page: p, errors, close } = await openPage(e2e.browser);
      try {
        await p.goto(`${e2e.site.url}/login?user=${user}&to=/portal`);
        for (const width of [320, 390, 1024, 1920]) {
          await p.setViewport({ width, height: 900 });
          await waitDeep(p, [...INSIGHTS, '[part~="chart"]']);
          await new Promise((r) => setTimeout(r, 200));
          const problems = await p.evaluate(overflow);
          await p.screenshot({ path: join(SHOTS, `insights-${user}-${width}.png`) as `${string}.png`, fullPage: true });
          assert.deepEqual(problems.slice(0, 10), [], `${user} at ${width} px`);
        }
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    }
  });
});
