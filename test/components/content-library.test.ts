import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/content-library/define.js';
import type { PkContentLibrary } from '../../components/content-library/content-library.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { PkApiError } from '../../src/api/errors.js';
import type { PkContentEngagedEvent } from '../../src/events/pk-content-engaged.js';
import { FakeBackend, partnerMe } from './fake-backend.js';
import { contentItem, FakeContentBackend } from './fake-content-backend.js';

const waitUntil = (predicate: () => unknown, message?: string, timeout = 5000) => owcWaitUntil(predicate, message, { timeout });
const cm = () => partnerMe('channel_manager');
const serverError = () => new PkApiError('http', { type: 'about:blank', title: 'Server error', status: 500 });

async function mount(backend: FakeBackend, wait = true) {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = '<pk-portal><pk-content-library></pk-content-library></pk-portal>';
  (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
  const el = wrapper.querySelector('pk-content-library') as PkContentLibrary;
  if (wait) await waitUntil(() => el.shadowRoot?.querySelector('[part~="items"]:not([aria-hidden]), [part~="empty"], [part~="error"]'), 'did not load');
  return { wrapper, el };
}

const q = <T extends Element = HTMLElement>(el: PkContentLibrary, sel: string) => el.shadowRoot!.querySelector(sel) as T;
const items = (el: PkContentLibrary) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="item"]')];
const titles = (el: PkContentLibrary) => items(el).map((i) => i.querySelector('[part~="title"]')!.textContent!.trim());
const item = (el: PkContentLibrary, title: string) => items(el).find((i) => i.querySelector('[part~="title"]')!.textContent!.includes(title))!;
const select = async (el: PkContentLibrary, sel: string, value: string) => {
  const s = q<HTMLSelectElement>(el, sel);
  s.value = value;
  s.dispatchEvent(new Event('change'));
  await el.updateComplete;
};
const setFile = (input: HTMLInputElement, file: File) => {
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
};

