import { html, svg, type TemplateResult } from 'lit';
import type { InsightsView, NavFilters } from './view.js';

export interface TrendPoint {
  /** `yyyy-mm`. */
  month: string;
  /** Localized month label ("Mar 2026"). */
  label: string;
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
  const summary = view.t('insights.trend.summary', { from: points[0].label, to: points.at(-1)!.label, max: top.full, month: top.label });
  return html`<div class="trend">
    <p class="muted scale" aria-hidden="true">${top.short}</p>
    <svg class="trend-svg" width="100%" height=${HEIGHT} role="img" aria-label=${summary}>
      ${[0.25, 0.5, 0.75].map((f) => svg`<line class="grid" x1="0" x2="100%" y1="${(f * 100).toFixed(0)}%" y2="${(f * 100).toFixed(0)}%"></line>`)}
      ${points.map((p, i) => {
        const h = max > 0 ? (p.value / max) * 100 : 0;
        return svg`<rect class="s0 col" x="${(i * step + step * 0.15).toFixed(3)}%" width="${(step * 0.7).toFixed(3)}%" y="${(100 - h).toFixed(3)}%" height="${h.toFixed(3)}%" rx="2"><title>${p.label}: ${p.full}</title></rect>`;
      })}
      <line class="axis" x1="0" x2="100%" y1="100%" y2="100%"></line>
    </svg>
    <div class="months" aria-hidden="true">${points.map((p) => html`<span>${p.label}</span>`)}</div>
    <p class="trend-open"><button type="button" class="figure" part="figure" @click=${() => view.open(filters)}>${view.t('insights.open')}</button></p>
  </div>`;
}

export function trendTable(view: InsightsView, caption: unknown, points: TrendPoint[]): TemplateResult {
  return html`<div class="table-wrap">
    <table part="chart-table">
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${view.t('insights.col.month')}</th><th scope="col">${view.t('insights.col.revenue')}</th></tr></thead>
      <tbody>${points.map((p) => html`<tr><th scope="row">${p.label}</th><td>${p.full}</td></tr>`)}</tbody>
    </table>
  </div>`;
}
