import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../components/pipeline/define.js';
import '../components/portal/define.js';
import type { PartnerBackend } from '../src/api/backend.js';
import { ALL_STAGES, DEAL_SORTS, DEAL_STATUSES, MOTIONS } from '../src/contract/motions.js';
import { StoryBackend, conflictDeals, fetchFailure, makeDeal, makeDeals, mixedDeals, networkError, never, partnerDeals, partnerMe, signedOutError } from './story-backend.js';

/** The pipeline's attributes, as story controls. Empty strings mean "attribute not set". */
interface PipelineArgs {
  view: 'table' | 'board';
  motion: string;
  stage: string;
  status: string;
  q: string;
  sort: string;
  pageSize: number;
  hideFilters: boolean;
}

const attr = (v: string | undefined) => ifDefined(v || undefined);

const pipeline = (a: PipelineArgs): TemplateResult =>
  html`<pk-pipeline
    view=${attr(a.view)}
    motion=${attr(a.motion)}
    stage=${attr(a.stage)}
    status=${attr(a.status)}
    q=${attr(a.q)}
    sort=${attr(a.sort)}
    page-size=${ifDefined(a.pageSize || undefined)}
    ?hide-filters=${a.hideFilters}
  ></pk-pipeline>`;

/** The pipeline inside a `<pk-portal>` whose backend is made fresh on every render. */
const inPortal =
  (makeBackend: () => PartnerBackend) =>
  (a: PipelineArgs): TemplateResult =>
    html`<pk-portal .backend=${makeBackend()}>${pipeline(a)}</pk-portal>`;

const select = (values: readonly string[], description: string) => ({
  control: { type: 'select' as const, labels: { '': '(not set)' } },
  options: ['', ...values],
  description,
  table: { category: 'attributes' },
});

const meta: Meta<PipelineArgs> = {
  title: 'Components/Pipeline',
  component: 'pk-pipeline',
  render: inPortal(() => new StoryBackend(partnerDeals(30))),
  args: { view: 'table', motion: '', stage: '', status: '', q: '', sort: '', pageSize: 50, hideFilters: false },
  argTypes: {
    view: {
      control: { type: 'inline-radio' },
      options: ['table', 'board'],
      description: '`view`: `table` (default) or `board` (a lane per stage, a card per deal).',
      table: { category: 'attributes' },
    },
    motion: select(MOTIONS, '`motion`: only deals of this motion.'),
    stage: select(ALL_STAGES, '`stage`: only deals in this stage (stage slug).'),
    status: select(DEAL_STATUSES, '`status`: only deals with this registration status.'),
    q: { control: 'text', description: '`q`: free-text search over customer, domain and next step.', table: { category: 'attributes' } },
    sort: select(DEAL_SORTS, '`sort`: sort key, `-` prefix for descending (default `-lastActivityAt`).'),
    pageSize: {
      name: 'page-size',
      control: { type: 'number', min: 1, max: 100 },
      description: '`page-size` (property `pageSize`): deals per keyset page read as the list scrolls, 1–100 (default 50).',
      table: { category: 'attributes' },
    },
    hideFilters: {
      name: 'hide-filters',
      control: 'boolean',
      description: '`hide-filters` (property `hideFilters`): hides the filter bar; the filter attributes still apply.',
      table: { category: 'attributes' },
    },
  },
  parameters: {
    docs: { description: { component: 'Shared pipeline (table or board). Every story uses an in-memory backend; none needs a server.' } },
  },
};
export default meta;

type Story = StoryObj<PipelineArgs>;

/** A partner user's pipeline: 30 deals, so the pager has a second page. */
export const Default: Story = {};

/** More pages: 60 deals, 10 per page. */
export const Board: Story = {
  name: 'Board',
  args: { view: 'board' },
  render: inPortal(() => new StoryBackend(mixedDeals())),
};

export const BoardOneMotion: Story = {
  name: 'Board, one motion',
  args: { view: 'board', motion: 'reseller' },
};

/** The whole filtered pipeline in one virtualized list, read by keyset pages of 10 as it scrolls. */
export const SmallPages: Story = {
  name: 'Keyset pages of 10',
  args: { pageSize: 10 },
  render: inPortal(() => new StoryBackend(partnerDeals(60))),
};

/** 10,000 deals: only the rows in view are in the DOM; pages of 100 are read as the list scrolls. */
export const TenThousandRows: Story = {
  name: '10,000 deals',
  args: { pageSize: 100 },
  render: inPortal(() => new StoryBackend(makeDeals(10_000))),
};

/**
 * Opens the first deal of the pipeline in `root` once its rows are there (what a click or Enter
 * on a row does), then runs `after` with the element.
 */
function openFirstDeal(after?: (el: HTMLElement) => void) {
  return (a: PipelineArgs, backend: () => PartnerBackend): TemplateResult => {
    const view = inPortal(backend)(a);
    const started = Date.now();
    const poll = () => {
      const el = document.querySelector('pk-pipeline');
      const cell = el?.shadowRoot?.querySelector<HTMLElement>('.rows [role="row"][data-id] [role="rowheader"]');
      if (cell) {
        cell.click();
        if (after) setTimeout(() => after(el as HTMLElement), 300);
      } else if (Date.now() - started < 5000) setTimeout(poll, 50);
    };
    setTimeout(poll, 50);
    return view;
  };
}

