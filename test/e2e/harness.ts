/**
 * End-to-end harness: the real reference server on a real (PGlite) database, a separate
 * "vendor" web server on another origin that plays the vendor's own site (its login cookie and
 * its session endpoint that calls POST /v1/sessions with the secret key), and Debian's Chromium.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { DEMO_USERS, startServer, type RunningServer } from '../../server/index.js';

export const SECRET_KEY = 'e2e_secret_key_0123456789abcdef';

export interface Partnerkit {
  running: RunningServer;
  url: string;
  close(): Promise<void>;
}

export async function startPartnerkit(options: { sessionTtlSeconds?: number } = {}): Promise<Partnerkit> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pk-e2e-'));
  const running = await startServer({ port: 0, host: '127.0.0.1', dataDir, secretKey: SECRET_KEY, demo: true, ...options });
  return {
    running,
    url: running.url,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Mints a session directly (what a vendor's server does). */
export async function mintSession(apiUrl: string, userId: string): Promise<{ token: string; expiresAt: string }> {
  const user = DEMO_USERS.find((u) => u.id === userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  const res = await fetch(`${apiUrl}/v1/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: user.id, partnerId: user.partnerId, role: user.role, name: user.name }),
  });
  if (res.status !== 201) throw new Error(`POST /v1/sessions → ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; expiresAt: string };
}

/** All deal ids a user may see, walking every page through the API. */
export async function visibleDealIds(apiUrl: string, userId: string): Promise<Set<string>> {
  const { token } = await mintSession(apiUrl, userId);
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const qs: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await fetch(`${apiUrl}/v1/deals?${qs}`, { headers: { Authorization: `Bearer ${token}` } });
    const page = (await res.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
    for (const d of page.items) ids.add(d.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** A file under `dir` for a URL path (`index.html` for a folder), never outside `dir`. */
function staticFile(dir: string, urlPath: string): { type: string; body: Buffer } | null {
  const file = resolve(dir, decodeURIComponent(urlPath) || 'index.html');
  if (!file.startsWith(resolve(dir) + sep) || !existsSync(file)) return null;
  return { type: STATIC_TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) };
}

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

/** Serves a built folder (e.g. the Storybook build) on 127.0.0.1. */
export async function startStaticSite(dir: string): Promise<StaticSite> {
  const server: Server = createHttpServer((req, res) => {
    const file = staticFile(dir, new URL(req.url ?? '/', 'http://static').pathname.slice(1));
    res.writeHead(file ? 200 : 404, file ? { 'Content-Type': file.type } : {});
    res.end(file?.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * The vendor's own login and session endpoint: `GET /login?user=ID&to=/path` sets the vendor's
 * login cookie; `POST /partnerkit/session` turns it into a Partnerkit session (the secret key
 * stays on the server). Answers and returns true for those two paths.
 */
async function vendorAuth(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  apiUrl: string,
  transformSession?: (s: { token: string; expiresAt: string }) => { token: string; expiresAt: string },
): Promise<boolean> {
  if (url.pathname === '/login') {
    const to = url.searchParams.get('to')?.startsWith('/') ? url.searchParams.get('to')! : '/';
    res.writeHead(302, { 'Set-Cookie': `vendor_user=${url.searchParams.get('user')}; Path=/; HttpOnly; SameSite=Lax`, Location: to });
    res.end();
    return true;
  }
  if (url.pathname !== '/partnerkit/session' || req.method !== 'POST') return false;
  const user = /(?:^|;\s*)vendor_user=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (!user) {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end('{"error":"not signed in"}');
    return true;
  }
  try {
    let session = await mintSession(apiUrl, decodeURIComponent(user));
    if (transformSession) session = transformSession(session);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(session));
  } catch (error) {
    res.writeHead(500);
    res.end(String(error));
  }
  return true;
}

export interface VendorSite {
  url: string;
  /** How many times the page asked the vendor for a Partnerkit session. */
  sessionRequests: number;
  close(): Promise<void>;
}

/**
 * A plain vendor site on its own origin. `GET /login?user=ID` sets the vendor's own login
 * cookie; `POST /partnerkit/session` turns that login into a Partnerkit session.
 */
export async function startVendorSite(options: {
  sdkUrl: string;
  apiUrl: string;
  /** Lets a test distort what the vendor hands to the page (e.g. a wrong expiry). */
  transformSession?: (s: { token: string; expiresAt: string }) => { token: string; expiresAt: string };
  /** Built apps to serve as static files: `/<name>/…` from each folder (`{{API_URL}}` filled in HTML). */
  apps?: Record<string, string>;
}): Promise<VendorSite> {
  const template = readFileSync(new URL('./fixtures/vendor-page.html', import.meta.url), 'utf8');
  const page = template.replaceAll('{{SDK_URL}}', options.sdkUrl).replaceAll('{{API_URL}}', options.apiUrl);
  const site: VendorSite = { url: '', sessionRequests: 0, close: async () => {} };
  const server: Server = createHttpServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://vendor');
    if (url.pathname === '/partnerkit/session' && req.method === 'POST') site.sessionRequests++;
    if (await vendorAuth(req, res, url, options.apiUrl, options.transformSession)) return;
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(page);
    }
    const [, app, rest] = /^\/([^/]+)\/(.*)$/.exec(url.pathname) ?? [];
    const appDir = app ? options.apps?.[app] : undefined;
    const file = appDir ? staticFile(appDir, rest ?? '') : null;
    if (file) {
      res.writeHead(200, { 'Content-Type': file.type });
      return res.end(file.type.startsWith('text/html') ? file.body.toString('utf8').replaceAll('{{API_URL}}', options.apiUrl) : file.body);
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // 127.0.0.1 for the vendor, localhost for Partnerkit: two origins, so CORS is exercised.
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** A fresh, isolated browser context (own cookies) with page errors collected. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  return { page, errors, close: () => context.close() };
}

/** Ids of the rows the pipeline currently shows (waits for at least one). */
/** The deal ids of the rows `<pk-pipeline>` renders now (only those in view: the list is virtualized). */
function renderedRowIds(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelector('pk-pipeline')!.shadowRoot!.querySelectorAll('.rows [role="row"][data-id]')].map((r) => r.getAttribute('data-id')!));
}

/**
 * Scrolls `<pk-pipeline>`'s list down by most of a view at a time, as a user would, until a row
 * not in `seen` is rendered (a keyset page arrived) or `timeout` passes; returns the rendered rows.
 */
export async function scrollPipelineForMore(page: Page, seen: ReadonlySet<string>, timeout = 15_000): Promise<string[]> {
  await page
    .waitForFunction(
      (known: string[]) => {
        const root = document.querySelector('pk-pipeline')!.shadowRoot!;
        const ids = [...root.querySelectorAll('.rows [role="row"][data-id]')].map((r) => r.getAttribute('data-id')!);
        if (ids.some((id) => !known.includes(id))) return true;
        const scroller = root.querySelector<HTMLElement>('.scroller')!;
        scroller.scrollTop += Math.max(100, scroller.clientHeight * 0.8);
        return false;
      },
      { timeout, polling: 250 },
      [...seen],
    )
    .catch(() => undefined);
  return renderedRowIds(page);
}

/** Every deal id of `<pk-pipeline>`'s list, scrolled through from top to bottom. */
export async function walkPipeline(page: Page): Promise<Set<string>> {
  const seen = new Set(await pipelineRowIds(page));
  for (;;) {
    const before = seen.size;
    for (const id of await scrollPipelineForMore(page, seen, 4_000)) seen.add(id);
    if (seen.size === before) return seen;
  }
}

export async function pipelineRowIds(page: Page, selector = 'pk-pipeline'): Promise<string[]> {
  await page.waitForFunction(
    (sel) => {
      const root = document.querySelector(sel)?.shadowRoot;
      return !!root && root.querySelectorAll('.rows [role="row"][data-id]').length > 0 && !root.querySelector('[aria-busy="true"]');
    },
    { timeout: 15_000 },
    selector,
  );
  return page.evaluate(
    (sel) => [...document.querySelector(sel)!.shadowRoot!.querySelectorAll('.rows [role="row"][data-id]')].map((tr) => tr.getAttribute('data-id')!),
    selector,
  );
}

export async function shadowText(page: Page, selector: string, inner: string): Promise<string> {
  return page.evaluate((s, i) => document.querySelector(s)?.shadowRoot?.querySelector(i)?.textContent ?? '', selector, inner);
}

export interface PagesSite {
  url: string;
  close(): Promise<void>;
}

/**
 * A vendor site serving the given pages (path → HTML, extra headers such as a CSP) on its own
 * origin, with the same login cookie (`/login?user=ID&to=/path`) and `POST /partnerkit/session`
 * as startVendorSite.
 */
export async function startPagesSite(options: { apiUrl: string; pages: Record<string, { html: string; headers?: Record<string, string> }> }): Promise<PagesSite> {
  const server: Server = createHttpServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://vendor');
    if (await vendorAuth(req, res, url, options.apiUrl)) return;
    const page = options.pages[url.pathname];
    if (page) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...page.headers });
      return res.end(page.html);
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The real server, a vendor site of another origin serving `pages` (given the SDK and API URLs), and Chromium. */
export async function startPagesE2e(
  pages: (sdk: string, api: string) => Record<string, { html: string; headers?: Record<string, string> }>,
): Promise<{ pk: Partnerkit; site: PagesSite; browser: Browser; close(): Promise<void> }> {
  const pk = await startPartnerkit();
  const site = await startPagesSite({ apiUrl: pk.url, pages: pages(`${pk.url}/sdk/partnerkit.js`, pk.url) });
  const browser = await launchBrowser();
  return {
    pk,
    site,
    browser,
    async close() {
      await browser.close();
      await site.close();
      await pk.close();
    },
  };
}

/**
 * Waits for the element at the end of a path of selectors (each step searched inside the
 * previous element's shadow root, or the element itself for light-DOM children) to satisfy
 * `predicate` (source of a function of the element; by default: it exists).
 */
export async function waitDeep(p: Page, path: string[], predicate = '(el) => !!el', timeout = 20_000): Promise<void> {
  await p.waitForFunction(
    (path, predicate) => {
      let scope: ParentNode | null = document;
      let el: Element | null = null;
      for (const sel of path) {
        el = scope?.querySelector(sel) ?? null;
        scope = el?.shadowRoot ?? el;
      }
      return (new Function(`return (${predicate})`)() as (e: Element | null) => boolean)(el);
    },
    { timeout },
    path,
    predicate,
  );
}

/** Clicks the element at the end of a path of selectors (see `waitDeep`), once it exists. */
export async function clickDeep(p: Page, path: string[]): Promise<void> {
  await waitDeep(p, path);
  await p.evaluate((path) => {
    let scope: ParentNode | null = document;
    let el: Element | null = null;
    for (const sel of path) {
      el = scope?.querySelector(sel) ?? null;
      scope = el?.shadowRoot ?? el;
    }
    (el as HTMLElement).click();
  }, path);
}
