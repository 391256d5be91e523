import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PartnerBackend } from '../api/backend.js';
import type { PkStreamEvent } from '../api/event-stream.js';

/**
 * Keeps an element subscribed to live events of some types while it is connected, following
 * its backend when the configuration changes. Events that arrive close together are delivered
 * as one batch after `settleMs`, so a burst (a bulk import, a reconnect replaying missed
 * events) costs the element one refresh, not one per event.
 */
export class LiveEvents implements ReactiveController {
  private backend: PartnerBackend | null = null;
  private unsubscribe: (() => void) | null = null;
  private batch: PkStreamEvent[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly types: readonly string[],
    /** The element's backend now, or anything else (a configuration error) for none. */
    private readonly currentBackend: () => unknown,
    private readonly onEvents: (events: PkStreamEvent[]) => void,
    private readonly settleMs = 250,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
  }

  hostUpdated(): void {
    if (!this.connected) return;
    const candidate = this.currentBackend();
    const backend = candidate && typeof candidate === 'object' && 'listDeals' in candidate ? (candidate as PartnerBackend) : null;
    if (backend === this.backend) return;
    this.stop();
    this.backend = backend;
    this.unsubscribe = backend?.subscribe?.((event) => this.receive(event), this.types) ?? null;
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
    this.backend = null;
  }

  private receive(event: PkStreamEvent): void {
    this.batch.push(event);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const events = this.batch;
      this.batch = [];
      this.onEvents(events);
    }, this.settleMs);
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.batch = [];
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
