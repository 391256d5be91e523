import { expect, fixture, html, oneEvent, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/pipeline/define.js';
import { PkApiError } from '../../src/api/errors.js';
import { signOut } from '../../src/api/sign-out.js';
import { PkPipeline } from '../../components/pipeline/pipeline.js';
import type { PkPortal } from '../../components/portal/portal.js';
import type { Deal } from '../../src/contract/schemas.js';
import { FakeBackend, deferred, makeDeal, makeDeals, partnerMe, sortValue } from './fake-backend.js';
import { COLUMNS, sortOf } from '../../components/pipeline/table.js';
import { cleanView, viewFromUrl } from '../../components/pipeline/views.js';
import { DEAL_SORTS, type DealSort } from '../../src/contract/motions.js';

/** Generous timeout: a loaded CI machine is slower than a laptop. */
const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });

async function mount(backend: FakeBackend, attrs = '') {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = `<pk-portal><pk-pipeline ${attrs}></pk-pipeline></pk-portal>`;
  const portal = wrapper.querySelector('pk-portal') as PkPortal;
  portal.backend = backend;
  const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
  return { wrapper, portal, el };
}

const rows = (el: PkPipeline) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.rows [role="row"][data-id]')];
const loaded = (el: PkPipeline) => waitUntil(() => rows(el).length > 0 && !el.shadowRoot!.querySelector('[aria-busy="true"]'), 'rows did not render');
const headers = (el: PkPipeline) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.header-row [role="columnheader"]')];
const row = (el: PkPipeline, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`.rows [data-id="${id}"]`);
const panel = (el: PkPipeline) => el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.panel');
const button = (el: PkPipeline, label: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === label) as HTMLButtonElement;

