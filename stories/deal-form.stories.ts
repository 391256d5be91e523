import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/deal-form/define.js';
import '../components/portal/define.js';
import { emptyValues, type SavedDraft } from '../components/deal-form/deal-draft.js';
import { PkApiError, PROBLEM_BASE } from '../src/api/errors.js';
import { clearAllDrafts, draftKey, saveDraft } from '../src/drafts/draft-store.js';
import { FakeRegistrationBackend } from '../test/components/fake-registration-backend.js';
import { networkError, never, partnerMe } from './story-backend.js';

/** A filled-in draft for the canned partner user (as if typed before a reload). */
function withDraft(): void {
  clearAllDrafts();
  const draft: SavedDraft = {
    idempotencyKey: 'story-key',
    savedAt: new Date().toISOString(),
    values: {
      ...emptyValues('reseller'),
      company: 'Quokka Zylophonics GmbH',
      domain: 'www.quokka-zylo.de',
      contactName: 'Jana Roth',
      contactEmail: 'jana@quokka-zylo.de',
      amount: '48000',
      currency: 'EUR',
      expectedCloseDate: '2099-06-30',
      description: 'Workshop held on site; consolidating three CRMs into one.',
      partnerContacts: [{ name: 'Ada Rep', email: 'ada@northwind.example', role: 'AE' }],
    },
  };
  saveDraft(draftKey('deal', { apiUrl: 'custom-backend', partnerId: 'p1', userId: 'u1' }), draft);
}

const form = (backend: FakeRegistrationBackend, motion = '') =>
  html`<pk-portal .backend=${backend}><pk-deal-form motion=${motion || ''}></pk-deal-form></pk-portal>`;

const submitOnLoad = async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  const el = canvasElement.querySelector('pk-deal-form')!;
  for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('form'); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 100));
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit-button"]')?.click();
};

const meta: Meta = {
  title: 'Components/Deal form',
  component: 'pk-deal-form',
  render: () => (clearAllDrafts(), form(new FakeRegistrationBackend())),
};
export default meta;
type Story = StoryObj;

/** An empty form; Marketplace is locked (the partner lacks its certification). */
export const Empty: Story = {};

/** `motion="services"` preselects a motion and shows its own fields. */
export const PreselectedMotion: Story = { render: () => (clearAllDrafts(), form(new FakeRegistrationBackend(), 'services')) };

export const Loading: Story = {
  render: () => {
    const b = new FakeRegistrationBackend();
    b.getMe = never;
    return form(b);
  },
};

export const LoadError: Story = {
  render: () => {
    const b = new FakeRegistrationBackend();
    b.getMe = async () => {
      throw networkError();
    };
    return form(b);
  },
};

/** A draft restored after a reload, with the live check finding a possible conflict. */
export const RestoredDraftWithConflict: Story = {
  render: () => {
    withDraft();
    const b = new FakeRegistrationBackend();
    b.conflictAnswer = { status: 'risk', reason: 'A registration for the same customer domain is under review.', domain: 'quokka-zylo.de' };
    return form(b);
  },
};

export const AlreadyRegistered: Story = {
  render: () => {
    withDraft();
    const b = new FakeRegistrationBackend();
    b.conflictAnswer = { status: 'active', reason: 'A deal with the same customer domain is already registered and protected for another partner.', domain: 'quokka-zylo.de' };
    return form(b);
  },
};

/** Submitting with empty fields: messages next to each field, focus on the first. */
export const ValidationErrors: Story = { play: submitOnLoad };

/** The server rejected a field (422): the message lands on that field. */
export const ServerFieldErrors: Story = {
  render: () => {
    withDraft();
    const b = new FakeRegistrationBackend();
    b.registerFailures.push(new PkApiError('validation', { type: `${PROBLEM_BASE}validation-failed`, title: 'Validation failed', status: 422, errors: [{ path: 'customer.domain', code: 'invalid_domain', message: 'Not a registrable domain; enter one such as example.com.' }] }));
    return form(b);
  },
  play: submitOnLoad,
};

export const NetworkFailureDraftKept: Story = {
  render: () => {
    withDraft();
    const b = new FakeRegistrationBackend();
    b.registerFailures.push(networkError());
    return form(b);
  },
  play: submitOnLoad,
};

export const RulesNotAcknowledged: Story = {
  render: () => {
    withDraft();
    const b = new FakeRegistrationBackend();
    b.registerFailures.push(new PkApiError('http', { type: `${PROBLEM_BASE}rules-not-acknowledged`, title: 'Rules of engagement not acknowledged', status: 409, currentVersion: 2 } as never));
    return form(b);
  },
  play: submitOnLoad,
};

export const Submitting: Story = {
  render: () => {
    withDraft();
    const b = new FakeRegistrationBackend();
    b.registerDeal = never;
    return form(b);
  },
  play: submitOnLoad,
};

/** Registered: status and the decision SLA countdown. */
export const Success: Story = {
  render: () => (withDraft(), form(new FakeRegistrationBackend())),
  play: submitOnLoad,
};

export const ChannelManager: Story = { render: () => form(new FakeRegistrationBackend(partnerMe('channel_manager'))) };
