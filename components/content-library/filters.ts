import { html, nothing, type TemplateResult } from 'lit';
import { CONTENT_TYPES, type ContentList, type ContentQuery, type ContentSort, type ContentType } from '../../src/contract/content.js';
import { MOTIONS, type Motion } from '../../src/contract/motions.js';
import type { ContentHost } from './host.js';

export const FACETS = ['type', 'motion', 'industry', 'useCase'] as const;
export type Facet = (typeof FACETS)[number];

/** What the partner searched and filtered by (`q` is the debounced search text). */
export interface Filters {
  q: string;
  type?: ContentType;
  motion?: Motion;
  industry?: string;
  useCase?: string;
  sort?: ContentSort;
}

export type Layout = 'grid' | 'list';

export const PAGE = 24;

export function toQuery(f: Filters): ContentQuery {
  const q = f.q.trim();
  return { q: q || undefined, type: f.type, motion: f.motion, industry: f.industry, useCase: f.useCase, sort: f.sort, limit: PAGE };
}

export function isFiltered(f: Filters): boolean {
  return !!(f.q.trim() || FACETS.some((k) => f[k]));
}

/** The label of a facet's value: translated for type and motion, as typed for industry and use case. */
function valueLabel(host: ContentHost, facet: Facet, value: string): string {
  if (facet === 'type' && (CONTENT_TYPES as readonly string[]).includes(value)) return host.t(`content.type.${value as ContentType}`);
  if (facet === 'motion' && (MOTIONS as readonly string[]).includes(value)) return host.t(`motion.${value as Motion}`);
  return value;
}

/**
 * Runs `fn` once typing has paused (`delayMs`), with the latest value only; `flush()` runs it
 * at once (Enter). Cleared when the element disconnects.
 */
export class Debounce {
  private timer?: ReturnType<typeof setTimeout>;
  private pending?: () => void;

  constructor(private readonly delayMs = 300) {}

  run(fn: () => void): void {
    clearTimeout(this.timer);
    this.pending = fn;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    const fn = this.pending;
    this.pending = undefined;
    fn?.();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.pending = undefined;
  }
}

export interface ToolbarState {
  typed: string;
  filters: Filters;
  layout: Layout;
  facets: ContentList['facets'] | null;
  total: number | null;
  busy: boolean;
}

export interface ToolbarActions {
  type(text: string): void;
  submit(): void;
  filter(patch: Partial<Filters>): void;
  clear(): void;
  layout(layout: Layout): void;
}

/** Search box, facet filters with counts, sort and the layout switch. */
export function renderToolbar(host: ContentHost, s: ToolbarState, on: ToolbarActions): TemplateResult {
  const sorts: ContentSort[] = s.filters.q.trim() ? ['relevance', 'updated', 'title'] : ['updated', 'title'];
  const sort = s.filters.sort && sorts.includes(s.filters.sort) ? s.filters.sort : sorts[0];
  return html`<div class="toolbar" part="toolbar">
      <form class="search" role="search" @submit=${(ev: Event) => { ev.preventDefault(); on.submit(); }}>
        <label for="c-search">${host.t('content.search')}</label>
        <input id="c-search" type="search" part="search" autocomplete="off" .value=${s.typed} aria-describedby="c-search-hint"
          @input=${(ev: Event) => on.type((ev.target as HTMLInputElement).value)} />
        <span class="hint" id="c-search-hint">${host.t('content.search.hint')}</span>
      </form>
      <div class="field sort">
        <label for="c-sort">${host.t('content.sort')}</label>
        <select id="c-sort" .value=${sort} @change=${(ev: Event) => on.filter({ sort: (ev.target as HTMLSelectElement).value as ContentSort })}>
          ${sorts.map((v) => html`<option value=${v} ?selected=${v === sort}>${host.t(`content.sort.${v}`)}</option>`)}
        </select>
      </div>
      <div class="layout" role="group" aria-label=${host.t('content.layout')}>
        ${(['grid', 'list'] as const).map(
          (l) => html`<button type="button" part="layout-button" aria-pressed=${s.layout === l ? 'true' : 'false'} @click=${() => on.layout(l)}>${host.t(`content.layout.${l}`)}</button>`,
        )}
      </div>
    </div>
    <fieldset class="facets" part="facets">
      <legend>${host.t('content.filters')}</legend>
      ${FACETS.map((facet) => {
        const values = s.facets?.[facet] ?? [];
        const current = s.filters[facet];
        const shown = current && !values.some((v) => v.value === current) ? [{ value: current, count: 0 }, ...values] : values;
        return html`<div class="field">
          <label for="c-f-${facet}">${host.t(`content.facet.${facet}`)}</label>
          <select id="c-f-${facet}" .value=${current ?? ''} @change=${(ev: Event) => on.filter({ [facet]: (ev.target as HTMLSelectElement).value || undefined })}>
            <option value="" ?selected=${!current}>${host.t('content.facet.all')}</option>
            ${shown.map((v) => html`<option value=${v.value} ?selected=${v.value === current}>${host.t('content.facet.option', { label: valueLabel(host, facet, v.value), count: v.count })}</option>`)}
          </select>
        </div>`;
      })}
      ${isFiltered(s.filters) ? html`<button type="button" class="clear" part="clear-button" @click=${on.clear}>${host.t('content.clear')}</button>` : nothing}
    </fieldset>
    <p class="count muted" aria-hidden=${s.busy ? 'true' : 'false'}>${s.total === null ? nothing : host.t('content.count', { count: s.total })}</p>`;
}

export { valueLabel };
