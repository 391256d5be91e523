import type { DealQuery } from '../contract/schemas.js';

/** The pipeline filters behind a figure of `<pk-insights>` (the same as `<pk-pipeline>`'s attributes). */
export interface PkInsightsNavigateDetail {
  filters: Pick<DealQuery, 'motion' | 'status' | 'stage'>;
}

/**
 * Fired by `<pk-insights>` when a figure is activated: open the pipeline filtered to the deals
 * behind it. Inside the default `<pk-portal>` the portal switches to its pipeline section with
 * these filters; elsewhere the host page decides. Cancelable: `preventDefault()` (in a listener
 * on `<pk-insights>` itself) keeps the portal where it is.
 */
export class PkInsightsNavigateEvent extends Event {
  static readonly eventName = 'pk-insights-navigate';
  readonly detail: PkInsightsNavigateDetail;

  constructor(detail: PkInsightsNavigateDetail) {
    super(PkInsightsNavigateEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pk-insights-navigate': PkInsightsNavigateEvent;
  }
}
