import { html, nothing, type TemplateResult } from 'lit';
import { METRICS_PERIODS } from '../../src/contract/metrics.js';
import { MOTIONS, type Motion } from '../../src/contract/motions.js';
import type { InsightsView } from './view.js';

export const PERIODS = [...METRICS_PERIODS, 'custom'] as const;
export type PeriodChoice = (typeof PERIODS)[number];

/** What the filter bar edits; the element keeps it and reloads when it changes. */
export interface Filters {
  period: PeriodChoice;
  /** `yyyy-mm-dd`, with period `custom`. */
  from: string;
  to: string;
  motion: Motion | '';
  /** Channel manager: one partner org ('' = the whole program). */
  partnerId: string;
}

export interface PickerOptions {
  /** Partner orgs to filter to (channel manager), or null to hide the control. */
  partners: Array<{ id: string; name: string }> | null;
  /** Custom dates that are not applied yet, and whether they are invalid. */
  draft: { from: string; to: string; invalid: boolean };
  change(patch: Partial<Filters>): void;
  editDraft(patch: Partial<{ from: string; to: string }>): void;
  applyDraft(): void;
}

/** Period (three presets or custom dates), motion and — for a channel manager — partner. */
export function periodPicker(view: InsightsView, f: Filters, o: PickerOptions): TemplateResult {
  const value = (e: Event) => (e.target as HTMLSelectElement | HTMLInputElement).value;
  return html`<form class="filters" part="filters" aria-label=${view.t('insights.filters')} @submit=${(e: Event) => { e.preventDefault(); o.applyDraft(); }}>
    <div class="field">
      <label for="f-period">${view.t('insights.period')}</label>
      <select id="f-period" @change=${(e: Event) => o.change({ period: value(e) as PeriodChoice })}>
        ${PERIODS.map((p) => html`<option value=${p} ?selected=${f.period === p}>${view.t(`insights.period.${p}`)}</option>`)}
      </select>
    </div>
    ${f.period === 'custom'
      ? html`<div class="field">
            <label for="f-from">${view.t('insights.from')}</label>
            <input id="f-from" type="date" .value=${o.draft.from} aria-invalid=${o.draft.invalid ? 'true' : 'false'} aria-describedby=${o.draft.invalid ? 'f-range-error' : nothing} @input=${(e: Event) => o.editDraft({ from: value(e) })} />
          </div>
          <div class="field">
            <label for="f-to">${view.t('insights.to')}</label>
            <input id="f-to" type="date" .value=${o.draft.to} aria-invalid=${o.draft.invalid ? 'true' : 'false'} aria-describedby=${o.draft.invalid ? 'f-range-error' : nothing} @input=${(e: Event) => o.editDraft({ to: value(e) })} />
          </div>
          <div class="field apply"><button type="submit">${view.t('insights.apply')}</button></div>
          ${o.draft.invalid ? html`<p class="field-error" id="f-range-error">${view.t('insights.range.invalid')}</p>` : nothing}`
      : nothing}
    <div class="field">
      <label for="f-motion">${view.t('insights.motion')}</label>
      <select id="f-motion" @change=${(e: Event) => o.change({ motion: value(e) as Motion | '' })}>
        <option value="" ?selected=${!f.motion}>${view.t('insights.motion.all')}</option>
        ${MOTIONS.map((m) => html`<option value=${m} ?selected=${f.motion === m}>${view.t(`motion.${m}`)}</option>`)}
      </select>
    </div>
    ${o.partners
      ? html`<div class="field">
          <label for="f-partner">${view.t('insights.partner')}</label>
          <select id="f-partner" @change=${(e: Event) => o.change({ partnerId: value(e) })}>
            <option value="" ?selected=${!f.partnerId}>${view.t('insights.partner.all')}</option>
            ${o.partners.map((p) => html`<option value=${p.id} ?selected=${f.partnerId === p.id}>${p.name}</option>`)}
          </select>
        </div>`
      : nothing}
  </form>`;
}
