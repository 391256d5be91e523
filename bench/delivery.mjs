#!/usr/bin/env node
// What the script tag costs a vendor's page, measured in Chromium (puppeteer-core) on one plain
// host page with and without the SDK, against the real reference server (built, PGlite, 127.0.0.1):
//
//   none      the host page alone (the baseline)
//   pipeline  the same page with the script tag and one <pk-pipeline>
//   portal    the same page with the script tag and an empty <pk-portal> (the full default portal,
//             which opens on insights: its "first row" is the first figure shown)
//
// For each: bytes transferred before the first deal row is on screen (everything, and the part
// that is Partnerkit's: SDK + API), cumulative layout shift (PerformanceObserver `layout-shift`,
// on a phone and on a desktop viewport), total blocking time at 4× CPU (`longtask` observer:
// the sum over 50 ms of every long task until the first row, plus 1 s), and the time to the first
// deal row at 4× CPU with slow 4G (CDP Network.emulateNetworkConditions: 150 ms round trip,
// 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up, as Lighthouse's mobile profile), cold cache: a
// fresh browser context per run, as a first visit (DISABLE_CACHE=1 also turns on DevTools'
// "Disable cache", which no visitor has: it also bypasses the browser's CORS preflight cache).
// Each figure is the median of RUNS runs (default 3). A figure, never a test: nothing fails here
// except a broken page. Usage: node bench/delivery.mjs [runs]   (needs `npm run build`)
// ENCODING=gzip sends that Accept-Encoding (bytes as a browser without brotli gets them).
// DEBUG_NET=1 prints each throttled run's request waterfall, DEBUG_SHIFTS=1 the layout shifts and
// their sources, DEBUG_TASKS=1 the long tasks, DEBUG_PROFILE=1 where the main thread's time goes until
// the first row (CPU profile: self time per function and per file); DEBUG_TRACE=1 each task over 40 ms
// until the first row + 1 s (Chromium trace) with what ran in it (with DEBUG_PROFILE=1 too: the
// functions, by self and by inclusive time); PK_SERVER_DIST=<dir> measures another server build.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const RUNS = Number(process.argv[2] ?? process.env.RUNS ?? 3);
const AIMS = { firstRowMs: 1200, cls: 0.02, tbtAddedMs: 50, sdkKb: 30 };
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 };
const PHONE = { width: 412, height: 823, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const DESKTOP = { width: 1350, height: 940, deviceScaleFactor: 1 };

// PK_SERVER_DIST=/path/to/server/dist measures another build (e.g. main's, for a before/after).
// The server serves the SDK of its own package (`<package>/dist/sdk`, next to the server build):
// for another SDK, the other build must sit in a folder of its own with a copy of
// server/package.json, or the before/after compares this SDK with itself.
const { startServer } = await import(new URL(`${process.env.PK_SERVER_DIST ?? new URL('../server/dist', import.meta.url).pathname}/index.js`, 'file:///').href);
const dataDir = mkdtempSync(join(tmpdir(), 'pk-delivery-'));
const secretKey = 'bench_secret_key_0123456789';
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, secretKey, demo: false });
// Two origins, as on a vendor's site: the page on 127.0.0.1, Partnerkit on localhost (CORS and all).
const pkUrl = server.url.replace('127.0.0.1', 'localhost');

const bodies = {
  none: '',
  pipeline: `<pk-pipeline api-url="${pkUrl}" session-url="/partnerkit/session"></pk-pipeline>`,
  portal: `<pk-portal api-url="${pkUrl}" session-url="/partnerkit/session"></pk-portal>`,
};
const filler = (n) =>
  Array.from({ length: n }, (_, i) => `<p>Partner news ${i + 1}: our spring enablement sessions are open for registration; bring your sales engineers and your toughest deal.</p>`).join('\n');
function hostPage(kind) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme partner site</title>
<link rel="stylesheet" href="/site.css">
${kind === 'none' ? '' : `<script type="module" src="${pkUrl}/sdk/partnerkit.js"></script>`}
</head>
<body>
<header><strong>Acme</strong> partner site · <a href="/">Home</a> · <a href="/">Training</a> · <a href="/">Support</a></header>
<main>
<h1>Your deals with Acme</h1>
<p>Register new opportunities, follow the ones you registered, and see when their protection ends.</p>
${bodies[kind]}
<h2>News</h2>
${filler(12)}
</main>
<footer>© Acme · <a href="/">Partner terms</a></footer>
</body>
</html>`;
}
// The host page's own style sheet, with the one rule the README asks of a vendor: hold the
// elements' space until the SDK has arrived (a module script runs after the first paint).
const SITE_CSS = 'pk-portal:not(:defined),pk-pipeline:not(:defined){display:block;min-height:100vh}body{margin:0 auto;max-width:1200px;padding:0 16px;font:16px/1.5 Georgia,serif}header{padding:12px 0;border-bottom:1px solid #ccc}footer{padding:24px 0;color:#555}';

async function mint() {
  const r = await fetch(`${server.url}/v1/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: 'u_nw_rep', partnerId: 'p_northwind', role: 'partner_user', name: 'Ada Rep' }),
  });
  if (r.status !== 201) throw new Error(`POST /v1/sessions → ${r.status}`);
  return r.text();
}

