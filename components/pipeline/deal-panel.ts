import './panel-messages.js';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { ref, createRef } from 'lit/directives/ref.js';
import { PkApiError } from '../../src/api/errors.js';
import { CONTACT_ROLES, stagesOf, type Stage } from '../../src/contract/motions.js';
import { NEXT_STEP_MAX, STAGE_NOTE_MAX, stageMoveCriteria, meetsCriterion, type ExitCriterion } from '../../src/contract/pipeline.js';
import type { Extension, HistoryEntry } from '../../src/contract/registration.js';
import type { Deal, VendorDeal } from '../../src/contract/schemas.js';
import { clearDraft, loadDraft, saveDraft } from '../../src/drafts/draft-store.js';
import { attributionText, conflict, date, domainOf, isStale, money, protection, relative, statusBadge } from './cells.js';
import { adoptStyles, type PipelineHost } from './host.js';
import { panelStyles } from './deal-panel.styles.js';

type Notice = 'saved' | 'stale' | 'changed' | 'changedWhileEditing' | null;

/**
 * What the user typed in the panel for one deal and has not saved or sent yet, kept in the
 * browser (host.draftKey(): per backend, partner and user, wiped by `signOut()`) so a reload
 * loses nothing. `version` is the deal's version the edits were made on.
 */
interface PanelDraft {
  version?: number;
  nextStep?: string;
  stageNote?: string;
  reason?: string;
}

/**
 * The deal panel: a modal side dialog with everything about one deal — next step and stage
 * note (with the note's age), partner contacts by role, protection and SLA, attribution, the
 * vendor's fields for a channel manager, and the history. The user edits the next step and stage
 * note, confirms amount and close date, moves the stage (the exit criteria of the chosen stage
 * are listed before trying, and a refused move lists what is missing next to the control), and
 * requests a protection extension where allowed.
 *
 * A change by someone else while the panel is open is shown (live event, or a 409 stale write
 * carrying their version) and never silently overwritten: the user's unsaved text is kept.
 * Escape (the dialog's cancel) closes it, and focus returns to the row or card that opened it.
 *
 * Loaded on first use (its own chunk, with its styles).
 */
export class DealPanel {
  private deal: Deal | null = null;
  /** The deal as the user's draft is based on (its version is sent with a save). */
  private base: Deal | null = null;
  private draft: { nextStep: string; stageNote: string } = { nextStep: '', stageNote: '' };
  private dirty = false;
  private saving = false;
  private saveError: PkApiError | null = null;
  private notice: Notice = null;
  private target: Stage | null = null;
  private moving = false;
  private moveResult: { stage: Stage; missing?: ExitCriterion[]; error?: PkApiError } | null = null;
  private history: HistoryEntry[] | null = null;
  private historyError: unknown = null;
  private extension: Extension | null = null;
  private extensionError: PkApiError | null = null;
  /** The extension request's reason as typed (kept like the edits). */
  private reason = '';
  /** Whether the extension form opened with a restored reason (then it starts expanded). */
  private reasonRestored = false;
  private readonly dialog = createRef<HTMLDialogElement>();

  constructor(
    private readonly host: PipelineHost,
    private readonly onClosed: () => void,
  ) {
    adoptStyles(host, panelStyles);
  }

  get openId(): string | undefined {
    return this.deal?.id;
  }

