import type { Deal } from '../contract/schemas.js';

/** Fired by `<pk-deal-form>` once the backend has registered the deal. `detail`: the created deal. */
export class PkDealSubmittedEvent extends Event {
  static readonly eventName = 'pk-deal-submitted';
  readonly detail: Deal;

  constructor(detail: Deal) {
    super(PkDealSubmittedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pk-deal-submitted': PkDealSubmittedEvent;
  }
}