describe('pk-pipeline', () => {
  beforeEach(() => {
    localStorage.clear();
    window.scrollTo(0, 0); // rows outside the viewport are not rendered
  });
  describe('loading and data', () => {
    it('shows a busy loading state, then the deals with safe fields', async () => {
      const backend = new FakeBackend();
      const gate = deferred();
      backend.gate = gate.promise;
      const { el } = await mount(backend);
      await waitUntil(() => el.shadowRoot!.querySelector('.loading'));
      const loading = el.shadowRoot!.querySelector('.loading')!;
      expect(loading.getAttribute('aria-busy')).to.equal('true');
      expect(loading.textContent).to.contain('Loading deals');
      await expect(el).to.be.accessible();
      gate.resolve();
      await loaded(el);
      expect(rows(el).length, 'only the rows in view are rendered').to.be.within(5, 30);
      const first = rows(el)[0];
      expect(first.textContent).to.contain('Customer 1 Ltd');
      expect(first.textContent).to.contain('customer1.example');
      expect(first.textContent).to.contain('Qualification');
      expect(first.textContent).to.contain('Approved');
      expect(first.textContent).to.contain('Sourced · 100%');
      expect(first.textContent).to.contain('$10,001');
      expect(el.shadowRoot!.querySelector('.statusbar')!.textContent).to.contain('30 deals');
      expect(el.shadowRoot!.querySelector('[role="grid"]')!.getAttribute('aria-rowcount')).to.equal('31');
      await expect(el).to.be.accessible();
    });

    it('shows the first rows as soon as the deals arrive, then hands them to the virtualizer without a frame without rows', async () => {
      const backend = new FakeBackend(makeDeals(500));
      const gate = deferred();
      backend.gate = gate.promise;
      const { el } = await mount(backend, 'page-size="100"');
      await waitUntil(() => el.shadowRoot!.querySelector('.loading'));
      const shown = () => el.shadowRoot!.querySelectorAll('[role="grid"] [role="row"][data-id]:not([inert] *)').length;
      // Watched as the DOM changes (before any frame), not by polling.
      const appeared = new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          if (shown() > 0) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(el.shadowRoot!, { childList: true, subtree: true });
      });
      gate.resolve();
      await appeared;
      const first = el.shadowRoot!.querySelector('.first-rows');
      expect(first, 'shown before the virtualizer runs').to.exist;
      expect(first!.querySelector('[role="row"]')!.textContent).to.contain('Customer 1 Ltd');
      const top = first!.querySelector('[role="row"]')!.getBoundingClientRect().top;
      for (let frame = 0; frame < 30 && el.shadowRoot!.querySelector('.first-rows'); frame++) {
        await new Promise((r) => requestAnimationFrame(r));
        expect(el.shadowRoot!.querySelectorAll('[role="grid"] [role="row"][data-id]').length, `rows in frame ${frame}`).to.be.greaterThan(0);
      }
      await loaded(el);
      await waitUntil(() => !el.shadowRoot!.querySelector('.first-rows'), 'the virtualizer alone');
      expect(rows(el)[0].getBoundingClientRect().top, 'the same place').to.be.closeTo(top, 1);
      expect(rows(el).length).to.be.within(5, 30);
      await expect(el).to.be.accessible();
    });

    it('holds the size of a full page while loading, so the host page does not move when the deals arrive', async () => {
      for (const width of [1200, 800, 360]) {
        const backend = new FakeBackend();
        const gate = deferred();
        backend.gate = gate.promise;
        const { wrapper, el } = await mount(backend);
        wrapper.style.width = `${width}px`;
        await waitUntil(() => el.shadowRoot!.querySelector('.loading'));
        const pending = el.getBoundingClientRect().height;
        expect(el.shadowRoot!.querySelectorAll('.skeleton .row.placeholder').length, 'placeholder rows fill the list').to.be.greaterThan(4);
        expect(el.shadowRoot!.querySelector('[aria-hidden="true"] .grid'), 'placeholders are hidden from assistive technology').to.exist;
        await expect(el).to.be.accessible();
        gate.resolve();
        await loaded(el);
        const done = el.getBoundingClientRect().height;
        // The same frame, filters and status line, and a list of fixed height: the same size.
        expect(Math.abs(done - pending), `at ${width}px: ${pending}px pending, ${done}px loaded`).to.be.below(2);
        wrapper.remove(); // the next one in view (rows outside the viewport are not rendered)
      }
    });

    it('keeps at least --pk-pipeline-min-height, in every state', async () => {
      const backend = new FakeBackend([]);
      const gate = deferred();
      backend.gate = gate.promise;
      const { el } = await mount(backend);
      el.style.setProperty('--pk-pipeline-min-height', '900px');
      await waitUntil(() => el.shadowRoot!.querySelector('.loading'));
      expect(el.getBoundingClientRect().height).to.be.at.least(900);
      gate.resolve();
      await waitUntil(() => el.shadowRoot!.querySelector('[part="empty"]'), 'empty state');
      expect(el.getBoundingClientRect().height).to.equal(900);
    });

    it('passes its filter attributes to the backend', async () => {
      const backend = new FakeBackend();
      const { el } = await mount(backend, 'motion="reseller" status="approved" stage="qualification" q=" customer " sort="amount" page-size="10"');
      await loaded(el);
      expect(backend.listCalls[0].query, 'the first page').to.deep.equal({
        motion: 'reseller', stage: 'qualification', status: 'approved', q: 'customer', sort: 'amount', limit: 10, cursor: undefined,
      });
    });

    it('shows the partner column only to a channel manager', async () => {
      const partner = await mount(new FakeBackend());
      await loaded(partner.el);
      expect(partner.el.shadowRoot!.querySelector('.header-row')!.textContent).not.to.contain('Partner');
      partner.wrapper.remove();
      const cm = await mount(new FakeBackend(undefined, partnerMe('channel_manager')));
      await loaded(cm.el);
      await waitUntil(() => cm.el.shadowRoot!.querySelector('.header-row')!.textContent!.includes('Partner'));
      expect(rows(cm.el)[0].textContent).to.contain('Northwind Resellers');
    });

    it('marks overdue decisions, conflicts and stale stage notes in words, not only colour', async () => {
      const old = new Date(Date.now() - 10 * 86400000).toISOString();
      const backend = new FakeBackend([
        makeDeal(1, { status: 'pending', protection: null, slaDueAt: new Date(Date.now() - 3600000).toISOString(), conflict: { status: 'risk', reason: 'Customer already registered' } }),
        makeDeal(2, { stageNote: { text: 'Waiting on procurement', updatedAt: old } }),
      ]);
      const { el } = await mount(backend);
      await loaded(el);
      const [a, b] = [row(el, 'dl_1')!, row(el, 'dl_2')!];
      expect(a.textContent).to.contain('Pending review');
      expect(a.textContent).to.contain('Decision overdue');
      expect(a.textContent).to.contain('Possible conflict: Customer already registered');
      expect(b.textContent).to.contain('Stale note');
      expect(b.textContent).to.contain('Waiting on procurement');
    });
  });

  describe('live updates', () => {
    it('re-reads on new deals, keeping the rows on screen, once per burst; unsubscribes when removed', async () => {
      const backend = new FakeBackend(makeDeals(3));
      const { wrapper, el } = await mount(backend);
      await loaded(el);
      await waitUntil(() => backend.subscribers.size === 1, 'subscribed');
      expect([...backend.subscribers.values()][0]).to.have.members(['deal.created', 'deal.updated', 'deal.decided']);
      const before = backend.listCalls.length;

      backend.deals = [makeDeal(99, { customer: { company: 'Live Arrival Ltd', domain: 'live-arrival.example' } }), ...backend.deals];
      const gate = deferred();
      backend.gate = gate.promise;
      backend.emit({ id: '42', type: 'deal.created', data: backend.deals[0] });
      backend.emit({ id: '43', type: 'deal.created', data: { id: 'd98' } });
      backend.emit({ id: '44', type: 'rules.published', data: { version: 2 } }); // not asked for
      await waitUntil(() => backend.listCalls.length === before + 1, 're-read after the burst');
      expect(rows(el).length, 'rows stay on screen while it re-reads').to.equal(3);
      gate.resolve();
      backend.gate = null;
      await waitUntil(() => el.shadowRoot!.textContent!.includes('Live Arrival Ltd'), 'the new deal shows without a reload');
      await new Promise((r) => setTimeout(r, 400));
      expect(backend.listCalls.length, 'one re-read for the burst').to.equal(before + 1);

      wrapper.remove();
      await waitUntil(() => backend.subscribers.size === 0, 'unsubscribed when removed');
    });

    it('updates a changed deal in place, keeping scroll, focus and selection, without re-reading', async () => {
      const backend = new FakeBackend(makeDeals(400));
      const { el } = await mount(backend, 'page-size="100"');
      await loaded(el);
      const scroller = el.shadowRoot!.querySelector('.scroller')!;
      // Scrolled as a user would, again if the list was not yet long enough to scroll (the
      // virtualizer takes over from the first rows when the browser is idle).
      await waitUntil(() => ((scroller.scrollTop = 3000), rows(el).some((r) => Number(r.dataset.index) > 20)), 'scrolled');
      const target = rows(el)[3];
      const id = target.dataset.id!;
      (target.querySelector('[role="rowheader"]') as HTMLElement).focus();
      await sendKeys({ press: 'Space' }); // selects the row
      await waitUntil(() => row(el, id)!.getAttribute('aria-selected') === 'true');
      const before = backend.listCalls.length;
      const top = scroller.scrollTop;
      const deal = { ...backend.deals.find((d) => d.id === id)!, nextStep: 'Changed by the vendor', version: 2 };
      backend.emit({ id: '50', type: 'deal.updated', data: deal });
      await waitUntil(() => row(el, id)!.textContent!.includes('Changed by the vendor'), 'the row shows the change');
      expect(backend.listCalls.length, 'no re-read for a deal on screen').to.equal(before);
      expect(scroller.scrollTop).to.equal(top);
      expect(row(el, id)!.getAttribute('aria-selected')).to.equal('true');
      expect(el.shadowRoot!.activeElement?.closest('[role="row"]')?.getAttribute('data-id'), 'focus stays on the row').to.equal(id);
    });
  });

  describe('empty', () => {
    it('says there are no deals yet', async () => {
      const { el } = await mount(new FakeBackend([]));
      await waitUntil(() => el.shadowRoot!.querySelector('.empty'));
      expect(el.shadowRoot!.querySelector('.empty')!.textContent).to.contain('No deals yet');
      await expect(el).to.be.accessible();
    });

    it('says no deals match when filters exclude everything', async () => {
      const { el } = await mount(new FakeBackend(), 'motion="tech"');
      await waitUntil(() => el.shadowRoot!.querySelector('.empty'));
      expect(el.shadowRoot!.querySelector('.empty')!.textContent).to.contain('No deals match these filters');
    });
  });

  describe('errors', () => {
    it('shows the problem with a retry button, fires pk-error, and recovers on retry', async () => {
      const backend = new FakeBackend();
      backend.failNext = new PkApiError('network', { type: 'x', title: 'Could not reach the partner backend', status: 0, detail: 'GET /v1/deals failed.' });
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const errorEvent = oneEvent(wrapper, 'pk-error');
      wrapper.innerHTML = '<pk-portal><pk-pipeline></pk-pipeline></pk-portal>';
      (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
      const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
      const event = await errorEvent;
      expect(event.detail.kind).to.equal('network');
      expect(event.detail.title).to.equal('Could not reach the partner backend');
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'));
      const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
      expect(alert.textContent).to.contain('Could not load your pipeline');
      expect(alert.textContent).to.contain('Check your connection');
      await expect(el).to.be.accessible();
      button(el, 'Try again').click();
      await loaded(el);
      expect(rows(el).length).to.be.greaterThan(5);
    });

    it('lists the fields a backend rejected, so a wrong attribute is easy to spot', async () => {
      const backend = new FakeBackend();
      backend.failNext = new PkApiError('validation', {
        type: 'x', title: 'Invalid query parameters', status: 400,
        errors: [{ path: 'motion', message: 'Invalid option: expected one of "referral"|"reseller"' }],
      });
      const { el } = await mount(backend, 'motion="resellers"');
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"] li'));
      expect(el.shadowRoot!.querySelector('[role="alert"] li')!.textContent).to.equal('motion: Invalid option: expected one of "referral"|"reseller"');
      await expect(el).to.be.accessible();
    });

    it('clamps page-size to what the API accepts', async () => {
      const backend = new FakeBackend();
      const { el } = await mount(backend, 'page-size="500"');
      await loaded(el);
      expect(backend.listCalls.at(-1)!.query!.limit).to.equal(100);
      el.pageSize = 0;
      await waitUntil(() => backend.listCalls.at(-1)!.query!.limit === 50, 'a nonsense size falls back to 50');
    });

    it('wraps a plain error thrown by a custom backend', async () => {
      const backend = new FakeBackend();
      backend.failNext = new Error('boom');
      const { el } = await mount(backend);
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'));
      expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('boom');
      expect(backend.calls.length).to.be.greaterThan(0);
    });

    it("says a network failure in words, once, and keeps the browser's raw message for pk-error", async () => {
      const backend = new FakeBackend();
      backend.failNext = new TypeError('Failed to fetch'); // what fetch() rejects with, offline
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const errorEvent = oneEvent(wrapper, 'pk-error');
      wrapper.innerHTML = '<pk-portal><pk-pipeline></pk-pipeline></pk-portal>';
      (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
      const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
      const event = await errorEvent;
      expect(event.detail.kind).to.equal('network');
      expect(event.detail.detail).to.equal('Failed to fetch');
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'));
      const text = el.shadowRoot!.querySelector('[role="alert"]')!.textContent!.replace(/\s+/g, ' ');
      expect(text).not.to.contain('Failed to fetch');
      expect(text).to.contain('Could not reach the partner service');
      expect(text.match(/connection/g)).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('says "signed out" once, with one way out', async () => {
      const backend = new FakeBackend();
      backend.failNext = new PkApiError('auth', {
        type: 'https://partnerkit.dev/problems/signed-out', title: 'You are signed out', status: 401,
        detail: 'Sign in to the partner site again, then retry. Nothing you typed is lost.',
      });
      const { el } = await mount(backend);
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'));
      const text = el.shadowRoot!.querySelector('[role="alert"]')!.textContent!;
      expect(text.match(/signed out/gi), text).to.have.length(1);
      expect(text.match(/sign in/gi), text).to.have.length(1);
      expect(text).not.to.contain('session may have ended');
      expect(el.shadowRoot!.querySelectorAll('[role="alert"] button')).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('explains a missing configuration instead of rendering nothing', async () => {
      const el = await fixture<PkPipeline>(html`<pk-pipeline></pk-pipeline>`);
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'));
      const text = el.shadowRoot!.querySelector('[role="alert"]')!.textContent!;
      expect(text).to.contain('Partnerkit is not configured');
      expect(text).to.contain('api-url');
      expect(button(el, 'Try again')).to.equal(undefined);
    });
  });

  describe('filter bar', () => {
    it('searches as the user types (debounced) and filters by motion, stage and status', async () => {
      const backend = new FakeBackend();
      const { el } = await mount(backend);
      await loaded(el);
      const root = el.shadowRoot!;
      const search = root.querySelector('input[type="search"]') as HTMLInputElement;
      search.focus();
      await sendKeys({ type: 'acme' });
      await waitUntil(() => backend.listCalls.at(-1)!.query!.q === 'acme', 'search reached the backend');
      expect(backend.listCalls.filter((c) => c.query!.q).length, 'one request for the whole word').to.equal(1);
      expect(root.activeElement, 'focus stays in the search box').to.equal(search);

      const [motion, stage, status] = [...root.querySelectorAll('select')] as HTMLSelectElement[];
      expect(stage.disabled).to.equal(true);
      motion.value = 'reseller';
      motion.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(stage.disabled).to.equal(false);
      expect([...stage.options].map((o) => o.textContent!.trim())).to.include('Configure & Quote');
      stage.value = 'transact';
      stage.dispatchEvent(new Event('change'));
      status.value = 'pending';
      status.dispatchEvent(new Event('change'));
      await waitUntil(() => {
        const q = backend.listCalls.at(-1)!.query!;
        return q.motion === 'reseller' && q.stage === 'transact' && q.status === 'pending';
      }, 'all filters reached the backend');
      motion.value = 'tech';
      motion.dispatchEvent(new Event('change'));
      await waitUntil(() => backend.listCalls.at(-1)!.query!.motion === 'tech');
      expect(backend.listCalls.at(-1)!.query!.stage, 'a stage of another motion is dropped').to.equal(undefined);
      await expect(el).to.be.accessible();
    });

    it('can be hidden', async () => {
      const { el } = await mount(new FakeBackend(), 'hide-filters');
      await loaded(el);
      expect(el.shadowRoot!.querySelector('.filters')).to.equal(null);
    });
  });

  describe('board view', () => {
    it('puts each open deal on its stage lane with the true count and amounts, closed deals apart; the toggle switches views', async () => {
      const backend = new FakeBackend([
        makeDeal(1, { motion: 'reseller', stage: 'transact' }),
        makeDeal(2, { motion: 'reseller', stage: 'transact', amount: { value: 5000, currency: 'EUR' } }),
        makeDeal(3, { motion: 'referral', stage: 'validate' }),
        makeDeal(4, { motion: 'reseller', stage: 'transact', status: 'lost' }),
        makeDeal(5, { motion: 'reseller', stage: 'qualification', status: 'declined' }),
      ]);
      const { el } = await mount(backend, 'view="board"');
      await waitUntil(() => el.shadowRoot!.querySelectorAll('.card').length === 5, 'cards');
      const lane = (label: string) => el.shadowRoot!.querySelector(`.lane[aria-label^="${label}"]`)!;
      expect(lane('Reseller: Transact').getAttribute('aria-label')).to.equal('Reseller: Transact, 2 deals');
      expect([...lane('Reseller: Transact').querySelectorAll('.card')].map((c) => c.getAttribute('data-id'))).to.deep.equal(['dl_1', 'dl_2']);
      expect(lane('Reseller: Transact').querySelector('.amounts')!.textContent).to.contain('€5,000').and.to.contain('$10,001');
      expect(lane('Referral: Validate').querySelectorAll('.card')).to.have.length(1);
      expect(lane('Reseller: Deal Registration').textContent).to.contain('No deals');
      const closed = el.shadowRoot!.querySelector('[part="closed"]')!;
      expect([...closed.querySelectorAll('.card')].map((c) => c.getAttribute('data-id'))).to.have.members(['dl_4', 'dl_5']);
      expect(backend.calls.some((c) => c.method === 'getLaneSummary')).to.equal(true);
      await expect(el).to.be.accessible();

      button(el, 'Table').click();
      await waitUntil(() => rows(el).length === 5, 'back to the table');
      expect(el.view).to.equal('table');
      expect(button(el, 'Table').getAttribute('aria-pressed')).to.equal('true');
    });

    it('counts the whole lane from the server, and reads cards per lane as it scrolls', async () => {
      const deals = makeDeals(120).map((d, i) => ({ ...d, stage: (i < 100 ? 'transact' : 'qualification') as Deal['stage'] }));
      const backend = new FakeBackend(deals);
      const { el } = await mount(backend, 'view="board" motion="reseller"');
      await waitUntil(() => el.shadowRoot!.querySelectorAll('.card').length > 0);
      expect([...el.shadowRoot!.querySelectorAll('.lane h4 .label')].map((h) => h.textContent!.trim())).to.deep.equal([
        'Deal Registration', 'Qualification', 'Configure & Quote', 'Transact', 'Launch & Enable',
      ]);
      const transact = el.shadowRoot!.querySelector('.lane[aria-label^="Reseller: Transact"]')!;
      expect(transact.getAttribute('aria-label')).to.equal('Reseller: Transact, 100 deals');
      await waitUntil(() => transact.querySelectorAll('.card').length === 20, 'first page of the lane');
      const body = transact.querySelector('.lane-body')!;
      transact.scrollIntoView();
      body.scrollTop = body.scrollHeight;
      await waitUntil(() => transact.querySelectorAll('.card').length === 40, 'the next page when scrolled to its end');
    });

    it('moves a card with its "Move to…" menu; a refused move goes back and says what is missing', async () => {
      const fresh = { text: 'Spoke to procurement', updatedAt: new Date().toISOString() };
      const backend = new FakeBackend([
        makeDeal(1, { motion: 'reseller', stage: 'qualification', stageNote: fresh }),
        makeDeal(2, { motion: 'reseller', stage: 'qualification', stageNote: null }),
      ]);
      const { el } = await mount(backend, 'view="board" motion="reseller"');
      await waitUntil(() => el.shadowRoot!.querySelectorAll('.card').length === 2);
      const updated = oneEvent(el, 'pk-deal-updated');
      const move = (id: string, stage: string) => {
        const select = el.shadowRoot!.querySelector(`.card[data-id="${id}"] select`) as HTMLSelectElement;
        select.value = stage;
        select.dispatchEvent(new Event('change'));
      };
      const laneOf = (id: string) => el.shadowRoot!.querySelector(`.card[data-id="${id}"]`)!.closest('.lane')!.getAttribute('aria-label');
      move('dl_1', 'configure-quote');
      await waitUntil(() => laneOf('dl_1')!.startsWith('Reseller: Configure & Quote'), 'moved');
      expect((await updated).detail.stage).to.equal('configure-quote');
      move('dl_2', 'configure-quote');
      await waitUntil(() => el.shadowRoot!.querySelector('.card[data-id="dl_2"] .refused'), 'refusal shown');
      expect(laneOf('dl_2')).to.match(/^Reseller: Qualification/);
      expect(el.shadowRoot!.querySelector('.card[data-id="dl_2"] .refused')!.textContent).to.contain('The stage note was updated in the last 7 days');
      await expect(el).to.be.accessible();
    });
  });

  describe('the whole pipeline in one list', () => {
    it('renders only the rows in view of 10,000 and reads keyset pages as the user scrolls', async () => {
      const backend = new FakeBackend(makeDeals(10_000));
      const { el } = await mount(backend, 'page-size="100"');
      await loaded(el);
      expect(el.shadowRoot!.querySelector('[role="grid"]')!.getAttribute('aria-rowcount')).to.equal('10001');
      expect(el.shadowRoot!.querySelectorAll('.rows [role="row"]').length).to.be.below(60);
      const reads = backend.listCalls.length;
      const scroller = el.shadowRoot!.querySelector('.scroller')!;
      for (let i = 0; i < 4; i++) {
        scroller.scrollTop += 4000;
        await new Promise((r) => setTimeout(r, 50));
      }
      await waitUntil(() => backend.listCalls.length > reads, 'more pages read');
      expect(backend.listCalls.at(-1)!.query!.cursor).to.be.a('string');
      await waitUntil(() => rows(el).length > 0 && !el.shadowRoot!.querySelector('.row.placeholder'), 'rows in view loaded');
      expect(el.shadowRoot!.querySelectorAll('.rows [role="row"]').length).to.be.below(60);
      // Nothing is left behind by the rows scrolled past: only each row's two markers and the list's own.
      for (let i = 0; i < 40; i++) {
        scroller.scrollTop += 300;
        await new Promise((r) => requestAnimationFrame(r));
      }
      await new Promise((r) => setTimeout(r, 100));
      const list = el.shadowRoot!.querySelector('.rows')!;
      const comments = [...list.childNodes].filter((n) => n.nodeType === Node.COMMENT_NODE).length;
      expect(comments, 'comment markers in the list').to.be.at.most(2 * list.querySelectorAll(':scope > [role="row"]').length + 1);
    });

    it('sorts by a column header, with aria-sort', async () => {
      const backend = new FakeBackend();
      const { el } = await mount(backend);
      await loaded(el);
      const amount = () => headers(el).find((h) => h.textContent!.includes('Amount'))!;
      expect(amount().getAttribute('aria-sort')).to.equal('none');
      amount().querySelector('button')!.click();
      await waitUntil(() => backend.listCalls.at(-1)!.query!.sort === 'amount');
      await loaded(el);
      expect(amount().getAttribute('aria-sort')).to.equal('ascending');
      expect(rows(el)[0].dataset.id).to.equal('dl_1');
      amount().querySelector('button')!.click();
      await waitUntil(() => backend.listCalls.at(-1)!.query!.sort === '-amount');
      await waitUntil(() => rows(el)[0]?.dataset.id === 'dl_30');
    });

    it('sorts by every column the API sorts by (DEAL_SORTS), both ways, and remembers it in views and the URL', async () => {
      // Deals that differ in every column, so each sort puts them in another order.
      const stages = ['qualification', 'deal-registration', 'transact', 'configure-quote'] as const;
      const statuses = ['approved', 'pending', 'won', 'expired'] as const;
      const deals = makeDeals(24).map((d, i) =>
        makeDeal(i + 1, {
          customer: { company: `Customer ${String.fromCharCode(65 + ((i * 7) % 24))} Ltd`, domain: d.customer.domain },
          partner: { id: `p${i % 3}`, name: ['Northwind', 'Contoso', 'Fabrikam'][(i * 5) % 3] },
          stage: stages[(i * 3) % 4],
          status: statuses[(i * 5) % 4],
          owner: ['Bo', 'Ada', 'Cy', 'Di'][(i * 3) % 4],
          nextStep: i % 5 === 0 ? null : `Step ${(i * 11) % 24}`,
          amount: { value: 1000 + ((i * 13) % 24), currency: 'USD' },
          createdAt: new Date(Date.now() - ((i * 17) % 24) * 86400000).toISOString(),
        }),
      );
      const backend = new FakeBackend(deals, partnerMe('channel_manager'));
      const { el } = await mount(backend, 'sync-url');
      await loaded(el);
      await waitUntil(() => headers(el).length === COLUMNS.length, 'every column, the partner one too');
      // Every column whose API sort key is in DEAL_SORTS has a sort button; no other list decides.
      const sortable = COLUMNS.filter((c) => sortOf(c));
      expect(sortable.map((c) => c.sort)).to.deep.equal(COLUMNS.filter((c) => DEAL_SORTS.includes(c.sort as DealSort)).map((c) => c.sort));
      for (const column of COLUMNS) {
        const header = headers(el)[COLUMNS.indexOf(column)];
        expect(!!header.querySelector('button.sort'), `${column.id} sortable`).to.equal(!!sortOf(column));
      }
      for (const column of sortable) {
        const key = sortOf(column)!;
        for (const [dir, sort] of [['ascending', key], ['descending', `-${key}`]] as const) {
          const header = () => headers(el)[COLUMNS.indexOf(column)];
          header().querySelector('button')!.click();
          await waitUntil(() => header().getAttribute('aria-sort') === dir, `${column.id} ${dir}`);
          expect(backend.listCalls.at(-1)!.query!.sort, column.id).to.equal(sort);
          const expected = (await backend.listDeals({ sort: sort as DealSort, limit: 100 })).items.map((d) => d.id);
          await waitUntil(() => rows(el).length > 3 && rows(el).every((r, i) => r.dataset.id === expected[i]), `rows in ${sort} order`);
          // The backend really sorted by this column: its values are in order (nulls last).
          const value = sortValue(key.replace(/^-/, ''));
          const values = expected.map((id) => value(deals.find((d) => d.id === id)!)).filter((v) => v !== null);
          const inOrder = values.every((v, i) => i === 0 || (dir === 'ascending' ? values[i - 1]! <= v! : values[i - 1]! >= v!));
          expect(inOrder, `${sort}: ${values.join(', ')}`).to.equal(true);
          expect(new URL(location.href).searchParams.get('pk-sort'), 'the URL (sync-url)').to.equal(sort);
          expect(JSON.parse(localStorage.getItem('partnerkit:pipeline-view:u1') ?? '{}').sort, 'the saved view').to.equal(sort);
        }
      }
      // Any key of DEAL_SORTS comes back from a saved view or a link.
      for (const sort of DEAL_SORTS) {
        expect(viewFromUrl(`https://host.example/?pk-sort=${encodeURIComponent(sort)}`).sort).to.equal(sort);
        expect(cleanView({ sort }).sort).to.equal(sort);
      }
      history.replaceState(null, '', location.pathname);
    });

    it('moves between cells with the keyboard (ARIA grid), Enter opens the deal, Escape returns focus to its row', async () => {
      const backend = new FakeBackend(makeDeals(500));
      const { el } = await mount(backend, 'page-size="100"');
      await loaded(el);
      const active = () => el.shadowRoot!.activeElement as HTMLElement;
      const at = () => {
        const cell = active()?.closest('.cell');
        if (!cell) return [NaN, NaN];
        const r = cell.parentElement!;
        return [r.classList.contains('header-row') ? -1 : Number(r.dataset.index), [...r.children].indexOf(cell)];
      };
      expect(el.shadowRoot!.querySelectorAll('[role="grid"] [tabindex="0"]'), 'one tab stop in the grid').to.have.length(1);
      (rows(el)[0].querySelector('[role="rowheader"]') as HTMLElement).focus();
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => at()[0] === 1);
      await sendKeys({ press: 'ArrowRight' });
      await waitUntil(() => at()[1] === 1);
      await sendKeys({ press: 'End' });
      await waitUntil(() => at()[1] === headers(el).length - 1);
      await sendKeys({ press: 'Home' });
      await waitUntil(() => at()[1] === 0);
      await sendKeys({ press: 'PageDown' });
      await waitUntil(() => at()[0] === 11);
      // Ctrl+End / Ctrl+Home (the test driver's key presses carry no modifiers).
      const ctrl = (key: string) => active().dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true, composed: true }));
      ctrl('End');
      await waitUntil(() => at()[0] === 499, 'the last row, read and scrolled into view');
      ctrl('Home');
      await waitUntil(() => at()[0] === 0, 'Ctrl+Home');
      await sendKeys({ press: 'ArrowUp' });
      await waitUntil(() => at()[0] === -1, 'up into the header row');
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => at()[0] === 1);
      const id = active().closest<HTMLElement>('[role="row"]')!.dataset.id!;
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => panel(el)?.open, 'the panel opens');
      expect(panel(el)!.textContent).to.contain(backend.deals[1].customer.company);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !panel(el), 'closed');
      await waitUntil(() => active()?.closest('[role="row"]')?.getAttribute('data-id') === id, 'focus back on the row');
      expect(row(el, id)!.getAttribute('aria-selected')).to.equal('true');
    });
  });

  describe('deal panel', () => {
    const fresh = () => ({ text: 'Spoke to procurement', updatedAt: new Date(Date.now() - 2 * 86400000).toISOString() });
    async function openPanel(backend: FakeBackend, id = 'dl_1', attrs = '') {
      const mounted = await mount(backend, attrs);
      await loaded(mounted.el);
      (row(mounted.el, id)!.querySelector('[role="rowheader"]') as HTMLElement).click();
      await waitUntil(() => panel(mounted.el)?.open && panel(mounted.el)!.textContent!.includes('Registered'), 'panel with its history');
      return mounted;
    }

    it('shows next step, stage note with its age, contacts by role, protection, attribution and history', async () => {
      const backend = new FakeBackend([
        makeDeal(1, {
          stageNote: fresh(),
          partnerContacts: [
            { name: 'Bea Seller', email: 'bea@northwind.example', role: 'AE' },
            { name: 'Sam Engineer', email: 'sam@northwind.example', role: 'SE' },
          ],
        }),
      ]);
      const { el } = await openPanel(backend);
      const text = panel(el)!.textContent!.replace(/\s+/g, ' ');
      expect((panel(el)!.querySelector('input[name="nextStep"]') as HTMLInputElement).value).to.equal('Call back #1');
      expect((panel(el)!.querySelector('textarea[name="stageNote"]') as HTMLTextAreaElement).value).to.equal('Spoke to procurement');
      expect(text).to.contain('Note updated 2 days ago');
      expect(text).to.contain('Account executive').and.to.contain('Bea Seller').and.to.contain('Solutions engineer');
      expect(text).to.contain('Until').and.to.contain('Sourced · 100%');
      expect(text).to.contain('Registered, by Ada Rep');
      expect(text, 'the next stage and its exit criteria before trying').to.contain('This deal meets everything Configure & Quote asks for.');
      expect(text).to.contain('Met The stage note was updated in the last 7 days');
      expect(text).not.to.contain('Internal notes');
      await expect(el).to.be.accessible();
    });

    it('saves the next step and stage note with the version it read, and fires pk-deal-updated', async () => {
      const backend = new FakeBackend([makeDeal(1, { stageNote: fresh() })]);
      const { el } = await openPanel(backend);
      const input = panel(el)!.querySelector('input[name="nextStep"]') as HTMLInputElement;
      input.focus();
      input.select();
      await sendKeys({ type: 'Send the quote' });
      const updated = oneEvent(el, 'pk-deal-updated');
      (panel(el)!.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      expect((await updated).detail.nextStep).to.equal('Send the quote');
      expect(backend.calls.find((c) => c.method === 'updateDeal')!.patch).to.deep.equal({ nextStep: 'Send the quote', version: 1 });
      await waitUntil(() => row(el, 'dl_1')!.textContent!.includes('Send the quote'), 'the row shows it');
      await waitUntil(() => panel(el)!.textContent!.includes('Saved.'));
    });

    it('keeps what the user typed across a reload, per user and deal, until it is saved or sent; signOut() wipes it', async () => {
      const deals = () => [makeDeal(1, { stageNote: fresh() }), makeDeal(2)];
      const field = (el: PkPipeline, selector: string) => panel(el)!.querySelector(selector) as HTMLInputElement;
      const type = async (el: PkPipeline, selector: string, text: string) => {
        field(el, selector).focus();
        field(el, selector).select();
        await sendKeys({ type: text });
      };
      let mounted = await openPanel(new FakeBackend(deals()));
      await type(mounted.el, 'input[name="nextStep"]', 'Send the quote');
      await type(mounted.el, 'textarea[name="stageNote"]', 'Waiting on legal');
      (panel(mounted.el)!.querySelector('.extension summary') as HTMLElement).click();
      await type(mounted.el, 'textarea[name="reason"]', 'Procurement slipped');
      mounted.wrapper.remove();

      // A reload: a new element over the same browser storage brings it all back.
      let backend = new FakeBackend(deals());
      mounted = await openPanel(backend);
      let { el } = mounted;
      expect(field(el, 'input[name="nextStep"]').value).to.equal('Send the quote');
      expect(field(el, 'textarea[name="stageNote"]').value).to.equal('Waiting on legal');
      expect((panel(el)!.querySelector('.extension') as HTMLDetailsElement).open, 'the extension form shows its restored reason').to.equal(true);
      expect(field(el, 'textarea[name="reason"]').value).to.equal('Procurement slipped');
      expect(panel(el)!.querySelector('.notice'), 'the deal did not change meanwhile').to.equal(null);
      // Another deal has its own (none).
      panel(el)!.close();
      await waitUntil(() => !panel(el));
      (row(el, 'dl_2')!.querySelector('[role="rowheader"]') as HTMLElement).click();
      await waitUntil(() => panel(el)?.open && field(el, 'input[name="nextStep"]')?.value === 'Call back #2', 'deal 2 as it is');
      mounted.wrapper.remove();

      // Another user of this browser does not see it.
      const other = partnerMe();
      other.user = { ...other.user, id: 'u2' };
      mounted = await openPanel(new FakeBackend(deals(), other));
      expect(field(mounted.el, 'input[name="nextStep"]').value).to.equal('Call back #1');
      mounted.wrapper.remove();

      // Saved: the edits are no longer kept (the unsent reason still is); sent: nothing is.
      backend = new FakeBackend(deals());
      mounted = await openPanel(backend);
      el = mounted.el;
      (panel(el)!.querySelector('.edit button[type="submit"]') as HTMLButtonElement).click();
      await waitUntil(() => panel(el)!.textContent!.includes('Saved.'));
      expect(backend.calls.find((c) => c.method === 'updateDeal')!.patch).to.deep.equal({ nextStep: 'Send the quote', stageNote: 'Waiting on legal', version: 1 });
      const stored = () => Object.keys(localStorage).filter((k) => k.includes('pipeline-deal:dl_1')).map((k) => JSON.parse(localStorage.getItem(k)!));
      expect(stored()).to.deep.equal([{ reason: 'Procurement slipped' }]);
      field(el, 'input[name="days"]').value = '30';
      (panel(el)!.querySelector('.extension button[type="submit"]') as HTMLButtonElement).click();
      await waitUntil(() => panel(el)!.textContent!.includes('Extension of 30 days requested'));
      expect(stored()).to.deep.equal([]);
      mounted.wrapper.remove();

      // A deal changed by someone else since the text was typed: said, with their values.
      mounted = await openPanel(new FakeBackend(deals()));
      await type(mounted.el, 'input[name="nextStep"]', 'Mine');
      mounted.wrapper.remove();
      mounted = await openPanel(new FakeBackend([makeDeal(1, { nextStep: 'Theirs', version: 2 })]));
      expect(field(mounted.el, 'input[name="nextStep"]').value).to.equal('Mine');
      expect(panel(mounted.el)!.querySelector('.notice')!.textContent).to.contain('Theirs');
      mounted.wrapper.remove();

      // signOut() wipes what was kept.
      signOut();
      mounted = await openPanel(new FakeBackend(deals()));
      expect(field(mounted.el, 'input[name="nextStep"]').value).to.equal('Call back #1');
    });

    it('refuses a move that misses exit criteria next to the control, rolls the row back, then moves once they are met', async () => {
      const backend = new FakeBackend([makeDeal(1, { stageNote: null })]);
      const { el } = await openPanel(backend);
      expect(panel(el)!.textContent!.replace(/\s+/g, ' '), 'said before trying').to.contain('To move to Configure & Quote, this deal needs:').and.to.contain('Missing The stage note was updated in the last 7 days');
      const gate = deferred();
      backend.updateGate = gate.promise;
      (panel(el)!.querySelector('.move-submit') as HTMLButtonElement).click();
      await waitUntil(() => row(el, 'dl_1')!.textContent!.includes('Configure & Quote'), 'optimistic: the row moves at once');
      gate.resolve();
      backend.updateGate = null;
      await waitUntil(() => panel(el)!.querySelector('#move-result [role="alert"]'), 'refusal');
      const alert = panel(el)!.querySelector('#move-result [role="alert"]')!.textContent!;
      expect(alert).to.contain('The move to Configure & Quote was refused').and.to.contain('The stage note was updated in the last 7 days');
      await waitUntil(() => row(el, 'dl_1')!.textContent!.includes('Qualification'), 'rolled back');
      await expect(el).to.be.accessible();

      const note = panel(el)!.querySelector('textarea[name="stageNote"]') as HTMLTextAreaElement;
      note.focus();
      await sendKeys({ type: 'Procurement call booked' });
      (panel(el)!.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await waitUntil(() => panel(el)!.textContent!.includes('Saved.'));
      (panel(el)!.querySelector('.move-submit') as HTMLButtonElement).click();
      await waitUntil(() => panel(el)!.textContent!.includes('Moved to Configure & Quote.'));
      await waitUntil(() => panel(el)!.textContent!.includes('Stage moved, by Ada Rep'), 'the history shows the move');
      expect(backend.deals[0].stage).to.equal('configure-quote');
    });

    it('shows a change by someone else (409 stale write) and keeps the user\'s text', async () => {
      const backend = new FakeBackend([makeDeal(1, { stageNote: fresh() })]);
      const { el } = await openPanel(backend);
      backend.staleWith = { ...backend.deals[0], nextStep: 'Their next step', version: 2 };
      const input = panel(el)!.querySelector('input[name="nextStep"]') as HTMLInputElement;
      input.focus();
      input.select();
      await sendKeys({ type: 'My next step' });
      (panel(el)!.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await waitUntil(() => panel(el)!.querySelector('.notice'), 'stale notice');
      expect(panel(el)!.querySelector('.notice')!.textContent).to.contain('Someone else changed this deal').and.to.contain('Their next step');
      expect(input.value, 'the user\'s text is kept').to.equal('My next step');
      await waitUntil(() => row(el, 'dl_1')!.textContent!.includes('Their next step'), 'the row shows their value');
      (panel(el)!.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await waitUntil(() => backend.deals[0].nextStep === 'My next step', 'saving again, with their version, replaces it');
      expect(backend.calls.filter((c) => c.method === 'updateDeal').at(-1)!.patch!.version).to.equal(2);
    });

    it('shows a live change to the open deal without overwriting what the user is typing', async () => {
      const backend = new FakeBackend([makeDeal(1, { stageNote: fresh() })]);
      const { el } = await openPanel(backend);
      const input = panel(el)!.querySelector('input[name="nextStep"]') as HTMLInputElement;
      input.focus();
      await sendKeys({ type: ' (draft)' });
      backend.emit({ id: '60', type: 'deal.updated', data: { ...backend.deals[0], nextStep: 'Vendor edit', version: 2 } });
      await waitUntil(() => panel(el)!.querySelector('.notice'), 'notice');
      expect(panel(el)!.querySelector('.notice')!.textContent).to.contain('Vendor edit');
      expect(input.value).to.equal('Call back #1 (draft)');
      expect(panel(el)!.open, 'the panel stays open').to.equal(true);
    });

    it('requests a protection extension', async () => {
      const backend = new FakeBackend([makeDeal(1, { stageNote: fresh() })]);
      const { el } = await openPanel(backend);
      (panel(el)!.querySelector('.extension summary') as HTMLElement).click();
      (panel(el)!.querySelector('textarea[name="reason"]') as HTMLTextAreaElement).value = 'Procurement slipped a quarter';
      (panel(el)!.querySelector('input[name="days"]') as HTMLInputElement).value = '30';
      (panel(el)!.querySelector('.extension button[type="submit"]') as HTMLButtonElement).click();
      await waitUntil(() => panel(el)!.textContent!.includes('Extension of 30 days requested'));
    });

    it('shows vendor fields to a channel manager only, and never offers the partner-only extension', async () => {
      const vendorDeal = { ...makeDeal(1, { stageNote: fresh() }), discountBand: 'B', internalNotes: 'Strategic account', partners: [] };
      const backend = new FakeBackend([vendorDeal], partnerMe('channel_manager'));
      const { el } = await openPanel(backend);
      await waitUntil(() => panel(el)!.textContent!.includes('Strategic account'));
      expect(panel(el)!.querySelector('.extension')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('views, export', () => {
    it('remembers filters, sort, view and columns per user, and reflects them in the URL only with sync-url', async () => {
      const backend = new FakeBackend();
      const first = await mount(backend);
      await loaded(first.el);
      first.el.motion = 'reseller';
      first.el.sort = 'amount';
      const check = first.el.shadowRoot!.querySelectorAll<HTMLInputElement>('.columns input')[2]; // Owner
      check.click();
      await waitUntil(() => !headers(first.el).some((h) => h.textContent!.includes('Owner')), 'owner column hidden');
      expect(location.search).not.to.contain('pk-motion');
      first.wrapper.remove();
      expect(JSON.parse(localStorage.getItem('partnerkit:pipeline-view:u1')!)).to.deep.include({ motion: 'reseller', sort: 'amount', hidden: ['owner'] });

      const second = await mount(new FakeBackend(), 'sync-url');
      await waitUntil(() => second.el.motion === 'reseller' && second.el.sort === 'amount', 'restored for the same user');
      await loaded(second.el);
      expect(headers(second.el).some((h) => h.textContent!.includes('Owner'))).to.equal(false);
      await waitUntil(() => location.search.includes('pk-motion=reseller'));
      history.replaceState(null, '', location.pathname + location.search.replace(/[?&]pk-[^&]*/g, ''));
    });

    it('exports the current filtered view as CSV', async () => {
      const backend = new FakeBackend();
      const { el } = await mount(backend, 'motion="reseller" sort="amount"');
      await loaded(el);
      const clicked: HTMLAnchorElement[] = [];
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        clicked.push(this);
      };
      try {
        (el.shadowRoot!.querySelector('[part="export-button"]') as HTMLButtonElement).click();
        await waitUntil(() => clicked.length === 1, 'download started');
      } finally {
        HTMLAnchorElement.prototype.click = click;
      }
      expect(backend.calls.find((c) => c.method === 'exportDeals')!.query).to.deep.include({ motion: 'reseller', sort: 'amount' });
      expect(clicked[0].download).to.match(/^pipeline-\d{4}-\d{2}-\d{2}\.csv$/);
    });
  });

  describe('layout by the element\'s own width (container queries)', () => {
    /** The pipeline in a box of `width` px, whatever the window's width. */
    async function mountAt(width: number, backend = new FakeBackend(), attrs = '') {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"></div>`);
      wrapper.innerHTML = `<pk-portal><pk-pipeline ${attrs}></pk-pipeline></pk-portal>`;
      (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
      const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
      // Rows (or cards), and the table's first rows handed to its virtualizer (see table.ts).
      await waitUntil(() => el.shadowRoot!.querySelector('[data-id]') && !el.shadowRoot!.querySelector('.first-rows, [aria-busy="true"]'), 'deals did not render');
      return el;
    }
    const display = (el: Element | null) => getComputedStyle(el!).display;
    const visibleColumns = (el: PkPipeline) =>
      headers(el)
        .filter((th) => display(th) !== 'none')
        .map((th) => [...(th.querySelector('button') ?? th).childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim());

    it('shows every column in a wide and a medium box, without sideways scrolling, under a sticky header', async () => {
      const wide = await mountAt(1300, new FakeBackend(makeDeals(30), partnerMe('channel_manager')));
      await waitUntil(() => visibleColumns(wide).includes('Partner'));
      expect(visibleColumns(wide)).to.deep.equal(['Customer', 'Partner', 'Stage', 'Registration', 'Owner', 'Next step', 'Amount', 'Last activity']);
      expect(display(rows(wide)[0])).to.equal('flex');
      expect(display(button(wide, 'Filters'))).to.equal('none');
      wide.closest('div')!.remove();
      const medium = await mountAt(900);
      expect(visibleColumns(medium)).to.deep.equal(['Customer', 'Stage', 'Registration', 'Owner', 'Next step', 'Amount', 'Last activity']);
      const scroller = medium.shadowRoot!.querySelector('.scroller')!;
      expect(scroller.scrollWidth, 'no sideways scrolling').to.be.at.most(scroller.clientWidth);
      scroller.scrollTop = 300;
      await new Promise((r) => requestAnimationFrame(r));
      const header = medium.shadowRoot!.querySelector('.header-row')!.getBoundingClientRect();
      expect(Math.abs(header.top - scroller.getBoundingClientRect().top), 'the header stays on top').to.be.below(2);
      await expect(medium).to.be.accessible();
    });

    it('turns rows into labelled cards in a narrow box, keeping table semantics', async () => {
      const el = await mountAt(360);
      const row = rows(el)[0];
      expect(display(row)).to.equal('grid');
      const label = (cls: string) => getComputedStyle(row.querySelector(cls)!, '::before');
      expect(label('.c-nextStep').display, 'each cell labelled').to.equal('block');
      expect(label('.c-nextStep').content).to.contain('Next step');
      expect(label('.c-owner').content).to.contain('Owner');
      expect(label('.c-lastActivity').content).to.contain('Last activity');
      const scroller = el.shadowRoot!.querySelector('.scroller')!;
      expect(scroller.scrollWidth, 'no sideways scrolling').to.be.at.most(scroller.clientWidth);
      for (const cell of row.querySelectorAll('.cell')) {
        expect(cell.getBoundingClientRect().right, cell.className).to.be.at.most(row.getBoundingClientRect().right + 0.5);
      }
      await expect(el).to.be.accessible();
    });

    it('folds the filters behind a keyboard-operable disclosure in a narrow box', async () => {
      const el = await mountAt(360);
      const toggle = button(el, 'Filters');
      const fields = el.shadowRoot!.getElementById('filter-fields')!;
      expect(display(toggle)).not.to.equal('none');
      expect(display(fields)).to.equal('none');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(toggle.getAttribute('aria-controls')).to.equal('filter-fields');
      toggle.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => toggle.getAttribute('aria-expanded') === 'true');
      expect(display(fields)).to.equal('grid');
      await expect(el).to.be.accessible();
      const motion = fields.querySelector('select')!;
      motion.value = 'reseller';
      motion.dispatchEvent(new Event('change'));
      await waitUntil(() => el.shadowRoot!.querySelector('.filters-toggle')!.textContent!.includes('(1)'), 'the button counts active filters');
      await sendKeys({ press: 'Space' });
      await waitUntil(() => toggle.getAttribute('aria-expanded') === 'false');
      expect(display(fields)).to.equal('none');
    });

    it('stacks board lanes in a narrow box and keeps domains whole', async () => {
      const el = await mountAt(360, new FakeBackend(), 'view="board"');
      const lanes = [...el.shadowRoot!.querySelectorAll('.lane')].map((l) => l.getBoundingClientRect());
      expect(new Set(lanes.map((r) => Math.round(r.left))).size, 'one lane per row').to.equal(1);
      for (const domain of el.shadowRoot!.querySelectorAll('.card .domain')) {
        const lines = new Set([...domain.getClientRects()].map((r) => Math.round(r.top)));
        expect(lines.size, domain.textContent!).to.equal(1);
      }
      await expect(el).to.be.accessible();
    });
  });

  describe('styling', () => {
    it('inherits the host font but not other text styles of a hostile host page', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="font-family: 'Courier New', monospace; text-transform: uppercase; letter-spacing: 7px; text-align: center; line-height: 5"></div>`,
      );
      wrapper.innerHTML = '<pk-portal><pk-pipeline></pk-pipeline></pk-portal>';
      (wrapper.querySelector('pk-portal') as PkPortal).backend = new FakeBackend();
      const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
      await loaded(el);
      const cell = getComputedStyle(rows(el)[0].querySelector('[role="gridcell"]')!);
      expect(cell.fontFamily).to.contain('Courier New');
      expect(cell.textTransform).to.equal('none');
      expect(cell.letterSpacing).to.equal('normal');
      expect(cell.textAlign).to.equal('start');
    });

    it('takes --pk-sys-* tokens set on any ancestor, and component tokens', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="--pk-sys-color-success: rgb(1, 2, 3); --pk-pipeline-header-background: rgb(4, 5, 6)"></div>`);
      wrapper.innerHTML = '<pk-portal><pk-pipeline></pk-pipeline></pk-portal>';
      (wrapper.querySelector('pk-portal') as PkPortal).backend = new FakeBackend();
      const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
      await loaded(el);
      expect(getComputedStyle(el.shadowRoot!.querySelector('.status-approved')!).color).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(el.shadowRoot!.querySelector('.header-row')!).backgroundColor).to.equal('rgb(4, 5, 6)');
    });

    it('renders only parts it declares in its static parts list', async () => {
      const backend = new FakeBackend();
      backend.failNext = new Error('boom');
      const { el } = await mount(backend);
      const seen = new Set<string>();
      const collect = () => el.shadowRoot!.querySelectorAll('[part]').forEach((n) => n.getAttribute('part')!.split(/\s+/).forEach((p) => seen.add(p)));
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'));
      collect(); // error state
      button(el, 'Try again').click();
      await loaded(el);
      collect(); // table
      el.view = 'board';
      await waitUntil(() => el.shadowRoot!.querySelector('.card'));
      collect(); // board
      for (const part of ['filters', 'search', 'table', 'row', 'status', 'board', 'lane', 'card', 'export-button', 'error', 'retry-button']) {
        expect(seen.has(part), part).to.equal(true);
      }
      const declared: readonly string[] = (el.constructor as typeof PkPipeline).parts;
      expect([...seen].filter((p) => !declared.includes(p)), 'undeclared parts').to.deep.equal([]);
    });
  });
});
