import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * "You are signed out" is true of every element that shares a session, so it is said once.
 * Elements that share a backend object (and so its session: REST backends are shared page-wide
 * per API URL and session source) form a group while they show the signed-out state. The first
 * to show it leads: it renders the notice, whose one retry button retries every member; the
 * others render nothing in its place. When the leader stops showing it (recovered, removed),
 * the next member takes over.
 */
const groups = new WeakMap<object, Map<SignedOutNotice, () => void>>();

export class SignedOutNotice implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private group?: Map<SignedOutNotice, () => void>;
  private shownThisUpdate = false;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /**
   * Called while rendering the signed-out state. Returns whether this element leads (shows the
   * notice) and a retry that retries every element of the group.
   */
  join(backend: object, retry: () => void): { leader: boolean; retryAll: () => void } {
    this.shownThisUpdate = true;
    let group = groups.get(backend);
    if (!group) groups.set(backend, (group = new Map()));
    if (this.group !== group) this.leave();
    this.group = group;
    group.set(this, retry); // a Map keeps first-insertion order: the leader stays first
    return {
      leader: group.keys().next().value === this,
      retryAll: () => [...group.values()].forEach((r) => r()),
    };
  }

  hostUpdate(): void {
    this.shownThisUpdate = false;
  }

  hostUpdated(): void {
    if (!this.shownThisUpdate) this.leave();
  }

  hostDisconnected(): void {
    this.leave();
  }

  private leave(): void {
    const group = this.group;
    if (!group) return;
    this.group = undefined;
    const wasLeader = group.keys().next().value === this;
    group.delete(this);
    if (wasLeader) for (const next of group.keys()) next.host.requestUpdate();
  }
}