const vendor = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://vendor');
  if (url.pathname === '/partnerkit/session' && req.method === 'POST') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    return res.end(await mint());
  }
  if (url.pathname === '/site.css') {
    res.writeHead(200, { 'Content-Type': 'text/css' });
    return res.end(SITE_CSS);
  }
  const kind = url.pathname.slice(1) || 'none';
  if (!(kind in bodies)) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(hostPage(kind));
});
await new Promise((resolve) => vendor.listen(0, '127.0.0.1', resolve));
const vendorUrl = `http://127.0.0.1:${vendor.address().port}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
});

/** Installed before the page's own scripts: layout shifts, long tasks, and the first deal row. */
function observe() {
  const w = window;
  w.__pk = { cls: 0, longTasks: [], firstRow: null, shifts: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      w.__pk.cls += e.value;
      const r = (x) => `${Math.round(x.y)}+${Math.round(x.height)}`;
      w.__pk.shifts.push(`${Math.round(e.startTime)}ms ${e.value.toFixed(3)} ${e.sources.map((s) => `${s.node?.nodeName ?? '?'} ${r(s.previousRect)}→${r(s.currentRect)}`).join(', ')}`);
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__pk.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  // The first deal row of <pk-pipeline> (shown before its virtualizer starts, see table.ts); the
  // default portal opens on insights: its first figure.
  const row = () => {
    const pipeline = document.querySelector('pk-pipeline');
    if (pipeline) return pipeline.shadowRoot?.querySelector('[role="grid"] [role="row"][data-id]');
    return document.querySelector('pk-portal')?.shadowRoot?.querySelector('pk-insights')?.shadowRoot?.querySelector('[part~="figure"]');
  };
  const check = () => {
    if (row()) {
      w.__pk.firstRow = performance.now();
      w.__pkFirstRow?.();
    } else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

async function run(kind, { viewport, throttle }) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  try {
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    if (process.env.DISABLE_CACHE) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // ENCODING=gzip: what a browser without brotli gets (the aim is stated in gzip bytes).
    if (process.env.ENCODING) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': process.env.ENCODING } });
    if (throttle) {
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    }
    await page.setViewport(viewport);
    const requests = new Map();
    let bytes = { all: 0, partnerkit: 0, requests: 0 };
    let frozen = null;
    const timeline = [];
    cdp.on('Network.requestWillBeSent', (e) => {
      requests.set(e.requestId, e.request.url);
      timeline.push([e.timestamp, 'start', e.request.method, e.request.url]);
    });
    cdp.on('Network.responseReceived', (e) => timeline.push([e.timestamp, 'response', '', requests.get(e.requestId)]));
    cdp.on('Network.loadingFinished', (e) => {
      const url = requests.get(e.requestId) ?? '';
      timeline.push([e.timestamp, 'finished', `${(e.encodedDataLength / 1024).toFixed(1)}KB`, url]);
      bytes.all += e.encodedDataLength;
      bytes.requests++;
      if (url.startsWith(pkUrl) || url.includes('/partnerkit/session')) bytes.partnerkit += e.encodedDataLength;
    });
    let firstRowSeen;
    const rowSeen = new Promise((resolve) => (firstRowSeen = resolve));
    await page.exposeFunction('__pkFirstRow', () => {
      frozen ??= { ...bytes };
      firstRowSeen();
    });
    await page.evaluateOnNewDocument(observe);
    const profiling = process.env.DEBUG_PROFILE && throttle && kind !== 'none';
    if (profiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const tracing = process.env.DEBUG_TRACE && throttle && kind !== 'none';
    if (tracing) await page.tracing.start({ categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading'] });
    await page.goto(`${vendorUrl}/${kind}`, { waitUntil: 'load' });
    if (kind === 'none') await new Promise((r) => setTimeout(r, 1500));
    else await Promise.race([rowSeen, new Promise((_, reject) => setTimeout(() => reject(new Error(`${kind}: no deal row after 30 s`)), 30_000))]);
    // Let what follows the first row (the rest of the render, late shifts) happen too.
    await new Promise((r) => setTimeout(r, 1000));
    const cpuProfile = profiling ? (await cdp.send('Profiler.stop')).profile : null;
    if (cpuProfile && !tracing) printProfile(kind, cpuProfile);
    const m = await page.evaluate(() => window.__pk);
    if (tracing) printTasks(kind, JSON.parse(Buffer.from(await page.tracing.stop()).toString()), m.firstRow, cpuProfile);
    const end = (m.firstRow ?? 0) + 1000;
    const tbt = m.longTasks.filter(([start]) => start < end).reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
    if (process.env.DEBUG_SHIFTS) console.log(kind, viewport.width, m.shifts);
    if (process.env.DEBUG_TASKS && throttle) console.log(kind, `first row ${Math.round(m.firstRow)} ms; long tasks [start, ms]:`, m.longTasks.map(([a, d]) => [Math.round(a), Math.round(d)]));
    if (process.env.DEBUG_NET && throttle) {
      const t0 = timeline[0]?.[0] ?? 0;
      console.log(kind, `first row ${Math.round(m.firstRow)} ms`);
      for (const [t, what, method, url] of timeline) console.log(`  ${String(Math.round((t - t0) * 1000)).padStart(6)} ${what.padEnd(8)} ${method.padEnd(7)} ${url.replace(pkUrl, 'PK').replace(vendorUrl, 'HOST').slice(0, 90)}`);
    }
    return { firstRow: m.firstRow, cls: m.cls, tbt, bytes: frozen ?? bytes };
  } finally {
    await context.close();
  }
}

/** Self time per function and per script of a CPU profile (DEBUG_PROFILE=1), the largest first. */
function printProfile(kind, profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const f = n.callFrame;
    const file = (f.url || '(native)').replace(pkUrl, 'PK').replace(vendorUrl, 'HOST');
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    const ms = (deltas[i] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + ms);
    self.set(`FILE ${file}`, (self.get(`FILE ${file}`) ?? 0) + ms);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]);
  console.log(`${kind}: CPU self time until the first row (files, then functions)`);
  for (const [k, ms] of top.filter(([k]) => k.startsWith('FILE ')).slice(0, 12)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${k.slice(5)}`);
  for (const [k, ms] of top.filter(([k]) => !k.startsWith('FILE ')).slice(0, 25)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
}

