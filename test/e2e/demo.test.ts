/** The demo site of `npm start`: default portal, and the user switcher changes org and role. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import type { Page } from 'puppeteer-core';
import { launchBrowser, openPage, startPartnerkit, visibleDealIds, type Partnerkit } from './harness.js';

/** Opens the default portal's Pipeline tab (it opens on Insights) and returns the rows it shows. */
async function portalPipelineIds(page: Page): Promise<string[]> {
  await page.waitForFunction(() => !!document.querySelector('pk-portal')?.shadowRoot?.querySelector('#tab-pipeline'), { timeout: 15_000 });
  await page.evaluate(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector<HTMLElement>('#tab-pipeline')!.click());
  await page.waitForFunction(
    () => {
      const p = document.querySelector('pk-portal')?.shadowRoot?.querySelector('pk-pipeline')?.shadowRoot;
      return !!p && p.querySelectorAll('.rows [role="row"][data-id]').length > 0 && !p.querySelector('[aria-busy="true"]');
    },
    { timeout: 15_000 },
  );
  return page.evaluate(() =>
    [...document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-pipeline')!.shadowRoot!.querySelectorAll('.rows [role="row"][data-id]')].map((tr) => tr.getAttribute('data-id')!),
  );
}

describe('demo site', () => {
  let pk: Partnerkit;
  let browser: Browser;

  before(async () => {
    pk = await startPartnerkit();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await pk?.close();
  });

  it('renders the default portal, and switching the demo user switches partner org and role', async () => {
    const { page, errors, close } = await openPage(browser);
    try {
      await page.goto(`${pk.url}/`);
      const header = () => page.evaluate(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector('header')?.textContent ?? '');
      await page.waitForFunction(() => !!document.querySelector('pk-portal')?.shadowRoot?.querySelector('pk-insights')?.shadowRoot?.querySelector('[part~="kpis"]'), { timeout: 15_000 });
      const opening = await page.evaluate(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector('[role="tab"][aria-selected="true"]')!.textContent!.trim());
      assert.equal(opening, 'Insights', 'the default portal opens on insights');
      const northwindIds = await portalPipelineIds(page);
      assert.match(await header(), /Northwind Resellers/);
      const northwind = await visibleDealIds(pk.url, 'u_nw_rep');
      assert.ok(northwindIds.every((id) => northwind.has(id)));

      await page.select('#user', 'u_cm');
      await page.waitForNavigation({ waitUntil: 'load' }).catch(() => undefined);
      await page.waitForFunction(() => document.querySelector('pk-portal')?.shadowRoot?.querySelector('header')?.textContent?.includes('Channel manager'), { timeout: 15_000 });
      await portalPipelineIds(page);
      const columns = await page.evaluate(() =>
        [...document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-pipeline')!.shadowRoot!.querySelectorAll('.header-row [role="columnheader"]')].map((th) => th.textContent!.trim()),
      );
      assert.ok(columns.includes('Partner'), 'channel manager sees the partner column');
      const pager = await page.evaluate(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-pipeline')!.shadowRoot!.querySelector('.statusbar')!.textContent!);
      assert.match(pager, /240 deals/);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