  open(deal: Deal): void {
    this.deal = this.base = deal;
    // What the user typed here before (this visit or before a reload) comes back.
    const key = this.host.draftKey(deal.id);
    const saved = key ? loadDraft<PanelDraft>(key) : null;
    this.dirty = typeof saved?.nextStep === 'string' && typeof saved.stageNote === 'string';
    this.draft = {
      nextStep: this.dirty ? saved!.nextStep! : (deal.nextStep ?? ''),
      stageNote: this.dirty ? saved!.stageNote! : (deal.stageNote?.text ?? ''),
    };
    this.reason = typeof saved?.reason === 'string' ? saved.reason : '';
    this.reasonRestored = !!this.reason;
    this.saveError = null;
    // The deal changed since the text was typed: say so (their values are listed), never overwrite silently.
    this.notice = this.dirty && saved?.version !== undefined && deal.version !== undefined && saved.version !== deal.version ? 'changedWhileEditing' : null;
    this.target = this.nextStage(deal);
    this.moveResult = null;
    this.extension = null;
    this.extensionError = null;
    void this.loadHistory(deal.id);
    this.host.requestUpdate();
    queueMicrotask(() => void Promise.resolve().then(() => this.showModal()));
  }

  private showModal(): void {
    const dialog = this.dialog.value;
    if (dialog && !dialog.open) dialog.showModal();
    else if (!dialog) requestAnimationFrame(() => this.showModal());
  }

  close(): void {
    this.dialog.value?.close();
  }

  private onClose(): void {
    this.deal = this.base = null;
    this.history = null;
    this.onClosed();
  }

  /** The deal as our own write left it (optimistic or accepted): shown, draft follows when clean. */
  show(deal: Deal): void {
    if (deal.id !== this.deal?.id) return;
    this.deal = deal;
    if (!this.dirty) {
      this.base = deal;
      this.draft = { nextStep: deal.nextStep ?? '', stageNote: deal.stageNote?.text ?? '' };
    }
  }

  /** A live update of the open deal by someone else: shown; unsaved text is kept. */
  receive(deal: Deal): void {
    if (deal.id !== this.deal?.id || (deal.version !== undefined && deal.version === this.deal.version)) return;
    this.notice = this.dirty ? 'changedWhileEditing' : 'changed';
    this.show(deal);
    if (!this.dirty) void this.loadHistory(deal.id);
    this.host.requestUpdate();
  }

  /** Keeps what the user typed and has not saved (cleared when nothing is left unsaved). */
  private persist(): void {
    const key = this.deal && this.host.draftKey(this.deal.id);
    if (!key) return;
    const draft: PanelDraft = {};
    if (this.dirty) Object.assign(draft, { version: this.base?.version, ...this.draft });
    if (this.reason.trim()) draft.reason = this.reason;
    if (Object.keys(draft).length) saveDraft(key, draft);
    else clearDraft(key);
  }

  private nextStage(deal: Deal): Stage | null {
    const stages = stagesOf(deal.motion);
    return stages[stages.indexOf(deal.stage) + 1] ?? stages[stages.indexOf(deal.stage) - 1] ?? null;
  }

  private async loadHistory(id: string): Promise<void> {
    const backend = this.host.backend();
    if (!backend?.getDealHistory) return;
    try {
      const { items } = await this.host.call((b) => b.getDealHistory!(id));
      if (this.deal?.id === id) {
        this.history = items;
        this.historyError = null;
      }
    } catch (error) {
      this.historyError = error;
    }
    this.host.requestUpdate();
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const base = this.base;
    if (!base || this.saving) return;
    const patch: { nextStep?: string | null; stageNote?: string | null } = {};
    if (this.draft.nextStep.trim() !== (base.nextStep ?? '')) patch.nextStep = this.draft.nextStep.trim() || null;
    if (this.draft.stageNote.trim() !== (base.stageNote?.text ?? '')) patch.stageNote = this.draft.stageNote.trim() || null;
    if (!Object.keys(patch).length) return;
    this.saving = true;
    this.saveError = null;
    this.notice = null;
    this.host.requestUpdate();
    const result = await this.host.writeDeal(base, patch);
    this.saving = false;
    if (result.ok) {
      this.dirty = false;
      this.notice = 'saved';
      this.show(result.deal);
      this.persist();
      void this.loadHistory(result.deal.id);
    } else if (result.stale) {
      // Their version is now the base (its version goes with the next save); our text stays.
      this.base = result.deal;
      this.deal = result.deal;
      this.notice = 'stale';
      this.persist();
    } else {
      this.saveError = result.error ?? null;
    }
    this.host.requestUpdate();
  }

