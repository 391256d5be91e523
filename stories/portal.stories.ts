import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
// The default portal shows a section only once its element is registered.
import '../components/pipeline/define.js';
import '../components/portal/define.js';
import type { PartnerBackend } from '../src/api/backend.js';
import { StoryBackend, authError, failingMeBackend, fetchFailure, mixedDeals, networkError, partnerDeals, partnerMe, pendingMeBackend, signedOutError } from './story-backend.js';

/** The portal's attributes, as story controls. Empty strings mean "attribute not set". */
interface PortalArgs {
  theme: '' | 'light' | 'dark' | 'auto';
  locale: string;
  section: string;
}

/** `<pk-portal>` with a backend made fresh on every render, and optional children. */
const portal =
  (makeBackend: (() => PartnerBackend) | null, children?: () => TemplateResult) =>
  (a: PortalArgs): TemplateResult =>
    html`<pk-portal
      theme=${ifDefined(a.theme || undefined)}
      locale=${ifDefined(a.locale || undefined)}
      section=${ifDefined(a.section || undefined)}
      .backend=${makeBackend ? makeBackend() : undefined}
      >${children ? children() : ''}</pk-portal
    >`;

const meta: Meta<PortalArgs> = {
  title: 'Components/Portal',
  component: 'pk-portal',
  render: portal(() => new StoryBackend(partnerDeals(30))),
  args: { theme: '', locale: '', section: '' },
  argTypes: {
    theme: {
      control: { type: 'select', labels: { '': '(not set: light)' } },
      options: ['', 'light', 'dark', 'auto'],
      description: '`theme`: `light` (default), `dark` or `auto` (follows the OS).',
      table: { category: 'attributes' },
    },
    locale: {
      control: 'text',
      description: '`locale`: BCP 47 locale of every word, date and amount (default: the toolbar, then the page `lang`), e.g. `de-AT`.',
      table: { category: 'attributes' },
    },
    section: {
      control: 'text',
      description: '`section`: selected section of the default portal (default `pipeline`).',
      table: { category: 'attributes' },
    },
  },
  parameters: {
    layout: 'padded',
    docs: { description: { component: 'Configuration root and default partner portal. Stories use an in-memory backend via the `backend` property.' } },
  },
};
export default meta;

type Story = StoryObj<PortalArgs>;

/** Empty `<pk-portal>` for a partner user: the complete default portal. */
export const PartnerUser: Story = {
  name: 'Default portal — partner user',
};

/** Empty `<pk-portal>` for the vendor's channel manager: every partner's deals. */
export const ChannelManager: Story = {
  name: 'Default portal — channel manager',
  render: portal(() => new StoryBackend(mixedDeals(16), partnerMe('channel_manager'))),
};

/** Dark theme for the whole default portal. */
export const DarkTheme: Story = {
  name: 'Default portal — dark theme',
  args: { theme: 'dark' },
  parameters: { layout: 'fullscreen' },
  render: (a) => html`<div style="min-height: 100vh; background: #15181d">${portal(() => new StoryBackend(partnerDeals(30)))(a)}</div>`,
};

/** Who-am-I never answers: the portal's loading state. */
export const Loading: Story = {
  render: portal(() => pendingMeBackend()),
};

/** Who-am-I fails with a network error; "Try again" then succeeds. */
export const ErrorState: Story = {
  name: 'Error',
  render: portal(() => failingMeBackend(networkError())),
};

/** Who-am-I fails because the session ended; "Try again" then succeeds. */
export const SessionExpired: Story = {
  name: 'Error — session expired',
  render: portal(() => failingMeBackend(authError())),
};

/** The vendor's session endpoint answers 401: said once, with one retry. */
export const SignedOut: Story = {
  name: 'Error — signed out',
  render: portal(() => failingMeBackend(signedOutError())),
};

/** Signed out with several elements on the page: the notice is shown once, and its one retry retries them all. */
export const SignedOutComposed: Story = {
  name: 'Error — signed out, several elements',
  render: portal(
    () => {
      const backend = new StoryBackend(partnerDeals(30));
      const listDeals = backend.listDeals.bind(backend);
      let attempts = 0;
      // Signed out for the first three calls (one per element); the retry then succeeds.
      backend.listDeals = async (q, o) => {
        if (attempts++ < 3) throw signedOutError();
        return listDeals(q, o);
      };
      return backend;
    },
    () => html`<pk-pipeline page-size="5"></pk-pipeline><pk-pipeline view="board" hide-filters></pk-pipeline
      ><pk-pipeline hide-filters page-size="5"></pk-pipeline>`,
  ),
};

/** A custom backend rejects with the browser's raw "Failed to fetch": shown in words. */
export const Offline: Story = {
  name: 'Error — offline',
  render: portal(() => failingMeBackend(fetchFailure())),
};

/** The default portal at phone width (360 px): header, tabs and the pipeline's card layout. */
export const Phone: Story = {
  name: 'Default portal — phone width (360 px)',
  render: (a) => html`<div style="width: 360px; max-width: 100%">${portal(() => new StoryBackend(partnerDeals(30)))(a)}</div>`,
};

/** Dark theme at phone width: the painted surface keeps its padding. */
export const DarkPhone: Story = {
  name: 'Default portal — dark, phone width',
  args: { theme: 'dark' },
  render: (a) => html`<div style="width: 360px; max-width: 100%; background: #0d0f12; padding: 8px">${portal(() => new StoryBackend(partnerDeals(30)))(a)}</div>`,
};

/** No `backend`, `api-url` or `configure()`: the configuration error (no retry). */
export const NotConfigured: Story = {
  name: 'Not configured',
  render: portal(null),
};

/** Composed usage: the portal only provides configuration; the page lays out the elements. */
export const Composed: Story = {
  name: 'Composed — <pk-portal><pk-pipeline>',
  render: portal(
    () => new StoryBackend(partnerDeals(30)),
    () => html`<pk-pipeline page-size="10"></pk-pipeline>`,
  ),
};
