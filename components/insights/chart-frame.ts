import { html, type TemplateResult } from 'lit';
import type { InsightsView } from './view.js';

/**
 * A chart's card: its heading, the visible "Show as table" / "Show as chart" toggle, and either
 * the chart or the same figures as a table. The table is the accessible alternative; the chart
 * view stays operable too (its figures are buttons with full names).
 */
export function chartFrame(
  view: InsightsView,
  id: string,
  title: unknown,
  chart: () => TemplateResult,
  table: () => TemplateResult,
  note?: unknown,
): TemplateResult {
  const asTable = view.asTable(id);
  return html`<section class="card chart" part="chart" aria-labelledby="h-${id}">
    <div class="chart-head">
      <h3 id="h-${id}">${title}</h3>
      <button type="button" class="toggle" part="table-toggle" aria-pressed=${asTable ? 'true' : 'false'} @click=${() => view.toggleTable(id)}>
        ${view.t('insights.chart.asTable')}
      </button>
    </div>
    ${note ? html`<p class="muted note">${note}</p>` : ''}
    ${asTable ? table() : chart()}
  </section>`;
}
