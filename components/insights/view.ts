import type { MessageKey } from '../../src/i18n/types.js';
import type { PlainValues, RichValues } from '../../src/i18n/translator.js';
import type { PkInsightsNavigateDetail } from '../../src/events/pk-insights-navigate.js';

export type NavFilters = PkInsightsNavigateDetail['filters'];

/**
 * What the parts of `<pk-insights>` (tiles, charts, tables, picker) need from the element: its
 * messages and locale, the "open the deals behind this figure" action, and which charts are
 * shown as tables. Each part is a function of this view and its data; only the element has state.
 */
export interface InsightsView {
  readonly locale: string;
  t(key: MessageKey, values?: PlainValues): string;
  rich(key: MessageKey, values?: RichValues): unknown;
  /** Opens the pipeline filtered to the deals behind a figure (`pk-insights-navigate`). */
  open(filters: NavFilters): void;
  /** Whether the chart `id` is shown as its table. */
  asTable(id: string): boolean;
  toggleTable(id: string): void;
}
