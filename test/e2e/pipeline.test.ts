/**
 * The shared pipeline end to end, in Chromium against the real server (PGlite): a partner opens a
 * deal from the table, tries to move its stage without a fresh stage note (the server refuses
 * with 422 and the panel says what is missing, next to the control), writes the note, moves the
 * deal, and sees the move in its history; the server has the new stage.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mintSession, openPage, startPagesE2e } from './harness.js';

const page = (sdk: string, api: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vendor partner page</title><link rel="icon" href="data:,">
<script type="module" src="${sdk}"></script></head>
<body><pk-portal api-url="${api}" session-url="/partnerkit/session">${body}</pk-portal>
<script>window.updates = []; document.addEventListener('pk-deal-updated', (e) => window.updates.push(e.detail.stage));</script>
</body></html>`;

interface WireDeal {
  id: string;
  stage: string;
  version: number;
  customer: { company: string };
}

describe('pk-pipeline with the real server', () => {
  let e2e: Awaited<ReturnType<typeof startPagesE2e>>;

  before(async () => {
    e2e = await startPagesE2e((sdk, api) => ({
      '/pipeline': { html: page(sdk, api, '<pk-pipeline motion="reseller" status="approved" stage="qualification"></pk-pipeline>') },
    }));
  });
  after(() => e2e?.close());

  it('opens a deal, a move missing its exit criteria is refused and says why, then moves once they are met', async () => {
    const { token } = await mintSession(e2e.pk.url, 'u_nw_rep');
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${e2e.pk.url}/v1/${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
    const list = (await (await api('deals?motion=reseller&status=approved&stage=qualification&limit=100')).json()) as { items: WireDeal[] };
    assert.ok(list.items.length > 0, 'the seed has an approved reseller deal in Qualification');
    const deal = list.items[0];
    // No stage note: the move to the next stage must be refused.
    const cleared = await api(`deals/${deal.id}`, { method: 'PATCH', body: JSON.stringify({ version: deal.version, stageNote: null, nextStep: 'Book the pricing call' }) });
    assert.equal(cleared.status, 200, await cleared.clone().text());

    const partner = await openPage(e2e.browser);
    try {
      await partner.page.setViewport({ width: 1280, height: 1000 });
      await partner.page.goto(`${e2e.site.url}/login?user=u_nw_rep&to=/pipeline`);
      await partner.page.waitForFunction(
        (id) => !!document.querySelector('pk-pipeline')?.shadowRoot?.querySelector(`.rows [data-id="${id}"] [role="rowheader"]`),
        { timeout: 20_000 },
        deal.id,
      );
      await partner.page.evaluate((id) => (document.querySelector('pk-pipeline')!.shadowRoot!.querySelector(`.rows [data-id="${id}"] [role="rowheader"]`) as HTMLElement).click(), deal.id);
      await partner.page.waitForFunction(() => !!document.querySelector('pk-pipeline')?.shadowRoot?.querySelector('dialog.panel[open] .move-submit'), { timeout: 15_000 });
      const before = await partner.page.evaluate(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('dialog.panel')!.textContent!.replace(/\s+/g, ' '));
      assert.match(before, /To move to Configure & Quote, this deal needs:/, 'the criteria are shown before trying');

      await partner.page.evaluate(() => (document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('dialog .move-submit') as HTMLButtonElement).click());
      await partner.page.waitForFunction(() => !!document.querySelector('pk-pipeline')?.shadowRoot?.querySelector('#move-result [role="alert"]'), { timeout: 15_000 });
      const refusal = await partner.page.evaluate(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('#move-result')!.textContent!.replace(/\s+/g, ' '));
      assert.match(refusal, /The move to Configure & Quote was refused/);
      assert.match(refusal, /The stage note was updated in the last 7 days/);
      assert.equal(((await (await api(`deals/${deal.id}`)).json()) as WireDeal).stage, 'qualification', 'the server kept the stage');

      // Write the stage note, save, and move again.
      await partner.page.evaluate(() => {
        const root = document.querySelector('pk-pipeline')!.shadowRoot!;
        const note = root.querySelector('dialog textarea[name="stageNote"]') as HTMLTextAreaElement;
        note.value = 'Pricing call booked with procurement';
        note.dispatchEvent(new Event('input'));
        (root.querySelector('dialog button[type="submit"]') as HTMLButtonElement).click();
      });
      await partner.page.waitForFunction(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('dialog.panel')!.textContent!.includes('Saved.'), { timeout: 15_000 });
      await partner.page.evaluate(() => (document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('dialog .move-submit') as HTMLButtonElement).click());
      await partner.page.waitForFunction(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('dialog.panel')!.textContent!.includes('Moved to Configure & Quote.'), { timeout: 15_000 });
      await partner.page.waitForFunction(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('.history')?.textContent?.includes('Stage moved'), { timeout: 15_000 });
      const history = await partner.page.evaluate(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('.history')!.textContent!.replace(/\s+/g, ' '));
      assert.match(history, /Qualification → Configure & Quote/);
      assert.equal(((await (await api(`deals/${deal.id}`)).json()) as WireDeal).stage, 'configure-quote');
      const updates = await partner.page.evaluate(() => (window as unknown as { updates: string[] }).updates);
      assert.ok(updates.includes('configure-quote'), 'pk-deal-updated fired with the moved deal');

      // Escape closes the panel.
      await partner.page.keyboard.press('Escape');
      await partner.page.waitForFunction(() => !document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('dialog.panel'), { timeout: 5_000 });
      assert.deepEqual(partner.errors, []);
    } finally {
      await partner.close();
    }
  });
});
