import { html, noChange, nothing, type ElementPart } from 'lit';
import { Directive, directive, PartType, type PartInfo } from 'lit/directive.js';
import type { Deal } from '../../src/contract/schemas.js';
import type { PlainValues, RichValues } from '../../src/i18n/translator.js';
import type { MessageKey } from '../../src/i18n/types.js';
import { formatDate, formatMoney, formatRelative } from '../../src/internal/format.js';
import { STAGE_NOTE_FRESH_DAYS } from '../../src/contract/stage-note.js';

/** What the pieces of the pipeline (table, board, panel) need from the element to word things. */
export interface Words {
  t(key: MessageKey, values?: PlainValues): string;
  rich(key: MessageKey, values?: RichValues): unknown;
  readonly locale: string | undefined;
}

/** Runs `fn` when the browser is idle (within half a second in any case). */
export function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 500 });
  else setTimeout(fn, 50);
}

/**
 * Makes the formatters a row uses (money, dates, relative times, plurals) for `locale`, ahead of
 * the first rows. The first Intl formatter of a page costs tens of milliseconds (Intl loads its
 * locale data); called when idle (while the first page of deals is on its way), that is not spent
 * between the deals' arrival and the first rows. The formatters are cached (src/internal/format.ts).
 */
export function warmFormats(locale: string | undefined): void {
  const now = new Date().toISOString();
  formatMoney(locale, 0, 'USD');
  formatDate(locale, now.slice(0, 10));
  formatDate(locale, now);
  formatRelative(locale, now);
  try {
    new Intl.PluralRules(locale);
  } catch {
    // An unknown locale: the messages fall back as they would anyway.
  }
}

/** Stage notes older than this are shown as stale (the exit criterion's rule, src/contract/stage-note.ts). */
export const STALE_NOTE_MS = STAGE_NOTE_FRESH_DAYS * 86_400_000;

export const isStale = (iso: string) => Date.now() - new Date(iso).getTime() > STALE_NOTE_MS;

/**
 * A relative time ("in 3 days") as a `<time>` element: Intl words it in the element's locale.
 * Leaf text here is bound as `.textContent` (no marker node: these render in every table row).
 */
export const relative = (w: Words, iso: string, cls = '') => html`<time class=${cls} datetime=${iso} .textContent=${formatRelative(w.locale, iso)}></time>`;

export const date = (w: Words, iso: string) => html`<time datetime=${iso} .textContent=${formatDate(w.locale, iso)}></time>`;

/**
 * A phrase about a date ("Until Mar 1, 2027") as one `<time>` element with its text: the phrase
 * is a plain message (no template per piece), since this renders in every table row.
 */
export const datedPhrase = (w: Words, key: MessageKey, iso: string, cls = '') =>
  html`<time class=${cls} datetime=${iso} .textContent=${w.t(key, { date: formatDate(w.locale, iso) })}></time>`;

export const money = (w: Words, amount: Deal['amount']) => html`<data value=${amount.value} .textContent=${formatMoney(w.locale, amount.value, amount.currency)}></data>`;

/**
 * Writes a domain into its element as text broken by `<wbr>` after each dot
 * (`example.<wbr>co.<wbr>uk`): an element directive, so no template markers (it renders in every
 * table row). Text nodes only: nothing is parsed as HTML.
 */
class DomainText extends Directive {
  private domain?: string;
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('domainText() goes on an element');
  }
  render(_domain: string) {
    return noChange;
  }
  override update(part: ElementPart, [domain]: [string]) {
    if (domain === this.domain) return noChange;
    this.domain = domain;
    const labels = domain.split('.');
    part.element.replaceChildren(
      ...labels.flatMap((label, i) => (i < labels.length - 1 ? [`${label}.`, document.createElement('wbr')] : [label])),
    );
    return noChange;
  }
}
const domainText = directive(DomainText);

/** A domain that may wrap only after a dot, never mid-word; isolated like all data. */
export const domainOf = (domain: string, cls = '') => html`<bdi class=${cls ? `domain ${cls}` : 'domain'} ${domainText(domain)}></bdi>`;

export const statusBadge = (w: Words, deal: Deal) => html`<span class="badge status-${deal.status}" part="status" .textContent=${w.t(`status.${deal.status}`)}></span>`;

export const attributionText = (w: Words, deal: Deal) =>
  w.t('pipeline.attribution', { type: w.t(`attribution.${deal.attribution.type}`), percent: deal.attribution.percent / 100 });

export function protection(w: Words, deal: Deal) {
  if (deal.status === 'pending' && deal.slaDueAt) {
    const overdue = new Date(deal.slaDueAt).getTime() < Date.now();
    return html`<span class=${overdue ? 'overdue' : ''}>${w.t(overdue ? 'pipeline.decisionOverdue' : 'pipeline.decisionDue')}</span
      >${relative(w, deal.slaDueAt, 'sub')}`;
  }
  if (!deal.protection || deal.status === 'declined' || deal.status === 'won' || deal.status === 'lost') {
    return html`<span class="sub">${w.t(deal.status === 'won' || deal.status === 'lost' ? 'pipeline.closed' : 'pipeline.notProtected')}</span>`;
  }
  const expired = deal.status === 'expired' || new Date(deal.protection.endsAt).getTime() < Date.now();
  return html`${datedPhrase(w, expired ? 'pipeline.protectionExpired' : 'pipeline.protectedUntil', deal.protection.endsAt)}${relative(w, deal.protection.endsAt, 'sub')}`;
}

export function nextStep(w: Words, deal: Deal) {
  const note = deal.stageNote;
  const stale = note && isStale(note.updatedAt);
  return html`${deal.nextStep ? html`<bdi .textContent=${deal.nextStep}></bdi>` : html`<span class="sub" .textContent=${w.t('pipeline.noNextStep')}></span>`}${note
    ? html`<span class="sub ${stale ? 'stale' : ''}">${w.rich(stale ? 'pipeline.note.stale' : 'pipeline.note', { when: relative(w, note.updatedAt), text: note.text })}</span>`
    : nothing}`;
}

export function conflict(w: Words, deal: Deal) {
  if (deal.conflict.status === 'none') return nothing;
  return html`<span class="sub conflict"
    >${deal.conflict.reason
      ? w.rich('pipeline.conflict', { status: w.t(`conflict.${deal.conflict.status}`), reason: deal.conflict.reason })
      : w.t(`conflict.${deal.conflict.status}`)}</span
  >`;
}
