import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { PartnerBackend } from '../../src/api/backend.js';
import { PkApiError } from '../../src/api/errors.js';
import { METRICS_PERIODS, type Metrics, type MetricsBreakdown, type MetricsQuery } from '../../src/contract/metrics.js';
import type { Me } from '../../src/contract/schemas.js';
import { PkInsightsNavigateEvent } from '../../src/events/pk-insights-navigate.js';
import type { MessageKey } from '../../src/i18n/types.js';
import type { PlainValues, RichValues } from '../../src/i18n/translator.js';
import { formatDate, formatMoney, formatMoneyCompact, formatMonth } from '../../src/internal/format.js';
import { nextTask } from '../../src/internal/next-task.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { engagementStyles } from '../../src/styles/engagement.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { barChart, barTable, type BarRow } from './bar-chart.js';
import { breakdownTable, type BreakdownRow, type Sort } from './breakdown-table.js';
import { chartFrame } from './chart-frame.js';
import { insightsStyles } from './insights.styles.js';
import { kpiTiles } from './kpi-tiles.js';
import { amountsOf, currenciesOf, isEmpty, kpisOf, navFilters, amountIn, type Amounts } from './model.js';
import { periodPicker, type Filters } from './period-picker.js';
import { slaSection } from './sla.js';
import { trendChart, trendTable, type TrendPoint } from './trend-chart.js';
import type { InsightsView, NavFilters } from './view.js';

interface Loaded {
  me: Me;
  metrics: Metrics;
}

const notSupported = (title: string) => new PkApiError('config', { type: 'about:blank', title, status: 0 });
const DEFAULT_FILTERS: Filters = { period: 'this_quarter', from: '', to: '', motion: '', partnerId: '' };

/**
 * The partner program's figures: KPI tiles with the change against the previous period,
 * pipeline by motion (sourced vs influenced), closed-won revenue by month, registrations and
 * approval SLA. A partner sees its own organization's figures; a channel manager the program's,
 * broken down by partner org or tier, and can filter to one partner and compare it with the
 * program average. Amounts in different currencies are shown separately unless the backend
 * converted them (then the conversion is said on screen). Every chart has a table view; every
 * figure opens the pipeline filtered to the deals behind it (`pk-insights-navigate`).
 *
 * @tag pk-insights
 * @summary Sourced and influenced pipeline and revenue by motion, win rate, cycle time, SLA compliance.
 * @event {PkInsightsNavigateEvent} pk-insights-navigate - A figure was activated (detail: `{ filters: { motion, status, stage } }`); cancelable. `<pk-portal>` opens its pipeline with these filters.
 * @event pk-error - A backend call failed (detail: problem object with `kind`).
 * @csspart filters - The period, motion and partner controls.
 * @csspart kpis - The list of KPI tiles.
 * @csspart kpi - One KPI tile.
 * @csspart figure - A figure that opens its deals (a button).
 * @csspart chart - A chart's card.
 * @csspart table-toggle - A chart's "Show as table" button.
 * @csspart chart-table - A chart's table view.
 * @csspart breakdown - The channel manager's breakdown card.
 * @csspart breakdown-table - The breakdown's sortable table.
 * @csspart compare - The partner-versus-average comparison (channel manager, one partner).
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 * @cssproperty --pk-insights-sourced-color - Bars of sourced figures (solid; default: the primary colour).
 * @cssproperty --pk-insights-influenced-color - Bars of influenced figures (striped; default: a light primary).
 * @cssproperty --pk-insights-min-height - Height held while the figures load (default `40rem`).
 */
export class PkInsights extends PkElement {
  static override styles = [hostStyles, stateStyles, engagementStyles, insightsStyles];

