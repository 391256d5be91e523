#!/usr/bin/env node
// <pk-pipeline> against @vaadin/grid, side by side in one Chromium run, fed the same deals from
// memory (no network): time from data to first rows, DOM nodes (shadow roots included), JS heap
// after a garbage collection, and scrolling (frames per second and long tasks while the list is
// scrolled from top to bottom for 3 s). Aim: beat the grid (it measured 125 ms, 1,702 nodes,
// 49 fps on the machine).
// Each case runs RUNS=3 times (the two elements alternating which goes first) and the median of
// each figure is printed.
// Usage: [RUNS=3] node bench/pipeline-render.mjs [sizes=1000,10000]
// Bundles its two pages with esbuild (no `npm run build` needed); @vaadin/grid is a
// devDependency of this benchmark only.
import { build } from 'esbuild';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'pk-bench-'));

/** The same deals for both: made by the component tests' makeDeals. */
const shared = `
import { makeDeals } from ${JSON.stringify(join(root, 'test/components/fake-backend.ts'))};
window.deals = (n) => makeDeals(n);
window.countNodes = (node = document) => {
  let n = 0;
  const walk = (x) => {
    n++;
    if (x.shadowRoot) walk(x.shadowRoot);
    for (let c = x.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(node);
  return n;
};
/** Resolves when predicate() holds, checked every frame; returns ms since start. */
window.until = (predicate, start) =>
  new Promise((resolve) => {
    const tick = () => (predicate() ? resolve(performance.now() - start) : requestAnimationFrame(tick));
    tick();
  });
/** Scrolls el from top to bottom over ms, counting frames and long tasks. */
window.scrollRun = (el, ms = 3000) =>
  new Promise((resolve) => {
    const long = [];
    const obs = new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)));
    obs.observe({ type: 'longtask', buffered: false });
    const start = performance.now();
    let frames = 0;
    const max = el.scrollHeight - el.clientHeight;
    const step = () => {
      const t = performance.now() - start;
      frames++;
      el.scrollTop = Math.min(max, (t / ms) * max);
      if (t < ms) requestAnimationFrame(step);
      else {
        obs.disconnect();
        resolve({ fps: (frames * 1000) / t, longTasks: long.length, longestTask: Math.max(0, ...long) });
      }
    };
    requestAnimationFrame(step);
  });
`;

const pkEntry = `${shared}
import ${JSON.stringify(join(root, 'components/pipeline/define.ts'))};
import { FakeBackend } from ${JSON.stringify(join(root, 'test/components/fake-backend.ts'))};
import { configure } from ${JSON.stringify(join(root, 'src/context/config.ts'))};
window.run = async (n) => {
  const backend = new FakeBackend(window.deals(n));
  configure({ backend });
  await customElements.whenDefined('pk-pipeline');
  const start = performance.now();
  const el = document.createElement('pk-pipeline');
  el.setAttribute('page-size', '100');
  el.setAttribute('hide-filters', '');
  document.body.append(el);
  const firstRows = await window.until(() => el.shadowRoot?.querySelector('[role="grid"] [role="row"][data-id]'), start);
  await new Promise((r) => setTimeout(r, 300));
  return { firstRows, scroller: 'pk' };
};
window.scroller = () => document.querySelector('pk-pipeline').shadowRoot.querySelector('.scroller');
`;

const gridEntry = `${shared}
import '@vaadin/grid/vaadin-grid.js';
import '@vaadin/grid/vaadin-grid-column.js';
const fmt = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const rel = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const COLUMNS = [
  ['Customer', (d) => d.customer.company + ' · ' + d.customer.domain],
  ['Stage', (d) => d.stage + ' · ' + d.motion],
  ['Registration', (d) => d.status + ' · until ' + (d.protection ? d.protection.endsAt.slice(0, 10) : '')],
  ['Owner', (d) => d.owner + ' · ' + d.attribution.type + ' ' + d.attribution.percent + '%'],
  ['Next step', (d) => d.nextStep ?? 'None set'],
  ['Amount', (d) => fmt.format(d.amount.value) + ' · close ' + d.expectedCloseDate],
  ['Last activity', (d) => rel.format(Math.round((Date.parse(d.lastActivityAt) - Date.now()) / 3600000), 'hour')],
];
window.run = async (n) => {
  const items = window.deals(n);
  await customElements.whenDefined('vaadin-grid');
  const start = performance.now();
  const grid = document.createElement('vaadin-grid');
  grid.style.height = '36rem';
  for (const [header, text] of COLUMNS) {
    const col = document.createElement('vaadin-grid-column');
    col.header = header;
    col.renderer = (root, _c, model) => { root.textContent = text(model.item); };
    grid.append(col);
  }
  grid.items = items;
  document.body.append(grid);
  const firstRows = await window.until(() => grid.querySelector('vaadin-grid-cell-content')?.textContent, start);
  await new Promise((r) => setTimeout(r, 300));
  return { firstRows };
};
window.scroller = () => document.querySelector('vaadin-grid').shadowRoot.querySelector('#table');
`;