/**
 * DEBUG_TRACE=1: every task over 40 ms on the page's main thread (start after navigation, length),
 * the trace events in it (script evaluation, timers, microtasks, style, layout, paint) and, with a
 * CPU profile (DEBUG_PROFILE=1, same clock), the functions that ran in it.
 */
function printTasks(kind, trace, firstRow, cpuProfile) {
  const events = trace.traceEvents ?? trace;
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame);
  const main = events.find((e) => e.pid === nav.pid && e.name === 'thread_name' && e.args.name === 'CrRendererMain');
  const mine = events.filter((e) => e.pid === nav.pid && e.tid === main.tid && e.ph === 'X' && e.dur != null).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const short = (f) => `${f.functionName || '(anonymous)'} ${(f.url || '').replace(/.*\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  const samples = [];
  if (cpuProfile) {
    const byId = new Map(cpuProfile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of cpuProfile.nodes) for (const c of n.children ?? []) parent.set(c, n);
    let t = cpuProfile.startTime;
    cpuProfile.samples.forEach((id, i) => {
      t += cpuProfile.timeDeltas[i];
      const stack = [];
      for (let n = byId.get(id); n; n = parent.get(n.id)) if (n.callFrame.functionName !== '(root)') stack.push(n.callFrame);
      samples.push({ t, ms: (cpuProfile.timeDeltas[i + 1] ?? 0) / 1000, stack });
    });
  }
  const label = (e) => {
    const d = e.args?.data ?? {};
    return [e.name, (d.url || '').replace(/.*\//, ''), d.functionName, d.type].filter(Boolean).join(' ');
  };
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(0)} ${k}`).join(' | ');
  console.log(`${kind}: first row ${Math.round(firstRow)} ms; tasks over 40 ms [start, ms] and what ran in them (ms)`);
  for (const task of mine.filter((e) => e.name === 'RunTask' && e.dur > 40_000)) {
    console.log(`  [${Math.round((task.ts - nav.ts) / 1000)}, ${Math.round(task.dur / 1000)}]`);
    const inner = new Map();
    for (const e of mine) {
      if (e === task || e.ts < task.ts || e.ts + e.dur > task.ts + task.dur || e.dur < 2000 || /RunTask|mojo|Scheduler/.test(e.name)) continue;
      inner.set(label(e), (inner.get(label(e)) ?? 0) + e.dur / 1000);
    }
    console.log(`     events: ${top(inner, 10)}`);
    const inTask = samples.filter((x) => x.t >= task.ts && x.t <= task.ts + task.dur);
    if (!inTask.length) continue;
    const self = new Map();
    const inclusive = new Map();
    for (const { stack, ms } of inTask) {
      if (stack[0]) self.set(short(stack[0]), (self.get(short(stack[0])) ?? 0) + ms);
      for (const k of new Set(stack.map(short))) inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
    console.log(`     self: ${top(self, 8)}`);
    console.log(`     inclusive: ${top(new Map([...inclusive].filter(([k]) => !k.startsWith('('))), 10)}`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const results = {};
// PAGES=portal (or pipeline,portal) measures only those pages (for a quick look; "TBT added" then counts from 0).
const pages = process.env.PAGES ? process.env.PAGES.split(',') : Object.keys(bodies);
for (const kind of pages) {
  const phone = [];
  const desktop = [];
  for (let i = 0; i < RUNS; i++) {
    phone.push(await run(kind, { viewport: PHONE, throttle: true }));
    desktop.push(await run(kind, { viewport: DESKTOP, throttle: false }));
  }
  results[kind] = {
    firstRow: kind === 'none' ? null : median(phone.map((r) => r.firstRow)),
    clsPhone: median(phone.map((r) => r.cls)),
    clsDesktop: median(desktop.map((r) => r.cls)),
    tbt: median(phone.map((r) => r.tbt)),
    bytesAll: median(phone.map((r) => r.bytes.all)),
    bytesPk: median(phone.map((r) => r.bytes.partnerkit)),
    requests: median(phone.map((r) => r.bytes.requests)),
  };
}

await browser.close();
await new Promise((resolve) => vendor.close(resolve));
await server.close();
rmSync(dataDir, { recursive: true, force: true });

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => (n == null ? '—' : `${Math.round(n)} ms`);
const mark = (ok) => (ok ? 'ok' : 'OVER');
console.log(`\nDelivery on a host page (Chromium, median of ${RUNS}; phone 412×823 at 4× CPU + slow 4G, cold cache; desktop 1350×940 unthrottled)`);
// Timings (first row, TBT) scale with how busy the machine is: say so next to them.
console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (timings are only comparable at similar load)`);
console.log(`${'page'.padEnd(10)} ${'first row'.padStart(10)} ${'CLS phone'.padStart(10)} ${'CLS desk'.padStart(9)} ${'TBT'.padStart(8)} ${'TBT added'.padStart(10)} ${'bytes to row'.padStart(13)} ${'of which SDK+API'.padStart(17)} ${'requests'.padStart(9)}`);
const baseTbt = results.none?.tbt ?? 0;
for (const [kind, r] of Object.entries(results)) {
  const added = r.tbt - baseTbt;
  console.log(
    `${kind.padEnd(10)} ${ms(r.firstRow).padStart(10)} ${r.clsPhone.toFixed(3).padStart(10)} ${r.clsDesktop.toFixed(3).padStart(9)} ${ms(r.tbt).padStart(8)} ${(kind === 'none' ? '—' : ms(added)).padStart(10)} ${kb(r.bytesAll).padStart(13)} ${kb(r.bytesPk).padStart(17)} ${String(r.requests).padStart(9)}`,
  );
}
console.log(`aims: first row < ${AIMS.firstRowMs} ms, CLS ≤ ${AIMS.cls}, TBT added < ${AIMS.tbtAddedMs} ms, < ${AIMS.sdkKb} KB before the first row`);
for (const kind of ['pipeline', 'portal'].filter((k) => results[k])) {
  const r = results[kind];
  const checks = [
    `first row ${mark(r.firstRow < AIMS.firstRowMs)}`,
    `CLS ${mark(Math.max(r.clsPhone, r.clsDesktop) <= AIMS.cls)}`,
    `TBT ${mark(r.tbt - baseTbt < AIMS.tbtAddedMs)}`,
    `bytes ${mark(r.bytesPk < AIMS.sdkKb * 1024)}`,
  ];
  console.log(`${kind.padEnd(10)} ${checks.join(' · ')}`);
}
