/**
 * The script-tag loader (dist/partnerkit.js) on plain vendor pages: it loads the code of the
 * elements the page uses and no other, from the SDK's own folder; tags that appear later, or
 * inside a shadow root, are loaded too; configure() works before any code has arrived; the
 * versioned URL shares the chunks; and partnerkit.bundle.js works alone, in one request.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, openPage, pipelineRowIds, startPartnerkit, startVendorSite, type Partnerkit, type VendorSite } from './harness.js';

const page = (head: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vendor page</title><link rel="icon" href="data:,">${head}</head>
<body><h1>Partners</h1>${body}</body></html>`;

describe('script-tag loader', () => {
  let pk: Partnerkit;
  let vendor: VendorSite;
  let browser: Browser;
  let dir: string;
  let version: string;

  before(async () => {
    pk = await startPartnerkit();
    version = ((await (await fetch(`${pk.url}/healthz`)).json()) as { version: string }).version;
    dir = mkdtempSync(join(tmpdir(), 'pk-lazy-'));
    const sdk = `${pk.url}/sdk/partnerkit.js`;
    const script = (src = sdk) => `<script type="module" src="${src}"></script>`;
    const attrs = `api-url="{{API_URL}}" session-url="/partnerkit/session"`;
    const pages: Record<string, string> = {
      'pipeline.html': page(script(), `<pk-pipeline ${attrs}></pk-pipeline>`),
      'portal.html': page(script(), `<pk-portal ${attrs}></pk-portal>`),
      'later.html': page(script(), `<div id="slot"></div>`),
      'de.html': page(script(), `<pk-pipeline ${attrs} locale="de"></pk-pipeline>`),
      'portal-children.html': page(
        script(),
        `<pk-portal ${attrs}><pk-pipeline></pk-pipeline></pk-portal>
        <script>window.pkErrors = []; document.addEventListener('pk-error', (e) => window.pkErrors.push(e.detail));</script>`,
      ),
      'vendor-shadow.html': page(
        `<script type="module">
          import { observe } from '${sdk}';
          class VendorCard extends HTMLElement {
            constructor() { super(); observe(this.attachShadow({ mode: 'open' })); }
            connectedCallback() { this.shadowRoot.innerHTML = '<pk-pipeline ${attrs.replace('{{API_URL}}', pk.url)}></pk-pipeline>'; }
          }
          customElements.define('vendor-card', VendorCard);
        </script>`,
        `<vendor-card></vendor-card>`,
      ),
      'configure.html': page(
        `<script type="module">
          import { configure } from '${sdk}';
          configure({ apiUrl: '{{API_URL}}', sessionUrl: '/partnerkit/session', messages: { en: { 'pipeline.col.customer': 'Account <b>name</b>' } } });
        </script>`,
        `<pk-pipeline></pk-pipeline>`,
      ),
      'versioned.html': page(script(`${pk.url}/sdk/partnerkit@${version}.js`) + script(), `<pk-pipeline ${attrs}></pk-pipeline>`),
      'bundle.html': page(script(`${pk.url}/sdk/partnerkit.bundle.js`), `<pk-pipeline ${attrs}></pk-pipeline>`),
    };
    for (const [name, html] of Object.entries(pages)) writeFileSync(join(dir, name), html);
    vendor = await startVendorSite({ sdkUrl: sdk, apiUrl: pk.url, apps: { p: dir } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await vendor?.close();
    await pk?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a vendor page signed in as a partner rep; records every SDK file the page fetched. */
  async function open(name: string): Promise<{ page: Page; sdkFiles: string[]; errors: string[]; warnings: string[]; order: string[]; close(): Promise<void> }> {
    const { page, errors, close } = await openPage(browser);
    const sdkFiles: string[] = [];
    const warnings: string[] = [];
    /** `session` when a session request leaves, `core` when the shared core chunk has arrived. */
    const order: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (url.startsWith(`${pk.url}/sdk/`)) sdkFiles.push(url.slice(`${pk.url}/sdk/`.length));
      if (url.endsWith('/partnerkit/session') && r.method() === 'POST') order.push('session');
      if (url.startsWith(`${pk.url}/v1/`) && r.method() === 'GET' && !url.includes('/v1/events')) order.push(`GET ${url.slice(pk.url.length)}`);
    });
    page.on('requestfinished', (r) => {
      if (/\/sdk\/shared\/pk-element-[\w-]+\.js$/.test(r.url())) order.push('core');
    });
    page.on('console', (m) => {
      if (m.type() === 'warn' || m.type() === 'error') warnings.push(m.text());
    });
    // CORS preflights (puppeteer does not report them): `preflight <path>` when one leaves for an
    // API URL, `session answer` when the session's answer arrives.
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.method === 'OPTIONS' && e.request.url.startsWith(`${pk.url}/v1/`)) order.push(`preflight ${e.request.url.slice(pk.url.length)}`);
    });
    cdp.on('Network.responseReceived', (e) => {
      if (e.response.url.endsWith('/partnerkit/session')) order.push('session answer');
    });
    await page.goto(`${vendor.url}/login?user=u_nw_rep&to=/p/${name}`);
    return { page, sdkFiles, errors, warnings, order, close };
  }

  const chunkOf = (files: string[], element: string) => files.filter((f) => f.startsWith(`${element}/pk-${element}-`));

  it('a page with only <pk-pipeline> loads the pipeline chunk and no other element’s', async () => {
    const { page, sdkFiles, errors, order, close } = await open('pipeline.html');
    try {
      assert.ok((await pipelineRowIds(page)).length > 5);
      // The loader asks for the session while the code downloads (not after), and the core takes
      // that answer; then the pipeline's first GETs, once each (the core takes the loader's).
      assert.equal(order.find((o) => !o.startsWith('preflight ')), 'session', order.join(', '));
      assert.deepEqual(order.filter((o) => o === 'session'), ['session'], 'one session request');
      assert.deepEqual(order.filter((o) => o.startsWith('GET ')).map((o) => o.replace(/\?.*/, '')).sort(), ['GET /v1/deals', 'GET /v1/me'], 'each first GET once');
      assert.ok(order.indexOf('core') > order.indexOf('session'), `the session request left before the core chunk arrived: ${order.join(', ')}`);
      // Their CORS preflights were asked side by side with the session, so once the token is
      // there the GETs go straight out (the browser caches a preflight's answer per URL).
      const answered = order.indexOf('session answer');
      const preflights = order.map((o, i) => [o, i] as const).filter(([o]) => /^preflight \/v1\/(me|deals)\b/.test(o));
      assert.ok(preflights.length >= 2, `the first GETs' preflights were seen: ${order.join(', ')}`);
      for (const [o, i] of preflights) assert.ok(i < answered, `${o} left before the session answered, not after: ${order.join(', ')}`);
      assert.equal(chunkOf(sdkFiles, 'pipeline').length, 1, `the pipeline chunk: ${sdkFiles.join(', ')}`);
      for (const other of ['deal-form', 'portal', 'registration-review']) assert.deepEqual(chunkOf(sdkFiles, other), [], `no ${other} code`);
      assert.ok(!sdkFiles.includes('partnerkit.bundle.js'));
      assert.ok(!sdkFiles.some((f) => /icu-messageformat-parser/.test(f)), 'English messages need no parser: parsed at build time');
      const first = await page.evaluate(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('.rows [role="row"][data-id]')!.textContent!);
      assert.match(first, /\d+%/, 'ICU number skeletons (percent) format');
      assert.match(await page.evaluate(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('.statusbar')!.textContent!), /\d+ deals/);
      for (const f of sdkFiles) assert.match(f, /^(partnerkit\.js|(pipeline|shared)\/[\w.-]+\.js)$/, `${f}: from the SDK's own folder`);
      assert.equal(new Set(sdkFiles).size, sdkFiles.length, 'each file fetched once');
      assert.deepEqual(await page.evaluate(() => ['pk-portal', 'pk-deal-form'].map((t) => !!customElements.get(t))), [false, false]);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('the default portal loads its opening section, insights (inside its shadow root), along with it; the pipeline when its tab opens', async () => {
    const { page, sdkFiles, errors, close } = await open('portal.html');
    try {
      await page.waitForFunction(
        () => !!document.querySelector('pk-portal')?.shadowRoot?.querySelector('pk-insights')?.shadowRoot?.querySelector('[part~="kpis"]'),
        { timeout: 15_000 },
      );
      assert.equal(chunkOf(sdkFiles, 'portal').length, 1);
      assert.equal(chunkOf(sdkFiles, 'insights').length, 1);
      // Its messages came with its chunk: words, not keys.
      assert.doesNotMatch(await page.evaluate(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-insights')!.shadowRoot!.textContent!), /insights\./);
      assert.deepEqual(chunkOf(sdkFiles, 'pipeline'), [], 'the pipeline loads when its tab opens');
      await page.evaluate(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector<HTMLElement>('#tab-pipeline')!.click());
      await page.waitForFunction(
        () => !!document.querySelector('pk-portal')?.shadowRoot?.querySelector('pk-pipeline')?.shadowRoot?.querySelector('.rows [role="row"][data-id]'),
        { timeout: 15_000 },
      );
      assert.equal(chunkOf(sdkFiles, 'pipeline').length, 1);
      assert.deepEqual(chunkOf(sdkFiles, 'registration-review'), [], 'a partner rep never loads the review queue');
      // Opening the registration tab loads the deal form then, not before.
      assert.deepEqual(chunkOf(sdkFiles, 'deal-form'), []);
      await page.waitForFunction(() => [...document.querySelector('pk-portal')!.shadowRoot!.querySelectorAll('[role="tab"]')].length > 1, { timeout: 15_000 });
      await page.evaluate(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector<HTMLElement>('#tab-register')!.click());
      await page.waitForFunction(() => !!customElements.get('pk-deal-form'), { timeout: 15_000 });
      assert.equal(chunkOf(sdkFiles, 'deal-form').length, 1);
      // Its messages came with its chunk: words, not keys.
      await page.waitForFunction(
        () => {
          const root = document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-deal-form')?.shadowRoot;
          return !!root && !root.querySelector('[aria-busy="true"]') && (root.textContent ?? '').trim().length > 20;
        },
        { timeout: 15_000 },
      );
      const text = await page.evaluate(() => document.querySelector('pk-portal')!.shadowRoot!.querySelector('pk-deal-form')!.shadowRoot!.textContent!);
      assert.doesNotMatch(text, /dealForm\.|common\./, 'no message key on screen');
      assert.match(text, /Register a deal|rules/i);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('a tag added after load, and one inside a shadow root of the page, are loaded too', async () => {
    const { page, sdkFiles, errors, close } = await open('later.html');
    try {
      await page.waitForFunction(() => !!(globalThis as unknown as Record<symbol, unknown>)[Symbol.for('partnerkit.loader')], { timeout: 15_000 });
      assert.deepEqual(chunkOf(sdkFiles, 'pipeline'), [], 'nothing loaded for a page without tags');
      await page.evaluate((api) => {
        const el = document.createElement('pk-pipeline');
        el.setAttribute('api-url', api);
        el.setAttribute('session-url', '/partnerkit/session');
        document.getElementById('slot')!.append(el);
      }, pk.url);
      assert.ok((await pipelineRowIds(page)).length > 5);
      assert.equal(chunkOf(sdkFiles, 'pipeline').length, 1);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
    const shadow = await open('vendor-shadow.html');
    try {
      await shadow.page.waitForFunction(
        () => !!document.querySelector('vendor-card')?.shadowRoot?.querySelector('pk-pipeline')?.shadowRoot?.querySelector('.rows [role="row"][data-id]'),
        { timeout: 15_000 },
      );
      assert.equal(chunkOf(shadow.sdkFiles, 'pipeline').length, 1);
      assert.deepEqual(shadow.errors, []);
    } finally {
      await shadow.close();
    }
  });

  it('configure() from the script tag applies before the code has arrived, vendor wording included', async () => {
    const { page, sdkFiles, errors, close } = await open('configure.html');
    try {
      assert.ok((await pipelineRowIds(page)).length > 5);
      // Partnerkit's own messages are parsed at build time; a vendor's need the ICU parser, loaded then.
      assert.ok(sdkFiles.some((f) => /^shared\/icu-messageformat-parser-/.test(f)), sdkFiles.join(', '));
      const header = await page.evaluate(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('.header-row [role="columnheader"]')!.textContent!.trim());
      assert.equal(header, 'Account name');
      assert.equal(await page.evaluate(() => (window as unknown as { pkErrors?: unknown[] }).pkErrors?.length ?? 0), 0);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('another locale: its messages and the ICU parser load on demand, side by side', async () => {
    const { page, sdkFiles, errors, close } = await open('de.html');
    try {
      assert.ok((await pipelineRowIds(page)).length > 5);
      assert.ok(sdkFiles.some((f) => /^shared\/de-/.test(f)), sdkFiles.join(', '));
      assert.ok(sdkFiles.some((f) => /^shared\/icu-messageformat-parser-/.test(f)));
      assert.ok(!sdkFiles.some((f) => /^shared\/(fr|ja|ar|es)-/.test(f)), 'no other locale');
      const header = await page.evaluate(() => document.querySelector('pk-pipeline')!.shadowRoot!.querySelector('.header-row [role="columnheader"]')!.textContent!.trim());
      assert.equal(header, 'Kunde');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('the versioned and the moving URL on one page share the chunks: one definition, no warning', async () => {
    const { page, sdkFiles, errors, warnings, close } = await open('versioned.html');
    try {
      assert.ok((await pipelineRowIds(page)).length > 5);
      assert.ok(sdkFiles.includes(`partnerkit@${version}.js`));
      assert.equal(chunkOf(sdkFiles, 'pipeline').length, 1, 'the pipeline chunk once');
      assert.deepEqual(warnings.filter((w) => /already defined/.test(w)), []);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('an element whose code arrives before its <pk-portal>’s waits for the portal’s settings (no configuration error)', async () => {
    const { page, errors, close } = await openPage(browser);
    try {
      await page.setRequestInterception(true);
      // The portal's chunk comes a second after the pipeline's.
      page.on('request', (r) => (/\/sdk\/portal\/pk-portal-/.test(r.url()) ? setTimeout(() => r.continue(), 1000) : r.continue()));
      await page.goto(`${vendor.url}/login?user=u_nw_rep&to=/p/portal-children.html`);
      assert.ok((await pipelineRowIds(page)).length > 5);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { pkErrors: unknown[] }).pkErrors), [], 'no pk-error on the way');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('an element whose code cannot be fetched fires pk-error, and loads when its tag next appears', async () => {
    const { page, errors, close } = await openPage(browser);
    try {
      let block = true;
      await page.setRequestInterception(true);
      page.on('request', (r) => (block && /\/sdk\/pipeline\/pk-pipeline-/.test(r.url()) ? r.abort('connectionrefused') : r.continue()));
      await page.evaluateOnNewDocument(() => {
        (window as unknown as { sdkErrors: unknown[] }).sdkErrors = [];
        document.addEventListener('pk-error', (e) => (window as unknown as { sdkErrors: unknown[] }).sdkErrors.push((e as CustomEvent).detail));
      });
      await page.goto(`${vendor.url}/login?user=u_nw_rep&to=/p/pipeline.html`);
      await page.waitForFunction(() => (window as unknown as { sdkErrors: unknown[] }).sdkErrors.length > 0, { timeout: 15_000 });
      const detail = await page.evaluate(() => (window as unknown as { sdkErrors: Array<{ kind: string; detail: string }> }).sdkErrors[0]);
      assert.equal(detail.kind, 'network');
      assert.match(detail.detail, /<pk-pipeline>/);
      block = false;
      await page.evaluate((api) => {
        const el = document.createElement('pk-pipeline');
        el.setAttribute('api-url', api);
        el.setAttribute('session-url', '/partnerkit/session');
        document.body.replaceChildren(el);
      }, pk.url);
      assert.ok((await pipelineRowIds(page)).length > 5);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('partnerkit.bundle.js works alone, in one request', async () => {
    const { page, sdkFiles, errors, close } = await open('bundle.html');
    try {
      assert.ok((await pipelineRowIds(page)).length > 5);
      assert.deepEqual(sdkFiles, ['partnerkit.bundle.js']);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
