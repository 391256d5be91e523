import '../../src/i18n/field-messages.js';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, svg, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { PkApiError, isAbortError } from '../../src/api/errors.js';
import type { PartnerBackend } from '../../src/api/backend.js';
import { CLOUD_MARKETPLACES, CONTACT_ROLES, MOTION_FIELDS, type ConflictCheck, type MotionDetails, type RegistrationPolicy } from '../../src/contract/registration.js';
import { MOTIONS, STAGES, type Motion } from '../../src/contract/motions.js';
import { DealSchema, type Deal, type Me } from '../../src/contract/schemas.js';
import { clearDraft, draftKey, draftOwner, loadDraft, saveDraft } from '../../src/drafts/draft-store.js';
import { PkDealSubmitEvent } from '../../src/events/pk-deal-submit.js';
import { PkDealSubmittedEvent } from '../../src/events/pk-deal-submitted.js';
import { formatDate, formatRelative } from '../../src/internal/format.js';
import { LiveEvents } from '../../src/internal/live-events.js';
import { PkElement } from '../../src/internal/pk-element.js';
import type { MessageKey } from '../../src/i18n/index.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { dealFormStyles } from './deal-form.styles.js';
import { emptyValues, fieldId, fieldOrder, newIdempotencyKey, toRegistration, validate, type DealDraftValues, type FieldProblem, type SavedDraft } from './deal-draft.js';

const CONFLICT_DEBOUNCE_MS = 400;
const POLL_MS = 15_000;
/** A padlock drawn in SVG: an emoji needs an emoji font the host machine may lack. */
const LOCK_ICON = svg`<svg class="lock" aria-hidden="true" viewBox="0 0 16 16" width="1em" height="1em"><path fill="currentColor" d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z"/></svg>`;

const DETAIL_KEYS = {
  cloudMarketplace: ['dealForm.details.cloudMarketplace', 'dealForm.details.cloudMarketplace.hint'],
  servicesScope: ['dealForm.details.servicesScope', 'dealForm.details.servicesScope.hint'],
  integrationName: ['dealForm.details.integrationName', 'dealForm.details.integrationName.hint'],
  distributor: ['dealForm.details.distributor', 'dealForm.details.distributor.hint'],
} as const satisfies Record<keyof MotionDetails, readonly [MessageKey, MessageKey]>;

type Phase = 'editing' | 'submitting' | 'rules' | 'done';

/**
 * Deal registration form: every field of the registration policy, validation next to each field
 * with the shared contract schemas, a live uniqueness check, a draft saved as you type (it
 * survives reloads, network failures and expired sessions) and an Idempotency-Key reused on every
 * retry, so a lost response never registers a deal twice.
 *
 * @tag pk-deal-form
 * @summary Register a deal: live conflict check, autosaved draft, SLA countdown.
 * @event pk-deal-submit - Before sending (cancelable; detail: the registration as it will be sent).
 * @event pk-deal-submitted - The deal was registered (detail: the created deal).
 * @event pk-error - A backend call failed (detail: problem object with `kind`).
 * @csspart form - The form.
 * @csspart field - A field (label, input, hint and error).
 * @csspart conflict - The live conflict check's result.
 * @csspart submit-button - The submit button.
 * @csspart success - The success state.
 * @csspart rules - The "acknowledge the rules first" state.
 * @csspart error - An error state.
 * @csspart retry-button - An error state's retry button.
 * @cssproperty --pk-deal-form-max-width - Maximum width of the form (default 48rem).
 */
export class PkDealForm extends PkElement {
  static override styles = [hostStyles, stateStyles, dealFormStyles];

  static readonly parts = ['form', 'field', 'conflict', 'submit-button', 'success', 'rules', 'error', 'retry-button'] as const;

  static override properties: PropertyDeclarations = {
    ...PkElement.properties,
    motion: {},
    values: { state: true },
    errors: { state: true },
    phase: { state: true },
    conflict: { state: true },
    submitError: { state: true },
    created: { state: true },
    now: { state: true },
  };

