import { html, svg, type TemplateResult } from 'lit';
import type { Metrics } from '../../src/contract/metrics.js';
import { formatNumber, formatPercent } from '../../src/internal/format.js';
import { barChart, barTable, type BarRow } from './bar-chart.js';
import { chartFrame } from './chart-frame.js';
import { navFilters } from './model.js';
import type { InsightsView, NavFilters } from './view.js';

/**
 * Approval SLA compliance (a meter with its figure in words) and registrations by status (bars
 * with a table view); each status opens its deals.
 */
export function slaSection(view: InsightsView, m: Metrics, motionFilter: NavFilters): TemplateResult {
  const { withinSla: met, decided, compliance: ratio } = m.current.sla;
  const rows: BarRow[] = m.current.registrations.map(({ status, count, link }) => {
    const text = formatNumber(view.locale, count);
    return { key: status, label: view.t(`status.${status}`), bars: [{ value: count, short: text, full: text, filters: navFilters(link, { ...motionFilter, status }) }] };
  });
  const series = [view.t('insights.col.count')];
  const meter =
    ratio === null
      ? html`<p class="muted">${view.t('insights.sla.none')}</p>`
      : html`<div class="sla-meter">
          <strong class="sla-figure">${formatPercent(view.locale, ratio)}</strong>
          <svg class="bar meter" width="100%" height="14" aria-hidden="true" focusable="false">
            ${svg`<rect class="track" width="100%" height="14" rx="2"></rect><rect class="s0" width="${(ratio * 100).toFixed(2)}%" height="14" rx="2"></rect>`}
          </svg>
          <span>${view.t('insights.sla.met', { met: formatNumber(view.locale, met), decided: formatNumber(view.locale, decided) })}</span>
        </div>`;
  return chartFrame(
    view,
    'sla',
    view.t('insights.sla.title'),
    () => html`${meter}${barChart(view, 'sla', rows, series)}`,
    () => html`${meter}${barTable(view, view.t('insights.sla.title'), view.t('insights.col.status'), rows, series)}`,
  );
}
