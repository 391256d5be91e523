/**
 * Deal registration end to end, in Chromium against the real server (PGlite), on a vendor page of
 * another origin: a partner who has not accepted the rules sees them instead of the form, accepts,
 * fills the form (a reload in the middle keeps what was typed), submits; a channel manager approves
 * it in the review queue on another page; the partner's open pipeline shows it approved with its
 * protection dates, and the form's success state turns approved — both without a reload.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { clickDeep, openPage, startPagesE2e, waitDeep } from './harness.js';

const page = (sdk: string, api: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vendor partner page</title><link rel="icon" href="data:,">
<script type="module" src="${sdk}"></script></head>
<body><pk-portal api-url="${api}" session-url="/partnerkit/session">${body}</pk-portal></body></html>`;

const COMPANY = 'Zephyrine Orchards Cooperative';

/** The form is light-DOM content of the gate. */
const FORM = ['pk-deal-form'];

/** Types into a field of the deal form the way a browser does (value, then input/change). */
async function fill(p: Page, values: Record<string, string>): Promise<void> {
  for (const [path, value] of Object.entries(values)) {
    await waitDeep(p, [...FORM, `#f-${path.replace(/\./g, '-')}`]);
    await p.evaluate(
      (form, id, value) => {
        let scope: ParentNode | null = document;
        for (const sel of form) scope = (scope?.querySelector(sel) as Element | null)?.shadowRoot ?? null;
        const input = scope!.querySelector(id) as HTMLInputElement | HTMLSelectElement;
        input.value = value;
        input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true, composed: true }));
      },
      FORM,
      `#f-${path.replace(/\./g, '-')}`,
      value,
    );
  }
}

const fieldValue = (p: Page, path: string) =>
  p.evaluate(
    (form, id) => {
      let scope: ParentNode | null = document;
      for (const sel of form) scope = (scope?.querySelector(sel) as Element | null)?.shadowRoot ?? null;
      return (scope?.querySelector(id) as HTMLInputElement | null)?.value ?? null;
    },
    FORM,
    `#f-${path.replace(/\./g, '-')}`,
  );

describe('deal registration with the real server', () => {
  let e2e: Awaited<ReturnType<typeof startPagesE2e>>;

  before(async () => {
    e2e = await startPagesE2e((sdk, api) => ({
      '/partner': { html: page(sdk, api, '<pk-rules-gate><pk-deal-form motion="referral"></pk-deal-form></pk-rules-gate><pk-pipeline q="Zephyrine"></pk-pipeline>') },
      '/manager': { html: page(sdk, api, '<pk-registration-review></pk-registration-review>') },
    }));
  });
  after(() => e2e?.close());

  it('accept the rules, fill (with a reload), submit; approved in the review queue; the partner sees it live', async () => {
    const partner = await openPage(e2e.browser);
    const manager = await openPage(e2e.browser);
    try {
      // Tailspin's rep has accepted no rules yet: the gate shows them, not the form.
      await partner.page.goto(`${e2e.site.url}/login?user=u_ta_rep&to=/partner`);
      await waitDeep(partner.page, ['pk-rules-gate', 'pk-rules', '[part~="accept-button"]']);
      const formShown = await partner.page.evaluate(() => (document.querySelector('pk-deal-form') as HTMLElement).getClientRects().length > 0);
      assert.equal(formShown, false, 'the form is hidden until the rules are accepted');
      await clickDeep(partner.page, ['pk-rules-gate', 'pk-rules', '[part~="accept-button"]']);
      await partner.page.waitForFunction(() => (document.querySelector('pk-deal-form') as HTMLElement).getClientRects().length > 0, { timeout: 20_000 });

      // Half the form, then a reload: nothing typed is lost.
      await waitDeep(partner.page, [...FORM, 'form']);
      await fill(partner.page, {
        'customer.company': COMPANY,
        'customer.domain': 'https://www.zephyrine-orchards.coop/about',
        'customer.contact.name': 'Ilse Brandt',
        'customer.contact.email': 'ilse@zephyrine-orchards.coop',
      });
      await partner.page.reload();
      await waitDeep(partner.page, [...FORM, '#f-customer-company'], `(el) => el && el.value === ${JSON.stringify(COMPANY)}`);
      assert.equal(await fieldValue(partner.page, 'customer.contact.email'), 'ilse@zephyrine-orchards.coop');

      await fill(partner.page, {
        'amount.value': '64000',
        'amount.currency': 'EUR',
        expectedCloseDate: '2099-03-31',
        description: 'Met the procurement lead twice; pilot scoped for three sites.',
        'partnerContacts.0.name': 'Tom Ashby',
        'partnerContacts.0.email': 'tom.ashby@tailspin.example',
      });
      await clickDeep(partner.page, [...FORM, '[part~="submit-button"]']);
      await waitDeep(partner.page, [...FORM, '[part~="success"]']);
      const success = await partner.page.evaluate(() => document.querySelector('pk-rules-gate pk-deal-form')!.shadowRoot!.querySelector('[part~="success"]')!.textContent!);
      assert.match(success, /Pending review/);
      // The partner's pipeline has it, pending, without a reload.
      await waitDeep(partner.page, ['pk-pipeline', '.rows'], `(el) => el && el.textContent.includes(${JSON.stringify(COMPANY)}) && el.textContent.includes('Pending review')`);

      // The channel manager approves it in the review queue on another page.
      await manager.page.goto(`${e2e.site.url}/login?user=u_cm&to=/manager`);
      await waitDeep(manager.page, ['pk-registration-review', '[part~="queue"]'], `(el) => el && el.textContent.includes(${JSON.stringify(COMPANY)})`);
      await manager.page.evaluate((company) => {
        const root = document.querySelector('pk-registration-review')!.shadowRoot!;
        const item = [...root.querySelectorAll('[part~="item"]')].find((li) => li.textContent!.includes(company))!;
        (item.querySelector('[part~="approve-button"]') as HTMLButtonElement).click();
      }, COMPANY);
      await waitDeep(manager.page, ['pk-registration-review', '[part~="queue"], [part~="empty"]'], `(el) => el && !el.textContent.includes(${JSON.stringify(COMPANY)})`);

      // The partner's open page: the pipeline row and the success state turn approved, with protection dates.
      await waitDeep(partner.page, ['pk-pipeline', '.rows'], `(el) => el && el.textContent.includes(${JSON.stringify(COMPANY)}) && el.textContent.includes('Approved')`, 15_000);
      const row = await partner.page.evaluate((company) => [...document.querySelector('pk-pipeline')!.shadowRoot!.querySelectorAll('.rows [role="row"][data-id]')].find((r) => r.textContent!.includes(company))!.textContent!, COMPANY);
      const endYear = new Date(Date.now() + 90 * 86_400_000).getFullYear();
      assert.match(row, new RegExp(`Until [^]*${endYear}`), `the protection end date on the row: ${row}`);
      await waitDeep(partner.page, [...FORM, '[part~="success"]'], "(el) => el && el.textContent.includes('Approved') && el.textContent.includes('Protected')", 15_000);
      assert.deepEqual(partner.errors, []);
      assert.deepEqual(manager.errors, []);
    } finally {
      await partner.close();
      await manager.close();
    }
  });
});
