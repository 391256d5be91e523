import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/insights/define.js';
import '../components/pipeline/define.js';
import '../components/portal/define.js';
import { FakeInsightsBackend, type MetricsOptions } from '../test/components/fake-metrics.js';
import { networkError, never, partnerMe, StoryBackend } from './story-backend.js';

const cm = () => partnerMe('channel_manager');
const view = (backend: FakeInsightsBackend) => html`<pk-portal .backend=${backend}><pk-insights></pk-insights></pk-portal>`;
const partner = (o: MetricsOptions = {}) => view(new FakeInsightsBackend(partnerMe(), o));

const meta: Meta = {
  title: 'Components/Insights',
  component: 'pk-insights',
  render: () => partner(),
};
export default meta;
type Story = StoryObj;

/** A partner's own figures: tiles with the change against the previous period, pipeline by motion, revenue trend, SLA. */
export const Partner: Story = {};

/** Fewer wins than the previous period: the changes read "worse" (arrow and word, not only colour). */
export const PartnerDown: Story = { render: () => partner({ previousScale: 1.3 }) };

/** Two currencies: every amount per currency, one chart per currency, never added together. */
export const MultiCurrency: Story = { render: () => partner({ currencies: ['USD', 'EUR'] }) };

/** Two currencies converted to USD with the vendor's rates, the conversion said on screen. */
export const Converted: Story = { render: () => partner({ currencies: ['USD', 'EUR'], convert: true }) };

/** The channel manager: program figures and the breakdown by partner (sortable) or tier, with the program average. */
export const ChannelManager: Story = { render: () => view(new FakeInsightsBackend(cm())) };

/** The channel manager filtered to one partner: its sourced pipeline against the program average. */
export const ChannelManagerOnePartner: Story = {
  render: () => view(new FakeInsightsBackend(cm())),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('pk-insights')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="breakdown-table"] button.link'); i++) await new Promise((r) => setTimeout(r, 50));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="breakdown-table"] button.link')!.click();
  },
};

/** The channel manager's program in two currencies. */
export const ChannelManagerMultiCurrency: Story = { render: () => view(new FakeInsightsBackend(cm(), { currencies: ['EUR', 'GBP'] })) };

/** Every chart shown as its table. */
export const AsTables: Story = {
  render: () => partner(),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('pk-insights')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="table-toggle"]'); i++) await new Promise((r) => setTimeout(r, 50));
    for (const b of el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="table-toggle"]')) b.click();
  },
};

/** Loading: a skeleton of the final layout. */
export const Loading: Story = {
  render: () => {
    const b = new FakeInsightsBackend();
    b.hold.getMetrics = never();
    return view(b);
  },
};

/** A partner with no deals yet. */
export const Empty: Story = { render: () => partner({ empty: true }) };

/** A program with no deals yet. */
export const EmptyProgram: Story = { render: () => view(new FakeInsightsBackend(cm(), { empty: true })) };

export const LoadError: Story = {
  render: () => {
    const b = new FakeInsightsBackend();
    b.failures.getMetrics = networkError();
    return view(b);
  },
};

/** At phone width (320 px). */
export const Phone: Story = { render: () => html`<div style="width: 320px; max-width: 100%">${partner({ currencies: ['USD', 'EUR'] })}</div>` };

/** The channel manager at phone width. */
export const PhoneChannelManager: Story = { render: () => html`<div style="width: 320px; max-width: 100%">${view(new FakeInsightsBackend(cm()))}</div>` };

/** Dark theme (set on the portal). */
export const DarkTheme: Story = { render: () => html`<pk-portal theme="dark" .backend=${new FakeInsightsBackend(cm())}><pk-insights></pk-insights></pk-portal>` };

/** The default portal opens on insights; a figure opens the pipeline filtered to its deals. */
export const InDefaultPortal: Story = { render: () => html`<pk-portal .backend=${new StoryBackend()}></pk-portal>` };
