import { html, svg, type TemplateResult } from 'lit';
import type { InsightsView, NavFilters } from './view.js';

export interface TrendPoint {
  /** `yyyy-mm`. */
  month: string;
  /** Localized month label ("Mar 2026"). */
  label: string;
  /** Short label for the axis ("Mar"). */
  axis: string;
  value: number;
  short: string;
  full: string;
}

const HEIGHT = 140;

/**
 * Columns of one currency's closed-won revenue per month. The SVG is one image with a summary
 * as its name (highest month and value); the figures themselves are in the table view.
 * Column widths are percentages, so twelve months fit 320 px; month labels thin out when narrow.
 */
export function trendChart(view: InsightsView, points: TrendPoint[], filters: NavFilters): TemplateResult {
  if (!points.some((p) => p.value > 0)) return html`<p class="muted">${view.t('insights.trend.empty')}</p>`;
  const max = Math.max(...points.map((p) => p.value));
  const top = points.reduce((a, p) => (p.value > a.value ? p : a), points[0]);
  const step = 100 / points.length;
  const month = (p: TrendPoint) => html`<time datetime=${p.month}>${p.label}</time>`;
  const summary = view.rich('insights.trend.summary', { from: month(points[0]), to: month(points.at(-1)!), max: html`<data value=${top.value}>${top.full}</data>`, month: month(top) });
  const id = `trend-summary-${points[0].month}-${Math.round(max)}`;
  return html`<div class="trend">
    <p class="visually-hidden" id=${id}>${summary}</p>
    <p class="muted scale" aria-hidden="true"><data value=${top.value}>${top.short}</data></p>
    <svg class="trend-svg" width="100%" height=${HEIGHT} role="img" aria-labelledby=${id}>
      ${[0.25, 0.5, 0.75].map((f) => svg`<line class="grid" x1="0" x2="100%" y1="${(f * 100).toFixed(0)}%" y2="${(f * 100).toFixed(0)}%"></line>`)}
      ${points.map((p, i) => {
        const h = max > 0 ? (p.value / max) * 100 : 0;
        return svg`<rect class="s0 col" x="${(i * step + step * 0.15).toFixed(3)}%" width="${(step * 0.7).toFixed(3)}%" y="${(100 - h).toFixed(3)}%" height="${h.toFixed(3)}%" rx="2"></rect>`;
      })}
      <line class="axis" x1="0" x2="100%" y1="100%" y2="100%"></line>
    </svg>
    <div class="months" aria-hidden="true">${points.map((p) => html`<span><time datetime=${p.month}>${p.axis}</time></span>`)}</div>
    <p class="trend-open"><button type="button" class="figure" part="figure" @click=${() => view.open(filters)}>${view.t('insights.open')}</button></p>
  </div>`;
}

export function trendTable(view: InsightsView, caption: unknown, points: TrendPoint[]): TemplateResult {
  return html`<div class="table-wrap">
    <table part="chart-table">
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${view.t('insights.col.month')}</th><th scope="col">${view.t('insights.col.revenue')}</th></tr></thead>
      <tbody>${points.map((p) => html`<tr><th scope="row"><time datetime=${p.month}>${p.label}</time></th><td><data value=${p.value}>${p.full}</data></td></tr>`)}</tbody>
    </table>
  </div>`;
}
