import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations } from 'lit';
import type { PartnerBackend } from '../../src/api/backend.js';
import type { Me } from '../../src/contract/schemas.js';
import type { PkRulesAcknowledgedEvent } from '../../src/events/pk-rules-acknowledged.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { rulesGateStyles } from './rules-gate.styles.js';

/** Without a live event stream, how often the gate re-checks the current version. */
const POLL_MS = 30_000;

type GateState = 'open' | 'locked';

/**
 * Shows its children only once the user has acknowledged the current rules of engagement, and
 * `<pk-rules>` until then. When a new version is published while the page is open it locks again
 * within seconds (live event `rules.published`) by HIDING its children — they stay in the page,
 * so nothing typed inside is lost — and unlocks once the new version is acknowledged. A channel
 * manager is never locked out.
 *
 * @tag pk-rules-gate
 * @summary Shows its content only after the current rules of engagement are acknowledged.
 * @slot - What the rules guard (e.g. `<pk-deal-form>`). Hidden, never removed, while locked.
 * @event pk-error - A backend call failed (detail: problem object with `kind`).
 * @csspart notice - The message saying why the content is locked (or that it was unlocked).
 * @csspart content - The wrapper of the guarded children.
 * @csspart rules - The `<pk-rules>` shown while locked (its own parts are re-exported as `rules-<part>`).
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 * @cssproperty --pk-rules-gate-accent - Accent of the lock notice (default: the warning colour).
 */
export class PkRulesGate extends PkElement {
  static override styles = [hostStyles, stateStyles, rulesGateStyles];

  static readonly parts = ['notice', 'content', 'rules', 'error', 'retry-button'] as const;

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    gate: { state: true },
    relocked: { state: true },
    justUnlocked: { state: true },
  };

  /** The state after the first check (live changes included); undefined until then. */
  declare private gate: GateState | undefined;
  declare private relocked: boolean;
  declare private justUnlocked: boolean;

  private unsubscribe?: () => void;
  private subscribedTo?: PartnerBackend;
  private timer?: ReturnType<typeof setInterval>;
  private checking = false;

  private readonly check = new Task(this, {
    task: ([backend], { signal }) =>
      this.call(backend, async (b) => {
        const me = await b.getMe({ signal });
        this.gate = stateOf(me);
        this.watch(b);
        return b;
      }),
    args: () => [this.backendOrError()] as const,
  });

  constructor() {
    super();
    this.gate = undefined;
    this.relocked = false;
    this.justUnlocked = false;
  }

  /** Whether the children are shown (the current rules are acknowledged). */
  get unlocked(): boolean {
    return this.gate === 'open';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pk-rules-acknowledged', this.onAcknowledged);
    if (this.subscribedTo) this.watch(this.subscribedTo, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pk-rules-acknowledged', this.onAcknowledged);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Checks the acknowledgment again (what a `rules.published` event does). */
  async recheck(): Promise<void> {
    const backend = this.subscribedTo;
    if (!backend || this.checking) return;
    this.checking = true;
    try {
      const next = stateOf(await backend.getMe());
      if (next === 'locked' && this.gate === 'open') {
        this.relocked = true;
        this.justUnlocked = false;
      }
      if (next === 'open' && this.gate === 'locked') {
        this.relocked = false;
        this.justUnlocked = true;
      }
      this.gate = next;
    } catch {
      /* keep the current state; the next event or tick tries again */
    } finally {
      this.checking = false;
    }
  }

  private watch(backend: PartnerBackend, force = false): void {
    if (!force && this.subscribedTo === backend && (this.unsubscribe || this.timer)) return;
    this.unsubscribe?.();
    clearInterval(this.timer);
    this.timer = undefined;
    this.subscribedTo = backend;
    this.unsubscribe = backend.subscribe?.(() => void this.recheck(), ['rules.published']);
    if (!this.unsubscribe) this.timer = setInterval(() => void this.recheck(), POLL_MS);
  }

  private readonly onAcknowledged = (event: PkRulesAcknowledgedEvent): void => {
    // Our own <pk-rules> unlocks at once; another one on the page (a Rules tab) makes us check.
    if (event.composedPath()[0] !== this.renderRoot.querySelector('pk-rules')) {
      void this.recheck();
      return;
    }
    this.justUnlocked = this.gate === 'locked';
    this.relocked = false;
    this.gate = 'open';
  };

  private renderLock() {
    const a = (name: string) => this.getAttribute(name) ?? nothing;
    return html`<p class="notice" part="notice" role="status">${this.t(this.relocked ? 'rules.gate.relocked' : 'rules.gate.locked')}</p>
      <pk-rules
        part="rules"
        api-url=${a('api-url')}
        session-url=${a('session-url')}
        locale=${a('locale')}
        exportparts="rules:rules-rules, title:rules-title, changes:rules-changes, diff:rules-diff, body:rules-body, accept-button:rules-accept-button, receipt:rules-receipt, empty:rules-empty, error:rules-error, retry-button:rules-retry-button"
      ></pk-rules>`;
  }

  override render() {
    const open = this.gate === 'open';
    const status = this.check.render({
      initial: () => html`<div class="loading" role="status" aria-busy="true">${this.t('rules.gate.checking')}</div>`,
      pending: () => (this.gate === undefined ? html`<div class="loading" role="status" aria-busy="true">${this.t('rules.gate.checking')}</div>` : nothing),
      complete: () =>
        open
          ? this.justUnlocked
            ? html`<p class="visually-hidden" role="status">${this.t('rules.gate.unlocked')}</p>`
            : nothing
          : this.renderLock(),
      error: (error) => this.renderError(error, () => void this.check.run(), this.t('rules.gate.error')),
    });
    // The children stay slotted whatever happens: locking only hides them (and makes them inert).
    return html`${status}
      <div part="content" ?hidden=${!open} ?inert=${!open}><slot></slot></div>`;
  }
}

function stateOf(me: Me): GateState {
  return me.user.role === 'channel_manager' || me.rules.acknowledged ? 'open' : 'locked';
}