for (const [name, contents] of [['pk', pkEntry], ['grid', gridEntry]]) {
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: `${name}.ts` },
    entryNames: name,
    bundle: true,
    format: 'esm',
    minify: !process.env.PROFILE,
    target: 'es2022',
    tsconfig: join(root, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    // Split like the real build: what loads on demand (the virtualizer, the board, the deal
    // panel, other locales, the ICU parser…) is its own file, fetched only when imported, not
    // parsed into the page's heap up front.
    splitting: true,
    outdir: join(dir, name),
    chunkNames: 'chunk-[hash]',
    logLevel: 'error',
  });
  await writeFile(join(dir, `${name}.html`), `<!doctype html><html lang="en"><meta charset="utf-8"><body style="margin:0;font:15px system-ui"><script type="module" src="${name}/${name}.js"></script></body></html>`);
}

const server = createServer(async (req, res) => {
  try {
    const file = join(dir, new URL(req.url, 'http://x').pathname.replace(/^\/+/, ''));
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--js-flags=--expose-gc'],
  defaultViewport: { width: 1280, height: 900 },
});

/** With PROFILE=pk (or grid): the 25 functions that took the most time, as self time. */
async function startProfile(cdp, kind) {
  if (process.env.PROFILE !== kind) return;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}
async function printProfile(cdp, kind, what) {
  if (process.env.PROFILE !== kind) return;
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
  const byName = new Map();
  for (const node of profile.nodes) {
    const key = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  console.log(`-- ${kind} ${what}, self time:`);
  console.log([...byName].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(1)} ms  ${k}`).join('\n'));
}

async function measure(kind, n) {
  const page = await browser.newPage();
  await page.goto(`${base}/${kind}.html`);
  await page.waitForFunction(() => typeof window.run === 'function');
  await page.evaluate((count) => { window.data = window.deals(count); }, n); // warm the JIT on the data
  const cdp = await page.createCDPSession();
  await startProfile(cdp, kind);
  const { firstRows } = await page.evaluate((count) => window.run(count), n);
  await printProfile(cdp, kind, 'first rows (and 300 ms after)');
  const nodes = await page.evaluate(() => window.countNodes());
  await page.evaluate(() => { window.data = null; });
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await startProfile(cdp, kind);
  const scroll = await page.evaluate(() => window.scrollRun(window.scroller()));
  await printProfile(cdp, kind, 'scrolling');
  const nodesAfter = await page.evaluate(() => window.countNodes());
  await page.close();
  return { firstRows, nodes, nodesAfter, heapMB: usedSize / 1048576, ...scroll };
}

const pad = (s, n) => String(s).padEnd(n);
/** Runs per case; the median of each figure is printed (the run of median first-rows time for the rest). */
const RUNS = Number(process.env.RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`median of ${RUNS} runs per case, the two elements alternating which goes first`);
console.log(pad('deals', 8) + pad('element', 16) + pad('first rows', 12) + pad('DOM nodes', 11) + pad('after scroll', 14) + pad('heap', 10) + pad('scroll fps', 12) + 'long tasks (longest)');
try {
  for (const n of sizes) {
    const kinds = [['<pk-pipeline>', 'pk'], ['<vaadin-grid>', 'grid']];
    const results = { pk: [], grid: [] };
    for (let run = 0; run < RUNS; run++) {
      // Alternate which element goes first, so neither always gets the warmer (or colder) browser.
      for (const [, kind] of run % 2 ? [...kinds].reverse() : kinds) results[kind].push(await measure(kind, n));
    }
    for (const [label, kind] of kinds) {
      const rs = results[kind];
      const m = (key) => median(rs.map((r) => r[key]));
      const longest = median(rs.map((r) => r.longestTask));
      console.log(
        pad(n.toLocaleString('en'), 8) + pad(label, 16) + pad(`${m('firstRows').toFixed(0)} ms`, 12) + pad(m('nodes').toLocaleString('en'), 11) +
          pad(m('nodesAfter').toLocaleString('en'), 14) + pad(`${m('heapMB').toFixed(1)} MB`, 10) + pad(m('fps').toFixed(0), 12) + `${m('longTasks')} (${longest.toFixed(0)} ms)`,
      );
    }
  }
} finally {
  await browser.close();
  server.close();
  if (process.env.PROFILE) console.log(`bundles kept in ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
