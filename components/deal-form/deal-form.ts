import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { PkApiError, isAbortError } from '../../src/api/errors.js';
import type { PartnerBackend } from '../../src/api/backend.js';
import { CLOUD_MARKETPLACES, CONTACT_ROLES, MOTION_FIELDS, type ConflictCheck, type MotionDetails, type RegistrationPolicy } from '../../src/contract/registration.js';
import { MOTIONS, MOTION_LABELS, STAGES, type Motion } from '../../src/contract/motions.js';
import type { Deal, Me } from '../../src/contract/schemas.js';
import { clearDraft, draftKey, loadDraft, saveDraft } from '../../src/drafts/draft-store.js';
import { PkDealSubmitEvent } from '../../src/events/pk-deal-submit.js';
import { PkDealSubmittedEvent } from '../../src/events/pk-deal-submitted.js';
import { formatDate, formatRelative } from '../../src/internal/format.js';
import { PkElement } from '../../src/internal/pk-element.js';
import { hostStyles, stateStyles } from '../../src/styles/tokens.js';
import { dealFormStyles } from './deal-form.styles.js';
import { emptyValues, fieldId, fieldOrder, newIdempotencyKey, toRegistration, validate, type DealDraftValues, type SavedDraft } from './deal-draft.js';

const CONFLICT_DEBOUNCE_MS = 400;
const POLL_MS = 15_000;

