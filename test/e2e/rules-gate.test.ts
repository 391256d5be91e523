/**
 * Rules of engagement end to end, in Chromium against the real server (PGlite): a partner's open
 * page with `<pk-rules-gate><input></pk-rules-gate>` is unlocked after accepting; a channel
 * manager publishes a new version from another page; the partner's gate locks again within
 * seconds (live event) without losing what was typed in the input, and unlocks after the new
 * acknowledgment.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { clickDeep, openPage, startPagesE2e } from './harness.js';

const page = (sdk: string, api: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vendor partner page</title><link rel="icon" href="data:,">
<script type="module" src="${sdk}"></script></head>
<body><pk-portal api-url="${api}" session-url="/partnerkit/session">${body}</pk-portal>
<script>window.acks = []; document.addEventListener('pk-rules-acknowledged', (e) => window.acks.push(e.detail));</script>
</body></html>`;

const gateState = (p: Page) =>
  p.evaluate(() => {
    const gate = document.querySelector('pk-rules-gate') as HTMLElement & { unlocked: boolean };
    const input = document.querySelector('#notes') as HTMLInputElement;
    return { unlocked: gate.unlocked, visible: input.getClientRects().length > 0, connected: input.isConnected, value: input.value };
  });

describe('pk-rules-gate with the real server', () => {
  let e2e: Awaited<ReturnType<typeof startPagesE2e>>;

  before(async () => {
    e2e = await startPagesE2e((sdk, api) => ({
        '/partner': { html: page(sdk, api, '<pk-rules-gate><label>Deal notes <input id="notes"></label></pk-rules-gate>') },
        '/manager': { html: page(sdk, api, '<pk-rules></pk-rules>') },
    }));
  });
  after(() => e2e?.close());

  it('locks on a newly published version without losing the typed input, unlocks after acknowledging', async () => {
    const partner = await openPage(e2e.browser);
    const manager = await openPage(e2e.browser);
    try {
      // The partner accepts the current rules (if needed) and types into the guarded input.
      await partner.page.goto(`${e2e.site.url}/login?user=u_nw_rep&to=/partner`);
      await partner.page.waitForFunction(
        () => {
          const gate = document.querySelector('pk-rules-gate') as HTMLElement & { unlocked: boolean };
          return gate?.unlocked || !!gate?.shadowRoot?.querySelector('pk-rules')?.shadowRoot?.querySelector('[part~="accept-button"]');
        },
        { timeout: 20_000 },
      );
      if (!(await gateState(partner.page)).unlocked) {
        assert.equal((await gateState(partner.page)).visible, false, 'locked: the input is hidden');
        await clickDeep(partner.page, ['pk-rules-gate', 'pk-rules', '[part~="accept-button"]']);
        await partner.page.waitForFunction(() => (document.querySelector('pk-rules-gate') as HTMLElement & { unlocked: boolean }).unlocked, { timeout: 10_000 });
      }
      await partner.page.focus('#notes');
      await partner.page.keyboard.type('Renewal for Contoso, 40 seats');
      assert.deepEqual(await gateState(partner.page), { unlocked: true, visible: true, connected: true, value: 'Renewal for Contoso, 40 seats' });
      const versionBefore = await partner.page.evaluate(async (api) => {
        const s = await (await fetch('/partnerkit/session', { method: 'POST' })).json();
        return (await (await fetch(`${api}/v1/rules/current`, { headers: { Authorization: `Bearer ${s.token}` } })).json()).version as number;
      }, e2e.pk.url);

      // The channel manager publishes a new version from their own page.
      await manager.page.goto(`${e2e.site.url}/login?user=u_cm&to=/manager`);
      await manager.page.waitForFunction(() => !!document.querySelector('pk-rules')?.shadowRoot?.querySelector('#f-summary'), { timeout: 20_000 });
      await manager.page.evaluate(() => {
        const root = document.querySelector('pk-rules')!.shadowRoot!;
        for (const [sel, value] of [
          ['#f-title', 'Rules of engagement — e2e'],
          ['#f-summary', 'Renewals now go to the incumbent partner.'],
          ['#f-body', '# Conflicts\n\nRenewals and expansions go to the **incumbent** partner.'],
        ]) {
          const el = root.querySelector(sel) as HTMLInputElement | HTMLTextAreaElement;
          el.value = value;
          el.dispatchEvent(new Event('input'));
        }
      });
      const publishedAt = Date.now();
      await clickDeep(manager.page, ['pk-rules', '[part~="publish-button"]']);
      await manager.page.waitForFunction(
        (v) => document.querySelector('pk-rules')!.shadowRoot!.querySelector('[role="status"]')!.textContent!.includes(`Version ${v + 1} is published`),
        { timeout: 10_000 },
        versionBefore,
      );

      // The partner's gate locks within seconds, hiding (not removing) the input.
      await partner.page.waitForFunction(() => !(document.querySelector('pk-rules-gate') as HTMLElement & { unlocked: boolean }).unlocked, { timeout: 10_000 });
      const lockedAfterMs = Date.now() - publishedAt;
      assert.ok(lockedAfterMs < 10_000, `locked after ${lockedAfterMs} ms`);
      assert.deepEqual(await gateState(partner.page), { unlocked: false, visible: false, connected: true, value: 'Renewal for Contoso, 40 seats' });
      await partner.page.waitForFunction(
        () => !!document.querySelector('pk-rules-gate')!.shadowRoot!.querySelector('pk-rules')?.shadowRoot?.querySelector('[part~="changes"] ins'),
        { timeout: 10_000 },
      );
      const changes = await partner.page.evaluate(() => document.querySelector('pk-rules-gate')!.shadowRoot!.querySelector('pk-rules')!.shadowRoot!.querySelector('[part~="changes"]')!.textContent!);
      assert.match(changes, /Renewals now go to the incumbent partner\./, 'the summary of what changed');

      // Accepting (even clicking twice) unlocks it with the input as it was.
      await clickDeep(partner.page, ['pk-rules-gate', 'pk-rules', '[part~="accept-button"]']);
      await clickDeep(partner.page, ['pk-rules-gate', 'pk-rules', '[part~="accept-button"]']).catch(() => {});
      await partner.page.waitForFunction(() => (document.querySelector('pk-rules-gate') as HTMLElement & { unlocked: boolean }).unlocked, { timeout: 10_000 });
      assert.deepEqual(await gateState(partner.page), { unlocked: true, visible: true, connected: true, value: 'Renewal for Contoso, 40 seats' });
      const acks = (await partner.page.evaluate(() => (window as unknown as { acks: Array<{ version: number }> }).acks)).map((a) => a.version);
      assert.equal(acks.at(-1), versionBefore + 1);
      assert.equal(acks.filter((v) => v === versionBefore + 1).length, 1, 'one pk-rules-acknowledged for the new version');
      assert.deepEqual(partner.errors, []);
      assert.deepEqual(manager.errors, []);
    } finally {
      await partner.close();
      await manager.close();
    }
  });
});
