/**
 * Partnerkit as npm users get it (needs `npm run build`): both packages are packed (`npm pack`)
 * and installed from their tarballs into fresh folders (offline, from npm's cache; see
 * offline-install.ts). A React 19 app and a Vue 3 app (test/e2e/fixtures/, the README's
 * snippets, each given app-index.html as its page) import only `partnerkit/pipeline`, are type-checked with tsc / vue-tsc against the
 * shipped JSX and GlobalComponents types, and built by Vite for production. The reference
 * server runs from the installed `partnerkit-server` tarball; a vendor site serves the built
 * apps; Chromium must see `<pk-pipeline>` upgrade and render the signed-in partner's rows.
 */
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { build } from 'vite';
import { SECRET_KEY, launchBrowser, openPage, pipelineRowIds, startVendorSite, visibleDealIds, type VendorSite } from './harness.js';
import { installOffline, lockedDependencies, pack, packedManifest } from './offline-install.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so the apps resolve react, vue and vite from its node_modules; the
// apps' own folder (`consumer/`) holds only what `npm install partnerkit` put there.
const work = join(root, '.tmp', 'npm-apps');
const consumer = join(work, 'consumer');
const APPS = ['react', 'vue'] as const;
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = promisify(execFile);
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

/** Every installed package folder under a node_modules (scoped ones as `@scope/name`). */
function installedPackages(dir: string): string[] {
  const nm = join(dir, 'node_modules');
  return readdirSync(nm)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? readdirSync(join(nm, n)).map((s) => `${n}/${s}`) : [n]));
}

/** Starts the installed `partnerkit-server` command; resolves with its base URL. */
function startInstalledServer(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(dir, 'node_modules', 'partnerkit-server', 'dist', 'main.js')], {
    cwd: dir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), PARTNERKIT_SECRET_KEY: SECRET_KEY, PARTNERKIT_DEMO: '0', NODE_ENV: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const port = /API base: +http:\/\/[^:]+:(\d+)\/v1/.exec(out)?.[1];
      if (port) resolve({ url: `http://localhost:${port}`, child });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => reject(new Error(`partnerkit-server exited (${code}): ${out}`)));
  });
}

