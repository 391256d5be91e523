import '../../src/i18n/field-messages.js';
import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { PkApiError } from '../../src/api/errors.js';
import type { PartnerBackend } from '../../src/api/backend.js';
import { DEAL_STATUSES } from '../../src/contract/motions.js';
import type { ReviewItem, ReviewQueue } from '../../src/contract/registration.js';
import { PkRegistrationDecidedEvent } from '../../src/events/pk-registration-decided.js';
import { formatDate, formatMoney, formatRelative } from '../../src/internal/format.js';
import { LiveEvents } from '../../src/internal/live-events.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { registrationReviewStyles } from './registration-review.styles.js';

const REFRESH_MS = 20_000;

interface ItemState {
  days: string;
  reason: string;
  /** Field errors as rendered content (the element's own messages, or a server error's coded message). */
  errors: Record<string, unknown>;
  busy: boolean;
  message: string | null;
}

/**
 * The channel manager's review queue: pending registrations and extension requests ordered by
 * SLA due (overdue marked), each with the conflict evidence side by side — the other deals on the
 * same registrable domain or a similar company, with their partners (vendor-only) — and approve
 * (protection preset from the policy, adjustable within 60–90 days) or decline with a reason.
 *
 * @tag pk-registration-review
 * @summary Review queue: approve or decline registrations and extensions within the SLA.
 * @event pk-registration-decided - A registration or extension was decided (detail: `{ deal, decision, reason }`).
 * @event pk-error - A backend call failed (detail: problem object with `kind`).
 * @csspart queue - The list of requests.
 * @csspart item - One request.
 * @csspart overdue - The overdue marker.
 * @csspart evidence - The conflict evidence table.
 * @csspart approve-button - The approve button.
 * @csspart decline-button - The decline button.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 */
export class PkRegistrationReview extends PkElement {
  static override styles = [hostStyles, stateStyles, registrationReviewStyles];