  private async confirm(field: 'amountConfirmed' | 'closeDateConfirmed'): Promise<void> {
    const deal = this.deal;
    if (!deal) return;
    const result = await this.host.writeDeal(deal, { [field]: true });
    if (result.stale) this.notice = 'stale';
    this.host.requestUpdate();
  }

  private async move(): Promise<void> {
    const deal = this.deal;
    const stage = this.target;
    if (!deal || !stage || this.moving) return;
    this.moving = true;
    this.moveResult = null;
    this.host.requestUpdate();
    const result = await this.host.moveDeal(deal, stage);
    this.moving = false;
    if (result.ok) {
      this.moveResult = { stage };
      this.target = this.nextStage(result.deal);
      void this.loadHistory(deal.id);
    } else if (result.stale) {
      this.notice = 'stale';
    } else {
      this.moveResult = { stage, missing: result.refused?.missing, error: result.refused ? undefined : result.error };
    }
    this.host.requestUpdate();
  }

  private async requestExtension(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const deal = this.deal;
    if (!deal) return;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const days = Number(data.get('days')) || undefined;
    const reason = String(data.get('reason') ?? '').trim() || undefined;
    try {
      const result = await this.host.call((b) => b.requestExtension!(deal.id, { days, reason }));
      this.extension = result.extension;
      this.extensionError = null;
      this.reason = '';
      this.persist();
      this.show(result.deal);
      void this.loadHistory(deal.id);
    } catch (error) {
      this.extensionError = PkApiError.from(error);
    }
    this.host.requestUpdate();
  }

  private renderCriteria(deal: Deal, stage: Stage) {
    const w = this.host;
    const needed = stageMoveCriteria(deal.motion, deal.stage, stage);
    const missing = needed.filter((c) => !meetsCriterion(deal, c));
    return html`<p class="sub" id="criteria-intro">
        ${w.t(missing.length ? 'pipeline.panel.move.needs' : 'pipeline.panel.move.ready', { stage: w.t(`stage.${stage}`) })}
      </p>
      <ul class="criteria" aria-labelledby="criteria-intro">
        ${needed.map((c) => {
          const met = !missing.includes(c);
          return html`<li class=${met ? 'met' : 'missing'}>
            <span class="mark">${w.t(met ? 'pipeline.criterion.met' : 'pipeline.criterion.missing')}</span> ${w.t(`pipeline.criteria.${c}`)}
          </li>`;
        })}
      </ul>`;
  }

