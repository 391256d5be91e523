/**
 * Announcements end to end, in Chromium against the real server (PGlite): a partner's feed reads
 * what is on screen (receipts recorded on the server, `unreadCount` down, `pk-announcement-read`
 * fired), a channel manager publishes from another page, the new item reaches the partner's open
 * page live, and the channel manager sees the partner's receipt.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mintSession, openPage, startPagesE2e } from './harness.js';

const page = (sdk: string, api: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vendor partner page</title><link rel="icon" href="data:,">
<script type="module" src="${sdk}"></script></head>
<body><pk-portal api-url="${api}" session-url="/partnerkit/session">${body}</pk-portal>
<script>window.reads = []; document.addEventListener('pk-announcement-read', (e) => window.reads.push(e.detail.announcementId));</script>
</body></html>`;

describe('pk-announcements with the real server', () => {
  let e2e: Awaited<ReturnType<typeof startPagesE2e>>;

  before(async () => {
    e2e = await startPagesE2e((sdk, api) => ({
        '/feed': { html: page(sdk, api, '<pk-announcements></pk-announcements>') },
    }));
  });
  after(() => e2e?.close());

  it('reads what is seen, receives a new announcement live, and the channel manager sees the receipt', async () => {
    const partner = await openPage(e2e.browser);
    const manager = await openPage(e2e.browser);
    try {
      await partner.page.setViewport({ width: 1280, height: 4000 }); // every item on screen
      await partner.page.goto(`${e2e.site.url}/login?user=u_nw_rep&to=/feed`);
      await partner.page.waitForFunction(() => !!document.querySelector('pk-announcements')?.shadowRoot?.querySelector('[part~="feed"]'), { timeout: 20_000 });
      const unreadBefore = await partner.page.evaluate(() => (document.querySelector('pk-announcements') as HTMLElement & { unreadCount: number }).unreadCount);
      assert.ok(unreadBefore > 0, 'the seed leaves unread announcements');
      await partner.page.waitForFunction(() => (document.querySelector('pk-announcements') as HTMLElement & { unreadCount: number }).unreadCount === 0, { timeout: 15_000 });
      const reads = await partner.page.evaluate(() => (window as unknown as { reads: string[] }).reads);
      assert.equal(reads.length, unreadBefore, 'one pk-announcement-read per unread item');
      const { token } = await mintSession(e2e.pk.url, 'u_nw_rep');
      const feed = (await (await fetch(`${e2e.pk.url}/v1/announcements`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { unreadCount: number };
      assert.equal(feed.unreadCount, 0, 'the receipts are on the server');

      // The channel manager publishes a pinned announcement from their own page.
      await manager.page.goto(`${e2e.site.url}/login?user=u_cm&to=/feed`);
      await manager.page.waitForFunction(() => !!document.querySelector('pk-announcements')?.shadowRoot?.querySelector('#a-title'), { timeout: 20_000 });
      await manager.page.evaluate(() => {
        const root = document.querySelector('pk-announcements')!.shadowRoot!;
        for (const [sel, value] of [
          ['#a-title', 'Partner summit: registration open'],
          ['#a-body', 'Join us on **12 March**. [Register](https://vendor.example/summit)'],
        ]) {
          const el = root.querySelector(sel) as HTMLInputElement | HTMLTextAreaElement;
          el.value = value;
          el.dispatchEvent(new Event('input'));
        }
        (root.querySelector('input[type="checkbox"]') as HTMLInputElement).click(); // pinned
        (root.querySelector('[part~="publish-button"]') as HTMLButtonElement).click();
      });
      await manager.page.waitForFunction(
        () => document.querySelector('pk-announcements')!.shadowRoot!.querySelector('[part~="item"] [part~="title"]')!.textContent!.includes('Partner summit'),
        { timeout: 10_000 },
      );

      // It reaches the partner's open page live, pinned first, rendered, and is read once seen.
      await partner.page.waitForFunction(
        () => document.querySelector('pk-announcements')!.shadowRoot!.querySelector('[part~="item"] [part~="title"]')!.textContent!.includes('Partner summit'),
        { timeout: 10_000 },
      );
      const first = await partner.page.evaluate(() => {
        const item = document.querySelector('pk-announcements')!.shadowRoot!.querySelector('[part~="item"]')!;
        const link = item.querySelector('[part~="body"] a')!;
        return { strong: item.querySelector('[part~="body"] strong')?.textContent, rel: link.getAttribute('rel'), target: link.getAttribute('target') };
      });
      assert.deepEqual(first, { strong: '12 March', rel: 'noopener noreferrer', target: '_blank' });
      await partner.page.waitForFunction((n) => (window as unknown as { reads: string[] }).reads.length === n + 1, { timeout: 15_000 }, unreadBefore);

      // The channel manager's receipts for it name the partner user as having read it.
      await manager.page.evaluate(() => {
        (document.querySelector('pk-announcements')!.shadowRoot!.querySelector('[part~="item"] [part~="receipts"]') as HTMLDetailsElement).open = true;
      });
      await manager.page.waitForFunction(
        () => !!document.querySelector('pk-announcements')!.shadowRoot!.querySelector('[part~="item"] [part~="receipts"] table'),
        { timeout: 10_000 },
      );
      const receipts = await manager.page.evaluate(() => document.querySelector('pk-announcements')!.shadowRoot!.querySelector('[part~="item"] [part~="receipts"]')!.textContent!);
      assert.match(receipts, /Nora Whitfield/);
      assert.deepEqual(partner.errors, []);
      assert.deepEqual(manager.errors, []);
    } finally {
      await partner.close();
      await manager.close();
    }
  });
});
