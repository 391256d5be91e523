import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/registration-review/define.js';
import '../components/portal/define.js';
import { FakeRegistrationBackend, reviewItem } from '../test/components/fake-registration-backend.js';
import { networkError, never, partnerMe } from './story-backend.js';

const cm = () => partnerMe('channel_manager');
const review = (backend: FakeRegistrationBackend) => html`<pk-portal .backend=${backend}><pk-registration-review></pk-registration-review></pk-portal>`;
const DAY = 86_400_000;

function queue() {
  return [
    reviewItem(1, {
      dueAt: new Date(Date.now() - 5 * 3600_000).toISOString(),
      overdue: true,
      evidence: [
        { dealId: 'dl_a', partner: { id: 'p_contoso', name: 'Contoso Systems Integration' }, company: 'Customer 1 GmbH', domain: 'customer1.example', status: 'approved', match: 'domain', similarity: 1, createdAt: new Date(Date.now() - 20 * DAY).toISOString(), protectionEndsAt: new Date(Date.now() + 70 * DAY).toISOString() },
        { dealId: 'dl_b', partner: { id: 'p_fabrikam', name: 'Fabrikam Cloud Marketplace' }, company: 'Customer One', domain: 'customer-one.example', status: 'pending', match: 'company', similarity: 0.72, createdAt: new Date(Date.now() - 2 * DAY).toISOString(), protectionEndsAt: null },
      ],
    }),
    reviewItem(2, { dealType: 'renewal' }),
    reviewItem(3, {
      kind: 'extension',
      extension: { id: 'ex_1', dealId: 'dl_3', status: 'pending', days: 30, reason: 'Customer board meets next month.', requestedAt: new Date().toISOString(), decidedAt: null, decisionReason: null },
    }),
  ];
}

const meta: Meta = {
  title: 'Components/Registration review',
  component: 'pk-registration-review',
  render: () => review(new FakeRegistrationBackend(cm(), queue())),
};
export default meta;
type Story = StoryObj;

/** Ordered by SLA due; the first is overdue and has conflict evidence from two partners. */
export const Queue: Story = {};

export const Empty: Story = { render: () => review(new FakeRegistrationBackend(cm(), [])) };

export const Loading: Story = {
  render: () => {
    const b = new FakeRegistrationBackend(cm(), queue());
    b.getReviewQueue = never;
    return review(b);
  },
};

export const LoadError: Story = {
  render: () => {
    const b = new FakeRegistrationBackend(cm(), queue());
    b.getReviewQueue = async () => {
      throw networkError();
    };
    return review(b);
  },
};

export const DeclineNeedsReason: Story = {
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('pk-registration-review')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="decline-button"]'); i++) await new Promise((r) => setTimeout(r, 50));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="decline-button"]')!.click();
  },
};

/** A partner user sees that the queue is for channel managers. */
export const PartnerRole: Story = { render: () => review(new FakeRegistrationBackend(partnerMe(), queue())) };
