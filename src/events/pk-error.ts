import type { PkErrorKind } from '../api/errors.js';
import type { Problem } from '../contract/schemas.js';

export type PkErrorDetail = Problem & { kind: PkErrorKind };

/**
 * Fired by any Partnerkit element when a backend call fails, for the host page to log.
 * The element shows the error itself; listening is optional.
 */
export class PkErrorEvent extends Event {
  static readonly eventName = 'pk-error';
  readonly detail: PkErrorDetail;

  constructor(detail: PkErrorDetail) {
    super(PkErrorEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pk-error': PkErrorEvent;
  }
}
