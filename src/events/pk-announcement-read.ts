export interface PkAnnouncementReadDetail {
  announcementId: string;
}

/** Fired by `<pk-announcements>` when an announcement becomes read (seen for a moment, or opened), once per announcement. */
export class PkAnnouncementReadEvent extends Event {
  static readonly eventName = 'pk-announcement-read';
  readonly detail: PkAnnouncementReadDetail;

  constructor(detail: PkAnnouncementReadDetail) {
    super(PkAnnouncementReadEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pk-announcement-read': PkAnnouncementReadEvent;
  }
}
