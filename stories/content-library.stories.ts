import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/content-library/define.js';
import '../components/portal/define.js';
import { PkApiError } from '../src/api/errors.js';
import { contentItem, FakeContentBackend, sampleContent } from '../test/components/fake-content-backend.js';
import { networkError, never, partnerMe } from './story-backend.js';

const cm = () => partnerMe('channel_manager');
const library = (backend: FakeContentBackend, attrs = '') =>
  attrs === 'list'
    ? html`<pk-portal .backend=${backend}><pk-content-library layout="list"></pk-content-library></pk-portal>`
    : html`<pk-portal .backend=${backend}><pk-content-library></pk-content-library></pk-portal>`;

/** Waits for an element inside the library's shadow root, then runs `fn` on it. */
async function within(canvas: HTMLElement, selector: string, fn: (el: HTMLElement) => void): Promise<void> {
  const lib = canvas.querySelector('pk-content-library')!;
  for (let i = 0; i < 100 && !lib.shadowRoot?.querySelector(selector); i++) await new Promise((r) => setTimeout(r, 50));
  const el = lib.shadowRoot?.querySelector<HTMLElement>(selector);
  if (el) fn(el);
}

const many = () => [...sampleContent(), ...Array.from({ length: 30 }, (_, i) => contentItem(i + 10, { title: `Enablement play ${i + 10}` }))];

const meta: Meta = {
  title: 'Components/Content library',
  component: 'pk-content-library',
  render: () => library(new FakeContentBackend()),
};
export default meta;
type Story = StoryObj;

/** A partner's library: facets with counts, a locked item with what unlocks it, a link item, files. */
export const Partner: Story = {};

/** The list layout (the choice is remembered in the browser). */
export const ListLayout: Story = { render: () => library(new FakeContentBackend(), 'list') };

/** More than a page: *Show more* loads the next one. */
export const ManyItems: Story = { render: () => library(new FakeContentBackend(partnerMe(), many())) };

/** A search without match offers to clear the filters. */
export const NoMatch: Story = {
  play: async ({ canvasElement }) =>
    within(canvasElement, '#c-search', (input) => {
      (input as HTMLInputElement).value = 'nothing like this';
      input.dispatchEvent(new Event('input'));
    }),
};

/** Only locked items (a registered-tier partner). */
export const Locked: Story = {
  render: () =>
    library(
      new FakeContentBackend(
        partnerMe(),
        sampleContent().map((c, i) => ({ ...c, locked: { reason: i % 2 ? 'certification' : 'tier', unlockedBy: { tier: i % 2 ? null : 'gold', certifications: i % 2 ? ['Acme Certified Sales'] : [] } } as const })),
      ),
    ),
};

/** An item opened: description, PDF preview (where the browser has a PDF viewer), download, share. */
export const ItemOpen: Story = {
  play: async ({ canvasElement }) => within(canvasElement, '[part~="open-button"]', (b) => b.click()),
};

/** An image item opened: its preview comes from the authenticated download. */
export const ImagePreview: Story = {
  play: async ({ canvasElement }) => within(canvasElement, '[data-id="ct_2"] [part~="open-button"]', (b) => b.click()),
};

/** The share dialog with a link created. */
export const Share: Story = {
  play: async ({ canvasElement }) => {
    await within(canvasElement, '[part~="share-button"]', (b) => b.click());
    await within(canvasElement, '[part~="create-link-button"]', (b) => b.click());
  },
};

/** A new item arrives live after two seconds and is announced. */
export const LiveArrival: Story = {
  render: () => {
    const b = new FakeContentBackend();
    setTimeout(() => {
      b.content.unshift(contentItem(60, { title: 'New: competitive battlecard', type: 'competitive_intel', updatedAt: new Date().toISOString() }));
      b.live('content.published', { id: 'ct_60' });
    }, 2000);
    return library(b);
  },
};

export const Loading: Story = {
  render: () => {
    const b = new FakeContentBackend();
    b.contentHold.listContent = never();
    return library(b);
  },
};

export const Empty: Story = { render: () => library(new FakeContentBackend(partnerMe(), [])) };

export const LoadError: Story = {
  render: () => {
    const b = new FakeContentBackend();
    b.contentFailures.listContent = networkError();
    return library(b);
  },
};

/** Channel manager: publish, edit, unpublish; gates and unpublished items are shown. */
export const ChannelManager: Story = {
  render: () => {
    const b = new FakeContentBackend(cm());
    b.content[3] = { ...b.content[3], published: false };
    return library(b);
  },
};

export const ChannelManagerEmpty: Story = { render: () => library(new FakeContentBackend(cm(), [])) };

/** The editor for a new item. */
export const ChannelManagerEditor: Story = {
  render: () => library(new FakeContentBackend(cm())),
  play: async ({ canvasElement }) => within(canvasElement, '[part~="new-button"]', (b) => b.click()),
};

/** The server refused a field (422): the message is next to it, nothing typed is lost. */
export const ChannelManagerFieldError: Story = {
  render: () => {
    const b = new FakeContentBackend(cm());
    b.contentFailures.updateContent = new PkApiError('http', {
      type: 'about:blank', title: 'Invalid request', status: 422,
      errors: [{ path: 'language', message: 'Expected a language tag such as en or pt-BR.', code: 'invalid_format' }],
    });
    return library(b);
  },
  play: async ({ canvasElement }) => {
    await within(canvasElement, '[data-id="ct_1"] [part~="edit-button"]', (b) => b.click());
    await within(canvasElement, '[part~="save-button"]', (b) => b.click());
  },
};

/** Engagement per item, and the partners that never opened a motion's key assets. */
export const ChannelManagerEngagement: Story = {
  render: () => {
    const b = new FakeContentBackend(cm());
    b.events.push({ id: 'ct_1', type: 'view' }, { id: 'ct_1', type: 'share' }, { id: 'ct_2', type: 'download' });
    return library(b);
  },
  play: async ({ canvasElement }) => within(canvasElement, '[part~="tabs"] button:last-child', (b) => b.click()),
};

/** At phone width (320 px). */
export const Phone: Story = { render: () => html`<div style="width: 320px; max-width: 100%">${library(new FakeContentBackend())}</div>` };

/** The default portal opened on its Content section. */
export const DefaultPortal: Story = {
  render: () => html`<pk-portal .backend=${new FakeContentBackend()} section="content"></pk-portal>`,
};

/** Dark theme (set on the portal). */
export const DarkTheme: Story = {
  render: () => html`<pk-portal theme="dark" .backend=${new FakeContentBackend()}><pk-content-library></pk-content-library></pk-portal>`,
};
