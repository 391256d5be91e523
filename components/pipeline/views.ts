import { DEAL_SORTS, DEAL_STATUSES, MOTIONS, type DealSort } from '../../src/contract/motions.js';
import type { DealQuery } from '../../src/contract/schemas.js';

/** Columns a user may hide (the customer column always shows; the partner column only to a channel manager). */
export const OPTIONAL_COLUMNS = ['stage', 'registration', 'owner', 'nextStep', 'amount', 'lastActivity'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

/** What a user chose for the pipeline: filters, sort, view and hidden columns. */
export interface PipelineView {
  motion?: DealQuery['motion'];
  stage?: DealQuery['stage'];
  status?: DealQuery['status'];
  q?: string;
  sort?: DealSort;
  view?: 'table' | 'board';
  hidden?: OptionalColumn[];
}

const KEYS = ['motion', 'stage', 'status', 'q', 'sort', 'view', 'hidden'] as const;
/** URL parameters are prefixed so the host page's own parameters are left alone. */
const URL_PREFIX = 'pk-';

const storageKey = (userId: string) => `partnerkit:pipeline-view:${userId}`;

/** Keeps only well-formed values (storage and URLs are user-editable). */
export function cleanView(raw: Record<string, unknown>): PipelineView {
  const view: PipelineView = {};
  const str = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);
  if (MOTIONS.includes(raw.motion as never)) view.motion = raw.motion as PipelineView['motion'];
  if (str(raw.stage)) view.stage = raw.stage as PipelineView['stage'];
  if (DEAL_STATUSES.includes(raw.status as never)) view.status = raw.status as PipelineView['status'];
  if (str(raw.q)) view.q = str(raw.q);
  if (DEAL_SORTS.includes(raw.sort as never)) view.sort = raw.sort as DealSort;
  if (raw.view === 'table' || raw.view === 'board') view.view = raw.view;
  const hidden = typeof raw.hidden === 'string' ? raw.hidden.split(',') : raw.hidden;
  if (Array.isArray(hidden)) view.hidden = hidden.filter((c): c is OptionalColumn => OPTIONAL_COLUMNS.includes(c));
  return view;
}

/** The view a user saved on this browser (empty when none, or storage is unavailable). */
export function loadView(userId: string): PipelineView {
  try {
    const raw = localStorage.getItem(storageKey(userId));
    return raw ? cleanView(JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function saveView(userId: string, view: PipelineView): void {
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify(view));
  } catch {
    // Storage full or blocked: the view simply is not remembered.
  }
}

/** The view in the page URL (`?pk-motion=reseller&pk-view=board`), for hosts that opt in with `sync-url`. */
export function viewFromUrl(href = location.href): PipelineView {
  const params = new URL(href).searchParams;
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = params.get(URL_PREFIX + key);
    if (value !== null) raw[key] = value;
  }
  return cleanView(raw);
}

/** Writes the view into the page URL without a new history entry, keeping the host's own parameters. */
export function writeViewToUrl(view: PipelineView): void {
  const url = new URL(location.href);
  for (const key of KEYS) {
    const value = view[key];
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text) url.searchParams.set(URL_PREFIX + key, text);
    else url.searchParams.delete(URL_PREFIX + key);
  }
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}
