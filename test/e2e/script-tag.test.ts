/**
 * A vendor's plain HTML page (not the demo) on its own origin loads dist/partnerkit.js from
 * the reference server with one script tag, gets its session from its own server, and shows
 * the right partner's deals — and never another partner's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchBrowser, openPage, pipelineRowIds, shadowText, walkPipeline, startPartnerkit, startVendorSite, visibleDealIds, type Partnerkit, type VendorSite } from './harness.js';

describe('script tag on a plain vendor page', () => {
  let pk: Partnerkit;
  let vendor: VendorSite;
  let browser: Browser;

  before(async () => {
    pk = await startPartnerkit();
    vendor = await startVendorSite({ sdkUrl: `${pk.url}/sdk/partnerkit.js`, apiUrl: pk.url });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await vendor?.close();
    await pk?.close();
  });

  it("shows partner A's deals and none of partner B's", async () => {
    const [mineA, mineB] = await Promise.all([visibleDealIds(pk.url, 'u_nw_rep'), visibleDealIds(pk.url, 'u_co_rep')]);
    assert.ok(mineA.size > 25 && mineB.size > 0, 'seed gives both partners deals');
    const { page, errors, close } = await openPage(browser);
    try {
      await page.goto(`${vendor.url}/login?user=u_nw_rep`);
      const ids = await pipelineRowIds(page);
      assert.ok(ids.length > 0, 'rows shown');
      const count = await shadowText(page, 'pk-pipeline', '[role="status"]');
      assert.match(count, new RegExp(`^${mineA.size} deals`));

      // The whole list, scrolled through to its end (keyset pages as it scrolls), stays inside partner A.
      const seen = await walkPipeline(page);
      for (const id of seen) assert.ok(!mineB.has(id), `${id} must not be Contoso's`);
      assert.deepEqual([...seen].sort(), [...mineA].sort(), 'the UI pages through exactly partner A’s deals');
      assert.deepEqual(errors, []);
      assert.equal(await page.evaluate(() => (window as unknown as { pkErrors: unknown[] }).pkErrors.length), 0);
    } finally {
      await close();
    }
  });

  it('is not restyled by the host page CSS but inherits its font', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(`${vendor.url}/login?user=u_co_rep`);
      await pipelineRowIds(page);
      const style = await page.evaluate(() => {
        const td = document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('.rows [role="gridcell"]')!;
        const s = getComputedStyle(td);
        return { transform: s.textTransform, font: s.fontFamily, color: s.color, border: s.borderTopWidth };
      });
      assert.equal(style.transform, 'none');
      assert.match(style.font, /Georgia/);
      assert.notEqual(style.color, 'rgb(255, 0, 0)');
      assert.notEqual(style.border, '5px');
    } finally {
      await close();
    }
  });

  it('shows a clear signed-out error with retry when the vendor has no session for the user', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(vendor.url); // never logged in on the vendor site
      await page.waitForFunction(() => !!document.querySelector('pk-pipeline')?.shadowRoot?.querySelector('[role="alert"]'), { timeout: 15_000 });
      const text = await shadowText(page, 'pk-pipeline', '[role="alert"]');
      assert.match(text, /You are signed out/);
      assert.match(text, /Try again/);
      const kinds = await page.evaluate(() => (window as unknown as { pkErrors: Array<{ kind: string }> }).pkErrors.map((e) => e.kind));
      assert.deepEqual(kinds, ['auth']);
      // The user signs in on the vendor site in another tab, then presses retry: no reload needed.
      await page.evaluate(() => fetch('/login?user=u_fa_rep', { redirect: 'manual' }));
      await page.evaluate(() => {
        const b = [...document.querySelector('pk-pipeline')!.shadowRoot!.querySelectorAll('button')].find((x) => x.textContent!.trim() === 'Try again')!;
        b.click();
      });
      const ids = await pipelineRowIds(page);
      const fabrikam = await visibleDealIds(pk.url, 'u_fa_rep');
      assert.ok(ids.length > 0 && ids.every((id) => fabrikam.has(id)));
    } finally {
      await close();
    }
  });
});