const fresh = { text: 'Procurement call booked for Tuesday', updatedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() };
const contacts = [
  { name: 'Bea Seller', email: 'bea@northwind.example', role: 'AE' as const },
  { name: 'Sam Engineer', email: 'sam@northwind.example', role: 'SE' as const },
];

/** The deal panel: next step, stage note and its age, contacts by role, protection, history, and the next stage's exit criteria. */
export const DealPanel: Story = {
  name: 'Deal panel',
  render: (a) => openFirstDeal()(a, () => new StoryBackend([makeDeal(1, { stageNote: fresh, partnerContacts: contacts }), ...partnerDeals(10)])),
};

/** A stage move the exit criteria refuse (the stage note is stale): what is missing, next to the control. */
export const RefusedMove: Story = {
  name: 'Refused stage move',
  render: (a) =>
    openFirstDeal((el) => el.shadowRoot?.querySelector<HTMLButtonElement>('dialog .move-submit')?.click())(a, () =>
      new StoryBackend([makeDeal(1, { stageNote: { text: 'Old note', updatedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() } }), ...partnerDeals(10)]),
    ),
};

/** Someone else changed the deal first: the save is refused (409) and their values are shown; the user's text stays. */
export const StaleWrite: Story = {
  name: 'Stale write (changed by someone else)',
  render: (a) =>
    openFirstDeal((el) => {
      const input = el.shadowRoot?.querySelector<HTMLInputElement>('dialog input[name="nextStep"]');
      if (!input) return;
      input.value = 'Send the revised quote';
      input.dispatchEvent(new Event('input'));
      el.shadowRoot?.querySelector<HTMLButtonElement>('dialog button[type="submit"]')?.click();
    })(a, () => {
      const backend = new StoryBackend([makeDeal(1, { stageNote: fresh }), ...partnerDeals(10)]);
      backend.staleWith = { ...backend.deals[0], nextStep: 'Waiting for legal (set by the vendor)', version: 2 };
      return backend;
    }),
};

/** The board with its closed area (declined, lost and expired deals are not in the stage lanes). */
export const BoardWithClosedArea: Story = {
  name: 'Board with closed area',
  args: { view: 'board', motion: 'reseller' },
  render: inPortal(
    () =>
      new StoryBackend([
        ...partnerDeals(20),
        makeDeal(90, { status: 'lost', customer: { company: 'Lost Cause GmbH', domain: 'lost.example' } }),
        makeDeal(91, { status: 'declined', customer: { company: 'Declined Co', domain: 'declined.example' } }),
      ]),
  ),
};

/** A channel manager's deal panel: the vendor-only fields (discount band, internal notes, partners). */
export const ChannelManagerPanel: Story = {
  name: 'Channel manager deal panel',
  render: (a) =>
    openFirstDeal()(a, () => {
      const deal = { ...makeDeal(1, { stageNote: fresh }), discountBand: 'B', internalNotes: 'Strategic account: keep the partner close', partners: [] };
      return new StoryBackend([deal, ...mixedDeals(8)], partnerMe('channel_manager'));
    }),
};

/** Free-text search and a sort order set by attributes (`q="globex" sort="-amount"`). */
export const SearchAndSort: Story = {
  name: 'Search and sort',
  args: { q: 'globex', sort: '-amount' },
  render: inPortal(() => new StoryBackend(partnerDeals(60))),
};

/** Filters preset by attributes, with the filter bar hidden (a fixed, embedded view). */
export const PresetFiltersNoFilterBar: Story = {
  name: 'Preset filters, no filter bar',
  args: { motion: 'referral', status: 'approved', hideFilters: true },
  render: inPortal(() => new StoryBackend(partnerDeals(60))),
};

/** The backend never answers: the pending state (`aria-busy`). */
export const Loading: Story = {
  render: inPortal(() => {
    const backend = new StoryBackend();
    backend.gate = never();
    return backend;
  }),
};

/** No deals at all. */
export const Empty: Story = {
  render: inPortal(() => new StoryBackend([])),
};

/** Deals exist, but none match the filters (every deal here is a reseller deal). */
export const FilteredEmpty: Story = {
  name: 'Filtered empty',
  args: { motion: 'marketplace' },
  render: inPortal(() => new StoryBackend(makeDeals(30))),
};

/** The first request fails with a network error; "Try again" then succeeds. */
export const ErrorWithRetry: Story = {
  name: 'Error with retry',
  render: inPortal(() => {
    const backend = new StoryBackend(partnerDeals(30));
    backend.failNext = networkError();
    return backend;
  }),
};

