import { expect, fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/portal/define.js';
import '../../components/announcements/define.js';
import type { PkAnnouncements } from '../../components/announcements/announcements.js';
import type { PkPortal } from '../../components/portal/portal.js';
import { PkApiError } from '../../src/api/errors.js';
import type { PkAnnouncementReadEvent } from '../../src/events/pk-announcement-read.js';
import { partnerMe } from './fake-backend.js';
import { announcement, FakeEngagementBackend } from './fake-engagement-backend.js';

const waitUntil = (predicate: () => unknown, message?: string, timeout = 5000) => owcWaitUntil(predicate, message, { timeout });
const cm = () => partnerMe('channel_manager');

async function mount(backend: FakeEngagementBackend, wait = true) {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = '<pk-portal><pk-announcements></pk-announcements></pk-portal>';
  (wrapper.querySelector('pk-portal') as PkPortal).backend = backend;
  const el = wrapper.querySelector('pk-announcements') as PkAnnouncements;
  if (wait) await waitUntil(() => el.shadowRoot?.querySelector('[part~="feed"], [part~="empty"], [part~="error"]'), 'did not load');
  return { wrapper, el };
}

const q = <T extends Element = HTMLElement>(el: PkAnnouncements, sel: string) => el.shadowRoot!.querySelector(sel) as T;
const items = (el: PkAnnouncements) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="item"]')];