  static readonly parts = ['queue', 'item', 'overdue', 'evidence', 'approve-button', 'decline-button', 'empty', 'error', 'retry-button'] as const;

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    itemState: { state: true },
    announcement: { state: true },
    now: { state: true },
    latest: { state: true },
  };

  declare private itemState: Record<string, ItemState>;
  declare private announcement: string;
  declare private now: number;
  /** The queue as changed since the task loaded it (decisions taken, quiet refreshes). */
  declare private latest: ReviewQueue | null;
  private timer?: ReturnType<typeof setInterval>;

  /** New registrations, extension requests and decisions taken elsewhere arrive live (polling stays as the fallback). */
  private readonly live = new LiveEvents(this, ['deal.created', 'deal.updated', 'deal.decided'], () => this.backendOrError(), () => this.refreshIfIdle());

  private readonly queue = new Task(this, {
    task: ([backend], { signal }) =>
      this.call(backend, async (b) => {
        if (!b.getReviewQueue || !b.decideDeal || !b.requestExtension) throw unsupported(this.t('review.notSupported'));
        const me = await b.getMe({ signal });
        const queue = me.user.role === 'channel_manager' ? await b.getReviewQueue({ signal }) : null;
        this.latest = null;
        return { me, queue, backend: b };
      }),
    args: () => [this.backendOrError()] as const,
  });

  constructor() {
    super();
    this.itemState = {};
    this.announcement = '';
    this.now = Date.now();
    this.latest = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // New registrations appear without a reload.
    this.timer = setInterval(() => {
      this.now = Date.now();
      this.refreshIfIdle();
    }, REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  /** Reloads the queue. */
  refresh(): void {
    void this.queue.run();
  }

  /** A quiet re-read, unless a decision is being sent (its answer updates the queue itself). */
  private refreshIfIdle(): void {
    if (this.queue.value?.queue && !Object.values(this.itemState).some((s) => s.busy)) void this.refreshQuietly();
  }

  /** Re-reads the queue without the loading state (keeps what the user is typing). */
  private async refreshQuietly(): Promise<void> {
    const ctx = this.queue.value;
    if (!ctx?.queue || !ctx.backend.getReviewQueue) return;
    try {
      this.latest = await ctx.backend.getReviewQueue();
    } catch {
      /* the next tick tries again */
    }
  }

  private key(item: ReviewItem): string {
    return `${item.kind}:${item.extension?.id ?? item.deal.id}`;
  }

  private stateOf(item: ReviewItem, queue: ReviewQueue): ItemState {
    return this.itemState[this.key(item)] ?? { days: String(item.extension?.days ?? queue.policy.protectionDays), reason: '', errors: {}, busy: false, message: null };
  }

  private patch(item: ReviewItem, queue: ReviewQueue, p: Partial<ItemState>): void {
    const k = this.key(item);
    this.itemState = { ...this.itemState, [k]: { ...this.stateOf(item, queue), ...p } };
  }

  private async decide(item: ReviewItem, queue: ReviewQueue, backend: PartnerBackend, decision: 'approve' | 'decline'): Promise<void> {
    const st = this.stateOf(item, queue);
    const reason = st.reason.trim();
    const errors: Record<string, unknown> = {};
    const days = Number(st.days);
    const { protectionDaysMin: min, protectionDaysMax: max } = queue.policy;
    if (decision === 'decline' && !reason) errors.reason = this.t('review.reason.required');
    if (decision === 'approve' && item.kind === 'registration' && (!Number.isInteger(days) || days < min || days > max)) {
      errors.days = this.t('review.days.invalid', { min, max });
    }
    if (Object.keys(errors).length) {
      this.patch(item, queue, { errors });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#${errors.days ? 'days' : 'reason'}-${cssId(this.key(item))}`)?.focus();
      return;
    }
    this.patch(item, queue, { busy: true, errors: {}, message: null });
    try {
      const deal = await this.call(backend, (b) =>
        item.kind === 'registration'
          ? b.decideDeal!(item.deal.id, { decision, reason: reason || undefined, protectionDays: decision === 'approve' ? days : undefined })
          : b.requestExtension!(item.deal.id, { decision, reason: reason || undefined, days: Number.isInteger(days) && days > 0 ? days : undefined }).then((r) => r.deal),
      );
      const current = this.latest ?? queue;
      this.latest = { ...current, items: current.items.filter((i) => this.key(i) !== this.key(item)) };
      this.announcement = this.t(decision === 'approve' ? 'review.approved' : 'review.declined', { company: item.deal.customer.company, partner: item.deal.partner.name });
      this.dispatchEvent(new PkRegistrationDecidedEvent({ deal, decision, reason: reason || null }));
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="item"] h3, .empty')?.focus();
    } catch (error) {
      const e = PkApiError.from(error);
      const fieldErrors = e.fieldProblems;
      const mapped: Record<string, unknown> = {};
      if (fieldErrors.reason) mapped.reason = this.fieldMessage(fieldErrors.reason);
      const days = fieldErrors.protectionDays ?? fieldErrors.days;
      if (days) mapped.days = this.fieldMessage(days);
      this.patch(item, queue, {
        busy: false,
        errors: mapped,
        message: e.status === 409 ? this.t('review.refused', { detail: e.problem.detail ?? e.problem.title }) : e.problem.detail ? this.t('dealForm.failed.detail', { title: e.problem.title, detail: e.problem.detail }) : e.problem.title,
      });
    }
  }

  private renderEvidence(item: ReviewItem): TemplateResult {
    const locale = this.i18n.locale;
    if (item.evidence.length === 0) return html`<p class="no-evidence">${this.t('review.evidence.none')}</p>`;
    return html`<table part="evidence">
      <caption>${this.t('review.evidence.caption')}</caption>
      <thead><tr><th scope="col">${this.t('review.evidence.partner')}</th><th scope="col">${this.t('review.evidence.customer')}</th><th scope="col">${this.t('review.evidence.match')}</th><th scope="col">${this.t('review.evidence.status')}</th><th scope="col">${this.t('review.evidence.registered')}</th></tr></thead>
      <tbody>
        ${item.evidence.map(
          (e) => html`<tr>
            <td><bdi>${e.partner.name}</bdi></td>
            <td><bdi>${e.company}</bdi><br /><span class="muted"><bdi>${e.domain}</bdi></span></td>
            <td>${e.match === 'domain' ? this.t('review.evidence.sameDomain') : this.t('review.evidence.similar', { similarity: e.similarity })}</td>
            <td>${isStatus(e.status) ? this.t(`status.${e.status}`) : e.status}${e.protectionEndsAt && e.status === 'approved' ? html`<br /><span class="muted">${this.rich('review.evidence.protectedUntil', { date: html`<time datetime=${e.protectionEndsAt}>${formatDate(locale, e.protectionEndsAt)}</time>` })}</span>` : nothing}</td>
            <td><time datetime=${e.createdAt}>${formatDate(locale, e.createdAt)}</time></td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderItem(item: ReviewItem, queue: ReviewQueue, backend: PartnerBackend): TemplateResult {
    const locale = this.i18n.locale;
    const d = item.deal;
    const st = this.stateOf(item, queue);
    const id = cssId(this.key(item));
    const overdue = item.overdue || (item.dueAt !== null && new Date(item.dueAt).getTime() <= this.now);

    return html`<li part="item" class=${overdue ? 'overdue' : ''} aria-labelledby=${`title-${id}`}>
      <div class="head">
        <h3 id=${`title-${id}`} tabindex="-1">${this.rich(`review.kind.${item.kind}`, { company: d.customer.company })} <span class="muted">— <bdi>${d.partner.name}</bdi></span></h3>
        ${item.dueAt
          ? html`<p class="due">
              ${overdue ? html`<strong part="overdue" class="overdue-badge">${this.t('review.overdue')}</strong> ` : nothing}${this.rich('review.due', {
                relative: html`<time datetime=${item.dueAt}>${formatRelative(locale, item.dueAt, this.now)}</time>`,
                date: html`<time datetime=${item.dueAt}>${formatDate(locale, item.dueAt)}</time>`,
              })}
            </p>`
          : nothing}
      </div>
      <div class="sides">
        <div class="side">
          <dl>
            <dt>${this.t('review.field.domain')}</dt><dd><bdi>${d.customer.domain}</bdi></dd>
            <dt>${this.t('review.field.motion')}</dt><dd>${this.t('review.field.motionStage', { motion: this.t(`motion.${d.motion}`), stage: this.t(`stage.${d.stage}`) })}</dd>
            <dt>${this.t('review.field.dealType')}</dt><dd>${this.t(`review.dealType.${item.dealType}`)}</dd>
            <dt>${this.t('review.field.value')}</dt><dd><data value=${d.amount.value}>${formatMoney(locale, d.amount.value, d.amount.currency)}</data></dd>
            <dt>${this.t('review.field.close')}</dt><dd><time datetime=${d.expectedCloseDate}>${formatDate(locale, d.expectedCloseDate)}</time></dd>
            <dt>${this.t('review.field.attribution')}</dt><dd>${this.t('pipeline.attribution', { type: this.t(`attribution.${d.attribution.type}`), percent: d.attribution.percent / 100 })}</dd>
            <dt>${this.t('review.field.submitted')}</dt><dd>${this.rich('review.field.submittedBy', { date: html`<time datetime=${d.createdAt}>${formatDate(locale, d.createdAt)}</time>`, owner: d.owner })}</dd>
            ${d.conflict.status !== 'none' ? html`<dt>${this.t('review.field.conflict')}</dt><dd>${this.rich('dealForm.conflict.withReason', { status: this.t(`conflict.${d.conflict.status}`), reason: d.conflict.reason ?? '' })}</dd>` : nothing}
            ${item.extension
              ? html`<dt>${this.t('review.field.extension')}</dt><dd>${this.rich('review.field.extensionValue', { days: item.extension.days, reason: item.extension.reason })}</dd>
                  <dt>${this.t('review.field.protectedUntil')}</dt><dd>${d.protection ? html`<time datetime=${d.protection.endsAt}>${formatDate(locale, d.protection.endsAt)}</time>` : '—'}</dd>`
              : nothing}
          </dl>
          ${item.description ? html`<p class="description"><bdi>${item.description}</bdi></p>` : nothing}
        </div>
        <div class="side">${this.renderEvidence(item)}</div>
      </div>
      <form class="decide" @submit=${(e: Event) => e.preventDefault()} aria-busy=${st.busy ? 'true' : 'false'}>
        <div class="field">
          <label for=${`days-${id}`}>${this.t(item.kind === 'registration' ? 'review.days.registration' : 'review.days.extension')}</label>
          <input id=${`days-${id}`} type="number" inputmode="numeric" .value=${st.days}
            min=${item.kind === 'registration' ? queue.policy.protectionDaysMin : 1} max=${queue.policy.protectionDaysMax}
            aria-invalid=${st.errors.days ? 'true' : 'false'} aria-describedby=${`days-hint-${id}${st.errors.days ? ` days-error-${id}` : ''}`}
            @input=${(e: Event) => this.patch(item, queue, { days: (e.target as HTMLInputElement).value })} />
          <p class="hint" id=${`days-hint-${id}`}>${item.kind === 'registration' ? this.t('review.days.policy', { days: queue.policy.protectionDays, min: queue.policy.protectionDaysMin, max: queue.policy.protectionDaysMax }) : this.t('review.days.extensionHint')}</p>
          ${st.errors.days ? html`<p class="field-error" id=${`days-error-${id}`}>${st.errors.days}</p>` : nothing}
        </div>
        <div class="field grow">
          <label for=${`reason-${id}`}>${this.t('review.reason')}</label>
          <textarea id=${`reason-${id}`} rows="2" .value=${st.reason} aria-invalid=${st.errors.reason ? 'true' : 'false'}
            aria-describedby=${st.errors.reason ? `reason-error-${id}` : nothing}
            @input=${(e: Event) => this.patch(item, queue, { reason: (e.target as HTMLTextAreaElement).value })}></textarea>
          ${st.errors.reason ? html`<p class="field-error" id=${`reason-error-${id}`}>${st.errors.reason}</p>` : nothing}
        </div>
        <div class="buttons">
          <button type="button" class="primary" part="approve-button" ?disabled=${st.busy} @click=${() => this.decide(item, queue, backend, 'approve')}>
            ${this.t('review.approveShort')}<span class="visually-hidden"> ${this.rich('review.approve', { company: d.customer.company })}</span>
          </button>
          <button type="button" part="decline-button" ?disabled=${st.busy} @click=${() => this.decide(item, queue, backend, 'decline')}>
            ${this.t('review.declineShort')}<span class="visually-hidden"> ${this.rich('review.decline', { company: d.customer.company })}</span>
          </button>
        </div>
        ${st.message ? html`<p class="field-error" role="alert">${st.message}</p>` : nothing}
      </form>
    </li>`;
  }

  override render() {
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.queue.render({
        initial: () => html`<div class="loading" aria-busy="true">${this.t('review.loading')}</div>`,
        pending: () => html`<div class="loading" aria-busy="true">${this.t('review.loading')}</div>`,
        error: (error) => this.renderError(error, () => this.queue.run(), this.t('review.error')),
        complete: ({ queue: loaded, backend }) => {
          const queue = loaded ? (this.latest ?? loaded) : null;
          if (!queue) return html`<div class="empty" part="empty"><p>${this.t('review.partnerOnly')}</p></div>`;
          const overdue = queue.items.filter((i) => i.overdue).length;
          return html`<div class="bar">
              <h2>${this.t('review.title')}</h2>
              <p class="muted">${overdue
                ? this.rich('review.summaryOverdue', { count: queue.items.length, overdue, hours: queue.policy.slaHours })
                : this.t('review.summary', { count: queue.items.length, hours: queue.policy.slaHours })}</p>
              <button type="button" @click=${() => this.refresh()}>${this.t('review.refresh')}</button>
            </div>
            ${queue.items.length === 0
              ? html`<div class="empty" part="empty" tabindex="-1"><p>${this.t('review.empty')}</p></div>`
              : html`<ol class="queue" part="queue">${queue.items.map((i) => this.renderItem(i, queue, backend))}</ol>`}`;
        },
      })}`;
  }
}

const isStatus = (s: string): s is (typeof DEAL_STATUSES)[number] => (DEAL_STATUSES as readonly string[]).includes(s);

const cssId = (key: string): string => key.replace(/[^A-Za-z0-9_-]/g, '-');

function unsupported(title: string): PkApiError {
  return new PkApiError('config', {
    type: 'https://partnerkit.dev/problems/not-supported',
    title,
    status: 0,
    detail: 'The configured backend object has no getReviewQueue / decideDeal / requestExtension methods.',
  });
}