  private renderMove(deal: Deal, editable: boolean) {
    const w = this.host;
    const stages = stagesOf(deal.motion);
    const result = this.moveResult;
    return html`<section class="move" aria-labelledby="panel-move">
      <h3 id="panel-move">${w.t('pipeline.panel.move')}</h3>
      <p>${w.t(`stage.${deal.stage}`)} <span class="sub">${w.t(`motion.${deal.motion}`)}</span></p>
      ${editable
        ? html`<div class="move-row">
              <label
                >${w.t('pipeline.panel.move.to')}
                <select
                  @change=${(e: Event) => {
                    this.target = (e.target as HTMLSelectElement).value as Stage;
                    this.moveResult = null;
                    w.requestUpdate();
                  }}
                  aria-describedby="move-result"
                >
                  ${stages
                    .filter((s) => s !== deal.stage)
                    .map((s) => html`<option value=${s} ?selected=${s === this.target}>${w.t(`stage.${s}`)}</option>`)}
                </select></label
              >
              <button type="button" class="move-submit" ?disabled=${this.moving || !this.target} @click=${() => void this.move()}>
                ${w.t('pipeline.panel.move.submit')}
              </button>
            </div>
            <div id="move-result">
              ${result?.missing
                ? html`<div class="refused" role="alert">
                    ${w.t('pipeline.panel.move.refused', { stage: w.t(`stage.${result.stage}`) })}
                    <ul>
                      ${result.missing.map((c) => html`<li>${w.t(`pipeline.criteria.${c}`)}</li>`)}
                    </ul>
                  </div>`
                : result?.error
                  ? html`<p class="refused" role="alert"><bdi>${result.error.problem.title}</bdi></p>`
                  : result
                    ? html`<p role="status">${w.t('pipeline.panel.move.done', { stage: w.t(`stage.${result.stage}`) })}</p>`
                    : nothing}
            </div>
            ${this.target && !result?.missing ? this.renderCriteria(deal, this.target) : nothing}
            <div class="confirmations">
              ${deal.amountConfirmedAt
                ? html`<span class="sub">${w.t('pipeline.col.amount')}: ${w.rich('pipeline.panel.confirmed', { when: relative(w, deal.amountConfirmedAt) })}</span>`
                : html`<button type="button" @click=${() => void this.confirm('amountConfirmed')}>${w.t('pipeline.panel.confirmAmount')}</button>`}
              ${deal.closeDateConfirmedAt
                ? html`<span class="sub">${w.t('pipeline.col.closeDate')}: ${w.rich('pipeline.panel.confirmed', { when: relative(w, deal.closeDateConfirmedAt) })}</span>`
                : html`<button type="button" @click=${() => void this.confirm('closeDateConfirmed')}>${w.t('pipeline.panel.confirmCloseDate')}</button>`}
            </div>`
        : html`<p class="sub">${w.t('pipeline.panel.readOnly')}</p>`}
    </section>`;
  }

  private renderEdit(deal: Deal, editable: boolean) {
    const w = this.host;
    const note = deal.stageNote;
    const theirs = this.notice === 'stale' || this.notice === 'changedWhileEditing';
    const input = (field: 'nextStep' | 'stageNote') => (e: Event) => {
      this.draft = { ...this.draft, [field]: (e.target as HTMLInputElement).value };
      this.dirty = true;
      this.persist();
    };
    return html`<section class="edit" aria-labelledby="panel-edit">
      <h3 id="panel-edit">${w.t('pipeline.panel.edit')}</h3>
      ${note
        ? html`<p class="sub ${isStale(note.updatedAt) ? 'stale' : ''}">
            ${w.rich(isStale(note.updatedAt) ? 'pipeline.panel.noteAge.stale' : 'pipeline.panel.noteAge', { when: relative(w, note.updatedAt) })}
          </p>`
        : html`<p class="sub">${w.t('pipeline.panel.noNote')}</p>`}
      ${this.notice && this.notice !== 'saved'
        ? html`<div class="notice" role="alert">
            <p>${w.t(`pipeline.panel.${this.notice}`)}</p>
            ${theirs
              ? html`<ul>
                  <li>${w.rich('pipeline.panel.theirs', { field: w.t('pipeline.panel.nextStep'), value: deal.nextStep ?? w.t('pipeline.noNextStep') })}</li>
                  <li>${w.rich('pipeline.panel.theirs', { field: w.t('pipeline.panel.stageNote'), value: note?.text ?? w.t('pipeline.panel.noNote') })}</li>
                </ul>`
              : nothing}
          </div>`
        : nothing}
      <form @submit=${(e: Event) => void this.save(e)}>
        <label
          >${w.t('pipeline.panel.nextStep')}
          <input name="nextStep" maxlength=${NEXT_STEP_MAX} ?readonly=${!editable} .value=${live(this.draft.nextStep)} @input=${input('nextStep')}
        /></label>
        <label
          >${w.t('pipeline.panel.stageNote')}
          <textarea name="stageNote" rows="3" maxlength=${STAGE_NOTE_MAX} ?readonly=${!editable} .value=${live(this.draft.stageNote)} @input=${input('stageNote')}></textarea>
        </label>
        ${this.saveError
          ? html`<div class="refused" role="alert">
              ${w.t('pipeline.panel.saveFailed')}
              ${Object.entries(this.saveError.fieldProblems).map(([path, p]) => html`<p><code>${path}</code>: <bdi>${p.message}</bdi></p>`)}
            </div>`
          : nothing}
        ${editable
          ? html`<div class="buttons">
              <button type="submit" class="primary" ?disabled=${this.saving}>${w.t(this.saving ? 'pipeline.panel.saving' : 'pipeline.panel.save')}</button>
              ${this.notice === 'saved' ? html`<span role="status">${w.t('pipeline.panel.saved')}</span>` : nothing}
            </div>`
          : nothing}
      </form>
    </section>`;
  }

