import type { ContentEventType } from '../contract/content.js';

export interface PkContentEngagedDetail {
  contentId: string;
  type: ContentEventType;
}

/** Fired by `<pk-content-library>` after a view, download or share of an item was recorded. */
export class PkContentEngagedEvent extends Event {
  static readonly eventName = 'pk-content-engaged';
  readonly detail: PkContentEngagedDetail;

  constructor(detail: PkContentEngagedDetail) {
    super(PkContentEngagedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pk-content-engaged': PkContentEngagedEvent;
  }
}
