import { html, nothing, svg, type TemplateResult } from 'lit';
import type { InsightsView, NavFilters } from './view.js';

export interface Bar {
  value: number;
  /** Short text drawn next to the bar ("$1.2M"). */
  short: string;
  /** Full text in the table and for assistive technology ("$1,234,000"). */
  full: string;
  /** The deals behind the figure (a button when set). */
  filters?: NavFilters;
}

export interface BarRow {
  key: string;
  label: string;
  /** One bar per series, in the order of `series`. */
  bars: Bar[];
}

/** Series 0 is solid, series 1 striped: colour is never the only difference. */
const SERIES_CLASS = ['s0', 's1'] as const;

function swatch(id: string, index: number): TemplateResult {
  return html`<svg class="swatch" width="14" height="14" aria-hidden="true" focusable="false">
    ${hatch(id)}
    ${svg`<rect class=${SERIES_CLASS[index] ?? 's0'} width="14" height="14" rx="2" fill=${index === 1 ? `url(#hatch-${id})` : nothing}></rect>`}
  </svg>`;
}

function hatch(id: string) {
  return svg`<defs><pattern id="hatch-${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
    <rect class="hatch-bg" width="6" height="6"></rect><rect class="hatch-line" width="2.5" height="6"></rect>
  </pattern></defs>`;
}

function figure(view: InsightsView, value: number, text: string, name: unknown, filters: NavFilters | undefined): TemplateResult {
  const hidden = html`<span class="visually-hidden">${name}: </span>`;
  const shown = html`<data value=${value}>${text}</data>`;
  return filters
    ? html`<button type="button" class="figure" part="figure" @click=${() => view.open(filters)}>${hidden}${shown}<span class="visually-hidden"> — ${view.t('insights.open')}</span></button>`
    : html`<span class="figure">${hidden}${shown}</span>`;
}

/** "Reseller, Sourced": what a figure is, for assistive technology (the row label is data). */
function nameOf(row: BarRow, series: string[], i: number): TemplateResult {
  return html`<bdi>${row.label}</bdi>${series.length > 1 ? html`, ${series[i]}` : nothing}`;
}

/**
 * Horizontal bars, one group per row: reads at 320 px (labels above the bars, values after
 * them) and mirrors right to left. The SVG only draws; every figure is text (and a button when
 * it opens deals), so the chart is operable without seeing colour.
 */
export function barChart(view: InsightsView, id: string, rows: BarRow[], series: string[]): TemplateResult {
  const max = Math.max(0, ...rows.flatMap((r) => r.bars.map((b) => b.value)));
  return html`${series.length > 1
      ? html`<ul class="legend" aria-hidden="true">
          ${series.map((s, i) => html`<li>${swatch(`${id}-l${i}`, i)}${s}</li>`)}
        </ul>`
      : nothing}
    <ul class="bars">
      ${rows.map(
        (row) => html`<li class="bar-group">
          <span class="bar-label"><bdi>${row.label}</bdi></span>
          ${row.bars.map((b, i) => {
            const pct = max > 0 ? Math.max(b.value > 0 ? 1 : 0, (b.value / max) * 100) : 0;
            return html`<div class="bar-line">
              <svg class="bar" width="100%" height="14" aria-hidden="true" focusable="false">
                ${i === 1 ? hatch(`${id}-${row.key}`) : nothing}
                ${svg`<rect class=${SERIES_CLASS[i] ?? 's0'} width="${pct.toFixed(2)}%" height="14" rx="2" fill=${i === 1 ? `url(#hatch-${id}-${row.key})` : nothing}></rect>`}
              </svg>
              ${figure(view, b.value, b.short, nameOf(row, series, i), b.filters)}
            </div>`;
          })}
        </li>`,
      )}
    </ul>`;
}

/** The same figures as a table (rows × series), full values, the same buttons. */
export function barTable(view: InsightsView, caption: unknown, rowHeader: string, rows: BarRow[], series: string[]): TemplateResult {
  return html`<div class="table-wrap">
    <table part="chart-table">
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${rowHeader}</th>${series.map((s) => html`<th scope="col">${s}</th>`)}</tr></thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr>
            <th scope="row"><bdi>${row.label}</bdi></th>
            ${row.bars.map((b, i) => html`<td>${figure(view, b.value, b.full, nameOf(row, series, i), b.filters)}</td>`)}
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
