import { html, nothing, type TemplateResult } from 'lit';
import type { MessageKey } from '../../src/i18n/types.js';
import { formatMoney, formatNumber, formatPercent } from '../../src/internal/format.js';
import { amountIn, type Amounts, type Kpis } from './model.js';
import type { InsightsView, NavFilters } from './view.js';

type Key = keyof Kpis;
type Unit = 'money' | 'percent' | 'days' | 'count';

interface Tile {
  key: Key;
  label: MessageKey;
  unit: Unit;
  /** Whether a higher figure is better (the change is then "better" when up). */
  higherIsBetter: boolean;
  hint?: MessageKey;
  /** A figure as of now (no previous period to compare). */
  snapshot?: boolean;
}

/** The eight tiles, in order. */
const TILES: Tile[] = [
  { key: 'sourcedPipeline', label: 'insights.kpi.sourcedPipeline', unit: 'money', higherIsBetter: true },
  { key: 'influencedPipeline', label: 'insights.kpi.influencedPipeline', unit: 'money', higherIsBetter: true },
  { key: 'closedWon', label: 'insights.kpi.closedWon', unit: 'money', higherIsBetter: true },
  { key: 'winRate', label: 'insights.kpi.winRate', unit: 'percent', higherIsBetter: true },
  { key: 'cycleDays', label: 'insights.kpi.cycleTime', unit: 'days', higherIsBetter: false },
  { key: 'sla', label: 'insights.kpi.sla', unit: 'percent', higherIsBetter: true },
  { key: 'expiring', label: 'insights.kpi.expiring', unit: 'count', higherIsBetter: false, snapshot: true },
  { key: 'stale', label: 'insights.kpi.stale', unit: 'count', higherIsBetter: false, hint: 'insights.kpi.stale.hint', snapshot: true },
];

function format(view: InsightsView, unit: Unit, value: number): string {
  switch (unit) {
    case 'percent':
      return formatPercent(view.locale, value);
    case 'days':
      return view.t('insights.days', { count: Math.round(value) });
    default:
      return formatNumber(view.locale, value);
  }
}

/** "▲ 12%  better · vs previous period ($1,200)": arrow, sign and word, never colour alone. */
function change(view: InsightsView, tile: Tile, now: number, before: number | null, beforeText: string): TemplateResult {
  const vs = html`<span class="vs">${view.rich('insights.change.vs', { value: beforeText })}</span>`;
  if (before === null || (before === 0 && now !== 0 && tile.unit !== 'percent')) return html`<span class="change">${view.t('insights.change.new')}</span>`;
  const diff = now - before;
  if (Math.abs(diff) < 1e-9) return html`<span class="change same">${view.t('insights.change.same')} ${vs}</span>`;
  // Ratios change by points; amounts and counts by percent of the previous figure.
  const amount =
    tile.unit === 'percent' ? view.t('insights.points', { value: formatNumber(view.locale, Math.round(diff * 100)) })
    : tile.unit === 'days' ? view.t('insights.days', { count: Math.round(diff) })
    : formatPercent(view.locale, diff / Math.abs(before));
  const good = diff > 0 === tile.higherIsBetter;
  return html`<span class="change ${good ? 'good' : 'bad'}">
    ${view.t(diff > 0 ? 'insights.change.up' : 'insights.change.down', { change: amount.replace(/^[-−+]/, '') })}
    <span class="verdict">(${view.t(good ? 'insights.change.good' : 'insights.change.bad')})</span>
    ${vs}
  </span>`;
}

function figureButton(view: InsightsView, label: string, value: number, text: string, filters: NavFilters): TemplateResult {
  return html`<button type="button" class="figure value" part="figure" @click=${() => view.open(filters)}>
    <span class="visually-hidden">${label}: </span><data value=${value}>${text}</data><span class="visually-hidden"> — ${view.t('insights.open')}</span>
  </button>`;
}

function moneyLines(view: InsightsView, tile: Tile, label: string, now: Amounts, before: Amounts | null, filters: NavFilters): TemplateResult {
  if (now.length === 0 && !before?.length) return html`<p class="value none">${formatNumber(view.locale, 0)}</p>`;
  const currencies = [...new Set([...now, ...(before ?? [])].map((a) => a.currency))];
  return html`<ul class="lines">
    ${currencies.map((c) => {
      const v = amountIn(now, c);
      const prev = before ? (before.some((a) => a.currency === c) ? amountIn(before, c) : 0) : null;
      return html`<li>
        ${figureButton(view, label, v, formatMoney(view.locale, v, c), filters)}
        ${change(view, tile, v, prev, prev === null ? '' : formatMoney(view.locale, prev, c))}
      </li>`;
    })}
  </ul>`;
}

/** KPI tiles with the change against the previous period; each figure opens its deals. */
export function kpiTiles(view: InsightsView, now: Kpis, previous: Kpis | null, links: Record<Key, NavFilters>): TemplateResult {
  return html`<section aria-labelledby="kpi-title">
    <h3 id="kpi-title" class="visually-hidden">${view.t('insights.kpis')}</h3>
    <ul class="tiles" part="kpis">
      ${TILES.map((tile) => {
        const label = view.t(tile.label);
        const value = now[tile.key];
        const before = previous ? previous[tile.key] : null;
        let body: TemplateResult;
        if (tile.unit === 'money') body = moneyLines(view, tile, label, value as Amounts, before as Amounts | null, links[tile.key]);
        else if (value === null) body = html`<p class="value none">${view.t('insights.kpi.none')}</p>`;
        else {
          const n = value as number;
          const b = before as number | null;
          body = html`${figureButton(view, label, n, format(view, tile.unit, n), links[tile.key])}
            ${tile.snapshot ? html`<span class="change">${view.t('insights.kpi.now')}</span>` : change(view, tile, n, b, b === null ? '' : format(view, tile.unit, b))}`;
        }
        return html`<li class="tile card" part="kpi" data-kpi=${tile.key}>
          <h4 class="tile-label">${label}</h4>
          ${tile.hint ? html`<p class="muted hint">${view.t(tile.hint)}</p>` : nothing}
          ${body}
        </li>`;
      })}
    </ul>
  </section>`;
}
