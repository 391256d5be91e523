import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/rules/define.js';
import '../components/portal/define.js';
import { FakeEngagementBackend, rulesVersion } from '../test/components/fake-engagement-backend.js';
import { networkError, never, partnerMe } from './story-backend.js';

const cm = () => partnerMe('channel_manager');
const rules = (backend: FakeEngagementBackend) => html`<pk-portal .backend=${backend}><pk-rules></pk-rules></pk-portal>`;

const meta: Meta = {
  title: 'Components/Rules',
  component: 'pk-rules',
  render: () => rules(new FakeEngagementBackend()),
};
export default meta;
type Story = StoryObj;

/** A partner who accepted version 1 sees version 2 with what changed highlighted, and the accept button. */
export const Partner: Story = {};

/** Already accepted: the receipt (version, time). */
export const Accepted: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.acknowledged.set(2, new Date().toISOString());
    return rules(b);
  },
};

/** First time: no earlier acknowledgment, so no changes box. */
export const FirstTime: Story = { render: () => rules(new FakeEngagementBackend(partnerMe(), [rulesVersion(1)])) };

export const Accepting: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.hold.acknowledgeRules = never();
    return rules(b);
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('pk-rules')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="accept-button"]'); i++) await new Promise((r) => setTimeout(r, 50));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="accept-button"]')!.click();
  },
};

export const AcceptFailed: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.failures.acknowledgeRules = networkError();
    return rules(b);
  },
  play: Accepting.play,
};

export const Loading: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.hold.getCurrentRules = never();
    return rules(b);
  },
};

export const Empty: Story = { render: () => rules(new FakeEngagementBackend(partnerMe(), [])) };

export const LoadError: Story = {
  render: () => {
    const b = new FakeEngagementBackend();
    b.failures.getCurrentRules = networkError();
    return rules(b);
  },
};

/** Channel manager: the current rules, the editor with a live preview, versions with acknowledgments. */
export const ChannelManager: Story = { render: () => rules(new FakeEngagementBackend(cm())) };

export const ChannelManagerReport: Story = {
  render: () => rules(new FakeEngagementBackend(cm())),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('pk-rules')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="versions"] details'); i++) await new Promise((r) => setTimeout(r, 50));
    el.shadowRoot!.querySelector<HTMLDetailsElement>('[part~="versions"] details')!.open = true;
  },
};

export const ChannelManagerNothingPublished: Story = { render: () => rules(new FakeEngagementBackend(cm(), [])) };

export const PublishMissingFields: Story = {
  render: () => rules(new FakeEngagementBackend(cm())),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('pk-rules')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="publish-button"]'); i++) await new Promise((r) => setTimeout(r, 50));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="publish-button"]')!.click();
  },
};

/** At phone width (320 px). */
export const Phone: Story = { render: () => html`<div style="width: 320px; max-width: 100%">${rules(new FakeEngagementBackend())}</div>` };

/** Dark theme (set on the portal), channel manager view. */
export const DarkTheme: Story = {
  render: () => html`<pk-portal theme="dark" .backend=${new FakeEngagementBackend(cm())}><pk-rules></pk-rules></pk-portal>`,
};
