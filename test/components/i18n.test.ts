import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import '../../components/portal/define.js';
import '../../components/pipeline/define.js';
import type { PkPipeline } from '../../components/pipeline/pipeline.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { configure } from '../../src/context/config.js';
import arPipeline from '../../src/i18n/locales/ar/pipeline.js';
import arPortal from '../../src/i18n/locales/ar/portal.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/deal-form/define.js';
import { FakeBackend } from './fake-backend.js';

/** Generous timeout: a loaded CI machine is slower than a laptop. */
const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });

const header = (el: PkPipeline, i = 0) => el.shadowRoot!.querySelectorAll('.header-row [role="columnheader"]')[i]?.textContent?.trim();

/** A vendor-added locale (Partnerkit does not ship Brazilian Portuguese) with one message. */
const vendorLocales = { 'pt-BR': { 'pipeline.col.customer': 'Cliente' }, he: { 'pipeline.col.customer': 'לקוח' } };

async function mount(portalAttrs = '', pipelineAttrs = '') {
  window.scrollTo(0, 0); // the pipeline renders only the rows in the viewport
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = `<pk-portal ${portalAttrs}><pk-pipeline ${pipelineAttrs}></pk-pipeline></pk-portal>`;
  const portal = wrapper.querySelector('pk-portal') as PkPortal;
  portal.backend = new FakeBackend();
  const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
  await waitUntil(() => el.shadowRoot!.querySelector('.rows [role="row"][data-id]'), 'rows did not render');
  return { portal, el };
}

