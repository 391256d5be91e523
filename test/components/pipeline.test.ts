import { expect, fixture, html, oneEvent, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/pipeline/define.js';
import { PkApiError } from '../../src/api/errors.js';
import { PkPipeline } from '../../components/pipeline/pipeline.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { FakeBackend, deferred, makeDeal, makeDeals, partnerMe } from './fake-backend.js';

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

const rows = (el: PkPipeline) => [...el.shadowRoot!.querySelectorAll('tbody tr')];
const loaded = (el: PkPipeline) => waitUntil(() => rows(el).length > 0 && !el.shadowRoot!.querySelector('[aria-busy="true"]'), 'rows did not render');
const button = (el: PkPipeline, label: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === label) as HTMLButtonElement;

describe('pk-pipeline', () => {
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
      expect(rows(el)).to.have.length(25);
      const first = rows(el)[0];
      expect(first.textContent).to.contain('Customer 1 Ltd');
      expect(first.textContent).to.contain('customer1.example');
      expect(first.textContent).to.contain('Qualification');
      expect(first.textContent).to.contain('Approved');
      expect(first.textContent).to.contain('Sourced · 100%');
      expect(first.textContent).to.contain('$10,001');
      expect(el.shadowRoot!.querySelector('.pager')!.textContent).to.contain('Showing 1–25 of 30 deals');
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
        expect(el.shadowRoot!.querySelectorAll('tbody tr.skeleton'), 'one placeholder row per deal of the page').to.have.length(25);
        expect(el.shadowRoot!.querySelector('[aria-hidden="true"] table'), 'placeholders are hidden from assistive technology').to.exist;
        await expect(el).to.be.accessible();
        gate.resolve();
        await loaded(el);
        const done = el.getBoundingClientRect().height;
        // The same frame, filters and pager, and rows of the same height: within a few percent.
        expect(Math.abs(done - pending) / done, `at ${width}px: ${pending}px pending, ${done}px loaded`).to.be.below(0.08);
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
      const { el } = await mount(backend, 'motion="reseller" status="approved" stage="qualification" q=" acme " sort="amount" page-size="10"');
      await loaded(el);
      expect(backend.listCalls.at(-1)!.query).to.deep.equal({
        motion: 'reseller', stage: 'qualification', status: 'approved', q: 'acme', sort: 'amount', limit: 10, cursor: undefined,
      });
    });

    it('shows the partner column only to a channel manager', async () => {
      const partner = await mount(new FakeBackend());
      await loaded(partner.el);
      expect(partner.el.shadowRoot!.querySelector('thead')!.textContent).not.to.contain('Partner');
      const cm = await mount(new FakeBackend(undefined, partnerMe('channel_manager')));
      await loaded(cm.el);
      await waitUntil(() => cm.el.shadowRoot!.querySelector('thead')!.textContent!.includes('Partner'));
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
      const [a, b] = rows(el);
      expect(a.textContent).to.contain('Pending review');
      expect(a.textContent).to.contain('Decision overdue');
      expect(a.textContent).to.contain('Possible conflict: Customer already registered');
      expect(b.textContent).to.contain('Stale note');
      expect(b.textContent).to.contain('Waiting on procurement');
    });
  });

  describe('live updates', () => {
    it('re-reads the page on deal events, keeping the rows on screen, once per burst; unsubscribes when removed', async () => {
      const backend = new FakeBackend(makeDeals(3));
      const { wrapper, el } = await mount(backend);
      await loaded(el);
      await waitUntil(() => backend.subscribers.size === 1, 'subscribed');
      expect([...backend.subscribers.values()][0]).to.have.members(['deal.created', 'deal.updated', 'deal.decided']);
      const before = backend.listCalls.length;

      // A channel manager approves a deal and another is registered: two events, one re-read.
      backend.deals = [makeDeal(99, { customer: { company: 'Live Arrival Ltd', domain: 'live-arrival.example' } }), ...backend.deals];
      backend.deals[1] = { ...backend.deals[1], status: 'approved' };
      const gate = deferred();
      backend.gate = gate.promise;
      backend.emit({ id: '41', type: 'deal.decided', data: { id: backend.deals[1].id } });
      backend.emit({ id: '42', type: 'deal.created', data: { id: 'd99' } });
      backend.emit({ id: '43', type: 'rules.published', data: { version: 2 } }); // not asked for
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
      expect(rows(el)).to.have.length(25);
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
      await waitUntil(() => backend.listCalls.at(-1)!.query!.limit === 25, 'a nonsense size falls back to 25');
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
    it('puts each deal on its motion\'s stage lane, and the toggle switches views', async () => {
      const backend = new FakeBackend([
        makeDeal(1, { motion: 'reseller', stage: 'transact' }),
        makeDeal(2, { motion: 'reseller', stage: 'transact' }),
        makeDeal(3, { motion: 'referral', stage: 'validate' }),
      ]);
      const { el } = await mount(backend, 'view="board"');
      await waitUntil(() => el.shadowRoot!.querySelectorAll('.card').length === 3, 'cards');
      const lane = (label: string) => el.shadowRoot!.querySelector(`.lane[aria-label^="${label}"]`)!;
      expect(lane('Reseller: Transact').getAttribute('aria-label')).to.equal('Reseller: Transact, 2 deals');
      expect([...lane('Reseller: Transact').querySelectorAll('.card')].map((c) => c.getAttribute('data-id'))).to.deep.equal(['dl_1', 'dl_2']);
      expect(lane('Referral: Validate').querySelectorAll('.card')).to.have.length(1);
      expect(lane('Reseller: Deal Registration').textContent).to.contain('No deals');
      expect(el.shadowRoot!.querySelectorAll('.motion')).to.have.length(2, 'only motions on the page');
      await expect(el).to.be.accessible();

      button(el, 'Table').click();
      await waitUntil(() => rows(el).length === 3, 'back to the table');
      expect(el.view).to.equal('table');
      expect(button(el, 'Table').getAttribute('aria-pressed')).to.equal('true');
    });

    it('shows all five lanes of the filtered motion', async () => {
      const { el } = await mount(new FakeBackend(), 'view="board" motion="reseller"');
      await waitUntil(() => el.shadowRoot!.querySelectorAll('.card').length > 0);
      expect([...el.shadowRoot!.querySelectorAll('.lane h4 .label')].map((h) => h.textContent!.trim())).to.deep.equal([
        'Deal Registration', 'Qualification', 'Configure & Quote', 'Transact', 'Launch & Enable',
      ]);
    });
  });

  describe('paging', () => {
    it('moves forward with the cursor and back to the previous page', async () => {
      const backend = new FakeBackend();
      const { el } = await mount(backend);
      await loaded(el);
      expect(button(el, 'Previous page').disabled).to.equal(true);
      button(el, 'Next page').click();
      await waitUntil(() => rows(el).length === 5, 'second page');
      expect(backend.listCalls.at(-1)!.query!.cursor).to.equal('25');
      expect(el.shadowRoot!.querySelector('.pager')!.textContent).to.contain('Showing 26–30 of 30 deals');
      expect(button(el, 'Next page').disabled).to.equal(true);
      button(el, 'Previous page').click();
      await waitUntil(() => rows(el).length === 25, 'first page again');
      expect(backend.listCalls.at(-1)!.query!.cursor).to.equal(undefined);
    });

    it('returns to the first page when a filter changes', async () => {
      const backend = new FakeBackend();
      const { el } = await mount(backend);
      await loaded(el);
      button(el, 'Next page').click();
      await waitUntil(() => rows(el).length === 5);
      el.status = 'approved';
      await waitUntil(() => backend.listCalls.at(-1)!.query!.status === 'approved' && rows(el).length === 25);
      expect(backend.listCalls.at(-1)!.query!.cursor).to.equal(undefined);
    });
  });

  describe('layout by the element\'s own width (container queries)', () => {
    /** The pipeline in a box of `width` px, whatever the window's width. */
    async function mountAt(width: number, backend = new FakeBackend(), attrs = '') {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"></div>`);
      wrapper.innerHTML = `<pk-portal><pk-pipeline ${attrs}></pk-pipeline></pk-portal>`;
      (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
      const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
      await waitUntil(() => el.shadowRoot!.querySelector('[data-id]') && !el.shadowRoot!.querySelector('[aria-busy="true"]'), 'deals did not render');
      return el;
    }
    const display = (el: Element | null) => getComputedStyle(el!).display;
    const visibleColumns = (el: PkPipeline) =>
      [...el.shadowRoot!.querySelectorAll('thead th')]
        .filter((th) => display(th) !== 'none')
        .map((th) => [...th.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim());

    it('shows every column in a wide box, folds owner and last activity in a medium one', async () => {
      const wide = await mountAt(1300, new FakeBackend(makeDeals(30), partnerMe('channel_manager')));
      expect(visibleColumns(wide)).to.deep.equal(['Customer', 'Partner', 'Stage', 'Registration', 'Owner', 'Next step', 'Amount', 'Last activity']);
      expect(display(wide.shadowRoot!.querySelector('tbody tr'))).to.equal('table-row');
      expect(display(button(wide, 'Filters'))).to.equal('none');
      const medium = await mountAt(900);
      expect(visibleColumns(medium)).to.deep.equal(['Customer', 'Stage', 'Registration', 'Next step', 'Amount']);
      const firstRow = rows(medium)[0] as HTMLElement;
      expect(firstRow.innerText, 'owner and last activity still shown').to.contain('Ada Rep').and.to.contain('Active');
      await expect(medium).to.be.accessible();
    });

    it('turns rows into labelled cards in a narrow box, keeping table semantics', async () => {
      const el = await mountAt(360);
      const row = rows(el)[0] as HTMLElement;
      expect(display(row)).to.equal('grid');
      expect(display(el.shadowRoot!.querySelector('.cell-label'))).to.equal('block');
      expect(row.innerText).to.contain('Next step').and.to.contain('Owner').and.to.contain('Last activity');
      const scroller = el.shadowRoot!.querySelector('.scroller')!;
      expect(scroller.scrollWidth, 'no sideways scrolling').to.be.at.most(scroller.clientWidth);
      for (const cell of row.querySelectorAll('th, td')) {
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
      const cell = getComputedStyle(rows(el)[0].querySelector('td')!);
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
      expect(getComputedStyle(el.shadowRoot!.querySelector('thead th')!).backgroundColor).to.equal('rgb(4, 5, 6)');
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
      for (const part of ['filters', 'search', 'table', 'row', 'status', 'board', 'lane', 'card', 'pager', 'error', 'retry-button']) {
        expect(seen.has(part), part).to.equal(true);
      }
      const declared: readonly string[] = (el.constructor as typeof PkPipeline).parts;
      expect([...seen].filter((p) => !declared.includes(p)), 'undeclared parts').to.deep.equal([]);
    });
  });
});
