import '../../src/i18n/field-messages.js';
import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { PartnerBackend } from '../../src/api/backend.js';
import { PkApiError } from '../../src/api/errors.js';
import type { Announcement, AnnouncementList, AnnouncementReceiptReport, Tier } from '../../src/contract/engagement.js';
import { TIERS } from '../../src/contract/engagement.js';
import { MOTIONS, type Motion } from '../../src/contract/motions.js';
import type { Me } from '../../src/contract/schemas.js';
import { PkAnnouncementReadEvent } from '../../src/events/pk-announcement-read.js';
import { formatDate, formatDateTime } from '../../src/internal/format.js';
import { MarkdownPreview } from '../../src/internal/markdown.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { richText } from '../../src/internal/rich-text.js';
import { engagementStyles } from '../../src/styles/engagement.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { announcementsStyles } from './announcements.styles.js';

/** An item counts as read once at least half of it has been on screen this long. */
const READ_AFTER_MS = 1500;
const PAGE = 20;

interface Loaded {
  me: Me;
  list: AnnouncementList;
  backend: PartnerBackend;
}

interface Draft {
  title: string;
  body: string;
  pinned: boolean;
  requiresAcknowledgement: boolean;
  tiers: Tier[];
  motions: Motion[];
  /** `yyyy-mm-dd` or ''. */
  expires: string;
}

type ReceiptState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; report: AnnouncementReceiptReport };

const emptyDraft = (): Draft => ({ title: '', body: '', pinned: false, requiresAcknowledgement: false, tiers: [], motions: [], expires: '' });
const notSupported = (title: string) => new PkApiError('config', { type: 'about:blank', title, status: 0 });

/**
 * The announcement feed, pinned first then newest. An announcement counts as read once it has
 * been on screen for a moment or is opened (a receipt is sent once); one that requires an
 * acknowledgment has an explicit button. New announcements arrive live. A channel manager gets a
 * composer (Markdown with a live, sanitized preview; pinned, acknowledgment, audience) and the
 * read receipts of each announcement.
 *
 * @tag pk-announcements
 * @summary Announcement feed with read receipts and unread count; composer and receipts for a channel manager.
 * @event {PkAnnouncementReadEvent} pk-announcement-read - An announcement became read (detail: `{ announcementId }`).
 * @event pk-error - A backend call failed (detail: problem object with `kind`).
 * @csspart feed - The list of announcements.
 * @csspart item - One announcement.
 * @csspart title - An announcement's title.
 * @csspart body - An announcement's text (sanitized rich text).
 * @csspart pinned - The "pinned" tag.
 * @csspart unread - The "new" tag of an unread announcement.
 * @csspart acknowledge-button - The acknowledge button of an announcement that requires it.
 * @csspart receipt - The user's acknowledgment receipt.
 * @csspart composer - The channel manager's form for a new announcement.
 * @csspart preview - The composer's live preview.
 * @csspart publish-button - The composer's publish button.
 * @csspart receipts - An announcement's read receipts (channel manager).
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 * @cssproperty --pk-announcements-unread-color - Accent of an unread announcement (default: the primary colour).
 */
export class PkAnnouncements extends PkElement {
  static override styles = [hostStyles, stateStyles, engagementStyles, announcementsStyles];

