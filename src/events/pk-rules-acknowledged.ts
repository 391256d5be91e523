export interface PkRulesAcknowledgedDetail {
  /** The rules version the user accepted. */
  version: number;
  /** When the receipt was recorded (ISO 8601). */
  acknowledgedAt: string;
}

/** Fired by `<pk-rules>` once the user's acknowledgment of the current rules is recorded (once per version). */
export class PkRulesAcknowledgedEvent extends Event {
  static readonly eventName = 'pk-rules-acknowledged';
  readonly detail: PkRulesAcknowledgedDetail;

  constructor(detail: PkRulesAcknowledgedDetail) {
    super(PkRulesAcknowledgedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pk-rules-acknowledged': PkRulesAcknowledgedEvent;
  }
}