  private renderFacts(deal: Deal) {
    const w = this.host;
    const vendor = deal as Partial<VendorDeal>;
    return html`<section aria-labelledby="panel-details">
      <h3 id="panel-details">${w.t('pipeline.panel.details')}</h3>
      <dl class="facts">
        <dt>${w.t('pipeline.col.registration')}</dt>
        <dd>${statusBadge(w, deal)} ${conflict(w, deal)}</dd>
        <dt>${w.t('pipeline.col.amount')}</dt>
        <dd>${money(w, deal.amount)} <span class="sub">${w.rich('pipeline.expectedClose', { date: date(w, deal.expectedCloseDate) })}</span></dd>
        <dt>${w.t('pipeline.col.owner')}</dt>
        <dd><bdi>${deal.owner}</bdi></dd>
        <dt>${w.t('pipeline.col.attribution')}</dt>
        <dd>${attributionText(w, deal)}</dd>
        ${w.isManager
          ? html`<dt>${w.t('pipeline.col.partner')}</dt>
              <dd><bdi>${deal.partner.name}</bdi></dd>`
          : nothing}
        <dt>${w.t('pipeline.col.lastActivity')}</dt>
        <dd>${relative(w, deal.lastActivityAt)}</dd>
      </dl>
      ${w.isManager && ('discountBand' in vendor || 'internalNotes' in vendor)
        ? html`<dl class="facts vendor" aria-label=${w.t('pipeline.panel.vendor')}>
            <dt>${w.t('pipeline.panel.discountBand')}</dt>
            <dd><bdi>${vendor.discountBand ?? w.t('common.none')}</bdi></dd>
            <dt>${w.t('pipeline.panel.internalNotes')}</dt>
            <dd><bdi>${vendor.internalNotes ?? w.t('common.none')}</bdi></dd>
            <dt>${w.t('pipeline.panel.partners')}</dt>
            <dd>
              ${(vendor.partners ?? []).map(
                (p, i) => html`${i ? ', ' : ''}${w.rich('pipeline.panel.partnerShare', { name: p.name, type: w.t(`attribution.${p.type}`), percent: p.percent / 100 })}`,
              )}
            </dd>
          </dl>`
        : nothing}
    </section>`;
  }

  private renderContacts(deal: Deal) {
    const w = this.host;
    const contacts = deal.partnerContacts ?? [];
    return html`<section aria-labelledby="panel-contacts">
      <h3 id="panel-contacts">${w.t('pipeline.panel.contacts')}</h3>
      ${contacts.length
        ? html`<dl class="facts">
            ${CONTACT_ROLES.filter((r) => contacts.some((c) => c.role === r)).map(
              (role) => html`<dt>${w.t(`pipeline.contactRole.${role}`)}</dt>
                <dd>
                  ${contacts
                    .filter((c) => c.role === role)
                    .map((c) => html`<span class="contact"><bdi>${c.name}</bdi> <a href="mailto:${c.email}"><bdi>${c.email}</bdi></a></span>`)}
                </dd>`,
            )}
          </dl>`
        : html`<p class="sub">${w.t('pipeline.panel.contacts.none')}</p>`}
    </section>`;
  }