  static readonly parts = [
    'filters', 'kpis', 'kpi', 'figure', 'chart', 'table-toggle', 'chart-table', 'breakdown', 'breakdown-table', 'compare', 'empty', 'error', 'retry-button',
  ] as const;

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    period: {},
    motion: {},
    filters: { state: true },
    draft: { state: true },
    tables: { state: true },
    sort: { state: true },
    by: { state: true },
  };

  /** Initial period: `this_quarter` (default), `last_quarter` or `last_12_months`. */
  declare period: string | undefined;
  /** Initial motion filter (a motion slug; none: all motions). */
  declare motion: string | undefined;
  declare private filters: Filters;
  declare private draft: { from: string; to: string; invalid: boolean };
  declare private tables: ReadonlySet<string>;
  declare private sort: Sort;
  declare private by: MetricsBreakdown;
  /** Partner orgs seen in a partner breakdown (the channel manager's partner filter). */
  private partners: Array<{ id: string; name: string }> = [];
  /**
   * Whether the charts are drawn. The first figures show with the charts' placeholders, and the
   * charts follow a task later: rendering and laying out both at once was one long task of
   * 300–400 ms on a slow phone, before the first figure showed.
   */
  private chartsShown = false;
  private chartsScheduled = false;

  private readonly task = new Task(this, {
    task: ([backend, key], { signal }) =>
      this.call(backend, async (b): Promise<Loaded> => {
        const query = JSON.parse(key) as MetricsQuery;
        if (!b.getMetrics) throw notSupported(this.t('insights.notSupported'));
        const me = await b.getMe({ signal });
        const cm = me.user.role === 'channel_manager';
        if (!cm) delete query.partnerId;
        else if (!query.partnerId) query.breakdown = this.by;
        const metrics = await b.getMetrics(query, { signal });
        if (metrics.breakdown?.by === 'partner') {
          this.partners = metrics.breakdown.rows.filter((r) => r.partnerId).map((r) => ({ id: r.partnerId!, name: r.label }));
        }
        return { me, metrics };
      }),
    // A string, so the task reruns only when the query really changes.
    args: () => [this.backendOrError(), JSON.stringify(this.query()), this.by] as const,
  });

  constructor() {
    super();
    this.filters = { ...DEFAULT_FILTERS };
    this.draft = { from: '', to: '', invalid: false };
    this.tables = new Set();
    this.sort = { key: 'sourcedPipeline', descending: true };
    this.by = 'partner';
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('period') || changed.has('motion')) {
      const period = METRICS_PERIODS.find((p) => p === this.period);
      this.filters = { ...this.filters, period: period ?? this.filters.period, motion: (this.motion as Filters['motion']) || '' };
    }
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.chartsScheduled || !this.task.value) return;
    this.chartsScheduled = true;
    void nextTask().then(() => {
      this.chartsShown = true;
      this.requestUpdate();
    });
  }

  /** Reloads the figures. */
  refresh(): void {
    void this.task.run();
  }

  private query(): MetricsQuery {
    const f = this.filters;
    const q: MetricsQuery = f.period === 'custom' ? { from: f.from, to: f.to } : { period: f.period };
    if (f.motion) q.motion = f.motion;
    if (f.partnerId) q.partnerId = f.partnerId;
    return q;
  }

  private viewFor(): InsightsView {
    return {
      locale: this.i18n.locale,
      t: (key: MessageKey, values?: PlainValues) => this.t(key, values),
      rich: (key: MessageKey, values?: RichValues) => this.rich(key, values),
      open: (filters: NavFilters) => this.open(filters),
      asTable: (id: string) => this.tables.has(id),
      toggleTable: (id: string) => {
        const next = new Set(this.tables);
        if (!next.delete(id)) next.add(id);
        this.tables = next;
      },
    };
  }

  private open(filters: NavFilters): void {
    const clean: NavFilters = {};
    if (filters.motion) clean.motion = filters.motion;
    if (filters.status) clean.status = filters.status;
    if (filters.stage) clean.stage = filters.stage;
    this.dispatchEvent(new PkInsightsNavigateEvent({ filters: clean }));
  }

  private change(patch: Partial<Filters>): void {
    if (patch.period === 'custom') {
      this.filters = { ...this.filters, period: 'custom', from: this.filters.from, to: this.filters.to };
      const m = this.task.value?.metrics.period;
      this.draft = { from: this.filters.from || m?.from || '', to: this.filters.to || m?.to || '', invalid: false };
      if (!this.filters.from) this.filters = { ...this.filters, from: this.draft.from, to: this.draft.to };
      return;
    }
    this.filters = { ...this.filters, ...patch };
  }

  private applyDraft(): void {
    const { from, to } = this.draft;
    const invalid = !from || !to || from > to;
    this.draft = { ...this.draft, invalid };
    if (!invalid) this.filters = { ...this.filters, period: 'custom', from, to };
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────────

  private money(view: InsightsView, value: number, currency: string, compact = false): string {
    return compact ? formatMoneyCompact(view.locale, value, currency) : formatMoney(view.locale, value, currency);
  }

  private renderScope(view: InsightsView, m: Metrics, cm: boolean): TemplateResult {
    const day = (iso: string) => html`<time datetime=${iso}>${formatDate(view.locale, iso)}</time>`;
    const range = view.rich('insights.range', { from: day(m.period.from), to: day(m.period.to) });
    const who = m.scope.kind === 'program' ? view.t('insights.scope.program') : cm && m.scope.partner ? view.rich('insights.scope.partner', { partner: m.scope.partner.name }) : view.t('insights.scope.own');
    const conv = m.currencyConversion;
    const convertedEverywhere = conv && conv.missing.length === 0;
    return html`<p class="scope"><strong>${who}</strong> · <span>${range}</span></p>
      ${convertedEverywhere
        ? html`<p class="note" part="conversion">${view.rich('insights.converted', { currency: conv.base, note: conv.note })}</p>`
        : html`<p class="note muted">${view.t('insights.perCurrency')}</p>`}`;
  }

  private pipelineChart(view: InsightsView, m: Metrics): TemplateResult {
    const series = [view.t('insights.sourced.legend'), view.t('insights.influenced.legend')];
    const names = [view.t('insights.sourced'), view.t('insights.influenced')];
    const perMotion = m.current.motions.map((mm) => ({
      mm,
      sourced: amountsOf(m, mm.pipeline, mm.converted?.pipeline, 'sourced'),
      influenced: amountsOf(m, mm.pipeline, mm.converted?.pipeline, 'influenced'),
    }));
    const currencies = currenciesOf(...perMotion.flatMap((p) => [p.sourced, p.influenced]));
    if (currencies.length === 0) {
      return chartFrame(view, 'pipeline', view.t('insights.pipeline.title'), () => html`<p class="muted">${view.t('insights.pipeline.empty')}</p>`, () => html`<p class="muted">${view.t('insights.pipeline.empty')}</p>`);
    }
    return html`${currencies.map((c) => {
      const rows: BarRow[] = perMotion.map(({ mm, sourced, influenced }) => {
        const filters = navFilters(mm.links.pipeline, { motion: mm.motion });
        const bar = (v: number) => ({ value: v, short: this.money(view, v, c, true), full: this.money(view, v, c), filters });
        return { key: mm.motion, label: view.t(`motion.${mm.motion}`), bars: [bar(amountIn(sourced, c)), bar(amountIn(influenced, c))] };
      });
      const title = currencies.length > 1 ? view.rich('insights.pipeline.currency', { currency: c }) : view.t('insights.pipeline.title');
      return chartFrame(view, `pipeline-${c}`, title, () => barChart(view, `p-${c}`, rows, series), () => barTable(view, title, view.t('insights.col.motion'), rows, names));
    })}`;
  }

  /** Monthly closed-won revenue per currency, or converted to the base currency when every rate is known. */
  private trendSeries(view: InsightsView, m: Metrics): Array<{ currency: string; points: TrendPoint[] }> {
    const months = [...new Set(m.trend.map((p) => p.month))].sort();
    const conv = m.currencyConversion;
    const currencies = [...new Set(m.trend.map((p) => p.currency))];
    const convertible = conv && currencies.every((c) => conv.rates[c] !== undefined);
    const series = convertible ? [conv.base] : currencies;
    return series.map((currency) => ({
      currency,
      points: months.map((month) => {
        const here = m.trend.filter((p) => p.month === month && (convertible || p.currency === currency));
        const value = here.reduce((s, p) => s + (p.sourced + p.influenced) * (convertible ? conv.rates[p.currency] : 1), 0);
        return { month, label: formatMonth(view.locale, month), axis: formatMonth(view.locale, month, true), value, short: this.money(view, value, currency, true), full: this.money(view, value, currency) };
      }),
    }));
  }

  private trend(view: InsightsView, m: Metrics): TemplateResult {
    const series = this.trendSeries(view, m);
    const filters = navFilters(m.current.motions[0]?.links.revenue, { status: 'won' });
    const link: NavFilters = { ...filters, motion: m.motion ?? undefined };
    if (series.length === 0) {
      return chartFrame(view, 'trend', view.t('insights.trend.title'), () => html`<p class="muted">${view.t('insights.trend.empty')}</p>`, () => html`<p class="muted">${view.t('insights.trend.empty')}</p>`);
    }
    return html`${series.map(({ currency, points }) => {
      const title = series.length > 1 ? view.rich('insights.trend.currency', { currency }) : view.t('insights.trend.title');
      return chartFrame(view, `trend-${currency}`, title, () => trendChart(view, points, link), () => trendTable(view, title, points));
    })}`;
  }

  private compare(view: InsightsView, m: Metrics): TemplateResult | typeof nothing {
    const avg = m.programAverage;
    const partner = m.scope.partner;
    if (!avg || !partner || m.scope.kind !== 'partner') return nothing;
    const mine = amountsOf(m, m.current.pipeline, m.current.converted?.pipeline, 'sourced');
    const average = amountsOf(m, avg.pipeline, avg.converted?.pipeline, 'sourced');
    const currencies = currenciesOf(mine, average);
    if (!currencies.length) return nothing;
    return html`<div part="compare">
      ${currencies.map((c) => {
        const row = (key: string, label: string, v: number): BarRow => ({ key, label, bars: [{ value: v, short: this.money(view, v, c, true), full: this.money(view, v, c) }] });
        const rows = [row('partner', partner.name, amountIn(mine, c)), row('average', view.t('insights.breakdown.average'), amountIn(average, c))];
        const title = view.rich('insights.compare.title', { currency: c });
        const sentence = view.rich('insights.compare', { partner: partner.name, value: this.money(view, amountIn(mine, c), c), average: this.money(view, amountIn(average, c), c) });
        return chartFrame(view, `compare-${c}`, title, () => barChart(view, `c-${c}`, rows, [view.t('insights.sourced')]), () => barTable(view, title, view.t('insights.partner'), rows, [view.t('insights.sourced')]), sentence);
      })}
    </div>`;
  }

  private breakdown(view: InsightsView, m: Metrics): TemplateResult | typeof nothing {
    if (!m.breakdown || !m.programAverage) return nothing;
    const rows: BreakdownRow[] = m.breakdown.rows.map((r) => ({
      key: r.key,
      label: r.label,
      tier: r.tier,
      partnerId: r.partnerId,
      sourcedPipeline: amountsOf(m, r.pipeline, r.converted?.pipeline, 'sourced'),
      closedWon: amountsOf(m, r.revenue, r.converted?.revenue, 'total'),
      winRate: r.winRate,
    }));
    const avg = m.programAverage;
    return breakdownTable(view, {
      by: m.breakdown.by,
      setBy: (by) => (this.by = by),
      rows,
      averageSourced: amountsOf(m, avg.pipeline, avg.converted?.pipeline, 'sourced'),
      sort: this.sort,
      setSort: (sort) => (this.sort = sort),
      filterTo: (partnerId) => {
        this.filters = { ...this.filters, partnerId };
        this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#f-partner')?.focus());
      },
    });
  }

  private renderFilters(view: InsightsView, cm: boolean): TemplateResult {
    return periodPicker(view, this.filters, {
      partners: cm ? this.partners : null,
      draft: this.draft,
      change: (patch) => this.change(patch),
      editDraft: (patch) => (this.draft = { ...this.draft, ...patch, invalid: false }),
      applyDraft: () => this.applyDraft(),
    });
  }

  private renderLoaded(ctx: Loaded, busy: boolean): TemplateResult {
    const view = this.viewFor();
    const m = ctx.metrics;
    const cm = ctx.me.user.role === 'channel_manager';
    const head = html`<div class="head"><h2>${view.t('insights.heading')}</h2></div>${this.renderFilters(view, cm)}`;
    if (isEmpty(m)) {
      const untouched = this.filters.period === 'this_quarter' && !this.filters.motion && !this.filters.partnerId;
      return html`${head}<div class="empty" part="empty">
        <h3>${view.t(untouched ? 'insights.empty.title' : 'insights.empty.period')}</h3>
        ${untouched ? html`<p>${view.t(cm ? 'insights.empty.program' : 'insights.empty.partner')}</p>` : nothing}
      </div>`;
    }
    const motion: NavFilters = m.motion ? { motion: m.motion } : {};
    const pipelineLink = { ...navFilters(m.current.motions[0]?.links.pipeline), ...motion };
    const revenueLink = { ...navFilters(m.current.motions[0]?.links.revenue, { status: 'won' }), ...motion };
    if (!m.motion) {
      delete pipelineLink.motion;
      delete revenueLink.motion;
    }
    const links = {
      sourcedPipeline: pipelineLink,
      influencedPipeline: pipelineLink,
      closedWon: revenueLink,
      winRate: revenueLink,
      cycleDays: revenueLink,
      sla: motion,
      expiring: navFilters(m.snapshot.protectionExpiring.link, { ...motion, status: 'approved' }),
      stale: navFilters(m.snapshot.staleDeals.link, motion),
    };
    return html`${head}
      <div class="content" aria-busy=${busy ? 'true' : 'false'}>
        ${this.renderScope(view, m, cm)}
        ${kpiTiles(view, kpisOf(m, m.current, true), kpisOf(m, m.previous, false), links)}
        ${this.renderCharts(view, m, motion)}
      </div>`;
  }

  private renderCharts(view: InsightsView, m: Metrics, motion: NavFilters): TemplateResult {
    if (!this.chartsShown) return this.renderChartBones();
    return html`${this.compare(view, m)}
      <div class="charts">
        ${this.pipelineChart(view, m)}
        ${this.trend(view, m)}
        ${slaSection(view, m, motion)}
      </div>
      ${this.breakdown(view, m)}`;
  }

  private renderChartBones(): TemplateResult {
    return html`<div class="charts" aria-hidden="true">${Array.from({ length: 3 }, () => html`<div class="card chart bone-chart"></div>`)}</div>`;
  }

  /** The loaded layout's shape with no figures, so nothing moves when they arrive. */
  private renderSkeleton(): TemplateResult {
    return html`<div class="skeleton" role="status" aria-busy="true">
      <span class="visually-hidden">${this.t('insights.loading')}</span>
      <div aria-hidden="true">
        <div class="head"><div class="bone title"></div></div>
        <div class="bone filters-bone"></div>
        <div class="bone line"></div>
        <ul class="tiles">${Array.from({ length: 8 }, () => html`<li class="tile card bone-tile"></li>`)}</ul>
        ${this.renderChartBones()}
      </div>
    </div>`;
  }

  override render() {
    return this.task.render({
      initial: () => this.renderSkeleton(),
      pending: () => (this.task.value ? this.renderLoaded(this.task.value, true) : this.renderSkeleton()),
      complete: (ctx) => this.renderLoaded(ctx, false),
      error: (error) => this.renderError(error, () => this.refresh(), this.t('insights.error')),
    });
  }
}

