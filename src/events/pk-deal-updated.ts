import type { Deal } from '../contract/schemas.js';

/**
 * Fired by `<pk-pipeline>` when the user changed a deal: a stage move or an edit of its next
 * step or stage note (optimistically, then again with the server's answer; a refused change is
 * rolled back without an event). `detail`: the deal as it now is.
 */
export class PkDealUpdatedEvent extends Event {
  static readonly eventName = 'pk-deal-updated';
  readonly detail: Deal;

  constructor(detail: Deal) {
    super(PkDealUpdatedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pk-deal-updated': PkDealUpdatedEvent;
  }
}