  private renderProtection(deal: Deal) {
    const w = this.host;
    const canExtend = !w.isManager && !!w.backend()?.requestExtension && deal.status === 'approved' && !!deal.protection;
    return html`<section aria-labelledby="panel-protection">
      <h3 id="panel-protection">${w.t('pipeline.panel.protection')}</h3>
      <p>${protection(w, deal)}</p>
      ${this.extension
        ? html`<p role="status">${w.t('pipeline.panel.extension.sent', { days: this.extension.days })}</p>`
        : canExtend
          ? html`<details class="extension" ?open=${this.reasonRestored}>
              <summary>${w.t('pipeline.panel.extension')}</summary>
              <form @submit=${(e: SubmitEvent) => void this.requestExtension(e)}>
                <label>${w.t('pipeline.panel.extension.days')} <input name="days" type="number" min="1" max="365" inputmode="numeric" /></label>
                <label>${w.t('pipeline.panel.extension.reason')} <textarea
                    name="reason"
                    rows="2"
                    required
                    maxlength="2000"
                    .value=${live(this.reason)}
                    @input=${(e: Event) => {
                      this.reason = (e.target as HTMLTextAreaElement).value;
                      this.persist();
                    }}
                  ></textarea></label>
                ${this.extensionError ? html`<p class="refused" role="alert"><bdi>${this.extensionError.problem.title}</bdi></p>` : nothing}
                <button type="submit">${w.t('pipeline.panel.extension.submit')}</button>
              </form>
            </details>`
          : nothing}
    </section>`;
  }

  private renderHistory() {
    const w = this.host;
    return html`<section aria-labelledby="panel-history">
      <h3 id="panel-history">${w.t('pipeline.panel.history')}</h3>
      ${this.historyError
        ? html`<p class="refused">${w.t('pipeline.panel.history.error')}</p>`
        : !this.history
          ? html`<p class="sub">${w.t('common.loading')}</p>`
          : this.history.length === 0
            ? html`<p class="sub">${w.t('pipeline.panel.history.empty')}</p>`
            : html`<ol class="history">
                ${[...this.history].reverse().map((h) => {
                  const stageChange = h.action === 'stage-moved' && h.change;
                  const label = (v: string | null) => (stageChange && v ? w.t(`stage.${v}` as never) : (v ?? w.t('common.none')));
                  return html`<li>
                    <span>${w.rich('pipeline.panel.history.entry', { action: w.t(`pipeline.history.${h.action}`), actor: h.actor.role === 'system' ? w.t('pipeline.history.system') : h.actor.name })}</span>
                    <span class="sub">${relative(w, h.at)}</span>
                    ${h.change ? html`<span class="sub">${w.rich('pipeline.panel.history.change', { from: label(h.change.from), to: label(h.change.to) })}</span>` : nothing}
                    ${h.reason ? html`<span class="sub"><bdi>${h.reason}</bdi></span>` : nothing}
                  </li>`;
                })}
              </ol>`}
    </section>`;
  }

  render() {
    const deal = this.deal;
    if (!deal) return nothing;
    const w = this.host;
    const editable = !!w.backend()?.updateDeal;
    return html`<dialog class="panel" part="panel" aria-labelledby="panel-title" ${ref(this.dialog)} @close=${() => this.onClose()}>
      <header>
        <div>
          <h2 id="panel-title"><bdi>${deal.customer.company}</bdi></h2>
          <span class="sub">${domainOf(deal.customer.domain)}</span>
        </div>
        <button type="button" class="close" @click=${() => this.close()}>${w.t('pipeline.panel.close')}</button>
      </header>
      <div class="panel-body">
        ${this.renderMove(deal, editable)} ${this.renderEdit(deal, editable)} ${this.renderFacts(deal)} ${this.renderContacts(deal)} ${this.renderProtection(deal)}
        ${this.renderHistory()}
      </div>
    </dialog>`;
  }
}