  /** Preselects a motion (`referral`, `reseller`, `marketplace`, `services`, `tech`). */
  declare motion: Motion | undefined;
  declare private values: DealDraftValues;
  declare private errors: Record<string, FieldProblem>;
  declare private phase: Phase;
  declare private conflict: { state: 'idle' | 'checking' | 'error' } | ({ state: 'done' } & ConflictCheck);
  declare private submitError: PkApiError | null;
  declare private created: Deal | null;
  declare private now: number;

  private idempotencyKey = newIdempotencyKey();
  private draftStorageKey: string | null = null;
  private validated = false;
  private conflictTimer?: ReturnType<typeof setTimeout>;
  private conflictAbort?: AbortController;
  private clock?: ReturnType<typeof setInterval>;
  private poll?: ReturnType<typeof setInterval>;

  /** The decision on the deal just registered arrives live (polling stays as the fallback). */
  private readonly live = new LiveEvents(this, ['deal.decided', 'deal.updated'], () => this.backendOrError(), (events) => {
    const id = this.created?.id;
    const mine = events.filter((e) => (e.data as { id?: unknown } | null)?.id === id).at(-1);
    const deal = mine ? DealSchema.safeParse(mine.data) : null;
    if (deal?.success) this.created = deal.data;
  });

  private readonly context = new Task(this, {
    task: ([backend], { signal }) =>
      this.call(backend, async (b) => {
        if (!b.registerDeal || !b.getRegistrationPolicy) throw unsupported(this.t('dealForm.notSupported'));
        const [me, policy] = await Promise.all([b.getMe({ signal }), b.getRegistrationPolicy({ signal })]);
        return { me, policy, backend: b };
      }),
    args: () => [this.backendOrError()] as const,
  });

  constructor() {
    super();
    this.values = emptyValues();
    this.errors = {};
    this.phase = 'editing';
    this.conflict = { state: 'idle' };
    this.submitError = null;
    this.created = null;
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock = setInterval(() => (this.now = Date.now()), 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    clearInterval(this.poll);
    clearTimeout(this.conflictTimer);
    this.conflictAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('motion') && this.motion && !this.values.motion) this.values = { ...this.values, motion: this.motion };
  }

  protected override updated(): void {
    // Once who is typing is known, restore their draft (keyed by backend, partner and user).
    const ctx = this.context.value;
    if (ctx && this.context.status === TaskStatus.COMPLETE) {
      const key = draftKey('deal', draftOwner(this.config.apiUrl, ctx.me));
      if (key !== this.draftStorageKey) {
        this.draftStorageKey = key;
        const saved = loadDraft<SavedDraft>(key);
        if (saved?.values && saved.idempotencyKey) {
          this.values = { ...emptyValues(), ...saved.values };
          this.idempotencyKey = saved.idempotencyKey;
          if (this.values.domain || this.values.company) this.scheduleConflictCheck(0);
        } else if (this.motion && !this.values.motion) {
          this.values = { ...this.values, motion: this.motion };
        }
      }
    }
  }

  /** Clears the form and its saved draft (a new Idempotency-Key is made). */
  reset(): void {
    if (this.draftStorageKey) clearDraft(this.draftStorageKey);
    this.values = emptyValues(this.motion ?? '');
    this.idempotencyKey = newIdempotencyKey();
    this.errors = {};
    this.validated = false;
    this.phase = 'editing';
    this.created = null;
    this.submitError = null;
    this.conflict = { state: 'idle' };
    clearInterval(this.poll);
  }

  private persist(): void {
    if (!this.draftStorageKey) return;
    const draft: SavedDraft = { values: this.values, idempotencyKey: this.idempotencyKey, savedAt: new Date().toISOString() };
    saveDraft(this.draftStorageKey, draft);
  }

  private set<K extends keyof DealDraftValues>(key: K, value: DealDraftValues[K]): void {
    this.values = { ...this.values, [key]: value };
    this.afterChange();
    if (key === 'domain' || key === 'company' || key === 'motion' || key === 'dealType') this.scheduleConflictCheck(CONFLICT_DEBOUNCE_MS);
  }

