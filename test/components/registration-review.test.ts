import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/registration-review/define.js';
import type { PkRegistrationReview } from '../../components/registration-review/registration-review.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { PkApiError } from '../../src/api/errors.js';
import { FakeRegistrationBackend, reviewItem } from './fake-registration-backend.js';
import { partnerMe } from './fake-backend.js';

const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });

async function mount(backend: FakeRegistrationBackend) {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = '<pk-portal><pk-registration-review></pk-registration-review></pk-portal>';
  (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
  const el = wrapper.querySelector('pk-registration-review') as PkRegistrationReview;
  await waitUntil(() => !el.shadowRoot!.querySelector('.loading') && el.shadowRoot!.querySelector('h2, [part="empty"], [part="error"]'), 'did not load');
  return { wrapper, el };
}

const q = <T extends Element = HTMLElement>(el: PkRegistrationReview, sel: string) => el.shadowRoot!.querySelector(sel) as T;
const items = (el: PkRegistrationReview) => [...el.shadowRoot!.querySelectorAll('[part~="item"]')];
const cm = () => partnerMe('channel_manager');

describe('pk-registration-review', () => {
  it('lists requests by SLA due with overdue marked in words, and the evidence with partners', async () => {
    const overdue = reviewItem(1, { dueAt: new Date(Date.now() - 3600_000).toISOString(), overdue: true });
    const withEvidence = reviewItem(2, {
      evidence: [{ dealId: 'dl_x', partner: { id: 'p9', name: 'Contoso Systems' }, company: 'Customer 2 GmbH', domain: 'customer2.example', status: 'approved', match: 'domain', similarity: 1, createdAt: new Date().toISOString(), protectionEndsAt: new Date(Date.now() + 86400_000 * 30).toISOString() }],
    });
    const { el } = await mount(new FakeRegistrationBackend(cm(), [overdue, withEvidence]));
    const list = items(el);
    expect(list).to.have.length(2);
    expect(list[0].querySelector('[part="overdue"]')!.textContent).to.contain('Overdue');
    expect(q(el, '.bar').textContent).to.contain('1 overdue');
    const table = list[1].querySelector('[part="evidence"]')!;
    expect(table.textContent).to.contain('Contoso Systems');
    expect(table.textContent).to.contain('Same domain');
    expect((list[1].querySelector('input[type="number"]') as HTMLInputElement).value).to.equal('90');
    await expect(el).to.be.accessible();
  });

  it('a new registration appears live, without a reload', async () => {
    const backend = new FakeRegistrationBackend(cm(), [reviewItem(1)]);
    const { el } = await mount(backend);
    expect(items(el)).to.have.length(1);
    await waitUntil(() => backend.subscribers.size > 0, 'subscribed to live events');
    backend.queue = { ...backend.queue, items: [...backend.queue.items, reviewItem(2)] };
    backend.emit({ id: '9', type: 'deal.created', data: backend.queue.items[1].deal });
    await waitUntil(() => items(el).length === 2, 'the new registration shows');
    await expect(el).to.be.accessible();
  });

  it('empty, error with retry, and the partner view', async () => {
    const empty = await mount(new FakeRegistrationBackend(cm(), []));
    expect(q(empty.el, '[part="empty"]').textContent).to.contain('Nothing to review');
    await expect(empty.el).to.be.accessible();

    const failing = new FakeRegistrationBackend(cm(), [reviewItem(1)]);
    let fail = true;
    const original = failing.getReviewQueue.bind(failing);
    failing.getReviewQueue = async () => {
      if (fail) throw new PkApiError('http', { type: 'about:blank', title: 'Server error', status: 500 });
      return original();
    };
    const err = await mount(failing);
    expect(q(err.el, '[part="error"]').textContent).to.contain('Could not load the review queue');
    await expect(err.el).to.be.accessible();
    fail = false;
    q<HTMLButtonElement>(err.el, '[part="retry-button"]').click();
    await waitUntil(() => items(err.el).length === 1);

    const partner = await mount(new FakeRegistrationBackend(partnerMe(), [reviewItem(1)]));
    expect(q(partner.el, '[part="empty"]').textContent).to.contain('channel managers');
  });

  it('declining needs a reason (focused), approving sends the chosen protection and emits pk-registration-decided', async () => {
    const backend = new FakeRegistrationBackend(cm(), [reviewItem(1), reviewItem(2)]);
    const { el } = await mount(backend);
    const first = items(el)[0];
    (first.querySelector('[part="decline-button"]') as HTMLButtonElement).click();
    await waitUntil(() => first.querySelector('textarea')!.getAttribute('aria-invalid') === 'true');
    expect(el.shadowRoot!.activeElement).to.equal(first.querySelector('textarea'));
    expect(backend.decisions).to.have.length(0);
    await expect(el).to.be.accessible();
    const days = first.querySelector('input[type="number"]') as HTMLInputElement;
    days.value = '95';
    days.dispatchEvent(new Event('input'));
    (first.querySelector('[part="approve-button"]') as HTMLButtonElement).click();
    await waitUntil(() => days.getAttribute('aria-invalid') === 'true');
    days.focus();
    days.select();
    await sendKeys({ type: '75' });
    const decided = new Promise<CustomEvent>((r) => el.addEventListener('pk-registration-decided', (e) => r(e as CustomEvent), { once: true }));
    (first.querySelector('[part="approve-button"]') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    const event = await decided;
    expect(event.detail.decision).to.equal('approve');
    expect(event.detail.deal.status).to.equal('approved');
    expect(backend.decisions[0]).to.deep.equal({ id: 'dl_1', decision: { decision: 'approve', reason: undefined, protectionDays: 75 } });
    await waitUntil(() => items(el).length === 1);
    expect(q(el, '[role="status"]').textContent).to.contain('Approved');
  });

  it('a decision the server refuses says why and keeps the item', async () => {
    const backend = new FakeRegistrationBackend(cm(), [reviewItem(1)]);
    backend.decideFailures.push(new PkApiError('http', { type: 'x', title: 'Already decided', status: 409, detail: 'This registration is approved.' }));
    const { el } = await mount(backend);
    const first = items(el)[0];
    (first.querySelector('[part="approve-button"]') as HTMLButtonElement).click();
    await waitUntil(() => first.querySelector('[role="alert"]'));
    expect(first.querySelector('[role="alert"]')!.textContent).to.contain('This registration is approved.');
    expect(items(el)).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});
