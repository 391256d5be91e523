import type { DealRegistrationInput } from '../contract/registration.js';

/**
 * Fired by `<pk-deal-form>` before it sends a registration. Cancelable: `preventDefault()` stops
 * the submission (the draft is kept). `detail` is the draft as it will be sent.
 */
export class PkDealSubmitEvent extends Event {
  static readonly eventName = 'pk-deal-submit';
  readonly detail: DealRegistrationInput;

  constructor(detail: DealRegistrationInput) {
    super(PkDealSubmitEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pk-deal-submit': PkDealSubmitEvent;
  }
}