  private afterChange(): void {
    this.persist();
    if (this.validated) this.errors = validate(this.values, today());
  }

  /** A field's error in the user's language ("Choose a motion" for a missing motion). */
  private errorText(path: string): unknown {
    const error = this.errors[path];
    if (!error) return nothing;
    return path === 'motion' && error.code === 'required' ? this.t('dealForm.error.motion') : this.fieldMessage(error);
  }

  private scheduleConflictCheck(delay: number): void {
    clearTimeout(this.conflictTimer);
    this.conflictAbort?.abort();
    const { domain, company, motion, dealType } = this.values;
    if (!domain.trim() && !company.trim()) {
      this.conflict = { state: 'idle' };
      return;
    }
    this.conflictTimer = setTimeout(() => void this.runConflictCheck(domain.trim(), company.trim(), motion, dealType), delay);
  }

  private async runConflictCheck(domain: string, company: string, motion: string, dealType: string): Promise<void> {
    const backend = this.context.value?.backend;
    if (!backend?.checkConflicts) return;
    // Only a plausible domain is sent; a company alone is enough to check.
    const domainOk = /\.[\p{L}\p{N}-]{2,}\.?(\/.*)?$/u.test(domain);
    if (!domainOk && !company) return;
    const abort = new AbortController();
    this.conflictAbort = abort;
    this.conflict = { state: 'checking' };
    try {
      const result = await backend.checkConflicts(
        { domain: domainOk ? domain : undefined, company: company || undefined, motion: motion || undefined, dealType },
        { signal: abort.signal },
      );
      if (!abort.signal.aborted) this.conflict = { state: 'done', ...result };
    } catch (error) {
      if (isAbortError(error) || abort.signal.aborted) return;
      this.conflict = { state: 'error' };
    }
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.phase === 'submitting') return;
    const ctx = this.context.value;
    if (!ctx?.backend.registerDeal) return;
    this.validated = true;
    this.errors = validate(this.values, today());
    this.submitError = null;
    if (Object.keys(this.errors).length) {
      await this.focusFirstError();
      return;
    }
    const body = toRegistration(this.values);
    if (!this.dispatchEvent(new PkDealSubmitEvent(body))) return;
    this.phase = 'submitting';
    try {
      const deal = await this.call(ctx.backend, (b) => b.registerDeal!(body, { idempotencyKey: this.idempotencyKey }));
      if (this.draftStorageKey) clearDraft(this.draftStorageKey);
      this.created = deal;
      this.phase = 'done';
      this.dispatchEvent(new PkDealSubmittedEvent(deal));
      this.watchDecision(ctx.backend, deal.id);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.success h3')?.focus();
    } catch (error) {
      const e = PkApiError.from(error);
      this.phase = 'editing';
      if (e.status === 409 && e.problem.type.endsWith('/rules-not-acknowledged')) {
        this.phase = 'rules';
        this.submitError = e;
        return;
      }
      const fields = e.kind === 'validation' ? e.fieldProblems : {};
      const known = new Set(fieldOrder(this.values));
      const onFields = Object.fromEntries(Object.entries(fields).filter(([path]) => known.has(path)));
      if (Object.keys(onFields).length) {
        this.errors = onFields;
        await this.focusFirstError();
      }
      this.submitError = e;
    }
  }

  /** Until the channel manager decides, re-read the deal so the success state turns live. */
  private watchDecision(backend: PartnerBackend, id: string): void {
    clearInterval(this.poll);
    this.poll = setInterval(async () => {
      try {
        const deal = await backend.getDeal(id);
        this.created = deal;
        if (deal.status !== 'pending') clearInterval(this.poll);
      } catch {
        /* keep the last known state; try again next time */
      }
    }, POLL_MS);
  }

  private async focusFirstError(): Promise<void> {
    await this.updateComplete;
    const first = fieldOrder(this.values).find((p) => this.errors[p]);
    const target = first ? this.renderRoot.querySelector<HTMLElement>(`#${fieldId(first)}`) : null;
    (target ?? this.renderRoot.querySelector<HTMLElement>('.form-errors'))?.focus();
  }

  // ——— rendering ———

  private describedBy(path: string, hint: boolean): string {
    return [hint ? `${fieldId(path)}-hint` : '', this.errors[path] ? `${fieldId(path)}-error` : ''].filter(Boolean).join(' ');
  }

  private renderMessages(path: string, hint?: string | TemplateResult): TemplateResult {
    return html`${hint ? html`<p class="hint" id="${fieldId(path)}-hint">${hint}</p>` : nothing}
    ${this.errors[path] ? html`<p class="field-error" id="${fieldId(path)}-error">${this.errorText(path)}</p>` : nothing}`;
  }

  private input(
    path: string,
    label: string,
    value: string,
    onInput: (v: string) => void,
    opts: { type?: string; autocomplete?: string; inputmode?: string; hint?: string; required?: boolean; placeholder?: string; min?: string; max?: string } = {},
  ): TemplateResult {
    const id = fieldId(path);
    return html`<div class="field" part="field">
      <label for=${id}>${label}${opts.required === false ? nothing : html`<span class="req" aria-hidden="true"> *</span><span class="visually-hidden">${this.t('dealForm.required')}</span>`}</label>
      <input
        id=${id}
        name=${path}
        type=${opts.type ?? 'text'}
        .value=${live(value)}
        autocomplete=${opts.autocomplete ?? 'off'}
        inputmode=${opts.inputmode ?? nothing}
        placeholder=${opts.placeholder ?? nothing}
        min=${opts.min ?? nothing}
        max=${opts.max ?? nothing}
        ?required=${opts.required !== false}
        aria-invalid=${this.errors[path] ? 'true' : 'false'}
        aria-describedby=${this.describedBy(path, Boolean(opts.hint)) || nothing}
        @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
      />
      ${this.renderMessages(path, opts.hint)}
    </div>`;
  }

  private renderMotion(me: Me, policy: RegistrationPolicy): TemplateResult {
    const certs = me.partner?.certifications ?? [];
    const locked = MOTIONS.filter((m) => policy.certificationRequired[m] && !certs.includes(policy.certificationRequired[m]!));
    const motion = this.values.motion;
    const hint = motion ? this.t('dealForm.motion.firstStage', { stage: this.t(`stage.${STAGES[motion][0][0]}`) }) : this.t('dealForm.motion.hint');
    return html`<div class="field" part="field">
      <label for=${fieldId('motion')}>${this.t('dealForm.motion')}<span class="req" aria-hidden="true"> *</span><span class="visually-hidden">${this.t('dealForm.required')}</span></label>
      <select
        id=${fieldId('motion')}
        name="motion"
        required
        aria-invalid=${this.errors.motion ? 'true' : 'false'}
        aria-describedby=${[this.describedBy('motion', true), locked.length ? 'motion-locked' : ''].filter(Boolean).join(' ')}
        @change=${(e: Event) => this.set('motion', (e.target as HTMLSelectElement).value as Motion)}
      >
        <option value="" ?selected=${!motion}>${this.t('dealForm.motion.choose')}</option>
        ${MOTIONS.map(
          (m) => html`<option value=${m} ?selected=${motion === m} ?disabled=${locked.includes(m)}>
            ${locked.includes(m) ? this.t('dealForm.motion.lockedOption', { motion: this.t(`motion.${m}`) }) : this.t(`motion.${m}`)}
          </option>`,
        )}
      </select>
      ${this.renderMessages('motion', hint)}
      ${locked.length
        ? html`<ul class="locked" id="motion-locked">
            ${locked.map((m) => html`<li>${LOCK_ICON} ${this.rich('dealForm.motion.locked', { motion: this.t(`motion.${m}`), certification: policy.certificationRequired[m] ?? '' })}</li>`)}
          </ul>`
        : nothing}
    </div>`;
  }

  private renderDetails(): TemplateResult | typeof nothing {
    const motion = this.values.motion;
    if (!motion || MOTION_FIELDS[motion].length === 0) return nothing;
    return html`${MOTION_FIELDS[motion].map((f) => {
      const path = `details.${f.key}`;
      const [labelKey, hintKey] = DETAIL_KEYS[f.key];
      const label = this.t(labelKey);
      const hint = this.t(hintKey);
      const value = this.values.details[f.key] ?? '';
      const onInput = (v: string) => {
        this.values = { ...this.values, details: { ...this.values.details, [f.key]: v } };
        this.afterChange();
      };
      if (f.key === 'cloudMarketplace') {
        return html`<div class="field" part="field">
          <label for=${fieldId(path)}>${label}<span class="req" aria-hidden="true"> *</span><span class="visually-hidden">${this.t('dealForm.required')}</span></label>
          <select id=${fieldId(path)} name=${path} required aria-invalid=${this.errors[path] ? 'true' : 'false'} aria-describedby=${this.describedBy(path, true)}
            @change=${(e: Event) => onInput((e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!value}>${this.t('dealForm.choose')}</option>
            ${CLOUD_MARKETPLACES.map((c) => html`<option value=${c} ?selected=${value === c}>${this.t(`dealForm.cloud.${c}`)}</option>`)}
          </select>
          ${this.renderMessages(path, hint)}
        </div>`;
      }
      return this.input(path, label, value, onInput, { hint, required: f.required });
    })}`;
  }

  private renderConflict(): TemplateResult {
    const c = this.conflict;
    let body: unknown = '';
    if (c.state === 'checking') body = this.t('dealForm.conflict.checking');
    else if (c.state === 'error') body = this.t('dealForm.conflict.error');
    else if (c.state === 'done') {
      const status = this.t(`dealForm.conflict.${c.status}`);
      body = c.reason ? this.rich('dealForm.conflict.withReason', { status, reason: c.reason }) : html`<strong>${status}</strong>`;
    }
    return html`<div class="conflict ${c.state === 'done' ? c.status : ''}" part="conflict" role="status" aria-live="polite">${body}</div>`;
  }

  private renderContacts(): TemplateResult {
    const contacts = this.values.partnerContacts;
    // Read the values at event time, not render time: autofill may set several fields at once.
    const update = (i: number, patch: Partial<DealDraftValues['partnerContacts'][number]>) => {
      this.values = { ...this.values, partnerContacts: this.values.partnerContacts.map((c, j) => (j === i ? { ...c, ...patch } : c)) };
      this.afterChange();
    };
    return html`<fieldset class="contacts">
      <legend>${this.t('dealForm.section.team')}<span class="req" aria-hidden="true"> *</span><span class="visually-hidden">${this.t('dealForm.required')}</span></legend>
      <p class="hint" id=${`${fieldId('partnerContacts')}-hint`}>${this.t('dealForm.team.hint')}</p>
      ${this.errors.partnerContacts
        ? html`<p class="field-error" id=${`${fieldId('partnerContacts')}-error`} tabindex="-1">${this.errorText('partnerContacts')}</p>`
        : nothing}
      ${contacts.map(
        (c, i) => html`<div class="contact-row" role="group" aria-label=${this.t('dealForm.team.member', { n: i + 1 })}>
          ${this.input(`partnerContacts.${i}.name`, this.t('dealForm.team.name'), c.name, (v) => update(i, { name: v }), { autocomplete: 'off' })}
          ${this.input(`partnerContacts.${i}.email`, this.t('dealForm.team.email'), c.email, (v) => update(i, { email: v }), { type: 'email', autocomplete: 'off', inputmode: 'email' })}
          <div class="field" part="field">
            <label for=${fieldId(`partnerContacts.${i}.role`)}>${this.t('dealForm.team.role')}<span class="req" aria-hidden="true"> *</span><span class="visually-hidden">${this.t('dealForm.required')}</span></label>
            <select id=${fieldId(`partnerContacts.${i}.role`)} aria-invalid=${this.errors[`partnerContacts.${i}.role`] ? 'true' : 'false'}
              @change=${(e: Event) => update(i, { role: (e.target as HTMLSelectElement).value as (typeof CONTACT_ROLES)[number] })}>
              ${CONTACT_ROLES.map((r) => html`<option value=${r} ?selected=${c.role === r}>${this.t(`dealForm.team.role.${r}`)}</option>`)}
            </select>
            ${this.renderMessages(`partnerContacts.${i}.role`)}
          </div>
          ${contacts.length > 1
            ? html`<button type="button" class="remove" @click=${() => {
                this.values = { ...this.values, partnerContacts: this.values.partnerContacts.filter((_, j) => j !== i) };
                this.afterChange();
              }}>${this.t('dealForm.team.remove', { n: i + 1 })}</button>`
            : nothing}
        </div>`,
      )}
      ${contacts.length < 10
        ? html`<button type="button" @click=${async () => {
            this.values = { ...this.values, partnerContacts: [...this.values.partnerContacts, { name: '', email: '', role: 'SE' }] };
            this.afterChange();
            await this.updateComplete;
            this.renderRoot.querySelector<HTMLElement>(`#${fieldId(`partnerContacts.${contacts.length}.name`)}`)?.focus();
          }}>${this.t('dealForm.team.add')}</button>`
        : nothing}
    </fieldset>`;
  }

  private renderSubmitError(): TemplateResult | typeof nothing {
    const e = this.submitError;
    if (!e || this.phase === 'rules') return nothing;
    const fields = Object.keys(this.errors).length > 0 && e.kind === 'validation';
    const hint = this.t(e.kind === 'network' ? 'dealForm.failed.network' : e.kind === 'auth' ? 'dealForm.failed.auth' : fields ? 'dealForm.failed.fields' : 'dealForm.failed.other');
    return html`<div class="error form-errors" role="alert" part="error" tabindex="-1">
      <h3>${this.t(fields ? 'dealForm.invalid.title' : 'dealForm.failed.title')}</h3>
      <p>${e.problem.detail ? this.rich('dealForm.failed.detail', { title: e.problem.title, detail: e.problem.detail }) : html`<bdi>${e.problem.title}</bdi>`}</p>
      ${!fields && e.problem.errors?.length
        ? html`<ul>${e.problem.errors.map((f) => html`<li>${this.rich('error.field', { field: html`<code>${f.path || this.t('error.field.request')}</code>`, message: this.fieldMessage(f) })}</li>`)}</ul>`
        : nothing}
      <p>${hint}</p>
      ${fields ? nothing : html`<button type="submit" part="retry-button" form="deal-form">${this.t('dealForm.sendAgain')}</button>`}
    </div>`;
  }

  private renderRules(): TemplateResult {
    const version = (this.submitError?.problem as { currentVersion?: number } | undefined)?.currentVersion;
    return html`<div class="rules" part="rules" role="alert">
      <h3>${this.t('dealForm.rules.title')}</h3>
      <p>${this.rich('dealForm.rules.body')}</p>
      ${version ? html`<p>${this.t('dealForm.rules.version', { version })}</p>` : nothing}
      <button type="button" part="retry-button" @click=${() => this.renderRoot.querySelector('form')?.requestSubmit()}>${this.t('dealForm.rules.retry')}</button>
    </div>`;
  }

  private renderSuccess(deal: Deal): TemplateResult {
    const locale = this.i18n.locale;
    const overdue = deal.slaDueAt && new Date(deal.slaDueAt).getTime() <= this.now;
    const time = (iso: string, text: string) => html`<time datetime=${iso}>${text}</time>`;
    return html`<div class="success" part="success">
      <h3 tabindex="-1">${this.rich('dealForm.success.title', { company: deal.customer.company })}</h3>
      <dl>
        <dt>${this.t('dealForm.success.status')}</dt>
        <dd><span class="badge ${deal.status}">${this.t(`status.${deal.status}`)}</span></dd>
        ${deal.status === 'pending' && deal.slaDueAt
          ? html`<dt>${this.t('dealForm.success.due')}</dt>
              <dd>${overdue
                ? this.t('dealForm.success.overdue')
                : this.rich('dealForm.success.dueIn', { relative: time(deal.slaDueAt, formatRelative(locale, deal.slaDueAt, this.now)), date: time(deal.slaDueAt, formatDate(locale, deal.slaDueAt)) })}</dd>`
          : nothing}
        ${deal.protection
          ? html`<dt>${this.t('dealForm.success.protected')}</dt>
              <dd>${this.rich('dealForm.success.protection', { start: time(deal.protection.startsAt, formatDate(locale, deal.protection.startsAt)), end: time(deal.protection.endsAt, formatDate(locale, deal.protection.endsAt)) })}</dd>`
          : nothing}
        ${deal.conflict.status !== 'none'
          ? html`<dt>${this.t('dealForm.success.conflict')}</dt>
              <dd>${deal.conflict.reason ? this.rich('dealForm.conflict.withReason', { status: this.t(`dealForm.conflict.${deal.conflict.status}`), reason: deal.conflict.reason }) : this.t(`dealForm.conflict.${deal.conflict.status}`)}</dd>`
          : nothing}
      </dl>
      <button type="button" @click=${() => this.reset()}>${this.t('dealForm.success.another')}</button>
    </div>`;
  }

  private renderForm(me: Me, policy: RegistrationPolicy): TemplateResult {
    const v = this.values;
    const submitting = this.phase === 'submitting';
    return html`
      ${this.phase === 'rules' ? this.renderRules() : nothing} ${this.renderSubmitError()}
      <form id="deal-form" part="form" novalidate @submit=${this.onSubmit} aria-busy=${submitting ? 'true' : 'false'} aria-labelledby="form-title">
        <h2 id="form-title">${this.t('dealForm.title')}</h2>
        <p class="intro">${this.t('dealForm.intro', { hours: policy.slaHours, days: policy.protectionDays })}</p>
        <fieldset>
          <legend>${this.t('dealForm.section.deal')}</legend>
          ${this.renderMotion(me, policy)}
          <div class="field" part="field">
            <label for=${fieldId('dealType')}>${this.t('dealForm.dealType')}</label>
            <select id=${fieldId('dealType')} aria-describedby=${`${fieldId('dealType')}-hint`} @change=${(e: Event) => this.set('dealType', (e.target as HTMLSelectElement).value as DealDraftValues['dealType'])}>
              <option value="new" ?selected=${v.dealType === 'new'}>${this.t('dealForm.dealType.new')}</option>
              <option value="renewal" ?selected=${v.dealType === 'renewal'}>${this.t('dealForm.dealType.renewal')}</option>
              <option value="expansion" ?selected=${v.dealType === 'expansion'}>${this.t('dealForm.dealType.expansion')}</option>
            </select>
            <p class="hint" id=${`${fieldId('dealType')}-hint`}>${this.t('dealForm.dealType.hint')}</p>
          </div>
          ${this.renderDetails()}
        </fieldset>
        <fieldset>
          <legend>${this.t('dealForm.section.customer')}</legend>
          ${this.input('customer.company', this.t('dealForm.company'), v.company, (x) => this.set('company', x), { autocomplete: 'organization', hint: this.t('dealForm.company.hint') })}
          ${this.input('customer.domain', this.t('dealForm.domain'), v.domain, (x) => this.set('domain', x), { type: 'text', inputmode: 'url', autocomplete: 'url', hint: this.t('dealForm.domain.hint') })}
          ${this.renderConflict()}
          ${this.input('customer.contact.name', this.t('dealForm.contactName'), v.contactName, (x) => this.set('contactName', x), { autocomplete: 'off' })}
          ${this.input('customer.contact.email', this.t('dealForm.contactEmail'), v.contactEmail, (x) => this.set('contactEmail', x), { type: 'email', inputmode: 'email', autocomplete: 'off' })}
          ${this.input('customer.contact.phone', this.t('dealForm.contactPhone'), v.contactPhone, (x) => this.set('contactPhone', x), { type: 'tel', inputmode: 'tel', autocomplete: 'off', required: false })}
        </fieldset>
        <fieldset>
          <legend>${this.t('dealForm.section.value')}</legend>
          <div class="row">
            ${this.input('amount.value', this.t('dealForm.amount'), v.amount, (x) => this.set('amount', x), { inputmode: 'decimal', hint: this.t('dealForm.amount.hint') })}
            ${this.input('amount.currency', this.t('dealForm.currency'), v.currency, (x) => this.set('currency', x.toUpperCase()), { autocomplete: 'transaction-currency', hint: this.t('dealForm.currency.hint') })}
          </div>
          ${this.input('expectedCloseDate', this.t('dealForm.closeDate'), v.expectedCloseDate, (x) => this.set('expectedCloseDate', x), { type: 'date', min: today() })}
          <div class="field" part="field">
            <label for=${fieldId('description')}>${this.t('dealForm.description')}<span class="req" aria-hidden="true"> *</span><span class="visually-hidden">${this.t('dealForm.required')}</span></label>
            <textarea id=${fieldId('description')} name="description" rows="4" required .value=${live(v.description)}
              aria-invalid=${this.errors.description ? 'true' : 'false'} aria-describedby=${this.describedBy('description', true)}
              @input=${(e: Event) => this.set('description', (e.target as HTMLTextAreaElement).value)}></textarea>
            ${this.renderMessages('description', this.t('dealForm.description.hint'))}
          </div>
        </fieldset>
        <fieldset>
          <legend>${this.t('dealForm.section.attribution')}</legend>
          <div class="row">
            <div class="field" part="field">
              <label for=${fieldId('attribution.type')}>${this.t('dealForm.attributionType')}</label>
              <select id=${fieldId('attribution.type')} aria-describedby=${`${fieldId('attribution.type')}-hint`}
                @change=${(e: Event) => this.set('attributionType', (e.target as HTMLSelectElement).value as 'sourced' | 'influenced')}>
                <option value="sourced" ?selected=${v.attributionType === 'sourced'}>${this.t('dealForm.attributionType.sourced')}</option>
                <option value="influenced" ?selected=${v.attributionType === 'influenced'}>${this.t('dealForm.attributionType.influenced')}</option>
              </select>
              <p class="hint" id=${`${fieldId('attribution.type')}-hint`}>${this.t('dealForm.attributionType.hint')}</p>
            </div>
            ${this.input('attribution.percent', this.t('dealForm.percent'), v.attributionPercent, (x) => this.set('attributionPercent', x), { type: 'number', inputmode: 'numeric', min: '1', max: '100', hint: this.t('dealForm.percent.hint') })}
          </div>
        </fieldset>
        ${this.renderContacts()}
        <div class="actions">
          <button type="submit" class="primary" part="submit-button" ?disabled=${submitting}>${this.t(submitting ? 'dealForm.submitting' : 'dealForm.submit')}</button>
          <button type="button" ?disabled=${submitting} @click=${() => this.reset()}>${this.t('dealForm.clear')}</button>
        </div>
      </form>
    `;
  }

  override render() {
    if (this.phase === 'done' && this.created) return this.renderSuccess(this.created);
    return this.context.render({
      initial: () => html`<div class="loading" aria-busy="true">${this.t('dealForm.loading')}</div>`,
      pending: () => html`<div class="loading" aria-busy="true">${this.t('dealForm.loading')}</div>`,
      error: (error) => this.renderError(error, () => this.context.run(), this.t('dealForm.error')),
      complete: ({ me, policy }) =>
        me.user.role === 'channel_manager'
          ? html`<div class="empty" part="rules"><p>${this.t('dealForm.channelManager')}</p></div>`
          : this.renderForm(me, policy),
    });
  }
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function unsupported(title: string): PkApiError {
  return new PkApiError('config', {
    type: 'https://partnerkit.dev/problems/not-supported',
    title,
    status: 0,
    detail: 'The configured backend object has no registerDeal / getRegistrationPolicy methods.',
  });
}
