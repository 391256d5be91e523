/**
 * The content library end to end, in Chromium against the real server (PGlite): a partner finds
 * an item by a word that is only in its description (PostgreSQL full-text search), opens it (a
 * view, `pk-content-engaged`), shares it with a prospect (a link that opens without a session),
 * and the channel manager's engagement view shows that view and that share. Under the README's
 * strict CSP with Trusted Types, previews work when the page allows `blob:` images and frames, and
 * give way to the download button when it does not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mintSession, openPage, startPagesE2e } from './harness.js';

const page = (sdk: string, api: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vendor partner page</title><link rel="icon" href="data:,">
<script type="module" src="${sdk}"></script></head>
<body><pk-portal api-url="${api}" session-url="/partnerkit/session"><pk-content-library></pk-content-library></pk-portal>
<script>window.engaged = []; document.addEventListener('pk-content-engaged', (e) => window.engaged.push(e.detail));</script>
</body></html>`;

/** The README's strict policy for host pages; `previews` adds what the library's previews need. */
const csp = (origin: string, previews: boolean) =>
  [
    "default-src 'none'", `script-src 'self' ${origin}`, `connect-src 'self' ${origin}`, "style-src 'self'", `img-src 'self'${previews ? ' blob:' : ''}`,
    ...(previews ? ['frame-src blob:'] : []), "base-uri 'none'", "object-src 'none'", "require-trusted-types-for 'script'", 'trusted-types partnerkit lit-html',
  ].join('; ');

const ITEM = 'ct_case_study_healthcare';
const TITLE = 'Case study: a hospital group moves imaging to Acme';

interface Row { views: number; shares: number; content?: { id: string } }

async function engagementRow(api: string): Promise<Row> {
  const { token } = await mintSession(api, 'u_cm');
  const res = await fetch(`${api}/v1/content/engagement?by=item&limit=100`, { headers: { Authorization: `Bearer ${token}` } });
  const report = (await res.json()) as { rows: Row[] };
  return report.rows.find((r) => r.content?.id === ITEM) ?? { views: 0, shares: 0 };
}