describe('localization', () => {
  afterEach(() => {
    localStorage.clear(); // the pipeline remembers each user's view
    configure({ locale: undefined, messages: undefined });
    document.documentElement.lang = 'en';
  });

  it('resolves the locale element → portal → configure() → page lang, and re-renders on every change', async () => {
    configure({ messages: vendorLocales });
    document.documentElement.lang = 'pt-BR';
    const { portal, el } = await mount();
    expect(header(el)).to.equal('Cliente');
    expect(el.getAttribute('lang')).to.equal('pt-BR');

    configure({ locale: 'en-GB' }); // configure() beats the page
    await waitUntil(() => header(el) === 'Customer', 'configure({ locale }) re-rendered');

    portal.locale = 'pt'; // the portal beats configure(); `pt` finds `pt-BR`
    await waitUntil(() => header(el) === 'Cliente', 'portal locale re-rendered');

    el.locale = 'en'; // the element beats the portal
    await waitUntil(() => header(el) === 'Customer', 'element locale re-rendered');

    el.locale = undefined;
    portal.locale = undefined;
    configure({ locale: undefined });
    document.documentElement.lang = 'en';
    await waitUntil(() => header(el) === 'Customer');
    document.documentElement.lang = 'pt-BR'; // a page changing its lang at run time
    await waitUntil(() => header(el) === 'Cliente', 'page lang change re-rendered');
  });

  it('formats dates and amounts for the requested region while using the language’s messages', async () => {
    configure({ messages: vendorLocales });
    const { el } = await mount('locale="pt-PT"');
    expect(header(el)).to.equal('Cliente');
    const amount = el.shadowRoot!.querySelector('.rows [role="row"] .num data')!.textContent!;
    expect(amount).to.equal(new Intl.NumberFormat('pt-PT', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(10001));
  });

  it('lets a vendor override any message, page-wide or per portal, and falls back to English per key', async () => {
    configure({ messages: { en: { 'pipeline.col.customer': 'Account', 'pipeline.count': '{total, plural, one {# opportunity} other {# opportunities}}' } } });
    const { portal, el } = await mount();
    expect(header(el)).to.equal('Account');
    expect(el.shadowRoot!.querySelector('.statusbar [role="status"]')!.textContent).to.equal('30 opportunities');
    expect(header(el, 1)).to.equal('Stage'); // not overridden: Partnerkit's own

    portal.messages = { en: { 'pipeline.col.customer': 'Client account' } }; // the portal beats configure()
    await waitUntil(() => header(el) === 'Client account', 'portal messages re-rendered');
  });

  it('loads a locale only when an element uses it, without flashing English first', async () => {
    const { el } = await mount('locale="en-XA"');
    // The first render already waited for the pseudo-locale chunk.
    expect(header(el)).to.match(/^⟦[^A-Za-z]+⟧$/);
    expect(el.shadowRoot!.querySelector('.statusbar [role="status"]')!.textContent).to.match(/^⟦[^A-Za-z]+⟧$/);
  });

  it('renders the default portal in Arabic right to left: mirrored tabs, lanes and pager, data isolated', async () => {
    const portal = await fixture<PkPortal>(html`<pk-portal locale="ar" .backend=${new FakeBackend()}></pk-portal>`);
    await waitUntil(() => portal.shadowRoot!.querySelectorAll('[role="tab"]').length > 1, 'tabs');
    expect(portal.getAttribute('dir')).to.equal('rtl');
    expect(portal.getAttribute('lang')).to.equal('ar');
    const tabs = [...portal.shadowRoot!.querySelectorAll<HTMLElement>('[role="tab"]')];
    expect(tabs.map((t) => t.textContent!.trim())).to.deep.equal([arPortal['portal.section.pipeline'], arPortal['portal.section.register']]);
    // The first tab stands at the right, the next to its left.
    expect(tabs[0].getBoundingClientRect().left).to.be.greaterThan(tabs[1].getBoundingClientRect().left);
    // Arrow keys follow the reading direction: ArrowLeft moves to the next tab.
    tabs[0].focus();
    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => portal.section === 'register', 'ArrowLeft goes to the next tab in RTL');
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => portal.section === 'pipeline', 'ArrowRight goes back');

    const el = portal.shadowRoot!.querySelector('pk-pipeline') as PkPipeline;
    await waitUntil(() => el.shadowRoot!.querySelector('.rows [role="row"][data-id]'), 'rows');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(header(el)).to.equal(arPipeline['pipeline.col.customer']);
    // Latin company names and domains sit in <bdi> inside the Arabic layout.
    const company = el.shadowRoot!.querySelector('.rows [role="row"] bdi')!;
    expect(company.textContent).to.match(/[A-Za-z]/);
    expect(getComputedStyle(company).unicodeBidi).to.equal('isolate');
    // The first column is at the right edge of the table.
    const cells = el.shadowRoot!.querySelectorAll('.header-row [role="columnheader"]');
    expect(cells[0].getBoundingClientRect().left).to.be.greaterThan(cells[1].getBoundingClientRect().left);

    el.view = 'board';
    el.motion = 'reseller';
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.lane').length > 1 && !el.shadowRoot!.querySelector('[aria-busy="true"]'), 'board lanes');
    const lanes = el.shadowRoot!.querySelectorAll('.lane');
    expect(lanes[0].getBoundingClientRect().left, 'the first stage lane is rightmost').to.be.greaterThan(lanes[1].getBoundingClientRect().left);
    await expect(portal).to.be.accessible();
  });

  it('sets dir from the locale unless the page set it on the element', async () => {
    configure({ messages: vendorLocales });
    const { portal, el } = await mount('locale="he"');
    expect(header(el)).to.equal('לקוח');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(portal.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(el.shadowRoot!.querySelector('[role="grid"]')!).direction).to.equal('rtl');
    portal.locale = 'en';
    await waitUntil(() => el.getAttribute('dir') === 'ltr', 'dir follows a locale change');
    portal.parentElement!.remove(); // the next one in view (rows outside the viewport are not rendered)

    const own = await mount('locale="he"', 'dir="ltr"');
    expect(own.el.getAttribute('dir')).to.equal('ltr');
    expect(own.el.getAttribute('lang')).to.equal('he');
  });
});
