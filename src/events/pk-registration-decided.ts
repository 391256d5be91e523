import type { Deal } from '../contract/schemas.js';

export interface PkRegistrationDecidedDetail {
  deal: Deal;
  decision: 'approve' | 'decline';
  reason: string | null;
}

/** Fired by `<pk-registration-review>` after a channel manager decided a registration or extension. */
export class PkRegistrationDecidedEvent extends Event {
  static readonly eventName = 'pk-registration-decided';
  readonly detail: PkRegistrationDecidedDetail;

  constructor(detail: PkRegistrationDecidedDetail) {
    super(PkRegistrationDecidedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pk-registration-decided': PkRegistrationDecidedEvent;
  }
}
