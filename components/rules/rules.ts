import '../../src/i18n/field-messages.js';
import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { PartnerBackend, RulesVersionList } from '../../src/api/backend.js';
import { PkApiError } from '../../src/api/errors.js';
import type { PkStreamEvent } from '../../src/api/event-stream.js';
import type { CurrentRules, RulesAcknowledgementReport, RulesReceipt } from '../../src/contract/engagement.js';
import type { Me } from '../../src/contract/schemas.js';
import { PkRulesAcknowledgedEvent } from '../../src/events/pk-rules-acknowledged.js';
import { formatDate, formatDateTime } from '../../src/internal/format.js';
import { MarkdownPreview } from '../../src/internal/markdown.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { richText } from '../../src/internal/rich-text.js';
import { engagementStyles } from '../../src/styles/engagement.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { rulesStyles } from './rules.styles.js';

interface Loaded {
  me: Me;
  /** null: nothing published yet. */
  current: CurrentRules | null;
  versions: RulesVersionList | null;
  backend: PartnerBackend;
}

interface Draft {
  title: string;
  summary: string;
  body: string;
  touched: boolean;
}

type ReportState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; report: RulesAcknowledgementReport; loadingMore?: boolean };

const notSupported = (title: string) => new PkApiError('config', { type: 'about:blank', title, status: 0 });
const isNotFound = (e: unknown) => e instanceof PkApiError && e.status === 404;

/**
 * The current rules of engagement. A partner user reads them — with the changes since the version
 * they last accepted highlighted — and accepts them once ("I have read and accept" sends exactly
 * one receipt however often it is clicked), then sees the receipt. A channel manager writes and
 * publishes the next version (Markdown with a live, sanitized preview and a summary of what
 * changed) and sees, per version, which partner organisations and users have and have not
 * acknowledged it. A newly published version appears live.
 *
 * @tag pk-rules
 * @summary Rules of engagement with acknowledgment receipts; publishing and reports for a channel manager.
 * @event {PkRulesAcknowledgedEvent} pk-rules-acknowledged - The user's acknowledgment was recorded (detail: `{ version, acknowledgedAt }`).
 * @event pk-error - A backend call failed (detail: problem object with `kind`).
 * @csspart rules - The current rules (title, changes, text, acknowledgment).
 * @csspart title - The rules' title.
 * @csspart changes - What changed since the user's last acknowledgment.
 * @csspart diff - The word-level changes in the text.
 * @csspart body - The rules' text (sanitized rich text).
 * @csspart accept-button - The "I have read and accept" button.
 * @csspart receipt - The acknowledgment receipt (version, time).
 * @csspart editor - The channel manager's form for a new version.
 * @csspart preview - The live preview of the new version's text.
 * @csspart publish-button - The publish button.
 * @csspart versions - The channel manager's list of versions with acknowledgments.
 * @csspart report - One version's acknowledgments table.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 * @cssproperty --pk-rules-changes-color - Accent of the "what changed" box (default: the warning colour).
 * @cssproperty --pk-rules-insert-background - Background of added text in the changes.
 * @cssproperty --pk-rules-delete-background - Background of removed text in the changes.
 */
export class PkRules extends PkElement {
  static override styles = [hostStyles, stateStyles, engagementStyles, rulesStyles];

