import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/announcements/define.js';
import '../components/rules/define.js';
import '../components/portal/define.js';
import { announcement, FakeEngagementBackend } from '../test/components/fake-engagement-backend.js';
import { networkError, never, partnerMe } from './story-backend.js';

const cm = () => partnerMe('channel_manager');
const feed = (backend: FakeEngagementBackend) => html`<pk-portal .backend=${backend}><pk-announcements></pk-announcements></pk-portal>`;

const meta: Meta = {
  title: 'Components/Announcements',
  component: 'pk-announcements',
  render: () => feed(new FakeEngagementBackend()),
};
export default meta;
type Story = StoryObj;

/** Pinned first; unread ones are marked and become read after a moment on screen; one asks for an acknowledgment. */
export const Partner: Story = {};

/** A new announcement arrives live after two seconds. */
export const LiveArrival: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    setTimeout(() => {
      b.announcements.push(announcement(0, { title: 'Q3 partner summit: registration open', publishedAt: new Date().toISOString() }));
      b.live('announcement.published', { id: 'an_0' });
    }, 2000);
    return feed(b);
  },
};

export const AcknowledgeFailed: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.failures.acknowledgeAnnouncement = networkError();
    return feed(b);
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('pk-announcements')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="acknowledge-button"]'); i++) await new Promise((r) => setTimeout(r, 50));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="acknowledge-button"]')!.click();
  },
};

export const Loading: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.hold.listAnnouncements = never();
    return feed(b);
  },
};

export const Empty: Story = { render: () => feed(new FakeEngagementBackend(partnerMe(), undefined, [])) };

export const LoadError: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.failures.listAnnouncements = networkError();
    return feed(b);
  },
};

/** Channel manager: the composer with a live preview, and the read receipts of each announcement. */
export const ChannelManager: Story = { render: () => feed(new FakeEngagementBackend(cm())) };

export const ChannelManagerReceipts: Story = {
  render: () => feed(new FakeEngagementBackend(cm())),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('pk-announcements')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="receipts"]'); i++) await new Promise((r) => setTimeout(r, 50));
    el.shadowRoot!.querySelector<HTMLDetailsElement>('[part~="receipts"]')!.open = true;
  },
};

export const ChannelManagerEmpty: Story = { render: () => feed(new FakeEngagementBackend(cm(), undefined, [])) };

/** At phone width (320 px). */
export const Phone: Story = { render: () => html`<div style="width: 320px; max-width: 100%">${feed(new FakeEngagementBackend())}</div>` };

/** The default portal: the Rules and Announcements tabs carry badges (rules not yet accepted, 2 unread). */
export const DefaultPortalBadges: Story = {
  render: () => html`<pk-portal .backend=${new FakeEngagementBackend()} section="announcements"></pk-portal>`,
};

/** Dark theme (set on the portal). */
export const DarkTheme: Story = {
  render: () => html`<pk-portal theme="dark" .backend=${new FakeEngagementBackend()}><pk-announcements></pk-announcements></pk-portal>`,
};