describe('pk-announcements', () => {
  describe('partner', () => {
    it('lists pinned first with the unread count; an item seen for a moment becomes read once (pk-announcement-read)', async () => {
      const backend = new FakeEngagementBackend();
      const events: PkAnnouncementReadEvent[] = [];
      document.addEventListener('pk-announcement-read', (e) => events.push(e));
      const { el } = await mount(backend);
      const list = items(el);
      expect(list.map((i) => i.querySelector('[part~="title"]')!.textContent)).to.deep.equal(['Announcement 1', 'Announcement 2', 'Announcement 3']);
      expect(list[0].querySelector('[part~="pinned"]')).to.not.equal(null);
      expect(el.unreadCount).to.equal(2);
      expect(q(el, '.bar').textContent).to.contain('2 unread');
      await expect(el).to.be.accessible();
      // All three are on screen: the two unread ones are read after ~1.5 s, once each.
      await waitUntil(() => el.unreadCount === 0, 'read when visible', 6000);
      expect([...backend.readCalls].sort()).to.deep.equal(['an_1', 'an_2']);
      expect(events.map((e) => e.detail.announcementId).sort()).to.deep.equal(['an_1', 'an_2']);
      expect(list[0].querySelector('[part~="unread"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('opening an item reads it at once; the required acknowledgment is explicit and shows the receipt', async () => {
      const below = Array.from({ length: 1 }, () => announcement(9, { title: 'Far below', requiresAcknowledgement: true }));
      const backend = new FakeEngagementBackend(partnerMe(), undefined, below);
      const { wrapper, el } = await mount(backend);
      wrapper.style.marginBlockStart = '3000px'; // off screen: not read by being seen
      await el.updateComplete;
      const toggle = items(el)[0].querySelector('button[aria-expanded]') as HTMLButtonElement;
      toggle.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => backend.readCalls.length === 1, 'read on open');
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      const ack = items(el)[0].querySelector('[part~="acknowledge-button"]') as HTMLButtonElement;
      ack.click();
      ack.click();
      await waitUntil(() => q(el, '[part~="receipt"]'), 'ack receipt');
      expect(q(el, '[part~="receipt"]').textContent).to.contain('You acknowledged this');
      expect(backend.calls.filter((c) => c.method === 'acknowledgeAnnouncement')).to.have.length(1);
      wrapper.style.marginBlockStart = '';
      await expect(el).to.be.accessible();
    });

    it('new announcements arrive live', async () => {
      const backend = new FakeEngagementBackend();
      const { el } = await mount(backend);
      backend.announcements.push(announcement(0, { title: 'Fresh news', publishedAt: new Date().toISOString() }));
      backend.live('announcement.published', { id: 'an_0' });
      await waitUntil(() => items(el).some((i) => i.textContent!.includes('Fresh news')), 'live item');
      expect(q(el, '[role="status"]').textContent).to.contain('1 new announcement');
    });

    it('loading (aria-busy), empty, error with retry', async () => {
      const slow = new FakeEngagementBackend();
      slow.hold.listAnnouncements = new Promise(() => {});
      const { el: loading } = await mount(slow, false);
      await waitUntil(() => q(loading, '[aria-busy="true"]'), 'loading');
      await expect(loading).to.be.accessible();

      const { el: empty } = await mount(new FakeEngagementBackend(partnerMe(), undefined, []));
      expect(q(empty, '[part~="empty"]').textContent).to.contain('No announcements');
      expect(empty.unreadCount).to.equal(0);
      await expect(empty).to.be.accessible();

      const failing = new FakeEngagementBackend();
      failing.failures.listAnnouncements = new PkApiError('http', { type: 'about:blank', title: 'Server error', status: 500 });
      const { el: err } = await mount(failing);
      expect(q(err, '[part~="error"]').textContent).to.contain('Could not load the announcements');
      await expect(err).to.be.accessible();
      q<HTMLButtonElement>(err, '[part~="retry-button"]').click();
      await waitUntil(() => q(err, '[part~="feed"]'), 'retried');
    });
  });

  describe('channel manager', () => {
    it('composes with a live sanitized preview and publishes; reads receipts per item', async () => {
      const backend = new FakeEngagementBackend(cm());
      const { el } = await mount(backend);
      expect(q(el, '[part~="acknowledge-button"]')).to.equal(null);
      q<HTMLButtonElement>(el, '[part~="publish-button"]').click();
      await waitUntil(() => q(el, '#a-title[aria-invalid="true"]'), 'title required');
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#a-title'));
      await expect(el).to.be.accessible();
      await sendKeys({ type: 'Q3 pricing' });
      const body = q<HTMLTextAreaElement>(el, '#a-body');
      body.value = '# New bands\n\n| Tier | Discount |\n|---|---|\n| Gold | 20% |\n\n<script>window.__pkXss=1</script><a href="javascript:alert(1)">x</a>';
      body.dispatchEvent(new Event('input'));
      await waitUntil(() => q(el, '[part~="preview"] table'), 'preview table');
      expect(q(el, '[part~="preview"] script')).to.equal(null);
      expect(q(el, '[part~="preview"] a')!.hasAttribute('href')).to.equal(false);
      (q<HTMLInputElement>(el, 'input[type="checkbox"]')).click(); // pinned
      const expires = q<HTMLInputElement>(el, '#a-expires');
      expires.value = '2099-12-31';
      expires.dispatchEvent(new Event('input'));
      q<HTMLButtonElement>(el, '[part~="publish-button"]').click();
      await waitUntil(() => items(el)[0]?.textContent!.includes('Q3 pricing'), 'published, pinned first');
      expect(backend.announcements.at(-1)!.pinned).to.equal(true);
      expect(new Date(backend.announcements.at(-1)!.expiresAt!).getFullYear()).to.equal(2099);
      expect(items(el)[0].textContent).to.contain('Until');
      expect(q(el, '[role="status"]').textContent).to.contain('Q3 pricing');
      const details = items(el)[1].querySelector('[part~="receipts"]') as HTMLDetailsElement;
      details.querySelector('summary')!.click();
      await waitUntil(() => details.querySelector('table'), 'receipts');
      expect(details.textContent).to.contain('Ada Rep');
      expect(details.textContent).to.contain('Not yet');
      await expect(el).to.be.accessible();
    });

    it('receipts error with retry', async () => {
      const backend = new FakeEngagementBackend(cm());
      backend.failures.getAnnouncementReceipts = new PkApiError('http', { type: 'about:blank', title: 'Server error', status: 500 });
      const { el } = await mount(backend);
      const details = items(el)[0].querySelector('[part~="receipts"]') as HTMLDetailsElement;
      details.open = true;
      await waitUntil(() => details.querySelector('[part~="error"]'), 'error');
      await expect(el).to.be.accessible();
      (details.querySelector('[part~="retry-button"]') as HTMLButtonElement).click();
      await waitUntil(() => details.querySelector('table'), 'retried');
    });
  });
});
