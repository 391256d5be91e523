/**
 * Session lifecycle in a real browser against the real server: a token the server stops
 * accepting is refreshed once, transparently, and the user keeps their place; an unreachable
 * backend gives a clear error with retry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchBrowser, openPage, pipelineRowIds, scrollPipelineForMore, shadowText, startPartnerkit, startVendorSite, type Partnerkit, type VendorSite } from './harness.js';

describe('session lifecycle', () => {
  let pk: Partnerkit;
  let vendor: VendorSite;
  let browser: Browser;

  before(async () => {
    // Tokens live 2 s on the server, but the vendor claims an hour (a skewed clock): the SDK
    // only learns the truth from a 401.
    pk = await startPartnerkit({ sessionTtlSeconds: 2 });
    vendor = await startVendorSite({
      sdkUrl: `${pk.url}/sdk/partnerkit.js`,
      apiUrl: pk.url,
      transformSession: (s) => ({ ...s, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await vendor?.close();
    await pk?.close();
  });

  it("refreshes once on a 401 and completes the user's request without showing an error", async () => {
    const { page, errors, close } = await openPage(browser);
    try {
      await page.goto(`${vendor.url}/login?user=u_nw_admin`);
      const firstPage = await pipelineRowIds(page);
      assert.equal(vendor.sessionRequests, 1, 'one session for the initial load');
      await new Promise((r) => setTimeout(r, 2_500)); // the token is now expired on the server
      // The user scrolls on: the next keyset page is read with the expired token.
      const seen = new Set(firstPage);
      for (let i = 0; i < 20 && vendor.sessionRequests < 2; i++) for (const id of await scrollPipelineForMore(page, seen, 2_000)) seen.add(id);
      assert.ok(seen.size > firstPage.length, 'more deals arrived');
      assert.equal(vendor.sessionRequests, 2, 'exactly one refresh');
      assert.equal(await shadowText(page, 'pk-pipeline', '[role="alert"]'), '', 'no error shown');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('shows an unreachable backend as an error with retry, and reports pk-error', async () => {
    const dead = await startVendorSite({ sdkUrl: `${pk.url}/sdk/partnerkit.js`, apiUrl: 'http://127.0.0.1:9' });
    const { page, close } = await openPage(browser);
    try {
      await page.goto(`${dead.url}/login?user=u_nw_rep`).catch(() => undefined);
      await page.waitForFunction(() => !!document.querySelector('pk-pipeline')?.shadowRoot?.querySelector('[role="alert"]'), { timeout: 20_000 });
      const text = await shadowText(page, 'pk-pipeline', '[role="alert"]');
      assert.match(text, /Could not load your pipeline/);
      assert.match(text, /Try again/);
      const kinds = await page.evaluate(() => (window as unknown as { pkErrors: Array<{ kind: string }> }).pkErrors.map((e) => e.kind));
      assert.ok(kinds.length >= 1 && kinds.every((k) => k === 'network' || k === 'http'), `kinds: ${kinds}`);
    } finally {
      await close();
      await dead.close();
    }
  });
});
