import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/deal-form/define.js';
import type { PkDealForm } from '../../components/deal-form/deal-form.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { PkApiError } from '../../src/api/errors.js';
import { signOut } from '../../src/api/sign-out.js';
import { configure } from '../../src/context/config.js';
import { FakeRegistrationBackend } from './fake-registration-backend.js';
import { deferred, partnerMe } from './fake-backend.js';

const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });

async function mount(backend: FakeRegistrationBackend, attrs = '') {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = `<pk-portal><pk-deal-form ${attrs}></pk-deal-form></pk-portal>`;
  (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
  const el = wrapper.querySelector('pk-deal-form') as PkDealForm;
  await waitUntil(() => el.shadowRoot!.querySelector('form'), 'form did not render');
  return { wrapper, el };
}

const q = <T extends Element = HTMLInputElement>(el: PkDealForm, sel: string) => el.shadowRoot!.querySelector(sel) as T;
const field = (el: PkDealForm, path: string) => q<HTMLInputElement>(el, `#f-${path.replace(/\./g, '-')}`);

function setValue(el: PkDealForm, path: string, value: string) {
  const input = field(el, path);
  input.value = value;
  input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
}

async function fillValid(el: PkDealForm) {
  setValue(el, 'motion', 'reseller');
  await el.updateComplete;
  setValue(el, 'customer.company', 'Quokka Zylophonics GmbH');
  setValue(el, 'customer.domain', 'www.quokka-zylo.de');
  setValue(el, 'customer.contact.name', 'Jana Roth');
  setValue(el, 'customer.contact.email', 'jana@quokka-zylo.de');
  setValue(el, 'amount.value', '48000');
  setValue(el, 'amount.currency', 'EUR');
  setValue(el, 'expectedCloseDate', '2099-06-30');
  setValue(el, 'description', 'Workshop held; consolidating three CRMs.');
  setValue(el, 'partnerContacts.0.name', 'Ada Rep');
  setValue(el, 'partnerContacts.0.email', 'ada@northwind.example');
  await el.updateComplete;
}

const submit = (el: PkDealForm) => q<HTMLButtonElement>(el, '[part="submit-button"]').click();

describe('pk-deal-form', () => {
  beforeEach(() => localStorage.clear());

  describe('states', () => {
    it('loading is busy, then the form is labelled and accessible', async () => {
      const backend = new FakeRegistrationBackend();
      const gate = deferred();
      const original = backend.getMe.bind(backend);
      backend.getMe = async (o) => (await gate.promise, original(o));
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.innerHTML = '<pk-portal><pk-deal-form></pk-deal-form></pk-portal>';
      (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
      const el = wrapper.querySelector('pk-deal-form') as PkDealForm;
      await waitUntil(() => q(el, '.loading'));
      expect(q(el, '.loading').getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      gate.resolve();
      await waitUntil(() => q(el, 'form'));
      for (const input of el.shadowRoot!.querySelectorAll('input, select, textarea')) {
        expect(el.shadowRoot!.querySelector(`label[for="${input.id}"]`), `label for ${input.id}`).to.exist;
      }
      expect(field(el, 'customer.contact.email').getAttribute('inputmode')).to.equal('email');
      expect(field(el, 'amount.value').getAttribute('inputmode')).to.equal('decimal');
      expect(field(el, 'customer.company').getAttribute('autocomplete')).to.equal('organization');
      await expect(el).to.be.accessible();
    });

    it('an error loading shows what failed and a retry that works', async () => {
      const backend = new FakeRegistrationBackend();
      let fail = true;
      const original = backend.getMe.bind(backend);
      backend.getMe = async (o) => {
        if (fail) throw new PkApiError('network', { type: 'about:blank', title: 'Could not reach the partner backend', status: 0 });
        return original(o);
      };
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.innerHTML = '<pk-portal><pk-deal-form></pk-deal-form></pk-portal>';
      (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
      const el = wrapper.querySelector('pk-deal-form') as PkDealForm;
      await waitUntil(() => q(el, '[part="error"]'));
      expect(q(el, '[part="error"]').textContent).to.contain('Could not load the registration form');
      await expect(el).to.be.accessible();
      fail = false;
      q<HTMLButtonElement>(el, '[part="retry-button"]').click();
      await waitUntil(() => q(el, 'form'));
    });

    it('shows locked motions with what unlocks them; the motion attribute preselects', async () => {
      const { el } = await mount(new FakeRegistrationBackend(), 'motion="services"');
      const marketplace = q<HTMLOptionElement>(el, 'option[value="marketplace"]');
      expect(marketplace.disabled).to.equal(true);
      expect(q(el, '#motion-locked').textContent).to.contain('Acme Marketplace Seller');
      expect(field(el, 'motion').value).to.equal('services');
      expect(field(el, 'details.servicesScope')).to.exist;
      expect(q(el, `#f-motion-hint`).textContent).to.contain('Solution Design');
    });

    it('a channel manager is told where registrations are reviewed', async () => {
      const backend = new FakeRegistrationBackend(partnerMe('channel_manager'));
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.innerHTML = '<pk-portal><pk-deal-form></pk-deal-form></pk-portal>';
      (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
      const el = wrapper.querySelector('pk-deal-form') as PkDealForm;
      await waitUntil(() => el.shadowRoot!.textContent!.includes('review queue'));
      await expect(el).to.be.accessible();
    });
  });

  describe('validation', () => {
    it('puts each message next to its field and focuses the first error', async () => {
      const backend = new FakeRegistrationBackend();
      const { el } = await mount(backend);
      submit(el);
      await waitUntil(() => field(el, 'motion').getAttribute('aria-invalid') === 'true');
      expect(backend.registrations).to.have.length(0);
      expect(el.shadowRoot!.activeElement).to.equal(field(el, 'motion'));
      const company = field(el, 'customer.company');
      expect(company.getAttribute('aria-invalid')).to.equal('true');
      const describedBy = company.getAttribute('aria-describedby')!.split(' ');
      const error = el.shadowRoot!.getElementById(describedBy.find((id) => id.endsWith('-error'))!)!;
      expect(error.textContent).to.contain('Required');
      await expect(el).to.be.accessible();
      // Fixing a field clears its message as you type.
      setValue(el, 'customer.company', 'Acme');
      await el.updateComplete;
      expect(company.getAttribute('aria-invalid')).to.equal('false');
    });

    it('words a coded field error itself, in the user’s language, and falls back to the server’s text for an unknown code', async () => {
      configure({ locale: 'pt-BR', messages: { 'pt-BR': { 'field.invalid_domain': 'Informe um domínio como exemplo.com.br' } } });
      try {
        const backend = new FakeRegistrationBackend();
        backend.registerFailures.push(
          new PkApiError('validation', {
            type: 'x',
            title: 'Validation failed',
            status: 422,
            errors: [
              { path: 'customer.domain', code: 'invalid_domain', message: 'Not a registrable domain' },
              { path: 'customer.company', code: 'some_future_code', message: 'Server says: company looks odd' },
            ],
          }),
        );
        const { el } = await mount(backend);
        await fillValid(el);
        submit(el);
        await waitUntil(() => field(el, 'customer.domain').getAttribute('aria-invalid') === 'true');
        const text = el.shadowRoot!.textContent!;
        expect(text).to.contain('Informe um domínio como exemplo.com.br');
        expect(text).not.to.contain('Not a registrable domain');
        expect(text).to.contain('Server says: company looks odd');
        await expect(el).to.be.accessible();
      } finally {
        configure({ locale: undefined, messages: undefined });
      }
    });

    it('the server’s 422 field errors land on the same fields', async () => {
      const backend = new FakeRegistrationBackend();
      backend.registerFailures.push(
        new PkApiError('validation', { type: 'x', title: 'Validation failed', status: 422, errors: [{ path: 'customer.domain', message: 'Not a registrable domain' }] }),
      );
      const { el } = await mount(backend);
      await fillValid(el);
      submit(el);
      await waitUntil(() => field(el, 'customer.domain').getAttribute('aria-invalid') === 'true');
      expect(el.shadowRoot!.textContent).to.contain('Not a registrable domain');
      expect(el.shadowRoot!.activeElement).to.equal(field(el, 'customer.domain'));
      await expect(el).to.be.accessible();
    });
  });

  describe('conflict check', () => {
    it('debounces, cancels the stale request, and says what it found without naming anyone', async () => {
      const backend = new FakeRegistrationBackend();
      backend.conflictAnswer = { status: 'risk', reason: 'A registration for the same customer domain is under review.', domain: 'acme.com' };
      const { el } = await mount(backend);
      field(el, 'customer.domain').focus();
      await sendKeys({ type: 'acme.co' });
      setValue(el, 'customer.domain', 'acme.com');
      await waitUntil(() => q(el, '[part="conflict"]').textContent!.includes('Possible conflict'));
      expect(backend.conflictQueries.length).to.be.at.most(2);
      expect(backend.conflictQueries.at(-1)!.query.domain).to.equal('acme.com');
      expect(backend.conflictQueries.slice(0, -1).every((c) => c.signal?.aborted)).to.equal(true);
      expect(q(el, '[part="conflict"]').getAttribute('role')).to.equal('status');
      await expect(el).to.be.accessible();
    });
  });

  describe('drafts and retries', () => {
    it('a reload keeps what was typed and the Idempotency-Key; a network failure keeps it too', async () => {
      const backend = new FakeRegistrationBackend();
      backend.registerFailures.push(new PkApiError('network', { type: 'x', title: 'Could not reach the partner backend', status: 0 }));
      const first = await mount(backend);
      await fillValid(first.el);
      submit(first.el);
      await waitUntil(() => q(first.el, '.form-errors'));
      expect(q(first.el, '.form-errors').textContent).to.contain('Your draft is saved');
      await expect(first.el).to.be.accessible();
      first.wrapper.remove();
      // "Reload": a new element restores the draft.
      const second = await mount(backend);
      await waitUntil(() => field(second.el, 'customer.company').value === 'Quokka Zylophonics GmbH');
      expect(field(second.el, 'description').value).to.contain('Workshop held');
      submit(second.el);
      await waitUntil(() => q(second.el, '[part="success"]'));
      expect(backend.registrations).to.have.length(2);
      expect(backend.registrations[1].idempotencyKey).to.equal(backend.registrations[0].idempotencyKey);
      // Success wipes the draft.
      expect(Object.keys(localStorage).filter((k) => k.startsWith('partnerkit:draft'))).to.have.length(0);
    });

    it('drafts never hold a token and signOut() wipes them', async () => {
      const { el } = await mount(new FakeRegistrationBackend());
      setValue(el, 'customer.company', 'Secret Co');
      const keys = Object.keys(localStorage).filter((k) => k.startsWith('partnerkit:draft'));
      expect(keys).to.have.length(1);
      expect(keys[0]).to.contain('u1');
      expect(localStorage.getItem(keys[0])).not.to.match(/token|Bearer/i);
      signOut();
      expect(Object.keys(localStorage).filter((k) => k.startsWith('partnerkit:draft'))).to.have.length(0);
    });
  });

  describe('submission', () => {
    it('pk-deal-submit is cancelable; then pk-deal-submitted and the success state with the SLA countdown', async () => {
      const backend = new FakeRegistrationBackend();
      const { el } = await mount(backend);
      await fillValid(el);
      const veto = (e: Event) => e.preventDefault();
      el.addEventListener('pk-deal-submit', veto, { once: true });
      submit(el);
      await el.updateComplete;
      expect(backend.registrations).to.have.length(0);
      const submitted = new Promise<CustomEvent>((r) => el.addEventListener('pk-deal-submitted', (e) => r(e as CustomEvent), { once: true }));
      let detail: unknown;
      el.addEventListener('pk-deal-submit', (e) => (detail = (e as CustomEvent).detail), { once: true });
      submit(el);
      const event = await submitted;
      expect((detail as { customer: { company: string } }).customer.company).to.equal('Quokka Zylophonics GmbH');
      expect(event.detail.id).to.equal('dl_new');
      expect(event.bubbles && event.composed).to.equal(true);
      await waitUntil(() => q(el, '[part="success"]'));
      const text = q(el, '[part="success"]').textContent!;
      expect(text).to.contain('Pending review');
      expect(text).to.match(/Decision due\s+in (2 days|48 hours)/);
      await expect(el).to.be.accessible();
    });

    it('the decision arrives live: approved with its protection dates, without a reload', async () => {
      const backend = new FakeRegistrationBackend();
      const { el } = await mount(backend);
      await fillValid(el);
      submit(el);
      await waitUntil(() => q(el, '[part="success"]'));
      await waitUntil(() => backend.subscribers.size > 0, 'subscribed to live events');
      const pending = backend.deals.find((d) => d.id === 'dl_new')!;
      const endsAt = new Date(Date.now() + 90 * 86400_000);
      // Another deal's event changes nothing; this deal's decision shows at once.
      backend.emit({ id: '7', type: 'deal.decided', data: { ...pending, id: 'dl_other', status: 'declined' } });
      backend.emit({ id: '8', type: 'deal.decided', data: { ...pending, status: 'approved', protection: { startsAt: new Date().toISOString(), endsAt: endsAt.toISOString() } } });
      await waitUntil(() => !q(el, '[part="success"]').textContent!.includes('Pending review'), 'status turned live');
      const text = q(el, '[part="success"]').textContent!;
      expect(text).to.contain('Approved');
      expect(text).to.contain(String(endsAt.getFullYear()));
      await expect(el).to.be.accessible();
    });

    it('until the rules are acknowledged it explains how, and keeps the draft', async () => {
      const backend = new FakeRegistrationBackend();
      backend.registerFailures.push(
        new PkApiError('http', { type: 'https://partnerkit.dev/problems/rules-not-acknowledged', title: 'Rules of engagement not acknowledged', status: 409, currentVersion: 3 } as never),
      );
      const { el } = await mount(backend);
      await fillValid(el);
      submit(el);
      await waitUntil(() => q(el, '[part="rules"]'));
      expect(q(el, '[part="rules"]').textContent).to.contain('Current version: 3');
      await expect(el).to.be.accessible();
      q<HTMLButtonElement>(el, '[part="rules"] button').click();
      await waitUntil(() => q(el, '[part="success"]'));
    });

    it('is complete by keyboard', async () => {
      const backend = new FakeRegistrationBackend();
      const { el } = await mount(backend);
      await fillValid(el);
      q<HTMLButtonElement>(el, '[part="submit-button"]').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => q(el, '[part="success"]'));
      expect(backend.registrations).to.have.length(1);
    });
  });
});