describe('pk-content-library', () => {
  beforeEach(() => localStorage.removeItem('partnerkit.content-library.layout'));

  describe('partner: list, filters, layout', () => {
    it('lists items with facets and counts; a locked item says why and what unlocks it, and cannot be opened', async () => {
      const { el } = await mount(new FakeContentBackend());
      expect(items(el)).to.have.length(5);
      expect(q(el, '.count').textContent).to.contain('5 items');
      const typeOptions = [...q<HTMLSelectElement>(el, '#c-f-type').options].map((o) => o.textContent!.trim());
      expect(typeOptions).to.include('Talk track (1)');
      const motionOptions = [...q<HTMLSelectElement>(el, '#c-f-motion').options].map((o) => o.textContent!.trim());
      expect(motionOptions).to.include('Reseller (1)');
      const locked = item(el, 'Tech joint demo guide');
      expect(locked.querySelector('[part~="locked"]')!.textContent).to.contain('Locked');
      expect(locked.querySelector('[part~="lock-reason"]')!.textContent).to.contain('Platinum').and.to.contain('Technical, Solutions Architect');
      expect(locked.querySelector('button, a[href]')).to.equal(null);
      // A link item's href is only ever http(s); the description went through the sanitizer.
      expect(item(el, 'private-offer').querySelector('a[part~="link"]')!.getAttribute('href')).to.equal('https://vendor.example/private-offers');
      expect(item(el, 'Referral').querySelector('[part~="description"] em')!.textContent).to.equal('introduce');
      await expect(el).to.be.accessible();
    });

    it('switches between grid and list, and remembers the choice', async () => {
      const { el } = await mount(new FakeContentBackend());
      expect(el.layout).to.equal('grid');
      const listButton = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="layout-button"]')][1];
      listButton.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.layout).to.equal('list');
      expect(listButton.getAttribute('aria-pressed')).to.equal('true');
      expect(q(el, '[part~="items"]').classList.contains('list')).to.equal(true);
      await expect(el).to.be.accessible();
      const { el: again } = await mount(new FakeContentBackend());
      expect(again.layout).to.equal('list');
    });

    it('searches on the server after a pause in typing, keeps the typed text, and offers to clear a search without match', async () => {
      const backend = new FakeContentBackend();
      const { el } = await mount(backend);
      const before = backend.contentQueries.length;
      q<HTMLInputElement>(el, '#c-search').focus();
      await sendKeys({ type: 'statement' });
      await waitUntil(() => titles(el).length === 1 && q(el, '[part~="items"]:not([aria-hidden])'), 'searched');
      expect(backend.contentQueries.length - before, 'one request for the whole word').to.equal(1);
      expect(backend.contentQueries.at(-1)!.q).to.equal('statement');
      expect(titles(el)).to.deep.equal(['Services SOW checklist']);
      expect(q<HTMLInputElement>(el, '#c-search').value).to.equal('statement');
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#c-search'));
      await sendKeys({ type: 'xyz' });
      await waitUntil(() => q(el, '[part~="empty"]'), 'no match');
      expect(q(el, '[part~="empty"]').textContent).to.contain('Nothing matches');
      await expect(el).to.be.accessible();
      q<HTMLButtonElement>(el, '[part~="empty"] [part~="clear-button"]').click();
      await waitUntil(() => items(el).length === 5, 'cleared');
      expect(q<HTMLInputElement>(el, '#c-search').value).to.equal('');
    });

    it('filters by a facet and sorts', async () => {
      const backend = new FakeContentBackend();
      const { el } = await mount(backend);
      await select(el, '#c-f-industry', 'Software');
      await waitUntil(() => items(el).length === 2 && q(el, '[part~="items"]:not([aria-hidden])'), 'filtered');
      expect(backend.contentQueries.at(-1)!.industry).to.equal('Software');
      await select(el, '#c-sort', 'title');
      await waitUntil(() => backend.contentQueries.at(-1)!.sort === 'title' && q(el, '[part~="items"]:not([aria-hidden])'), 'sorted');
      expect(titles(el)).to.deep.equal(['Marketplace private-offer explainer', 'Tech joint demo guide']);
    });

    it('pages with Show more; the focus moves to the first new item', async () => {
      const many = Array.from({ length: 30 }, (_, i) => contentItem(i + 1));
      const { el } = await mount(new FakeContentBackend(partnerMe(), many));
      expect(items(el)).to.have.length(24);
      q<HTMLButtonElement>(el, '[part~="more-button"]').click();
      await waitUntil(() => items(el).length === 30, 'more');
      expect(q(el, '[part~="more-button"]')).to.equal(null);
      expect(el.shadowRoot!.activeElement?.id).to.equal('open-ct_25');
    });
  });

  describe('partner: open, preview, download, share', () => {
    it('opens an item in a dialog: sanitized description, a view recorded once with pk-content-engaged; Escape returns the focus', async () => {
      const backend = new FakeContentBackend(partnerMe(), [contentItem(1, { descriptionHtml: '<p>Safe <strong>text</strong></p><img src=x onerror="window.__pkXss=1"><script>window.__pkXss=1</script><a href="javascript:alert(1)">x</a>' })]);
      const engaged: PkContentEngagedEvent[] = [];
      document.addEventListener('pk-content-engaged', (e) => engaged.push(e));
      const { el } = await mount(backend);
      const open = q<HTMLButtonElement>(el, '[part~="open-button"]');
      open.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => q<HTMLDialogElement>(el, 'dialog.detail')?.open, 'dialog');
      const dialog = q<HTMLDialogElement>(el, 'dialog.detail');
      expect(dialog.querySelector('[part~="description"] strong')!.textContent).to.equal('text');
      expect(dialog.querySelector('img, script')).to.equal(null);
      expect(dialog.querySelector('[part~="description"] a')!.hasAttribute('href')).to.equal(false);
      expect((window as unknown as { __pkXss?: number }).__pkXss).to.equal(undefined);
      await waitUntil(() => engaged.length === 1, 'engaged');
      expect(engaged[0].detail).to.deep.equal({ contentId: 'ct_1', type: 'view' });
      expect(backend.events).to.deep.equal([{ id: 'ct_1', type: 'view' }]);
      // The PDF preview: an object URL of the file in a frame, or (no PDF viewer) the download offer.
      await waitUntil(() => dialog.querySelector('iframe[src^="blob:"], .preview .muted'), 'preview');
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !q(el, 'dialog.detail'), 'closed');
      await waitUntil(() => el.shadowRoot!.activeElement === q(el, '[part~="open-button"]'), 'focus back');
      engaged.length = 0;
    });

    it('previews an image from the authenticated download, and downloads with a recorded download', async () => {
      const backend = new FakeContentBackend();
      const engaged: string[] = [];
      document.addEventListener('pk-content-engaged', (e) => engaged.push(e.detail.type));
      const { el } = await mount(backend);
      item(el, 'Reseller pricing matrix').querySelector<HTMLButtonElement>('[part~="open-button"]')!.click();
      await waitUntil(() => q(el, 'dialog.detail img.preview-frame[src^="blob:"]'), 'image preview');
      const img = q<HTMLImageElement>(el, 'dialog.detail img.preview-frame');
      await waitUntil(() => img.complete && img.naturalWidth === 1, 'image decoded');
      q<HTMLButtonElement>(el, 'dialog.detail [part~="download-button"]').click();
      await waitUntil(() => backend.events.some((e) => e.type === 'download'), 'download recorded');
      expect(backend.events.map((e) => e.type)).to.deep.equal(['view', 'download']);
      await waitUntil(() => engaged.includes('download'), 'event');
      await expect(el).to.be.accessible();
    });

    it('shares: creates a link with its expiry, copies it, lists and revokes it; the share is recorded once', async () => {
      const backend = new FakeContentBackend();
      const engaged: string[] = [];
      document.addEventListener('pk-content-engaged', (e) => engaged.push(`${e.detail.contentId}:${e.detail.type}`));
      const { el } = await mount(backend);
      const share = item(el, 'Referral talk track').querySelector<HTMLButtonElement>('[part~="share-button"]')!;
      expect(item(el, 'Services SOW').querySelector('[part~="share-button"]'), 'not shareable').to.equal(null);
      share.click();
      await waitUntil(() => q<HTMLDialogElement>(el, 'dialog.share')?.open && q(el, 'dialog.share').textContent!.includes('No live links'), 'share dialog');
      await expect(el).to.be.accessible();
      await select(el, '#s-days', '30');
      q<HTMLButtonElement>(el, '[part~="create-link-button"]').click();
      await waitUntil(() => q(el, '[part~="share-link"]'), 'link');
      expect(q<HTMLInputElement>(el, '#s-url').value).to.equal('https://partners.example/s/token1');
      expect(q(el, '#s-expires').textContent).to.contain('Expires');
      expect(new Date(backend.shareLinks[0].expiresAt).getTime() - Date.now()).to.be.greaterThan(29 * 86_400_000);
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#s-url'));
      await waitUntil(() => engaged.includes('ct_1:share'), 'pk-content-engaged share');
      expect(backend.events.filter((e) => e.type === 'share'), 'recorded by the link, not twice').to.have.length(1);
      q<HTMLButtonElement>(el, '[part~="copy-button"]').click();
      await waitUntil(() => /copied|Select the link/.test(q(el, 'dialog.share .status-line').textContent!), 'copied or selected');
      await waitUntil(() => q(el, '[part~="revoke-button"]'), 'listed');
      q<HTMLButtonElement>(el, '[part~="revoke-button"]').click();
      await waitUntil(() => q(el, 'dialog.share .status-line').textContent!.includes('revoked'), 'revoked');
      expect(backend.shareLinks[0].revoked).to.equal(true);
      expect(q(el, '[part~="share-link"]')).to.equal(null);
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => el.shadowRoot!.activeElement === share, 'focus back on share');
    });

    it('a failed share shows the error with retry', async () => {
      const backend = new FakeContentBackend();
      backend.contentFailures.createShareLink = serverError();
      const { el } = await mount(backend);
      item(el, 'Referral').querySelector<HTMLButtonElement>('[part~="share-button"]')!.click();
      await waitUntil(() => q(el, '[part~="create-link-button"]'), 'dialog');
      q<HTMLButtonElement>(el, '[part~="create-link-button"]').click();
      await waitUntil(() => q(el, 'dialog.share [part~="error"]'), 'error');
      expect(q(el, 'dialog.share [part~="error"]').textContent).to.contain('The link could not be created');
      q<HTMLButtonElement>(el, 'dialog.share [part~="retry-button"]').click();
      await waitUntil(() => q(el, '[part~="share-link"]'), 'retried');
    });
  });

  describe('live', () => {
    it('a published item arrives live, is announced politely, and the focus stays where it was', async () => {
      const backend = new FakeContentBackend();
      const { el } = await mount(backend);
      const focused = item(el, 'Services SOW').querySelector<HTMLButtonElement>('[part~="open-button"]')!;
      focused.focus();
      backend.content.unshift(contentItem(50, { title: 'Fresh battlecard', type: 'competitive_intel', updatedAt: new Date().toISOString() }));
      backend.live('content.published', { id: 'ct_50' });
      await waitUntil(() => titles(el)[0] === 'Fresh battlecard', 'live item');
      expect(q(el, '.status-line').textContent).to.contain('1 new item in the library');
      expect(el.shadowRoot!.activeElement).to.equal(focused);
    });
  });

  describe('states', () => {
    it('loading: a skeleton of the final size, aria-busy; nothing moves when the items land', async () => {
      const backend = new FakeContentBackend();
      let release!: () => void;
      backend.contentHold.listContent = new Promise<void>((r) => (release = r));
      const { el } = await mount(backend, false);
      await waitUntil(() => q(el, '[aria-busy="true"] .skeleton'), 'skeleton');
      await expect(el).to.be.accessible();
      const skeletonCard = q(el, '.skeleton .item').getBoundingClientRect();
      release();
      await waitUntil(() => q(el, '[part~="items"]:not([aria-hidden])'), 'loaded');
      const card = q(el, '[part~="item"]').getBoundingClientRect();
      expect(Math.round(card.top)).to.equal(Math.round(skeletonCard.top));
      expect(Math.round(card.width)).to.equal(Math.round(skeletonCard.width));
    });

    it('empty library, error with retry, and a backend without the content library', async () => {
      const { el: empty } = await mount(new FakeContentBackend(partnerMe(), []));
      expect(q(empty, '[part~="empty"]').textContent).to.contain('The library has no content yet');
      await expect(empty).to.be.accessible();

      const failing = new FakeContentBackend();
      failing.contentFailures.listContent = serverError();
      const { el: err } = await mount(failing);
      expect(q(err, '[part~="error"]').textContent).to.contain('Could not load the content library');
      await expect(err).to.be.accessible();
      q<HTMLButtonElement>(err, '[part~="retry-button"]').click();
      await waitUntil(() => items(err).length === 5, 'retried');

      const { el: unsupported } = await mount(new FakeBackend());
      expect(q(unsupported, '[part~="error"]').textContent).to.contain('does not support the content library');
    });
  });

  describe('layout', () => {
    /** Elements that stick out of the element sideways (a wide table may scroll in its own box). */
    const overflow = (el: PkContentLibrary) => {
      const box = el.getBoundingClientRect();
      return [...el.shadowRoot!.querySelectorAll<HTMLElement>('*')]
        .filter((n) => !n.closest('.table-scroll, dialog, .visually-hidden') && n.getClientRects().length > 0)
        .filter((n) => {
          const r = n.getBoundingClientRect();
          return r.left < box.left - 1 || r.right > box.right + 1;
        })
        .map((n) => `${n.localName}.${n.className} ${Math.round(n.getBoundingClientRect().right)} > ${Math.round(box.right)}`);
    };

    for (const width of [320, 1920]) {
      it(`nothing sticks out sideways at ${width} px, partner (grid and list) and channel manager (library, editor, engagement)`, async () => {
        const { wrapper, el } = await mount(new FakeContentBackend());
        wrapper.style.width = `${width}px`;
        await el.updateComplete;
        expect(overflow(el), 'grid').to.deep.equal([]);
        el.layout = 'list';
        await el.updateComplete;
        expect(overflow(el), 'list').to.deep.equal([]);
        const { wrapper: w2, el: manager } = await mount(new FakeContentBackend(cm()));
        w2.style.width = `${width}px`;
        await manager.updateComplete;
        expect(overflow(manager), 'manager library').to.deep.equal([]);
        q<HTMLButtonElement>(manager, '[part~="new-button"]').click();
        await waitUntil(() => q(manager, '[part~="editor"]'), 'editor');
        expect(overflow(manager), 'editor').to.deep.equal([]);
        q<HTMLButtonElement>(manager, '[part~="editor"] .actions button:not([type="submit"])').click();
        await manager.updateComplete;
        [...manager.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="tabs"] button')][1].click();
        await waitUntil(() => q(manager, '[part~="engagement-table"]'), 'engagement');
        expect(overflow(manager), 'engagement').to.deep.equal([]);
      });
    }
  });

  describe('channel manager', () => {
    it('publishes: required fields, file checks next to the field before upload, 422 field errors keep what was typed', async () => {
      const backend = new FakeContentBackend(cm());
      const { el } = await mount(backend);
      expect(q(el, '[part~="share-button"]'), 'a channel manager does not share').to.equal(null);
      expect(q(el, '[part~="lock-reason"]')).to.equal(null);
      expect(item(el, 'Tech joint demo guide').textContent).to.contain('Gate: Platinum + Technical');
      q<HTMLButtonElement>(el, '[part~="new-button"]').click();
      await waitUntil(() => q(el, '[part~="editor"]'), 'editor');
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#e-title'));
      q<HTMLButtonElement>(el, '[part~="save-button"]').click();
      await waitUntil(() => q(el, '#e-title[aria-invalid="true"]'), 'title required');
      expect(q(el, '#ee-file').textContent).to.contain('Required');
      await expect(el).to.be.accessible();
      await sendKeys({ type: 'Healthcare ROI one-pager' });
      setFile(q<HTMLInputElement>(el, '#e-file'), new File([new Uint8Array(11 * 1024 * 1024)], 'huge.pdf', { type: 'application/pdf' }));
      await el.updateComplete;
      expect(q(el, '#ee-file').textContent).to.contain('the limit is 10 MB');
      setFile(q<HTMLInputElement>(el, '#e-file'), new File(['<html>'], 'page.html', { type: 'text/html' }));
      await el.updateComplete;
      expect(q(el, '#ee-file').textContent).to.contain('not accepted');
      setFile(q<HTMLInputElement>(el, '#e-file'), new File(['%PDF-1.4'], 'roi.pdf', { type: 'application/pdf' }));
      await el.updateComplete;
      expect(q(el, '#ee-file')).to.equal(null);
      expect(q(el, '#eh-file').textContent).to.contain('roi.pdf');
      const description = q<HTMLTextAreaElement>(el, '#e-description');
      description.value = '**Payback** in 6 months<script>window.__pkXss=1</script>';
      description.dispatchEvent(new Event('input'));
      await waitUntil(() => q(el, '[part~="editor-preview"] strong'), 'preview');
      expect(q(el, '[part~="editor-preview"] script')).to.equal(null);
      // The server refuses the language tag: the message sits next to the field, the rest is kept.
      backend.contentFailures.publishContent = new PkApiError('http', {
        type: 'about:blank', title: 'Invalid request', status: 422,
        errors: [{ path: 'language', message: 'Expected a language tag such as en or pt-BR.', code: 'invalid_format' }],
      });
      const language = q<HTMLInputElement>(el, '#e-language');
      language.value = 'english';
      language.dispatchEvent(new Event('input'));
      q<HTMLButtonElement>(el, '[part~="save-button"]').click();
      await waitUntil(() => q(el, '#e-language[aria-invalid="true"]'), '422 next to the field');
      expect(q(el, '#ee-language').textContent!.length).to.be.greaterThan(0);
      expect(q<HTMLInputElement>(el, '#e-title').value).to.equal('Healthcare ROI one-pager');
      expect(q<HTMLTextAreaElement>(el, '#e-description').value).to.contain('Payback');
      await expect(el).to.be.accessible();
      language.value = 'en';
      language.dispatchEvent(new Event('input'));
      q<HTMLButtonElement>(el, '[part~="save-button"]').click();
      await waitUntil(() => !q(el, '[part~="editor"]') && titles(el)[0] === 'Healthcare ROI one-pager', 'published');
      const sent = backend.published.at(-1)!;
      expect(sent.upload!.fileName).to.equal('roi.pdf');
      expect(sent.input.language).to.equal('en');
      expect(q(el, '.status-line').textContent).to.contain('is published');
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#c-new'));
    });

    it('a publication that failed on the way is retried with the same Idempotency-Key; an edited draft gets a new one', async () => {
      const backend = new FakeContentBackend(cm());
      backend.contentFailures.publishContent = new PkApiError('network', { type: 'about:blank', title: 'Network', status: 0 });
      const { el } = await mount(backend);
      q<HTMLButtonElement>(el, '[part~="new-button"]').click();
      await waitUntil(() => q(el, '#e-title'), 'editor');
      await sendKeys({ type: 'Partner pitch deck' });
      q<HTMLInputElement>(el, 'input[name="e-source"][value="link"]').click();
      await el.updateComplete;
      const url = q<HTMLInputElement>(el, '#e-url');
      url.value = 'https://vendor.example/deck';
      url.dispatchEvent(new Event('input'));
      q<HTMLButtonElement>(el, '[part~="save-button"]').click();
      await waitUntil(() => q(el, '[part~="editor"] [part~="error"]'), 'network error');
      expect(q<HTMLInputElement>(el, '#e-title').value, 'nothing typed is lost').to.equal('Partner pitch deck');
      q<HTMLButtonElement>(el, '[part~="editor"] [part~="retry-button"]').click();
      await waitUntil(() => !q(el, '[part~="editor"]'), 'published on retry');
      const [first, second] = backend.published;
      expect(first.idempotencyKey).to.be.a('string');
      expect(second.idempotencyKey, 'same key on the retry').to.equal(first.idempotencyKey);
      q<HTMLButtonElement>(el, '[part~="new-button"]').click();
      await waitUntil(() => q(el, '#e-title'), 'editor again');
      await sendKeys({ type: 'Another' });
      q<HTMLInputElement>(el, 'input[name="e-source"][value="link"]').click();
      await el.updateComplete;
      const url2 = q<HTMLInputElement>(el, '#e-url');
      url2.value = 'https://vendor.example/other';
      url2.dispatchEvent(new Event('input'));
      q<HTMLButtonElement>(el, '[part~="save-button"]').click();
      await waitUntil(() => backend.published.length === 3, 'third');
      expect(backend.published[2].idempotencyKey, 'a new draft, a new key').to.not.equal(first.idempotencyKey);
    });

    it('edits an item as a link, unpublishes it, and reads the engagement per item and per partner', async () => {
      const backend = new FakeContentBackend(cm());
      backend.events.push({ id: 'ct_1', type: 'view' }, { id: 'ct_1', type: 'share' });
      const { el } = await mount(backend);
      item(el, 'Services SOW').querySelector<HTMLButtonElement>('[part~="edit-button"]')!.click();
      await waitUntil(() => q(el, '[part~="editor"]'), 'editor');
      expect(q<HTMLInputElement>(el, '#e-title').value).to.equal('Services SOW checklist');
      q<HTMLInputElement>(el, 'input[name="e-source"][value="link"]').click();
      await el.updateComplete;
      const url = q<HTMLInputElement>(el, '#e-url');
      url.value = 'javascript:alert(1)';
      url.dispatchEvent(new Event('input'));
      q<HTMLButtonElement>(el, '[part~="save-button"]').click();
      await waitUntil(() => q(el, '#ee-url'), 'url checked');
      expect(q(el, '#ee-url').textContent).to.contain('https://');
      url.value = 'https://vendor.example/sow';
      url.dispatchEvent(new Event('input'));
      q<HTMLButtonElement>(el, '[part~="save-button"]').click();
      await waitUntil(() => !q(el, '[part~="editor"]'), 'saved');
      expect(backend.published.at(-1)!.input.url).to.equal('https://vendor.example/sow');
      const unpublish = [...item(el, 'Services SOW').querySelectorAll('button')].find((b) => b.textContent!.includes('Unpublish'))!;
      unpublish.click();
      await waitUntil(() => item(el, 'Services SOW').textContent!.includes('Unpublished'), 'unpublished');
      expect(backend.published.at(-1)!.input).to.deep.equal({ published: false });

      const tabs = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="tabs"] button')];
      tabs[1].click();
      await waitUntil(() => q(el, '[part~="engagement-table"]'), 'engagement');
      const table = q(el, '[part~="engagement-table"]');
      const row = [...table.querySelectorAll('tbody tr')].find((r) => r.textContent!.includes('Referral talk track'))!;
      expect([...row.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent!.trim())).to.deep.equal(['1', '0', '1']);
      expect(q(el, '[part~="never-opened"]').textContent).to.contain('Contoso Systems');
      await expect(el).to.be.accessible();
      await select(el, '#eng-by', 'partner');
      await waitUntil(() => q(el, '[part~="engagement-table"]')?.textContent!.includes('Northwind Resellers'), 'per partner');
      tabs[0].click();
      await el.updateComplete;
      [...item(el, 'Referral talk track').querySelectorAll('button')].find((b) => b.textContent!.includes('Engagement'))!.click();
      await waitUntil(() => q(el, '[part~="engagement-table"] caption')?.textContent!.includes('Referral talk track'), 'one item per partner');
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#eng-all'));
    });

    it('engagement error with retry', async () => {
      const backend = new FakeContentBackend(cm());
      backend.contentFailures.getContentEngagement = serverError();
      const { el } = await mount(backend);
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="tabs"] button')][1].click();
      await waitUntil(() => q(el, '.engagement [part~="error"]'), 'error');
      await expect(el).to.be.accessible();
      q<HTMLButtonElement>(el, '.engagement [part~="retry-button"]').click();
      await waitUntil(() => q(el, '[part~="engagement-table"]'), 'retried');
    });

    it('empty library for a channel manager invites the first item', async () => {
      const { el } = await mount(new FakeContentBackend(cm(), []));
      expect(q(el, '[part~="empty"]').textContent).to.contain('Publish the first item');
      await expect(el).to.be.accessible();
    });
  });
});
