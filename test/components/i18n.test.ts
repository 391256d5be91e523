import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import '../../components/portal/define.js';
import '../../components/pipeline/define.js';
import type { PkPipeline } from '../../components/pipeline/pipeline.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { configure } from '../../src/context/config.js';
import { FakeBackend } from './fake-backend.js';

/** Generous timeout: a loaded CI machine is slower than a laptop. */
const waitUntil = (predicate: () => unknown, message?: string) => owcWaitUntil(predicate, message, { timeout: 5000 });

const header = (el: PkPipeline, i = 0) => el.shadowRoot!.querySelectorAll('thead th')[i]?.textContent?.trim();

/** A vendor-added locale (Partnerkit does not ship Brazilian Portuguese) with one message. */
const vendorLocales = { 'pt-BR': { 'pipeline.col.customer': 'Cliente' }, he: { 'pipeline.col.customer': 'לקוח' } };

async function mount(portalAttrs = '', pipelineAttrs = '') {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = `<pk-portal ${portalAttrs}><pk-pipeline ${pipelineAttrs}></pk-pipeline></pk-portal>`;
  const portal = wrapper.querySelector('pk-portal') as PkPortal;
  portal.backend = new FakeBackend();
  const el = wrapper.querySelector('pk-pipeline') as PkPipeline;
  await waitUntil(() => el.shadowRoot!.querySelector('tbody tr'), 'rows did not render');
  return { portal, el };
}

describe('localization', () => {
  afterEach(() => {
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
    const amount = el.shadowRoot!.querySelector('tbody tr td.num data')!.textContent!;
    expect(amount).to.equal(new Intl.NumberFormat('pt-PT', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(10001));
  });

  it('lets a vendor override any message, page-wide or per portal, and falls back to English per key', async () => {
    configure({ messages: { en: { 'pipeline.col.customer': 'Account', 'pipeline.pager.status': '{total, plural, one {# opportunity} other {# opportunities}}' } } });
    const { portal, el } = await mount();
    expect(header(el)).to.equal('Account');
    expect(el.shadowRoot!.querySelector('.pager [role="status"]')!.textContent).to.equal('30 opportunities');
    expect(header(el, 1)).to.equal('Stage'); // not overridden: Partnerkit's own

    portal.messages = { en: { 'pipeline.col.customer': 'Client account' } }; // the portal beats configure()
    await waitUntil(() => header(el) === 'Client account', 'portal messages re-rendered');
  });

  it('loads a locale only when an element uses it, without flashing English first', async () => {
    const { el } = await mount('locale="en-XA"');
    // The first render already waited for the pseudo-locale chunk.
    expect(header(el)).to.match(/^⟦[^A-Za-z]+⟧$/);
    expect(el.shadowRoot!.querySelector('.pager [role="status"]')!.textContent).to.match(/^⟦[^A-Za-z]+⟧$/);
  });

  it('sets dir from the locale unless the page set it on the element', async () => {
    configure({ messages: vendorLocales });
    const { portal, el } = await mount('locale="he"');
    expect(header(el)).to.equal('לקוח');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(portal.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(el.shadowRoot!.querySelector('table')!).direction).to.equal('rtl');
    portal.locale = 'en';
    await waitUntil(() => el.getAttribute('dir') === 'ltr', 'dir follows a locale change');

    const own = await mount('locale="he"', 'dir="ltr"');
    expect(own.el.getAttribute('dir')).to.equal('ltr');
    expect(own.el.getAttribute('lang')).to.equal('he');
  });
});