describe('pk-content-library with the real server', () => {
  let e2e: Awaited<ReturnType<typeof startPagesE2e>>;

  before(async () => {
    e2e = await startPagesE2e((sdk, api) => ({
      '/content': { html: page(sdk, api) },
      '/strict': { html: page(sdk, api).replace(/<script>window.engaged.*?<\/script>|<link rel="icon"[^>]*>/g, ''), headers: { 'Content-Security-Policy': csp(new URL(api).origin, true) } },
      '/strictest': { html: page(sdk, api).replace(/<script>window.engaged.*?<\/script>|<link rel="icon"[^>]*>/g, ''), headers: { 'Content-Security-Policy': csp(new URL(api).origin, false) } },
    }));
  });
  after(() => e2e?.close());

  it('a partner finds an item by a word of its description, opens and shares it; the channel manager sees the view and the share', async () => {
    const before = await engagementRow(e2e.pk.url);
    const partner = await openPage(e2e.browser);
    const manager = await openPage(e2e.browser);
    try {
      await partner.page.setViewport({ width: 1280, height: 1600 });
      await partner.page.goto(`${e2e.site.url}/login?user=u_nw_rep&to=/content`);
      await partner.page.waitForFunction(() => !!document.querySelector('pk-content-library')?.shadowRoot?.querySelector('[part~="items"]:not([aria-hidden])'), { timeout: 20_000 });

      // "Northbridge" is only in the description, not in the title.
      await partner.page.evaluate(() => document.querySelector('pk-content-library')!.shadowRoot!.querySelector<HTMLInputElement>('#c-search')!.focus());
      await partner.page.keyboard.type('Northbridge');
      await partner.page.waitForFunction(
        () => {
          const root = document.querySelector('pk-content-library')!.shadowRoot!;
          const titles = [...root.querySelectorAll('[part~="items"]:not([aria-hidden]) [part~="title"]')].map((t) => t.textContent!.trim());
          return titles.length === 1 && titles[0].startsWith('Case study: a hospital group');
        },
        { timeout: 10_000 },
      );

      // Open it: the dialog shows the description, a view is recorded and announced.
      await partner.page.evaluate(() => document.querySelector('pk-content-library')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="open-button"]')!.click());
      await partner.page.waitForFunction(() => !!document.querySelector('pk-content-library')!.shadowRoot!.querySelector('dialog.detail[open] [part~="description"]'), { timeout: 10_000 });
      const description = await partner.page.evaluate(() => document.querySelector('pk-content-library')!.shadowRoot!.querySelector('dialog.detail [part~="description"]')!.textContent!);
      assert.match(description, /Northbridge Health migrated 2 PB/);
      await partner.page.waitForFunction(() => (window as unknown as { engaged: Array<{ type: string }> }).engaged.some((e) => e.type === 'view'), { timeout: 10_000 });

      // Share it: a link that opens without a session.
      await partner.page.evaluate(() => document.querySelector('pk-content-library')!.shadowRoot!.querySelector<HTMLButtonElement>('dialog.detail [part~="share-button"]')!.click());
      await partner.page.waitForFunction(() => !!document.querySelector('pk-content-library')!.shadowRoot!.querySelector('dialog.share[open] [part~="create-link-button"]'), { timeout: 10_000 });
      await partner.page.evaluate(() => document.querySelector('pk-content-library')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="create-link-button"]')!.click());
      await partner.page.waitForFunction(() => !!document.querySelector('pk-content-library')!.shadowRoot!.querySelector<HTMLInputElement>('#s-url')?.value, { timeout: 10_000 });
      const link = await partner.page.evaluate(() => document.querySelector('pk-content-library')!.shadowRoot!.querySelector<HTMLInputElement>('#s-url')!.value);
      const engaged = await partner.page.evaluate(() => (window as unknown as { engaged: Array<{ contentId: string; type: string }> }).engaged);
      assert.deepEqual(engaged, [{ contentId: ITEM, type: 'view' }, { contentId: ITEM, type: 'share' }]);
      const prospect = await fetch(link, { redirect: 'manual' });
      assert.ok(prospect.status < 400, `the prospect's link opens without a session (${prospect.status})`);

      // The channel manager's engagement view: one more view and one more share for the item.
      await manager.page.setViewport({ width: 1280, height: 1600 });
      await manager.page.goto(`${e2e.site.url}/login?user=u_cm&to=/content`);
      await manager.page.waitForFunction(() => !!document.querySelector('pk-content-library')?.shadowRoot?.querySelector('[part~="tabs"] button'), { timeout: 20_000 });
      await manager.page.evaluate(() => document.querySelector('pk-content-library')!.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="tabs"] button')[1].click());
      await manager.page.waitForFunction(() => !!document.querySelector('pk-content-library')!.shadowRoot!.querySelector('[part~="engagement-table"] tbody tr'), { timeout: 10_000 });
      const cells = await manager.page.evaluate((title) => {
        const rows = [...document.querySelector('pk-content-library')!.shadowRoot!.querySelectorAll('[part~="engagement-table"] tbody tr')];
        const row = rows.find((r) => r.querySelector('th')!.textContent!.includes(title));
        return row ? [...row.querySelectorAll('td')].map((td) => td.textContent!.trim()) : null;
      }, TITLE);
      assert.ok(cells, 'the item has a row');
      assert.equal(Number(cells[0]), before.views + 1, 'views');
      assert.equal(Number(cells[2]), before.shares + 1, 'shares');
      assert.deepEqual(partner.errors, []);
      assert.deepEqual(manager.errors, []);
    } finally {
      await partner.close();
      await manager.close();
    }
  });

  /** Opens an item under a CSP page and says what its preview became (and what the page reported). */
  async function previewUnder(path: string, itemId: string): Promise<{ preview: string; violations: string[]; errors: string[] }> {
    const { page: p, errors, close } = await openPage(e2e.browser);
    try {
      await p.evaluateOnNewDocument(() => {
        (window as unknown as { violations: string[] }).violations = [];
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      await p.goto(`${e2e.site.url}/login?user=u_nw_rep&to=${path}`);
      await p.waitForFunction((id) => !!document.querySelector('pk-content-library')?.shadowRoot?.querySelector(`[data-id="${id}"] [part~="open-button"]`), { timeout: 20_000 }, itemId);
      await p.evaluate((id) => document.querySelector('pk-content-library')!.shadowRoot!.querySelector<HTMLButtonElement>(`[data-id="${id}"] [part~="open-button"]`)!.click(), itemId);
      await p.waitForFunction(
        () => {
          const preview = document.querySelector('pk-content-library')!.shadowRoot!.querySelector('dialog.detail [part~="preview"]');
          const img = preview?.querySelector('img');
          return !!preview && !preview.querySelector('[aria-busy="true"]') && (!img || img.complete);
        },
        { timeout: 10_000 },
      );
      await new Promise((r) => setTimeout(r, 500)); // a blocked frame reports its violation a moment later
      const preview = await p.evaluate(() => {
        const root = document.querySelector('pk-content-library')!.shadowRoot!.querySelector('dialog.detail [part~="preview"]')!;
        const img = root.querySelector('img');
        if (img) return img.naturalWidth > 0 ? 'image' : 'broken image';
        if (root.querySelector('iframe[src^="blob:"]')) return 'pdf';
        return root.textContent!.includes('download the file') ? 'download instead' : root.textContent!;
      });
      const violations = await p.evaluate(() => (window as unknown as { violations: string[] }).violations);
      return { preview, violations, errors };
    } finally {
      await close();
    }
  }

  it('previews images and PDFs under a strict CSP with Trusted Types that allows blob: images and frames', async () => {
    const image = await previewUnder('/strict', 'ct_tech_reference_architecture');
    assert.deepEqual(image, { preview: 'image', violations: [], errors: [] });
    const pdf = await previewUnder('/strict', ITEM);
    assert.deepEqual(pdf, { preview: 'pdf', violations: [], errors: [] });
  });

  it("offers the download instead where the page's CSP refuses blob: previews", async () => {
    const image = await previewUnder('/strictest', 'ct_tech_reference_architecture');
    assert.equal(image.preview, 'download instead');
    assert.ok(image.violations.every((v) => v.startsWith('img-src blob')), image.violations.join('\n'));
    const pdf = await previewUnder('/strictest', ITEM);
    assert.equal(pdf.preview, 'download instead');
    assert.ok(pdf.violations.some((v) => /^(frame-src|child-src|default-src) blob/.test(v)), pdf.violations.join('\n'));
  });
});