  static readonly parts = [
    'rules', 'title', 'changes', 'diff', 'body', 'accept-button', 'receipt', 'editor', 'preview', 'publish-button', 'versions', 'report', 'empty', 'error', 'retry-button',
  ] as const;

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    latest: { state: true },
    receipt: { state: true },
    accepting: { state: true },
    acceptError: { state: true },
    notice: { state: true },
    draft: { state: true },
    draftErrors: { state: true },
    publishing: { state: true },
    publishError: { state: true },
    reports: { state: true },
    versions: { state: true },
  };

  /** The rules as changed since the task loaded them (a live new version, an acknowledgment). */
  declare private latest: CurrentRules | null | undefined;
  declare private receipt: RulesReceipt | null;
  declare private accepting: boolean;
  declare private acceptError: unknown;
  /** A polite status message (new version, published, superseded). */
  declare private notice: string;
  declare private draft: Draft;
  declare private draftErrors: Partial<Record<'title' | 'summary' | 'body', unknown>>;
  declare private publishing: boolean;
  declare private publishError: unknown;
  declare private reports: Record<number, ReportState>;
  declare private versions: RulesVersionList | null | undefined;

  /** The one acknowledgment request in flight, per version: a second click joins it. */
  private pendingAck: { version: number; promise: Promise<RulesReceipt | null> } | null = null;
  private unsubscribe?: () => void;
  private subscribedTo?: PartnerBackend;
  private readonly preview = new MarkdownPreview(this);

  private readonly rules = new Task(this, {
    task: ([backend], { signal }) =>
      this.call(backend, async (b): Promise<Loaded> => {
        if (!b.getCurrentRules || !b.acknowledgeRules) throw notSupported(this.t('rules.notSupported'));
        const me = await b.getMe({ signal });
        const current = await b.getCurrentRules({ signal }).catch((e: unknown) => {
          if (isNotFound(e)) return null;
          throw e;
        });
        const versions = me.user.role === 'channel_manager' && b.listRulesVersions ? await b.listRulesVersions({ signal, limit: 10 }) : null;
        this.latest = undefined;
        this.versions = undefined;
        this.receipt = null;
        this.subscribe(b);
        if (me.user.role === 'channel_manager' && !this.draft.touched && current) {
          this.draft = { title: current.title, summary: '', body: current.body, touched: false };
          void this.preview.show(current.body);
        }
        return { me, current, versions, backend: b };
      }),
    args: () => [this.backendOrError()] as const,
  });

  constructor() {
    super();
    this.latest = undefined;
    this.receipt = null;
    this.accepting = false;
    this.acceptError = null;
    this.notice = '';
    this.draft = { title: '', summary: '', body: '', touched: false };
    this.draftErrors = {};
    this.publishing = false;
    this.publishError = null;
    this.reports = {};
    this.versions = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.subscribedTo) this.subscribe(this.subscribedTo, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Reloads the rules. */
  refresh(): void {
    void this.rules.run();
  }

  private subscribe(backend: PartnerBackend, force = false): void {
    if (!force && this.subscribedTo === backend && this.unsubscribe) return;
    this.unsubscribe?.();
    this.subscribedTo = backend;
    this.unsubscribe = backend.subscribe?.((event) => void this.onLive(event), ['rules.published']);
  }

  private async onLive(event: PkStreamEvent): Promise<void> {
    const ctx = this.rules.value;
    if (!ctx?.backend.getCurrentRules) return;
    try {
      const current = await ctx.backend.getCurrentRules();
      if (current.version === this.currentOf(ctx)?.version) return;
      this.latest = current;
      this.receipt = null;
      this.acceptError = null;
      this.notice = this.t('rules.newVersion', { version: current.version });
      if (ctx.me.user.role === 'channel_manager') void this.reloadVersions(ctx);
    } catch {
      /* the next event or a reload tries again */
    }
    void event;
  }

  private currentOf(ctx: Loaded): CurrentRules | null {
    return this.latest === undefined ? ctx.current : this.latest;
  }

  private async accept(ctx: Loaded, current: CurrentRules): Promise<void> {
    if (this.receipt?.version === current.version || current.acknowledgedAt) return;
    if (this.pendingAck?.version === current.version) {
      await this.pendingAck.promise;
      return;
    }
    this.accepting = true;
    this.acceptError = null;
    const promise = this.call(ctx.backend, (b) => b.acknowledgeRules!(current.version, current.bodySha256))
      .then((receipt) => {
        this.receipt = receipt;
        this.latest = { ...current, acknowledgedAt: receipt.acknowledgedAt, acknowledgedVersion: receipt.version, changes: null };
        this.dispatchEvent(new PkRulesAcknowledgedEvent({ version: receipt.version, acknowledgedAt: receipt.acknowledgedAt }));
        return receipt;
      })
      .catch(async (error: unknown) => {
        const e = PkApiError.from(error);
        if (e.status === 409 || e.status === 422) {
          // Superseded while reading: show the new version, ask again.
          try {
            this.latest = await ctx.backend.getCurrentRules!();
            this.notice = this.t('rules.superseded');
          } catch (reload) {
            this.acceptError = reload;
          }
        } else {
          this.acceptError = error;
        }
        return null;
      })
      .finally(() => {
        this.accepting = false;
        this.pendingAck = null;
      });
    this.pendingAck = { version: current.version, promise };
    await promise;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="receipt"], [part~="accept-button"]')?.focus();
  }

  // ─── channel manager ────────────────────────────────────────────────────────────────────────

  private edit(field: 'title' | 'summary' | 'body', value: string): void {
    this.draft = { ...this.draft, [field]: value, touched: true };
    if (this.draftErrors[field]) this.draftErrors = { ...this.draftErrors, [field]: undefined };
    if (field === 'body') {
      this.preview.typed(this.draft.body);
    }
  }

  private async publish(ctx: Loaded): Promise<void> {
    if (this.publishing) return;
    const errors: typeof this.draftErrors = {};
    for (const f of ['title', 'summary', 'body'] as const) if (!this.draft[f].trim()) errors[f] = this.t('rules.field.required');
    this.draftErrors = errors;
    if (Object.keys(errors).length) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    if (!ctx.backend.publishRules) {
      this.publishError = notSupported(this.t('rules.notSupported'));
      return;
    }
    this.publishing = true;
    this.publishError = null;
    try {
      const published = await this.call(ctx.backend, (b) => b.publishRules!({ title: this.draft.title.trim(), summary: this.draft.summary.trim(), body: this.draft.body }));
      this.latest = { ...published, acknowledgedAt: null, acknowledgedVersion: null, changes: null };
      this.draft = { title: published.title, summary: '', body: published.body, touched: false };
      this.notice = this.t('rules.published', { version: published.version });
      await this.reloadVersions(ctx);
    } catch (error) {
      const e = PkApiError.from(error);
      const f = e.fieldProblems;
      const mapped: typeof this.draftErrors = {};
      for (const k of ['title', 'summary', 'body'] as const) if (f[k]) mapped[k] = this.fieldMessage(f[k]);
      this.draftErrors = mapped;
      this.publishError = error;
    } finally {
      this.publishing = false;
    }
  }

  private async reloadVersions(ctx: Loaded): Promise<void> {
    if (!ctx.backend.listRulesVersions) return;
    try {
      this.versions = await ctx.backend.listRulesVersions({ limit: 10 });
      this.reports = {};
    } catch {
      /* keep the list we have */
    }
  }

  private async moreVersions(ctx: Loaded, list: RulesVersionList): Promise<void> {
    if (!list.nextCursor || !ctx.backend.listRulesVersions) return;
    try {
      const next = await this.call(ctx.backend, (b) => b.listRulesVersions!({ cursor: list.nextCursor!, limit: 10 }));
      this.versions = { ...next, items: [...list.items, ...next.items] };
    } catch {
      /* pk-error was fired; the button stays */
    }
  }

  private async loadReport(ctx: Loaded, version: number, more = false): Promise<void> {
    const state = this.reports[version];
    if (!more && state && state.status !== 'error') return;
    if (!ctx.backend.getRulesAcknowledgements) return;
    if (more && state?.status === 'done') this.reports = { ...this.reports, [version]: { ...state, loadingMore: true } };
    else this.reports = { ...this.reports, [version]: { status: 'loading' } };
    try {
      const cursor = more && state?.status === 'done' ? (state.report.nextCursor ?? undefined) : undefined;
      const report = await this.call(ctx.backend, (b) => b.getRulesAcknowledgements!(version, { cursor, limit: 25 }));
      const merged = more && state?.status === 'done' ? { ...report, items: [...state.report.items, ...report.items] } : report;
      this.reports = { ...this.reports, [version]: { status: 'done', report: merged } };
    } catch (error) {
      this.reports = { ...this.reports, [version]: { status: 'error', error } };
    }
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────────

  private when(iso: string, withTime = false): TemplateResult {
    return html`<time datetime=${iso}>${withTime ? formatDateTime(this.i18n.locale, iso) : formatDate(this.i18n.locale, iso)}</time>`;
  }

  private renderChanges(current: CurrentRules): TemplateResult | typeof nothing {
    const changes = current.changes;
    if (!changes || current.acknowledgedAt) return nothing;
    return html`<section class="card changes" part="changes" aria-labelledby="changes-title">
      <h3 id="changes-title">${this.t('rules.changes.title', { version: changes.sinceVersion })}</h3>
      ${changes.summaries.length
        ? html`<ul>
            ${changes.summaries.map((s) => html`<li>${this.rich('rules.changes.summary', { version: s.version, summary: s.summary })}</li>`)}
          </ul>`
        : nothing}
      ${changes.diff.some((p) => p.op !== 'equal')
        ? html`<h4>${this.t('rules.changes.diff')}</h4>
            <p class="hint">${this.t('rules.changes.legend')}</p>
            <div class="diff" part="diff" tabindex="0" role="region" aria-label=${this.t('rules.changes.diff')}>${changes.diff.map((p) =>
              p.op === 'insert'
                ? html`<ins><span class="visually-hidden">${this.t('rules.changes.inserted')} </span><bdi>${p.text}</bdi></ins>`
                : p.op === 'delete'
                  ? html`<del><span class="visually-hidden">${this.t('rules.changes.deleted')} </span><bdi>${p.text}</bdi></del>`
                  : html`<bdi>${p.text}</bdi>`,
            )}</div>`
        : nothing}
    </section>`;
  }

  private renderAcceptance(ctx: Loaded, current: CurrentRules): TemplateResult | typeof nothing {
    if (ctx.me.user.role === 'channel_manager') return nothing;
    const acknowledgedAt = this.receipt?.version === current.version ? this.receipt.acknowledgedAt : current.acknowledgedAt;
    if (acknowledgedAt) {
      return html`<p class="receipt" part="receipt" tabindex="-1">${this.rich('rules.receipt', { version: current.version, date: this.when(acknowledgedAt, true) })}</p>`;
    }
    return html`<div class="actions">
        <button type="button" class="primary" part="accept-button" aria-disabled=${this.accepting ? 'true' : 'false'} @click=${() => void this.accept(ctx, current)}>
          ${this.t('rules.accept')}
        </button>
        ${this.accepting ? html`<span class="muted" role="status">${this.t('rules.accepting')}</span>` : nothing}
      </div>
      ${this.acceptError ? this.renderError(this.acceptError, () => void this.accept(ctx, current), this.t('rules.accept.failed')) : nothing}`;
  }

  private renderCurrent(ctx: Loaded, current: CurrentRules): TemplateResult {
    return html`<article class="card" part="rules" aria-labelledby="rules-title">
      <div class="head">
        <p class="eyebrow">${this.t('rules.heading')}</p>
        <h2 id="rules-title" part="title"><bdi>${current.title}</bdi></h2>
        <p class="muted">${this.rich('rules.meta', { version: current.version, date: this.when(current.publishedAt) })}</p>
      </div>
      ${this.renderChanges(current)} ${richText(current.bodyHtml, 'body')} ${this.renderAcceptance(ctx, current)}
    </article>`;
  }

  private renderEditor(ctx: Loaded, current: CurrentRules | null): TemplateResult {
    const d = this.draft;
    const e = this.draftErrors;
    const next = (current?.version ?? 0) + 1;
    const field = (id: 'title' | 'summary', label: string, short = false) => html`<div class="field">
      <label for="f-${id}">${label}</label>
      ${short
        ? html`<textarea id="f-${id}" class="short" .value=${d[id]} aria-invalid=${e[id] ? 'true' : 'false'} aria-describedby=${e[id] ? `e-${id}` : nothing}
            @input=${(ev: Event) => this.edit(id, (ev.target as HTMLTextAreaElement).value)}></textarea>`
        : html`<input id="f-${id}" type="text" .value=${d[id]} aria-invalid=${e[id] ? 'true' : 'false'} aria-describedby=${e[id] ? `e-${id}` : nothing}
            @input=${(ev: Event) => this.edit(id, (ev.target as HTMLInputElement).value)} />`}
      ${e[id] ? html`<p class="field-error" id="e-${id}">${e[id]}</p>` : nothing}
    </div>`;
    return html`<section class="card" part="editor" aria-labelledby="editor-title">
      <h2 id="editor-title">${this.t('rules.publish.title')}</h2>
      <p class="muted">${this.t('rules.publish.next', { version: next })}</p>
      <form @submit=${(ev: Event) => { ev.preventDefault(); void this.publish(ctx); }} aria-busy=${this.publishing ? 'true' : 'false'}>
        ${field('title', this.t('rules.field.title'))} ${field('summary', this.t('rules.field.summary'), true)}
        <div class="editor">
          <div class="field">
            <label for="f-body">${this.t('rules.field.body')}</label>
            <textarea id="f-body" .value=${d.body} aria-invalid=${e.body ? 'true' : 'false'} aria-describedby="h-body${e.body ? ' e-body' : ''}"
              @input=${(ev: Event) => this.edit('body', (ev.target as HTMLTextAreaElement).value)}></textarea>
            <p class="hint" id="h-body">${this.t('rules.field.bodyHint')}</p>
            ${e.body ? html`<p class="field-error" id="e-body">${e.body}</p>` : nothing}
          </div>
          <section class="preview" part="preview" aria-labelledby="preview-title" aria-live="off">
            <h3 id="preview-title">${this.t('rules.preview')}</h3>
            ${this.preview.html ? richText(this.preview.html, 'preview-body', 3) : html`<p class="muted">${this.t('rules.preview.empty')}</p>`}
          </section>
        </div>
        <div class="actions">
          <button type="submit" class="primary" part="publish-button" aria-disabled=${this.publishing ? 'true' : 'false'}>${this.t('rules.publish')}</button>
          ${this.publishing ? html`<span class="muted" role="status">${this.t('rules.publishing')}</span>` : nothing}
        </div>
      </form>
      ${this.publishError ? this.renderError(this.publishError, () => void this.publish(ctx), this.t('rules.publish.failed')) : nothing}
    </section>`;
  }

  private renderReport(ctx: Loaded, version: number): TemplateResult {
    const state = this.reports[version];
    if (!state || state.status === 'loading') return html`<p class="loading" role="status" aria-busy="true">${this.t('rules.report.loading')}</p>`;
    if (state.status === 'error') return this.renderError(state.error, () => void this.loadReport(ctx, version), this.t('rules.report.error'));
    const r = state.report;
    return html`<p>${this.t('rules.report.counts', { acknowledged: r.acknowledged, pending: r.pending })}</p>
      <table class="report-table" part="report">
        <caption>${this.t('rules.report.caption', { version })}</caption>
        <thead><tr><th scope="col">${this.t('rules.report.partner')}</th><th scope="col">${this.t('rules.report.user')}</th><th scope="col">${this.t('rules.report.status')}</th></tr></thead>
        <tbody>
          ${r.items.flatMap((p) =>
            p.users.length === 0
              ? [html`<tr><th scope="row"><bdi>${p.partner.name}</bdi></th><td class="muted">${this.t('rules.report.noUsers')}</td><td></td></tr>`]
              : p.users.map(
                  (u, i) => html`<tr>
                    <th scope="row">${i === 0 ? html`<bdi>${p.partner.name}</bdi>` : html`<span class="visually-hidden"><bdi>${p.partner.name}</bdi></span>`}</th>
                    <td><bdi>${u.name}</bdi></td>
                    <td>${u.acknowledgedAt ? this.rich('rules.report.at', { date: this.when(u.acknowledgedAt, true) }) : html`<strong>${this.t('rules.report.notYet')}</strong>`}</td>
                  </tr>`,
                ),
          )}
        </tbody>
      </table>
      ${r.nextCursor
        ? html`<button type="button" aria-disabled=${state.loadingMore ? 'true' : 'false'} @click=${() => !state.loadingMore && void this.loadReport(ctx, version, true)}>${this.t('rules.report.more')}</button>`
        : nothing}`;
  }

  private renderVersions(ctx: Loaded, current: CurrentRules | null): TemplateResult {
    const list = this.versions ?? ctx.versions;
    return html`<section class="card" part="versions" aria-labelledby="versions-title">
      <h2 id="versions-title">${this.t('rules.versions.title')}</h2>
      ${!list || list.items.length === 0
        ? html`<p class="muted">${this.t('rules.versions.empty')}</p>`
        : html`<ul class="versions">
              ${list.items.map(
                (v) => html`<li>
                  <details @toggle=${(ev: Event) => (ev.target as HTMLDetailsElement).open && void this.loadReport(ctx, v.version)}>
                    <summary>
                      ${this.rich('rules.versions.item', { version: v.version, title: v.title })}
                      ${v.version === current?.version ? html`<span class="badge">${this.t('rules.versions.current')}</span>` : nothing}
                      <span class="muted">${this.when(v.publishedAt)}</span>
                    </summary>
                    <p class="muted"><bdi>${v.summary}</bdi></p>
                    ${this.renderReport(ctx, v.version)}
                  </details>
                </li>`,
              )}
            </ul>
            ${list.nextCursor ? html`<button type="button" @click=${() => void this.moreVersions(ctx, list)}>${this.t('rules.versions.more')}</button>` : nothing}`}
    </section>`;
  }

  private renderLoaded(ctx: Loaded): TemplateResult {
    const current = this.currentOf(ctx);
    const cm = ctx.me.user.role === 'channel_manager';
    return html`<p class="visually-hidden status-line" role="status">${this.notice}</p>
      ${current ? this.renderCurrent(ctx, current) : html`<p class="empty" part="empty">${this.t('rules.empty')}</p>`}
      ${cm ? html`${this.renderEditor(ctx, current)} ${this.renderVersions(ctx, current)}` : nothing}`;
  }

  override render() {
    return this.rules.render({
      initial: () => html`<div class="loading" role="status" aria-busy="true">${this.t('rules.loading')}</div>`,
      pending: () => html`<div class="loading" role="status" aria-busy="true">${this.t('rules.loading')}</div>`,
      complete: (ctx) => this.renderLoaded(ctx),
      error: (error) => this.renderError(error, () => this.refresh(), this.t('rules.error')),
    });
  }
}