const DETAIL_LABELS: Record<keyof MotionDetails, { label: string; hint: string }> = {
  cloudMarketplace: { label: 'Cloud marketplace', hint: 'Where the private offer will be transacted.' },
  servicesScope: { label: 'Services scope', hint: 'What your team delivers (e.g. migration, managed service).' },
  integrationName: { label: 'Integration', hint: 'Your product or integration this deal runs on.' },
  distributor: { label: 'Distributor (optional)', hint: 'If the deal goes through a distributor, which one.' },
};
const CLOUD_LABELS: Record<(typeof CLOUD_MARKETPLACES)[number], string> = { aws: 'AWS Marketplace', azure: 'Microsoft Azure Marketplace', gcp: 'Google Cloud Marketplace' };
const ROLE_LABELS: Record<(typeof CONTACT_ROLES)[number], string> = { BDR: 'BDR — business development', AE: 'AE — account executive', SE: 'SE — sales engineer', CS: 'CS — customer success' };
const CONFLICT_TEXT: Record<ConflictCheck['status'], string> = { none: 'No conflict found', risk: 'Possible conflict', active: 'Already registered' };

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
  declare private errors: Record<string, string>;
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

  private readonly context = new Task(this, {
    task: ([backend], { signal }) =>
      this.call(backend, async (b) => {
        if (!b.registerDeal || !b.getRegistrationPolicy) throw unsupported();
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
      const key = draftKey('deal', { apiUrl: this.config.apiUrl ?? 'custom-backend', partnerId: ctx.me.partner?.id ?? null, userId: ctx.me.user.id });
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
      const fields = e.kind === 'validation' ? e.fieldErrors : {};
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
    ${this.errors[path] ? html`<p class="field-error" id="${fieldId(path)}-error">${this.errors[path]}</p>` : nothing}`;
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
      <label for=${id}>${label}${opts.required === false ? nothing : html`<span class="req" aria-hidden="true"> *</span>`}</label>
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
    const hint = motion ? `First stage: ${STAGES[motion][0][1]}.` : 'The motion decides the deal’s stages and the fields below.';
    return html`<div class="field" part="field">
      <label for=${fieldId('motion')}>Motion<span class="req" aria-hidden="true"> *</span></label>
      <select
        id=${fieldId('motion')}
        name="motion"
        required
        aria-invalid=${this.errors.motion ? 'true' : 'false'}
        aria-describedby=${[this.describedBy('motion', true), locked.length ? 'motion-locked' : ''].filter(Boolean).join(' ')}
        @change=${(e: Event) => this.set('motion', (e.target as HTMLSelectElement).value as Motion)}
      >
        <option value="" ?selected=${!motion}>Choose a motion…</option>
        ${MOTIONS.map(
          (m) => html`<option value=${m} ?selected=${motion === m} ?disabled=${locked.includes(m)}>
            ${MOTION_LABELS[m]}${locked.includes(m) ? ' (locked)' : ''}
          </option>`,
        )}
      </select>
      ${this.renderMessages('motion', hint)}
      ${locked.length
        ? html`<ul class="locked" id="motion-locked">
            ${locked.map((m) => html`<li><span aria-hidden="true">🔒</span> ${MOTION_LABELS[m]} is locked: it requires the “${policy.certificationRequired[m]}” certification.</li>`)}
          </ul>`
        : nothing}
    </div>`;
  }

  private renderDetails(): TemplateResult | typeof nothing {
    const motion = this.values.motion;
    if (!motion || MOTION_FIELDS[motion].length === 0) return nothing;
    return html`${MOTION_FIELDS[motion].map((f) => {
      const path = `details.${f.key}`;
      const { label, hint } = DETAIL_LABELS[f.key];
      const value = this.values.details[f.key] ?? '';
      const onInput = (v: string) => {
        this.values = { ...this.values, details: { ...this.values.details, [f.key]: v } };
        this.afterChange();
      };
      if (f.key === 'cloudMarketplace') {
        return html`<div class="field" part="field">
          <label for=${fieldId(path)}>${label}<span class="req" aria-hidden="true"> *</span></label>
          <select id=${fieldId(path)} name=${path} required aria-invalid=${this.errors[path] ? 'true' : 'false'} aria-describedby=${this.describedBy(path, true)}
            @change=${(e: Event) => onInput((e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!value}>Choose…</option>
            ${CLOUD_MARKETPLACES.map((c) => html`<option value=${c} ?selected=${value === c}>${CLOUD_LABELS[c]}</option>`)}
          </select>
          ${this.renderMessages(path, hint)}
        </div>`;
      }
      return this.input(path, label, value, onInput, { hint, required: f.required });
    })}`;
  }

  private renderConflict(): TemplateResult {
    const c = this.conflict;
    let body: TemplateResult | string = '';
    if (c.state === 'checking') body = 'Checking for existing registrations…';
    else if (c.state === 'error') body = 'Could not check for conflicts right now; the server checks again when you submit.';
    else if (c.state === 'done') {
      body = html`<strong>${CONFLICT_TEXT[c.status]}</strong>${c.reason ? html` — ${c.reason}` : nothing}`;
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
      <legend>Your team on this deal<span class="req" aria-hidden="true"> *</span></legend>
      <p class="hint" id=${`${fieldId('partnerContacts')}-hint`}>Who works the deal, with their role.</p>
      ${this.errors.partnerContacts
        ? html`<p class="field-error" id=${`${fieldId('partnerContacts')}-error`} tabindex="-1">${this.errors.partnerContacts}</p>`
        : nothing}
      ${contacts.map(
        (c, i) => html`<div class="contact-row" role="group" aria-label=${`Team member ${i + 1}`}>
          ${this.input(`partnerContacts.${i}.name`, 'Name', c.name, (v) => update(i, { name: v }), { autocomplete: 'off' })}
          ${this.input(`partnerContacts.${i}.email`, 'Email', c.email, (v) => update(i, { email: v }), { type: 'email', autocomplete: 'off', inputmode: 'email' })}
          <div class="field" part="field">
            <label for=${fieldId(`partnerContacts.${i}.role`)}>Role<span class="req" aria-hidden="true"> *</span></label>
            <select id=${fieldId(`partnerContacts.${i}.role`)} aria-invalid=${this.errors[`partnerContacts.${i}.role`] ? 'true' : 'false'}
              @change=${(e: Event) => update(i, { role: (e.target as HTMLSelectElement).value as (typeof CONTACT_ROLES)[number] })}>
              ${CONTACT_ROLES.map((r) => html`<option value=${r} ?selected=${c.role === r}>${ROLE_LABELS[r]}</option>`)}
            </select>
            ${this.renderMessages(`partnerContacts.${i}.role`)}
          </div>
          ${contacts.length > 1
            ? html`<button type="button" class="remove" @click=${() => {
                this.values = { ...this.values, partnerContacts: this.values.partnerContacts.filter((_, j) => j !== i) };
                this.afterChange();
              }}>Remove<span class="visually-hidden"> team member ${i + 1}</span></button>`
            : nothing}
        </div>`,
      )}
      ${contacts.length < 10
        ? html`<button type="button" @click=${async () => {
            this.values = { ...this.values, partnerContacts: [...this.values.partnerContacts, { name: '', email: '', role: 'SE' }] };
            this.afterChange();
            await this.updateComplete;
            this.renderRoot.querySelector<HTMLElement>(`#${fieldId(`partnerContacts.${contacts.length}.name`)}`)?.focus();
          }}>Add a team member</button>`
        : nothing}
    </fieldset>`;
  }

  private renderSubmitError(): TemplateResult | typeof nothing {
    const e = this.submitError;
    if (!e || this.phase === 'rules') return nothing;
    const fields = Object.keys(this.errors).length > 0 && e.kind === 'validation';
    const hint =
      e.kind === 'network'
        ? 'Your draft is saved. Check your connection and send it again — it will not be registered twice.'
        : e.kind === 'auth'
          ? 'Your session has ended. Your draft is saved; sign in again, then send it.'
          : fields
            ? 'Correct the highlighted fields.'
            : 'Your draft is saved.';
    return html`<div class="error form-errors" role="alert" part="error" tabindex="-1">
      <h3>${fields ? 'Some fields need attention' : 'The registration was not sent'}</h3>
      <p>${e.problem.title}${e.problem.detail ? html` — ${e.problem.detail}` : nothing}</p>
      ${!fields && e.problem.errors?.length
        ? html`<ul>${e.problem.errors.map((f) => html`<li><code>${f.path || '(request)'}</code>: ${f.message}</li>`)}</ul>`
        : nothing}
      <p>${hint}</p>
      ${fields ? nothing : html`<button type="submit" part="retry-button" form="deal-form">Send again</button>`}
    </div>`;
  }

  private renderRules(): TemplateResult {
    const version = (this.submitError?.problem as { currentVersion?: number } | undefined)?.currentVersion;
    return html`<div class="rules" part="rules" role="alert">
      <h3>Acknowledge the rules of engagement first</h3>
      <p>
        The vendor requires every partner user to acknowledge the current rules of engagement${version ? ` (version ${version})` : ''}
        before registering deals. Open <strong>Rules of engagement</strong>, read them and select <strong>Acknowledge</strong>; then
        come back and send your registration. Your draft is saved.
      </p>
      <button type="button" part="retry-button" @click=${() => this.renderRoot.querySelector('form')?.requestSubmit()}>I have acknowledged them — send again</button>
    </div>`;
  }

  private renderSuccess(deal: Deal): TemplateResult {
    const locale = this.config.locale;
    const status = { pending: 'Pending review', approved: 'Approved', declined: 'Declined', expired: 'Expired', won: 'Won', lost: 'Lost' }[deal.status];
    const overdue = deal.slaDueAt && new Date(deal.slaDueAt).getTime() <= this.now;
    return html`<div class="success" part="success">
      <h3 tabindex="-1">Deal registered: ${deal.customer.company}</h3>
      <dl>
        <dt>Status</dt>
        <dd><span class="badge ${deal.status}">${status}</span></dd>
        ${deal.status === 'pending' && deal.slaDueAt
          ? html`<dt>Decision due</dt>
              <dd>${overdue ? 'Overdue — the channel manager has been reminded' : html`${formatRelative(locale, deal.slaDueAt, this.now)} (${formatDate(locale, deal.slaDueAt)})`}</dd>`
          : nothing}
        ${deal.protection
          ? html`<dt>Protected</dt>
              <dd>${formatDate(locale, deal.protection.startsAt)} – ${formatDate(locale, deal.protection.endsAt)}</dd>`
          : nothing}
        ${deal.conflict.status !== 'none'
          ? html`<dt>Conflict</dt>
              <dd>${CONFLICT_TEXT[deal.conflict.status]}${deal.conflict.reason ? ` — ${deal.conflict.reason}` : ''}</dd>`
          : nothing}
      </dl>
      <button type="button" @click=${() => this.reset()}>Register another deal</button>
    </div>`;
  }

  private renderForm(me: Me, policy: RegistrationPolicy): TemplateResult {
    const v = this.values;
    const submitting = this.phase === 'submitting';
    return html`
      ${this.phase === 'rules' ? this.renderRules() : nothing} ${this.renderSubmitError()}
      <form id="deal-form" part="form" novalidate @submit=${this.onSubmit} aria-busy=${submitting ? 'true' : 'false'} aria-labelledby="form-title">
        <h2 id="form-title">Register a deal</h2>
        <p class="intro">
          Fields marked <span aria-hidden="true">*</span><span class="visually-hidden">with an asterisk</span> are required. Decisions come within
          ${policy.slaHours} hours; approved deals are protected for ${policy.protectionDays} days. Your draft is saved as you type.
        </p>
        <fieldset>
          <legend>Deal</legend>
          ${this.renderMotion(me, policy)}
          <div class="field" part="field">
            <label for=${fieldId('dealType')}>Deal type</label>
            <select id=${fieldId('dealType')} aria-describedby=${`${fieldId('dealType')}-hint`} @change=${(e: Event) => this.set('dealType', (e.target as HTMLSelectElement).value as DealDraftValues['dealType'])}>
              <option value="new" ?selected=${v.dealType === 'new'}>New business</option>
              <option value="renewal" ?selected=${v.dealType === 'renewal'}>Renewal</option>
              <option value="expansion" ?selected=${v.dealType === 'expansion'}>Expansion</option>
            </select>
            <p class="hint" id=${`${fieldId('dealType')}-hint`}>Renewals and expansions go to the incumbent partner.</p>
          </div>
          ${this.renderDetails()}
        </fieldset>
        <fieldset>
          <legend>Customer</legend>
          ${this.input('customer.company', 'Company', v.company, (x) => this.set('company', x), { autocomplete: 'organization', hint: 'The customer’s legal or trading name.' })}
          ${this.input('customer.domain', 'Website domain', v.domain, (x) => this.set('domain', x), { type: 'text', inputmode: 'url', autocomplete: 'url', placeholder: 'example.com', hint: 'We compare the registrable domain: www., paths and subdomains do not matter.' })}
          ${this.renderConflict()}
          ${this.input('customer.contact.name', 'Contact name', v.contactName, (x) => this.set('contactName', x), { autocomplete: 'off' })}
          ${this.input('customer.contact.email', 'Contact email', v.contactEmail, (x) => this.set('contactEmail', x), { type: 'email', inputmode: 'email', autocomplete: 'off' })}
          ${this.input('customer.contact.phone', 'Contact phone', v.contactPhone, (x) => this.set('contactPhone', x), { type: 'tel', inputmode: 'tel', autocomplete: 'off', required: false })}
        </fieldset>
        <fieldset>
          <legend>Value and timing</legend>
          <div class="row">
            ${this.input('amount.value', 'Estimated value', v.amount, (x) => this.set('amount', x), { inputmode: 'decimal', hint: 'Total contract value.' })}
            ${this.input('amount.currency', 'Currency', v.currency, (x) => this.set('currency', x.toUpperCase()), { autocomplete: 'transaction-currency', hint: 'ISO code, e.g. USD, EUR.' })}
          </div>
          ${this.input('expectedCloseDate', 'Expected close date', v.expectedCloseDate, (x) => this.set('expectedCloseDate', x), { type: 'date', min: today() })}
          <div class="field" part="field">
            <label for=${fieldId('description')}>Description and proof of work<span class="req" aria-hidden="true"> *</span></label>
            <textarea id=${fieldId('description')} name="description" rows="4" required .value=${live(v.description)}
              aria-invalid=${this.errors.description ? 'true' : 'false'} aria-describedby=${this.describedBy('description', true)}
              @input=${(e: Event) => this.set('description', (e.target as HTMLTextAreaElement).value)}></textarea>
            ${this.renderMessages('description', 'What the customer needs and what you have done so far (meetings, workshops, demos). At least 20 characters.')}
          </div>
        </fieldset>
        <fieldset>
          <legend>Attribution</legend>
          <div class="row">
            <div class="field" part="field">
              <label for=${fieldId('attribution.type')}>Your role in the deal</label>
              <select id=${fieldId('attribution.type')} aria-describedby=${`${fieldId('attribution.type')}-hint`}
                @change=${(e: Event) => this.set('attributionType', (e.target as HTMLSelectElement).value as 'sourced' | 'influenced')}>
                <option value="sourced" ?selected=${v.attributionType === 'sourced'}>Sourced — we originated it</option>
                <option value="influenced" ?selected=${v.attributionType === 'influenced'}>Influenced — we help move it</option>
              </select>
              <p class="hint" id=${`${fieldId('attribution.type')}-hint`}>Missing attribution blocks progression.</p>
            </div>
            ${this.input('attribution.percent', 'Attribution %', v.attributionPercent, (x) => this.set('attributionPercent', x), { type: 'number', inputmode: 'numeric', min: '1', max: '100', hint: '1–100.' })}
          </div>
        </fieldset>
        ${this.renderContacts()}
        <div class="actions">
          <button type="submit" class="primary" part="submit-button" ?disabled=${submitting}>${submitting ? 'Sending…' : 'Register deal'}</button>
          <button type="button" ?disabled=${submitting} @click=${() => this.reset()}>Clear form</button>
        </div>
      </form>
    `;
  }

  override render() {
    if (this.phase === 'done' && this.created) return this.renderSuccess(this.created);
    return this.context.render({
      initial: () => html`<div class="loading" aria-busy="true">Loading the registration form…</div>`,
      pending: () => html`<div class="loading" aria-busy="true">Loading the registration form…</div>`,
      error: (error) => this.renderError(error, () => this.context.run(), 'Could not load the registration form'),
      complete: ({ me, policy }) =>
        me.user.role === 'channel_manager'
          ? html`<div class="empty" part="rules"><p>Deals are registered by partner users. Channel managers review them in the review queue.</p></div>`
          : this.renderForm(me, policy),
    });
  }
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function unsupported(): PkApiError {
  return new PkApiError('config', {
    type: 'https://partnerkit.dev/problems/not-supported',
    title: 'This backend does not support deal registration',
    status: 0,
    detail: 'The configured backend object has no registerDeal / getRegistrationPolicy methods.',
  });
}