/** A vendor's own backend rejects with the browser's raw `TypeError: Failed to fetch`: shown in words, the raw message only in `pk-error`. */
export const OfflineCustomBackend: Story = {
  name: 'Error — offline (custom backend)',
  render: inPortal(() => {
    const backend = new StoryBackend(partnerDeals(30));
    backend.failNext = fetchFailure();
    return backend;
  }),
};

/** The vendor's session endpoint answers 401: "You are signed out", said once, with one retry. */
export const SignedOut: Story = {
  name: 'Error — signed out',
  render: inPortal(() => {
    const backend = new StoryBackend(partnerDeals(30));
    backend.failNext = signedOutError();
    return backend;
  }),
};

/** No `<pk-portal>`, no `api-url`, no `configure()`: the configuration error (no retry). */
export const NotConfigured: Story = {
  name: 'Not configured',
  render: (a) => pipeline(a),
};

/** A channel manager sees every partner's deals, with a Partner column. */
export const ChannelManager: Story = {
  name: 'Channel manager',
  render: inPortal(() => new StoryBackend(mixedDeals(16), partnerMe('channel_manager'))),
};

/** Conflicts (risk and active), stale and fresh stage notes, overdue and upcoming SLAs, expired protection. */
export const ConflictsAndStaleNotes: Story = {
  name: 'Conflicts and stale notes',
  render: inPortal(() => new StoryBackend(conflictDeals())),
};

/** Inside `<pk-portal theme="dark">`. */
export const DarkTheme: Story = {
  name: 'Dark theme',
  parameters: { layout: 'fullscreen' },
  render: (a) =>
    html`<pk-portal theme="dark" style="padding: 24px; min-height: 100vh" .backend=${new StoryBackend(conflictDeals().concat(partnerDeals(8)))}
      >${pipeline(a)}</pk-portal
    >`,
};

/** Theming with `--pk-*` tokens set on an ancestor: system tokens and a pipeline token. */
export const CustomTheme: Story = {
  name: 'Custom theme (--pk-* tokens)',
  render: (a) =>
    html`<div
      style="
        --pk-sys-color-primary: #7a1fa2;
        --pk-sys-color-focus: #7a1fa2;
        --pk-sys-color-text: #2a1633;
        --pk-sys-color-text-muted: #6d5a78;
        --pk-sys-color-border: #d9c6e4;
        --pk-sys-color-surface-variant: #f6eefa;
        --pk-sys-radius: 2px;
        --pk-sys-space: 6px;
        --pk-sys-font-family: Georgia, 'Times New Roman', serif;
        --pk-pipeline-header-background: #efe0f7;
        --pk-pipeline-row-hover: #fbf5fd;
      "
    >
      <pk-portal .backend=${new StoryBackend(partnerDeals(12))}>${pipeline(a)}</pk-portal>
    </div>`,
};

/** A box of `width` px around the story: the element lays out by its own width (container queries). */
const inBox =
  (width: number, makeBackend: () => PartnerBackend) =>
  (a: PipelineArgs): TemplateResult =>
    html`<div style="width: ${width}px; max-width: 100%; outline: 1px dashed #99a">${inPortal(makeBackend)(a)}</div>`;

/** 360 px wide (a phone, or a sidebar on a desktop): a labelled card per deal; filters behind "Filters". */
export const NarrowCards: Story = {
  name: 'Narrow (360 px) — cards',
  render: inBox(360, () => new StoryBackend(conflictDeals().concat(partnerDeals(8)))),
};

/** 320 px, the narrowest supported width, for a channel manager (partner shown on each card). */
export const Narrowest: Story = {
  name: 'Narrowest (320 px) — channel manager',
  render: inBox(320, () => new StoryBackend(mixedDeals(8), partnerMe('channel_manager'))),
};

/** 360 px board: one lane per row. */
export const NarrowBoard: Story = {
  name: 'Narrow (360 px) — board',
  args: { view: 'board', motion: 'reseller' },
  render: inBox(360, () => new StoryBackend(partnerDeals(30))),
};

/** 900 px: owner and last activity fold into the customer and amount cells. */
export const Medium: Story = {
  name: 'Medium (900 px) — folded columns',
  render: inBox(900, () => new StoryBackend(mixedDeals(16), partnerMe('channel_manager'))),
};

/** 360 px, loading / empty / error: the states keep to the box too. */
export const NarrowError: Story = {
  name: 'Narrow (360 px) — error',
  render: inBox(360, () => {
    const backend = new StoryBackend(partnerDeals(30));
    backend.failNext = fetchFailure();
    return backend;
  }),
};

export const NarrowEmpty: Story = {
  name: 'Narrow (360 px) — empty',
  render: inBox(360, () => new StoryBackend([])),
};

/** A vendor's light brand primary on the dark theme: text on it is computed dark, so the pressed toggle reads. */
export const DarkLightPrimary: Story = {
  name: 'Dark theme, light vendor primary',
  parameters: { layout: 'fullscreen' },
  render: (a) =>
    html`<pk-portal theme="dark" style="--pk-sys-color-primary: #ffd400; min-height: 100vh" .backend=${new StoryBackend(partnerDeals(12))}
      >${pipeline(a)}</pk-portal
    >`,
};
