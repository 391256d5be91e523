import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/pipeline/define.js';
import '../../components/insights/define.js';
import type { PkInsights } from '../../components/insights/insights.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { PkApiError } from '../../src/api/errors.js';
import { MetricsSchema } from '../../src/contract/metrics.js';
import type { PkInsightsNavigateEvent } from '../../src/events/pk-insights-navigate.js';
import { partnerMe } from './fake-backend.js';
import { FakeInsightsBackend, makeMetrics } from './fake-metrics.js';

const waitUntil = (predicate: () => unknown, message?: string, timeout = 5000) => owcWaitUntil(predicate, message, { timeout });
const cm = () => partnerMe('channel_manager');
/** Loaded: the charts (they follow the figures by a task), the empty state or the error. */
const LOADED = '[part~="chart"], [part~="empty"], [part~="error"]';

async function mount(backend: FakeInsightsBackend, wait = true) {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = '<pk-portal><pk-insights></pk-insights></pk-portal>';
  (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
  const el = wrapper.querySelector('pk-insights') as PkInsights;
  if (wait) await waitUntil(() => el.shadowRoot?.querySelector(LOADED), 'did not load');
  return { wrapper, el };
}

const q = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector(sel) as T;
const all = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const tile = (el: Element, key: string) => q(el, `[data-kpi="${key}"]`);

describe('pk-insights', () => {
  it('the fake answers are valid metrics', () => {
    for (const o of [{}, { program: true }, { currencies: ['USD', 'EUR'], convert: true }, { empty: true }]) {
      expect(MetricsSchema.safeParse(makeMetrics(o, { breakdown: 'partner' })).success).to.equal(true);
    }
  });

  describe('partner', () => {
    it("shows its own figures: eight tiles with the change, pipeline by motion, trend, SLA; axe clean", async () => {
      const backend = new FakeInsightsBackend();
      const { el } = await mount(backend);
      expect(backend.metricsCalls[0]).to.deep.equal({ period: 'this_quarter' });
      expect(all(el, '[part~="kpi"]')).to.have.length(8);
      expect(q(el, '.scope').textContent).to.contain('Figures of your organization');
      const sourced = tile(el, 'sourcedPipeline');
      expect(sourced.textContent).to.match(/\$[\d,]+/);
      expect(sourced.textContent).to.contain('▲');
      expect(sourced.textContent).to.contain('vs previous period');
      expect(tile(el, 'winRate').textContent).to.contain('75%');
      expect(tile(el, 'cycleDays').textContent).to.contain('42 days');
      expect(tile(el, 'stale').textContent).to.contain('As of today');
      expect(q(el, '#h-pipeline-USD').textContent).to.contain('Pipeline by motion');
      expect(q(el, '#h-pipeline-USD').closest('section')!.querySelectorAll('.bar-group')).to.have.length(5);
      expect(q(el, '#h-sla').closest('section')!.querySelectorAll('.bar-group')).to.have.length(6);
      const summary = q(el, `#${q(el, '.trend-svg').getAttribute('aria-labelledby')}`);
      expect(summary.textContent).to.contain('highest');
      expect(q(el, '.sla-meter').textContent).to.contain('of 20 decisions within the SLA');
      expect(q(el, '[part~="breakdown"]')).to.equal(null);
      expect(q(el, '#f-partner')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('every chart has a table view behind a visible toggle', async () => {
      const { el } = await mount(new FakeInsightsBackend());
      const toggles = all(el, '[part~="table-toggle"]');
      expect(toggles.length).to.equal(3);
      for (const t of toggles) {
        t.click();
        await el.updateComplete;
      }
      expect(all(el, '[part~="chart-table"]')).to.have.length(3);
      expect(all(el, '[part~="table-toggle"]').every((t) => t.getAttribute('aria-pressed') === 'true')).to.equal(true);
      const pipeline = q(el, '[part~="chart-table"]');
      expect(pipeline.querySelector('thead')!.textContent).to.contain('Sourced');
      expect(pipeline.querySelectorAll('tbody tr')).to.have.length(5);
      expect(all(el, '[part~="chart-table"]')[1].querySelectorAll('tbody tr')).to.have.length(12);
      await expect(el).to.be.accessible();
    });

    it('period and motion filters reload with the query; custom dates are checked', async () => {
      const backend = new FakeInsightsBackend();
      const { el } = await mount(backend);
      const period = q<HTMLSelectElement>(el, '#f-period');
      period.value = 'last_12_months';
      period.dispatchEvent(new Event('change'));
      await waitUntil(() => backend.metricsCalls.length === 2, 'reloaded');
      expect(backend.metricsCalls[1]).to.deep.equal({ period: 'last_12_months' });
      const motion = q<HTMLSelectElement>(el, '#f-motion');
      motion.value = 'reseller';
      motion.dispatchEvent(new Event('change'));
      await waitUntil(() => backend.metricsCalls.length === 3, 'motion');
      expect(backend.metricsCalls[2]).to.deep.equal({ period: 'last_12_months', motion: 'reseller' });
      period.value = 'custom';
      period.dispatchEvent(new Event('change'));
      await el.updateComplete;
      const from = q<HTMLInputElement>(el, '#f-from');
      from.value = '2026-12-01';
      from.dispatchEvent(new Event('input'));
      const to = q<HTMLInputElement>(el, '#f-to');
      to.value = '2026-11-01';
      to.dispatchEvent(new Event('input'));
      await el.updateComplete;
      to.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => q(el, '#f-range-error'), 'range error');
      expect(q(el, '#f-from').getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
      to.value = '2026-12-05';
      to.dispatchEvent(new Event('input'));
      await el.updateComplete;
      q<HTMLButtonElement>(el, '.apply button').click();
      await waitUntil(() => backend.metricsCalls.some((c) => c.from === '2026-12-01' && c.to === '2026-12-05'), 'custom period');
      expect(backend.metricsCalls.at(-1)).to.deep.equal({ from: '2026-12-01', to: '2026-12-05', motion: 'reseller' });
    });

    it('clicking a figure fires pk-insights-navigate with the pipeline filters (keyboard too)', async () => {
      const { el } = await mount(new FakeInsightsBackend());
      const events: PkInsightsNavigateEvent[] = [];
      el.addEventListener('pk-insights-navigate', (e) => { events.push(e); e.preventDefault(); });
      (tile(el, 'closedWon').querySelector('[part~="figure"]') as HTMLButtonElement).click();
      expect(events[0].detail.filters).to.deep.equal({ status: 'won' });
      const bar = all(el, '.bar-group')[1].querySelector('button.figure') as HTMLButtonElement;
      bar.focus();
      await sendKeys({ press: 'Enter' });
      // The open pipeline is pending or approved: the pipeline filters by one status, so motion only.
      expect(events[1].detail.filters).to.deep.equal({ motion: 'reseller' });
      (tile(el, 'expiring').querySelector('[part~="figure"]') as HTMLButtonElement).click();
      expect(events[2].detail.filters).to.deep.equal({ status: 'approved' });
      expect(events.every((e) => e.bubbles && e.composed && e.cancelable)).to.equal(true);
    });
  });

  describe('currencies', () => {
    it('never adds currencies: one line per currency in a tile, one chart per currency', async () => {
      const { el } = await mount(new FakeInsightsBackend(partnerMe(), { currencies: ['USD', 'EUR'] }));
      const lines = tile(el, 'sourcedPipeline').querySelectorAll('.lines li');
      expect(lines).to.have.length(2);
      expect(lines[0].textContent).to.contain('$');
      expect(lines[1].textContent).to.contain('€');
      expect(q(el, '#h-pipeline-EUR').textContent).to.contain('(EUR)');
      expect(q(el, '#h-trend-EUR')).to.not.equal(null);
      expect(q(el, '.note').textContent).to.contain('never added together');
      await expect(el).to.be.accessible();
    });

    it('converted amounts say so on screen, with the rates note', async () => {
      const { el } = await mount(new FakeInsightsBackend(partnerMe(), { currencies: ['USD', 'EUR'], convert: true }));
      expect(tile(el, 'sourcedPipeline').querySelectorAll('.lines li')).to.have.length(1);
      expect(q(el, '[part~="conversion"]').textContent).to.contain('converted to USD');
      expect(q(el, '[part~="conversion"]').textContent).to.contain('ECB reference rates');
      expect(q(el, '#h-pipeline-EUR')).to.equal(null);
      expect(q(el, '#h-trend-EUR')).to.equal(null);
    });
  });

  describe('channel manager', () => {
    it('program figures with a sortable breakdown by partner and tier, the average, and the filter to one partner', async () => {
      const backend = new FakeInsightsBackend(cm());
      const { el } = await mount(backend);
      expect(backend.metricsCalls[0]).to.deep.equal({ period: 'this_quarter', breakdown: 'partner' });
      expect(q(el, '.scope').textContent).to.contain('Program figures');
      const table = q(el, '[part~="breakdown-table"]');
      const names = () => [...table.querySelectorAll('tbody th')].map((t) => t.textContent!.split('—')[0].trim());
      expect(names()).to.deep.equal(['Acme Integrations', 'Globex Cloud', 'Initech Services']);
      expect(table.querySelector('tfoot')!.textContent).to.contain('Program average');
      expect(table.querySelector('tbody')!.textContent).to.contain('above average');
      await expect(el).to.be.accessible();
      const sortBy = (i: number) => (table.querySelectorAll('thead button.sort')[i] as HTMLButtonElement).click();
      sortBy(0);
      await el.updateComplete;
      expect(table.querySelectorAll('thead th')[0].getAttribute('aria-sort')).to.equal('ascending');
      sortBy(0);
      await el.updateComplete;
      expect(names()).to.deep.equal(['Initech Services', 'Globex Cloud', 'Acme Integrations']);
      expect(table.querySelectorAll('thead th')[0].getAttribute('aria-sort')).to.equal('descending');
      // By tier: another request.
      (all(el, '.segmented button')[1] as HTMLButtonElement).click();
      await waitUntil(() => backend.metricsCalls.some((c) => c.breakdown === 'tier'), 'tier');
      await waitUntil(() => q(el, '[part~="breakdown-table"] tbody')?.textContent!.includes('Platinum'), 'tier rows');
      (all(el, '.segmented button')[0] as HTMLButtonElement).click();
      await waitUntil(() => q(el, '[part~="breakdown-table"] tbody button.link'), 'partner rows');
      // Filter to one partner: its figures against the program average.
      (q(el, '[part~="breakdown-table"] tbody button.link') as HTMLButtonElement).click();
      await waitUntil(() => q(el, '[part~="compare"]'), 'compare');
      expect(backend.metricsCalls.at(-1)!.partnerId).to.be.a('string');
      expect(backend.metricsCalls.at(-1)!.breakdown).to.equal(undefined);
      expect(q(el, '.scope').textContent).to.contain('Figures of');
      expect(q(el, '[part~="compare"]').textContent).to.contain('the program average per partner is');
      expect(q<HTMLSelectElement>(el, '#f-partner').value).to.not.equal('');
      await expect(el).to.be.accessible();
    });
  });

  describe('states', () => {
    it('loading holds the final size with aria-busy; empty program; error with retry', async () => {
      const slow = new FakeInsightsBackend();
      slow.hold.getMetrics = new Promise(() => {});
      const { el: loading } = await mount(slow, false);
      await waitUntil(() => q(loading, '.skeleton[aria-busy="true"]'), 'skeleton');
      expect(all(loading, '.bone-tile')).to.have.length(8);
      await expect(loading).to.be.accessible();

      const { el: empty } = await mount(new FakeInsightsBackend(partnerMe(), { empty: true }));
      expect(q(empty, '[part~="empty"]').textContent).to.contain('No deals yet');
      expect(q(empty, '[part~="empty"]').textContent).to.contain('register your first deal');
      await expect(empty).to.be.accessible();
      const { el: emptyProgram } = await mount(new FakeInsightsBackend(cm(), { empty: true }));
      expect(q(emptyProgram, '[part~="empty"]').textContent).to.contain('once partners register');

      const failing = new FakeInsightsBackend();
      failing.failures.getMetrics = new PkApiError('http', { type: 'about:blank', title: 'Server error', status: 500 });
      const { el: err } = await mount(failing);
      expect(q(err, '[part~="error"]').textContent).to.contain('Could not load the figures');
      await expect(err).to.be.accessible();
      q<HTMLButtonElement>(err, '[part~="retry-button"]').click();
      await waitUntil(() => q(err, '[part~="kpis"]'), 'retried');
    });

    it('the skeleton and the loaded view take the same height at 320 px (no layout shift of what follows)', async () => {
      await setViewport({ width: 320, height: 800 });
      try {
        const slow = new FakeInsightsBackend();
        let release!: () => void;
        slow.hold.getMetrics = new Promise<void>((r) => (release = r));
        const { el } = await mount(slow, false);
        await waitUntil(() => q(el, '.skeleton'), 'skeleton');
        const before = el.getBoundingClientRect().height;
        release();
        await waitUntil(() => q(el, '[part~="kpis"]'), 'figures');
        expect(el.getBoundingClientRect().height).to.be.at.least(before);
        await waitUntil(() => q(el, '[part~="chart"]'), 'charts');
        expect(el.getBoundingClientRect().height).to.be.at.least(before);
        expect(el.scrollWidth).to.be.at.most(320);
        expect(document.documentElement.scrollWidth).to.be.at.most(320);
      } finally {
        await setViewport({ width: 1280, height: 800 });
      }
    });

    it('the figures show first, with the charts\' placeholders; the charts follow in a later task, in their place', async () => {
      const slow = new FakeInsightsBackend();
      let release!: () => void;
      slow.hold.getMetrics = new Promise<void>((r) => (release = r));
      const { el } = await mount(slow, false);
      await waitUntil(() => q(el, '.skeleton'), 'skeleton');
      // Every render as it lands (a mutation callback runs in the microtask after it, before any other task).
      const seen: Array<{ figures: boolean; charts: number; bones: number }> = [];
      const observer = new MutationObserver(() =>
        seen.push({ figures: !!q(el, '[part~="kpis"]'), charts: all(el, '[part~="chart"]').length, bones: all(el, '.content .bone-chart').length }),
      );
      observer.observe(el.shadowRoot!, { childList: true, subtree: true });
      try {
        release();
        await waitUntil(() => q(el, '[part~="chart"]'), 'charts');
      } finally {
        observer.disconnect();
      }
      const first = seen.find((s) => s.figures)!;
      expect(first, 'the figures alone first').to.include({ charts: 0, bones: 3 });
      const charted = seen.find((s) => s.charts > 0)!;
      expect(charted.bones).to.equal(0);
      expect(seen.indexOf(charted)).to.be.greaterThan(seen.indexOf(first));
      await expect(el).to.be.accessible();
    });

    it('a backend without getMetrics gets a configuration error', async () => {
      const b = new FakeInsightsBackend();
      (b as { getMetrics?: unknown }).getMetrics = undefined;
      const { el } = await mount(b);
      expect(q(el, '[part~="error"]').textContent).to.contain('does not provide metrics');
    });
  });

  describe('in the default portal', () => {
    it('opens first (both roles); a figure switches to the pipeline with its filters', async () => {
      for (const me of [partnerMe(), cm()]) {
        const portal = await fixture<PkPortal>(html`<pk-portal .backend=${new FakeInsightsBackend(me)}></pk-portal>`);
        const root = portal.shadowRoot!;
        await waitUntil(() => root.querySelector('[role="tab"]'), 'tabs');
        const tabs = [...root.querySelectorAll('[role="tab"]')];
        expect(tabs[0].textContent).to.contain('Insights');
        expect(tabs[0].getAttribute('aria-selected')).to.equal('true');
        const insights = root.querySelector('pk-insights') as PkInsights;
        await waitUntil(() => insights.shadowRoot?.querySelector('[part~="kpis"]'), 'insights loaded');
        (insights.shadowRoot!.querySelector('[data-kpi="closedWon"] [part~="figure"]') as HTMLButtonElement).click();
        await waitUntil(() => root.querySelector('#tab-pipeline')?.getAttribute('aria-selected') === 'true', 'pipeline selected');
        const pipeline = root.querySelector('pk-pipeline')!;
        expect(pipeline.getAttribute('status')).to.equal('won');
        expect(pipeline.hasAttribute('motion')).to.equal(false);
      }
    });
  });
});
