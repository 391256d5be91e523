import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/rules-gate/define.js';
import '../components/announcements/define.js';
import '../components/portal/define.js';
import { FakeEngagementBackend, rulesVersion } from '../test/components/fake-engagement-backend.js';
import { networkError, never, partnerMe } from './story-backend.js';

const gate = (backend: FakeEngagementBackend) =>
  html`<pk-portal .backend=${backend}>
    <pk-rules-gate>
      <label>Deal notes <input /></label>
      <pk-announcements></pk-announcements>
    </pk-rules-gate>
  </pk-portal>`;

const accepted = () => {
  const b = new FakeEngagementBackend();
  b.acknowledged.set(2, new Date().toISOString());
  return b;
};

const meta: Meta = {
  title: 'Components/Rules gate',
  component: 'pk-rules-gate',
  render: () => gate(new FakeEngagementBackend()),
};
export default meta;
type Story = StoryObj;

/** Not yet accepted: the rules instead of the content (which stays in the page, hidden). */
export const Locked: Story = {};

export const Unlocked: Story = { render: () => gate(accepted()) };

/** Unlocked, then a new version is published two seconds later: locks again, keeps what was typed. */
export const RelocksOnNewVersion: Story = {
  render: () => {
    const b = accepted();
    setTimeout(() => {
      b.versions.push(rulesVersion(3));
      b.live('rules.published', { version: 3 });
    }, 2000);
    return gate(b);
  },
};

export const Checking: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.hold.getMe = never();
    return gate(b);
  },
};

export const CheckFailed: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.failures.getMe = networkError();
    return gate(b);
  },
};

/** A channel manager is never locked out. */
export const ChannelManager: Story = { render: () => gate(new FakeEngagementBackend(partnerMe('channel_manager'))) };
