import { html, nothing, type TemplateResult } from 'lit';
import { formatMoney, formatPercent } from '../../src/internal/format.js';
import type { Tier } from '../../src/contract/engagement.js';
import { amountIn, currenciesOf, type Amounts } from './model.js';
import type { InsightsView } from './view.js';

/** One row: a partner org (with `partnerId`) or a tier. */
export interface BreakdownRow {
  key: string;
  label: string;
  tier: Tier;
  partnerId: string | null;
  sourcedPipeline: Amounts;
  closedWon: Amounts;
  winRate: number | null;
}

export const SORT_KEYS = ['name', 'tier', 'sourcedPipeline', 'closedWon', 'winRate'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  descending: boolean;
}

const TIER_ORDER = ['registered', 'silver', 'gold', 'platinum'];
const HEADERS = {
  name: 'insights.breakdown.partner',
  tier: 'insights.breakdown.tier',
  sourcedPipeline: 'insights.breakdown.sourced',
  closedWon: 'insights.breakdown.closedWon',
  winRate: 'insights.breakdown.winRate',
} as const;

function money(view: InsightsView, list: Amounts): TemplateResult {
  if (!list.length) return html`—`;
  return html`${list.map((a, i) => html`${i ? html`<br />` : nothing}<data value=${a.value}>${formatMoney(view.locale, a.value, a.currency)}</data>`)}`;
}

/** Sorts by one column; amounts by the first currency of the table (others never mixed in). */
export function sortPartners(rows: BreakdownRow[], sort: Sort, locale: string, currency: string | undefined): BreakdownRow[] {
  const value = (p: BreakdownRow): number | string =>
    sort.key === 'name' ? p.label
    : sort.key === 'tier' ? TIER_ORDER.indexOf(p.tier)
    : sort.key === 'winRate' ? (p.winRate ?? -1)
    : currency ? amountIn(p[sort.key], currency) : 0;
  const collator = new Intl.Collator(locale);
  const dir = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const c = typeof x === 'string' ? collator.compare(x, y as string) : x - (y as number);
    return c * dir || collator.compare(a.label, b.label);
  });
}

/** "+25% above average" per currency of the partner's sourced pipeline. */
function versusAverage(view: InsightsView, p: BreakdownRow, average: Amounts): TemplateResult {
  const lines = average.map((avg) => {
    const mine = amountIn(p.sourcedPipeline, avg.currency);
    if (avg.value === 0) return html`${view.t('insights.breakdown.atAverage')}`;
    const rel = (mine - avg.value) / avg.value;
    const percent = formatPercent(view.locale, Math.abs(rel));
    if (Math.abs(rel) < 0.005) return html`${view.t('insights.breakdown.atAverage')}`;
    return rel > 0 ? html`<span class="good">▲ ${view.t('insights.breakdown.aboveAverage', { percent })}</span>` : html`<span class="bad">▼ ${view.t('insights.breakdown.belowAverage', { percent })}</span>`;
  });
  return html`${lines.map((l, i) => html`${i ? html`<br />` : nothing}${average.length > 1 ? html`<bdi>${average[i].currency}</bdi>: ` : nothing}${l}`)}`;
}

export interface BreakdownOptions {
  by: 'partner' | 'tier';
  setBy(by: 'partner' | 'tier'): void;
  rows: BreakdownRow[];
  /** Sourced pipeline of the average partner org. */
  averageSourced: Amounts;
  sort: Sort;
  setSort(sort: Sort): void;
  filterTo(partnerId: string): void;
}

/**
 * The channel manager's breakdown: one row per partner org (sortable by each column, the
 * sourced pipeline compared with the program average), a line for the average, and totals by tier.
 */
export function breakdownTable(view: InsightsView, o: BreakdownOptions): TemplateResult {
  const currency = currenciesOf(...o.rows.map((p) => p.sourcedPipeline), o.averageSourced)[0];
  const rows = sortPartners(o.rows, o.sort, view.locale, currency);
  const byPartner = o.by === 'partner';
  const header = (key: SortKey) => {
    const active = o.sort.key === key;
    return html`<th scope="col" aria-sort=${active ? (o.sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="sort" @click=${() => o.setSort({ key, descending: active ? !o.sort.descending : key !== 'name' && key !== 'tier' })}>
        ${view.t(HEADERS[key])}<span aria-hidden="true" class="sort-mark">${active ? (o.sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>`;
  };
  return html`<section class="card" part="breakdown" aria-labelledby="h-breakdown">
    <div class="chart-head">
      <h3 id="h-breakdown">${view.t('insights.breakdown.title')}</h3>
      <div class="segmented" role="group" aria-label=${view.t('insights.breakdown.group')}>
        <button type="button" aria-pressed=${byPartner ? 'true' : 'false'} @click=${() => o.setBy('partner')}>${view.t('insights.breakdown.byPartner')}</button>
        <button type="button" aria-pressed=${byPartner ? 'false' : 'true'} @click=${() => o.setBy('tier')}>${view.t('insights.breakdown.byTier')}</button>
      </div>
    </div>
    ${rows.length === 0
      ? html`<p class="muted">${view.t('insights.breakdown.empty')}</p>`
      : html`<div class="table-wrap">
          <table part="breakdown-table">
            <caption class="muted">${view.t('insights.breakdown.caption')}</caption>
            <thead><tr>${SORT_KEYS.filter((k) => byPartner || k !== 'name').map(header)}${byPartner ? html`<th scope="col">${view.t('insights.breakdown.vsAverage')}</th>` : nothing}</tr></thead>
            <tbody>
              ${rows.map(
                (p) => html`<tr>
                  ${p.partnerId
                    ? html`<th scope="row">
                          <button type="button" class="link" @click=${() => o.filterTo(p.partnerId!)}>
                            <bdi>${p.label}</bdi><span class="visually-hidden"> — ${view.rich('insights.breakdown.filter', { partner: p.label })}</span>
                          </button>
                        </th>
                        <td>${view.t(`tier.${p.tier}`)}</td>`
                    : html`<th scope="row">${view.t(`tier.${p.tier}`)}</th>`}
                  <td>${money(view, p.sourcedPipeline)}</td>
                  <td>${money(view, p.closedWon)}</td>
                  <td>${p.winRate === null ? '—' : formatPercent(view.locale, p.winRate)}</td>
                  ${byPartner ? html`<td>${versusAverage(view, p, o.averageSourced)}</td>` : nothing}
                </tr>`,
              )}
            </tbody>
            ${byPartner
              ? html`<tfoot>
                  <tr><th scope="row">${view.t('insights.breakdown.average')}</th><td></td><td>${money(view, o.averageSourced)}</td><td></td><td></td><td></td></tr>
                </tfoot>`
              : nothing}
          </table>
        </div>`}
  </section>`;
}