describe('npm packages in React 19 and Vue 3 apps built with Vite', () => {
  let server: { url: string; child: ChildProcess } | undefined;
  let vendor: VendorSite;
  let browser: Browser;
  const sizes: Record<string, { min: number; gzip: number }> = {};

  before(async () => {
    rmSync(work, { recursive: true, force: true });
    installOffline(consumer, pack(work));
    installOffline(join(work, 'server'), pack(work, 'server'));
    const page = readFileSync(join(root, 'test', 'e2e', 'fixtures', 'app-index.html'), 'utf8');
    for (const app of APPS) {
      cpSync(join(root, 'test', 'e2e', 'fixtures', `${app}-app`), join(consumer, app), { recursive: true });
      const entry = app === 'react' ? '/src/main.tsx' : '/src/main.ts';
      writeFileSync(join(consumer, app, 'index.html'), page.replace('{{APP}}', app === 'react' ? 'React' : 'Vue').replace('{{ENTRY}}', entry));
    }
  });

  after(async () => {
    await browser?.close();
    await vendor?.close();
    if (server && server.child.exitCode === null) {
      const exited = new Promise((r) => server!.child.once('exit', r));
      server.child.kill('SIGTERM');
      await exited;
    }
    if (process.env.KEEP_NPM_APPS !== '1') rmSync(work, { recursive: true, force: true });
  });

  it('npm install partnerkit brings browser packages only', () => {
    const installed = installedPackages(consumer).sort();
    for (const p of ['@electric-sql/pglite', 'pg', 'hono', '@hono/node-server', 'jose', 'partnerkit-server']) assert.ok(!installed.includes(p), `${p} is not installed`);
    // Exactly partnerkit and its browser dependencies' tree (at the repository's locked versions).
    const expected = Object.keys(lockedDependencies(packedManifest(join(work, `partnerkit-${version}.tgz`))))
      .filter((k) => !k.includes('/node_modules/', 1))
      .map((k) => k.slice('node_modules/'.length));
    assert.deepEqual(installed, [...expected, 'partnerkit'].sort(), `installed: ${installed.join(', ')}`);
  });

  it('the shipped React and Vue types check the README snippets (tsc, vue-tsc), refusals included', async () => {
    // Each fixture also holds lines the types must refuse (@ts-expect-error / @vue-expect-error):
    // a missing or loose type fails the check as surely as a wrong one.
    const checks = await Promise.allSettled([
      run(bin('tsc'), ['-p', join(consumer, 'react', 'tsconfig.json')], { cwd: join(consumer, 'react') }),
      run(bin('vue-tsc'), ['-p', join(consumer, 'vue', 'tsconfig.json')], { cwd: join(consumer, 'vue') }),
    ]);
    for (const [i, c] of checks.entries()) {
      if (c.status === 'rejected') {
        const e = c.reason as { stdout?: string; stderr?: string; message: string };
        assert.fail(`${APPS[i]} type check failed:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
      }
    }
  });

  it('production builds keep every registration; the script-tag bundle is not pulled in', async () => {
    for (const app of APPS) {
      const dir = join(consumer, app);
      await build({ root: dir, configFile: join(dir, 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
      const assets = join(dir, 'dist', 'assets');
      const js = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(assets, f)));
      const code = Buffer.concat(js).toString('utf8');
      assert.match(code, /customElements\.define/, `${app}: the production build registers the element`);
      assert.ok(code.includes('"pk-pipeline"') || code.includes("'pk-pipeline'") || code.includes('`pk-pipeline`'), `${app}: pk-pipeline is defined`);
      assert.ok(!code.includes('"pk-portal"'), `${app}: importing partnerkit/pipeline does not bring pk-portal`);
      sizes[app] = { min: js.reduce((n, b) => n + b.length, 0), gzip: js.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0) };
    }
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    for (const [app, s] of Object.entries(sizes)) console.log(`# ${app} app, only partnerkit/pipeline imported: ${kb(s.min)} min, ${kb(s.gzip)} gzip (all JS)`);
  });

  it('in Chromium, <pk-pipeline> upgrades and renders the partner’s rows in both apps, served by the installed partnerkit-server', async () => {
    assert.ok(existsSync(join(consumer, 'react', 'dist', 'index.html')) && existsSync(join(consumer, 'vue', 'dist', 'index.html')), 'apps built');
    server = await startInstalledServer(join(work, 'server'));
    const sdk = await fetch(`${server.url}/sdk/partnerkit.js`);
    assert.equal(sdk.status, 200, 'the installed server serves the SDK it ships');
    vendor = await startVendorSite({
      sdkUrl: `${server.url}/sdk/partnerkit.js`,
      apiUrl: server.url,
      apps: Object.fromEntries(APPS.map((a) => [a, join(consumer, a, 'dist')])),
    });
    browser = await launchBrowser();
    const mine = await visibleDealIds(server.url, 'u_nw_rep');
    for (const app of APPS) {
      const { page, errors, close } = await openPage(browser);
      // The list reads keyset pages of `page-size` deals as it fills its view: every page asked for is 10.
      const limits: string[] = [];
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (url.pathname.endsWith('/v1/deals')) limits.push(url.searchParams.get('limit') ?? '');
      });
      try {
        await page.goto(`${vendor.url}/login?user=u_nw_rep&to=/${app}/`);
        const ids = await pipelineRowIds(page);
        assert.ok(ids.length > 0, `${app}: rows shown`);
        assert.ok(limits.length > 0 && limits.every((l) => l === '10'), `${app}: the page-size set through the framework applies (limits asked: ${limits.join(', ')})`);
        for (const id of ids) assert.ok(mine.has(id), `${app}: ${id} is one of the partner's deals`);
        const upgraded = await page.evaluate(() => {
          const el = document.querySelector('pk-pipeline');
          return !!el && customElements.get('pk-pipeline') === el.constructor && (el as HTMLElement & { motion?: string }).motion === 'reseller';
        });
        assert.ok(upgraded, `${app}: the element is upgraded, with the framework's property`);
        assert.deepEqual(errors, [], `${app}: no page errors`);
      } finally {
        await close();
      }
    }
  });
});