  static readonly parts = [
    'feed', 'item', 'title', 'body', 'pinned', 'unread', 'acknowledge-button', 'receipt', 'composer', 'preview', 'publish-button', 'receipts', 'empty', 'error', 'retry-button',
  ] as const;

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    unreadCount: { type: Number, attribute: false },
    items: { state: true },
    nextCursor: { state: true },
    expanded: { state: true },
    busy: { state: true },
    failed: { state: true },
    notice: { state: true },
    draft: { state: true },
    draftErrors: { state: true },
    publishing: { state: true },
    publishError: { state: true },
    receipts: { state: true },
  };

  /** How many announcements the user has not read yet (0 until loaded; updates live). */
  declare unreadCount: number;
  declare private items: Announcement[] | null;
  declare private nextCursor: string | null;
  declare private expanded: Record<string, boolean>;
  declare private busy: Record<string, boolean>;
  declare private failed: Record<string, boolean>;
  declare private notice: string;
  declare private draft: Draft;
  declare private draftErrors: Partial<Record<'title' | 'body' | 'expires', unknown>>;
  declare private publishing: boolean;
  declare private publishError: unknown;
  declare private receipts: Record<string, ReceiptState>;

  private readonly reading = new Set<string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private observer?: IntersectionObserver;
  private unsubscribe?: () => void;
  private subscribedTo?: PartnerBackend;
  private readonly preview = new MarkdownPreview(this);

  private readonly feed = new Task(this, {
    task: ([backend], { signal }) =>
      this.call(backend, async (b): Promise<Loaded> => {
        if (!b.listAnnouncements || !b.markAnnouncementRead) throw notSupported(this.t('announcements.notSupported'));
        const me = await b.getMe({ signal });
        const list = await b.listAnnouncements({ signal, limit: PAGE });
        this.items = null;
        this.nextCursor = list.nextCursor;
        this.unreadCount = list.unreadCount;
        this.watch(b);
        return { me, list, backend: b };
      }),
    args: () => [this.backendOrError()] as const,
  });

  constructor() {
    super();
    this.unreadCount = 0;
    this.items = null;
    this.nextCursor = null;
    this.expanded = {};
    this.busy = {};
    this.failed = {};
    this.notice = '';
    this.draft = emptyDraft();
    this.draftErrors = {};
    this.publishing = false;
    this.publishError = null;
    this.receipts = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.subscribedTo) this.watch(this.subscribedTo, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.observer?.disconnect();
    this.observer = undefined;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Reloads the feed. */
  refresh(): void {
    void this.feed.run();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    this.observeItems();
  }

  private watch(backend: PartnerBackend, force = false): void {
    if (!force && this.subscribedTo === backend && this.unsubscribe) return;
    this.unsubscribe?.();
    this.subscribedTo = backend;
    this.unsubscribe = backend.subscribe?.(() => void this.onPublished(), ['announcement.published']);
  }

  private itemsOf(ctx: Loaded): Announcement[] {
    return this.items ?? ctx.list.items;
  }

  /** A new announcement: re-read the first page quietly and keep the older pages loaded. */
  private async onPublished(): Promise<void> {
    const ctx = this.feed.value;
    if (!ctx?.backend.listAnnouncements) return;
    try {
      const first = await ctx.backend.listAnnouncements({ limit: PAGE });
      const known = this.itemsOf(ctx);
      const ids = new Set(first.items.map((a) => a.id));
      const added = first.items.filter((a) => !known.some((k) => k.id === a.id)).length;
      this.items = [...first.items, ...known.filter((a) => !ids.has(a.id))];
      this.unreadCount = first.unreadCount;
      if (added > 0 && ctx.me.user.role !== 'channel_manager') this.notice = this.t('announcements.arrived', { count: added });
    } catch {
      /* the next event or a reload tries again */
    }
  }

  private replace(ctx: Loaded, a: Announcement): void {
    this.items = this.itemsOf(ctx).map((x) => (x.id === a.id ? a : x));
  }

  // ─── read receipts ─────────────────────────────────────────────────────────────────────────

  private observeItems(): void {
    const ctx = this.feed.value;
    if (!ctx || ctx.me.user.role === 'channel_manager' || typeof IntersectionObserver === 'undefined') return;
    this.observer ??= new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.id!;
          if (entry.isIntersecting) {
            if (!this.timers.has(id)) this.timers.set(id, setTimeout(() => { this.timers.delete(id); void this.markRead(id); }, READ_AFTER_MS));
          } else {
            clearTimeout(this.timers.get(id));
            this.timers.delete(id);
          }
        }
      },
      { threshold: 0.5 },
    );
    for (const el of this.renderRoot.querySelectorAll<HTMLElement>('[part~="item"][data-unread]')) this.observer.observe(el);
  }

  /** Sends the read receipt once (whatever triggered it) and fires `pk-announcement-read`. */
  private async markRead(id: string): Promise<void> {
    const ctx = this.feed.value;
    if (!ctx?.backend.markAnnouncementRead || this.reading.has(id)) return;
    const item = this.itemsOf(ctx).find((a) => a.id === id);
    if (!item || item.readAt) return;
    this.reading.add(id);
    try {
      const receipt = await this.call(ctx.backend, (b) => b.markAnnouncementRead!(id));
      const current = this.itemsOf(ctx).find((a) => a.id === id) ?? item;
      this.replace(ctx, { ...current, readAt: receipt.readAt, acknowledgedAt: receipt.acknowledgedAt ?? current.acknowledgedAt });
      this.unreadCount = Math.max(0, this.unreadCount - 1);
      this.dispatchEvent(new PkAnnouncementReadEvent({ announcementId: id }));
    } catch {
      this.reading.delete(id); // may try again when seen again
    }
  }

  private async acknowledge(ctx: Loaded, a: Announcement): Promise<void> {
    if (this.busy[a.id] || a.acknowledgedAt || !ctx.backend.acknowledgeAnnouncement) return;
    this.busy = { ...this.busy, [a.id]: true };
    this.failed = { ...this.failed, [a.id]: false };
    const wasUnread = !a.readAt;
    try {
      const receipt = await this.call(ctx.backend, (b) => b.acknowledgeAnnouncement!(a.id));
      const current = this.itemsOf(ctx).find((x) => x.id === a.id) ?? a;
      this.replace(ctx, { ...current, readAt: current.readAt ?? receipt.readAt, acknowledgedAt: receipt.acknowledgedAt });
      if (wasUnread && !current.readAt) {
        this.reading.add(a.id);
        this.unreadCount = Math.max(0, this.unreadCount - 1);
        this.dispatchEvent(new PkAnnouncementReadEvent({ announcementId: a.id }));
      }
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#receipt-${cssId(a.id)}`)?.focus();
    } catch {
      this.failed = { ...this.failed, [a.id]: true };
    } finally {
      this.busy = { ...this.busy, [a.id]: false };
    }
  }

  private toggle(a: Announcement): void {
    const open = !this.expanded[a.id];
    this.expanded = { ...this.expanded, [a.id]: open };
    if (open) void this.markRead(a.id);
  }

  private async more(ctx: Loaded): Promise<void> {
    if (!this.nextCursor || !ctx.backend.listAnnouncements) return;
    try {
      const page = await this.call(ctx.backend, (b) => b.listAnnouncements!({ cursor: this.nextCursor!, limit: PAGE }));
      const known = this.itemsOf(ctx);
      this.items = [...known, ...page.items.filter((a) => !known.some((k) => k.id === a.id))];
      this.nextCursor = page.nextCursor;
    } catch {
      /* pk-error fired; the button stays */
    }
  }

  // ─── channel manager ────────────────────────────────────────────────────────────────────────

  private edit(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
    for (const k of Object.keys(patch)) if (k in this.draftErrors) this.draftErrors = { ...this.draftErrors, [k]: undefined };
    if ('body' in patch) {
      this.preview.typed(this.draft.body);
    }
  }

  private async publish(ctx: Loaded): Promise<void> {
    if (this.publishing) return;
    const d = this.draft;
    const errors: typeof this.draftErrors = {};
    if (!d.title.trim()) errors.title = this.t('announcements.field.required');
    if (!d.body.trim()) errors.body = this.t('announcements.field.required');
    this.draftErrors = errors;
    if (Object.keys(errors).length) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    if (!ctx.backend.publishAnnouncement) {
      this.publishError = notSupported(this.t('announcements.notSupported'));
      return;
    }
    this.publishing = true;
    this.publishError = null;
    try {
      const a = await this.call(ctx.backend, (b) =>
        b.publishAnnouncement!({
          title: d.title.trim(),
          body: d.body,
          pinned: d.pinned,
          requiresAcknowledgement: d.requiresAcknowledgement,
          audience: { tiers: d.tiers, motions: d.motions },
          // The end of the chosen day, in the channel manager's time zone.
          expiresAt: d.expires ? new Date(`${d.expires}T23:59:59`).toISOString() : undefined,
        }),
      );
      const known = this.itemsOf(ctx).filter((x) => x.id !== a.id);
      this.items = a.pinned ? [a, ...known] : [...known.filter((x) => x.pinned), a, ...known.filter((x) => !x.pinned)];
      this.draft = emptyDraft();
      void this.preview.show('');
      this.notice = this.t('announcements.published.ok', { title: a.title });
    } catch (error) {
      const f = PkApiError.from(error).fieldProblems;
      const mapped: typeof this.draftErrors = {};
      for (const k of ['title', 'body'] as const) if (f[k]) mapped[k] = this.fieldMessage(f[k]);
      if (f.expiresAt) mapped.expires = this.fieldMessage(f.expiresAt);
      this.draftErrors = mapped;
      this.publishError = error;
    } finally {
      this.publishing = false;
    }
  }

  private async loadReceipts(ctx: Loaded, id: string, force = false): Promise<void> {
    const state = this.receipts[id];
    if (!force && state && state.status !== 'error') return;
    if (!ctx.backend.getAnnouncementReceipts) return;
    this.receipts = { ...this.receipts, [id]: { status: 'loading' } };
    try {
      const report = await this.call(ctx.backend, (b) => b.getAnnouncementReceipts!(id, { limit: 100 }));
      this.receipts = { ...this.receipts, [id]: { status: 'done', report } };
    } catch (error) {
      this.receipts = { ...this.receipts, [id]: { status: 'error', error } };
    }
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────────

  private when(iso: string, withTime = false): TemplateResult {
    return html`<time datetime=${iso}>${withTime ? formatDateTime(this.i18n.locale, iso) : formatDate(this.i18n.locale, iso)}</time>`;
  }

  private renderReceipts(ctx: Loaded, a: Announcement): TemplateResult {
    const state = this.receipts[a.id];
    let content: unknown = nothing;
    if (!state || state.status === 'loading') content = html`<p class="loading" role="status" aria-busy="true">${this.t('announcements.receipts.loading')}</p>`;
    else if (state.status === 'error') content = this.renderError(state.error, () => void this.loadReceipts(ctx, a.id, true), this.t('announcements.receipts.error'));
    else {
      const r = state.report;
      content = html`<p>${this.t('announcements.receipts.counts', { read: r.read, acknowledged: r.acknowledged, pending: r.pending })}</p>
        <table class="report-table">
          <caption>${this.rich('announcements.receipts.caption', { title: a.title })}</caption>
          <thead><tr><th scope="col">${this.t('announcements.receipts.partner')}</th><th scope="col">${this.t('announcements.receipts.user')}</th><th scope="col">${this.t('announcements.receipts.read')}</th>${r.requiresAcknowledgement ? html`<th scope="col">${this.t('announcements.receipts.acknowledged')}</th>` : nothing}</tr></thead>
          <tbody>
            ${r.items.flatMap((p) =>
              p.users.length === 0
                ? [html`<tr><th scope="row"><bdi>${p.partner.name}</bdi></th><td class="muted">${this.t('announcements.receipts.noUsers')}</td><td></td>${r.requiresAcknowledgement ? html`<td></td>` : nothing}</tr>`]
                : p.users.map(
                    (u, i) => html`<tr>
                      <th scope="row">${i === 0 ? html`<bdi>${p.partner.name}</bdi>` : html`<span class="visually-hidden"><bdi>${p.partner.name}</bdi></span>`}</th>
                      <td><bdi>${u.name}</bdi></td>
                      <td>${u.readAt ? this.when(u.readAt, true) : html`<strong>${this.t('announcements.receipts.notYet')}</strong>`}</td>
                      ${r.requiresAcknowledgement ? html`<td>${u.acknowledgedAt ? this.when(u.acknowledgedAt, true) : html`<strong>${this.t('announcements.receipts.notYet')}</strong>`}</td>` : nothing}
                    </tr>`,
                  ),
            )}
          </tbody>
        </table>`;
    }
    return html`<details part="receipts" @toggle=${(ev: Event) => (ev.target as HTMLDetailsElement).open && void this.loadReceipts(ctx, a.id)}>
      <summary>${this.t('announcements.receipts')}</summary>
      ${content}
    </details>`;
  }

  private renderItem(ctx: Loaded, a: Announcement): TemplateResult {
    const cm = ctx.me.user.role === 'channel_manager';
    const unread = !cm && !a.readAt;
    const open = cm || this.expanded[a.id];
    const id = cssId(a.id);
    return html`<li>
      <article class="card item ${unread ? 'unread' : ''} ${a.pinned ? 'pinned' : ''} ${open ? '' : 'collapsed'}" part="item" data-id=${a.id} ?data-unread=${unread} aria-labelledby="t-${id}">
        <div class="item-head">
          ${a.pinned || unread
            ? html`<div class="tags">
                ${a.pinned ? html`<span class="badge" part="pinned">${this.t('announcements.pinned')}</span>` : nothing}
                ${unread ? html`<span class="badge" part="unread">${this.t('announcements.new')}</span>` : nothing}
              </div>`
            : nothing}
          <h3 id="t-${id}" part="title"><bdi>${a.title}</bdi></h3>
          <p class="muted">
            ${this.rich('announcements.published', { date: this.when(a.publishedAt) })}${a.expiresAt ? html` · ${this.rich('announcements.expires', { date: this.when(a.expiresAt) })}` : nothing}
          </p>
        </div>
        <div id="b-${id}">${richText(a.bodyHtml, 'body', 3)}</div>
        ${cm
          ? nothing
          : html`<div class="actions">
              <button type="button" aria-expanded=${open ? 'true' : 'false'} aria-controls="b-${id}" @click=${() => this.toggle(a)}>
                ${this.t(open ? 'announcements.close' : 'announcements.open')}<span class="visually-hidden">: <bdi>${a.title}</bdi></span>
              </button>
            </div>`}
        ${!cm && a.requiresAcknowledgement
          ? a.acknowledgedAt
            ? html`<p class="receipt" part="receipt" id="receipt-${id}" tabindex="-1">${this.rich('announcements.acknowledgedAt', { date: this.when(a.acknowledgedAt, true) })}</p>`
            : html`<p class="ack">${this.t('announcements.ackRequired')}</p>
                <div class="actions">
                  <button type="button" class="primary" part="acknowledge-button" aria-disabled=${this.busy[a.id] ? 'true' : 'false'} @click=${() => void this.acknowledge(ctx, a)}>
                    ${this.t('announcements.acknowledge')}<span class="visually-hidden">: <bdi>${a.title}</bdi></span>
                  </button>
                  ${this.busy[a.id] ? html`<span class="muted" role="status">${this.t('announcements.acknowledging')}</span>` : nothing}
                  ${this.failed[a.id] ? html`<span class="field-error" role="alert">${this.t('announcements.failed')}</span>` : nothing}
                </div>`
          : nothing}
        ${cm ? this.renderReceipts(ctx, a) : nothing}
      </article>
    </li>`;
  }

  private renderComposer(ctx: Loaded): TemplateResult {
    const d = this.draft;
    const e = this.draftErrors;
    const toggleIn = <T extends string>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
    return html`<section class="card" part="composer" aria-labelledby="compose-title">
      <h2 id="compose-title">${this.t('announcements.compose.title')}</h2>
      <form @submit=${(ev: Event) => { ev.preventDefault(); void this.publish(ctx); }} aria-busy=${this.publishing ? 'true' : 'false'}>
        <div class="field">
          <label for="a-title">${this.t('announcements.field.title')}</label>
          <input id="a-title" type="text" .value=${d.title} aria-invalid=${e.title ? 'true' : 'false'} aria-describedby=${e.title ? 'ae-title' : nothing}
            @input=${(ev: Event) => this.edit({ title: (ev.target as HTMLInputElement).value })} />
          ${e.title ? html`<p class="field-error" id="ae-title">${e.title}</p>` : nothing}
        </div>
        <div class="editor">
          <div class="field">
            <label for="a-body">${this.t('announcements.field.body')}</label>
            <textarea id="a-body" .value=${d.body} aria-invalid=${e.body ? 'true' : 'false'} aria-describedby="ah-body${e.body ? ' ae-body' : ''}"
              @input=${(ev: Event) => this.edit({ body: (ev.target as HTMLTextAreaElement).value })}></textarea>
            <p class="hint" id="ah-body">${this.t('announcements.field.bodyHint')}</p>
            ${e.body ? html`<p class="field-error" id="ae-body">${e.body}</p>` : nothing}
          </div>
          <section class="preview" part="preview" aria-labelledby="a-preview-title">
            <h3 id="a-preview-title">${this.t('announcements.preview')}</h3>
            ${this.preview.html ? richText(this.preview.html, 'preview-body', 3) : html`<p class="muted">${this.t('announcements.preview.empty')}</p>`}
          </section>
        </div>
        <div class="field">
          <label class="check"><input type="checkbox" .checked=${d.pinned} @change=${(ev: Event) => this.edit({ pinned: (ev.target as HTMLInputElement).checked })} />${this.t('announcements.field.pinned')}</label>
          <label class="check"><input type="checkbox" .checked=${d.requiresAcknowledgement} @change=${(ev: Event) => this.edit({ requiresAcknowledgement: (ev.target as HTMLInputElement).checked })} />${this.t('announcements.field.requiresAck')}</label>
        </div>
        <fieldset>
          <legend>${this.t('announcements.field.tiers')}</legend>
          ${TIERS.map((tier) => html`<label class="check"><input type="checkbox" .checked=${d.tiers.includes(tier)} @change=${(ev: Event) => this.edit({ tiers: toggleIn(d.tiers, tier, (ev.target as HTMLInputElement).checked) })} />${this.t(`tier.${tier}`)}</label>`)}
        </fieldset>
        <fieldset>
          <legend>${this.t('announcements.field.motions')}</legend>
          ${MOTIONS.map((m) => html`<label class="check"><input type="checkbox" .checked=${d.motions.includes(m)} @change=${(ev: Event) => this.edit({ motions: toggleIn(d.motions, m, (ev.target as HTMLInputElement).checked) })} />${this.t(`motion.${m}`)}</label>`)}
        </fieldset>
        <div class="field">
          <label for="a-expires">${this.t('announcements.field.expires')}</label>
          <input id="a-expires" type="date" .value=${d.expires} aria-invalid=${e.expires ? 'true' : 'false'} aria-describedby="ah-expires${e.expires ? ' ae-expires' : ''}"
            @input=${(ev: Event) => this.edit({ expires: (ev.target as HTMLInputElement).value })} />
          <p class="hint" id="ah-expires">${this.t('announcements.field.expiresHint')}</p>
          ${e.expires ? html`<p class="field-error" id="ae-expires">${e.expires}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="submit" class="primary" part="publish-button" aria-disabled=${this.publishing ? 'true' : 'false'}>${this.t('announcements.publish')}</button>
          ${this.publishing ? html`<span class="muted" role="status">${this.t('announcements.publishing')}</span>` : nothing}
        </div>
      </form>
      ${this.publishError ? this.renderError(this.publishError, () => void this.publish(ctx), this.t('announcements.publish.failed')) : nothing}
    </section>`;
  }

  private renderLoaded(ctx: Loaded): TemplateResult {
    const cm = ctx.me.user.role === 'channel_manager';
    const items = this.itemsOf(ctx);
    return html`<p class="visually-hidden status-line" role="status">${this.notice}</p>
      ${cm ? this.renderComposer(ctx) : nothing}
      <section aria-labelledby="feed-title">
        <div class="bar">
          <h2 id="feed-title">${this.t('announcements.heading')}</h2>
          ${cm ? nothing : html`<span class="muted">${this.t('announcements.unread', { count: this.unreadCount })}</span>`}
        </div>
        ${items.length === 0
          ? html`<p class="empty" part="empty">${this.t('announcements.empty')}</p>`
          : html`<ul class="feed" part="feed">${items.map((a) => this.renderItem(ctx, a))}</ul>`}
        ${this.nextCursor ? html`<div class="actions"><button type="button" @click=${() => void this.more(ctx)}>${this.t('announcements.more')}</button></div>` : nothing}
      </section>`;
  }

  override render() {
    return this.feed.render({
      initial: () => html`<div class="loading" role="status" aria-busy="true">${this.t('announcements.loading')}</div>`,
      pending: () => html`<div class="loading" role="status" aria-busy="true">${this.t('announcements.loading')}</div>`,
      complete: (ctx) => this.renderLoaded(ctx),
      error: (error) => this.renderError(error, () => this.refresh(), this.t('announcements.error')),
    });
  }
}

function cssId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
