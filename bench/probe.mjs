#!/usr/bin/env node
// Hardening probe (issue 8): what one hostile client does to the reference server.
//
//   node bench/probe.mjs [--root <repository>] [--attempts 3000]
//
// Starts the server from source (`node --import tsx server/main.ts` in --root, default this
// repository) on 127.0.0.1 with a fresh PGlite directory and the demo key, then:
//   1. POSTs a 10 MiB body of nested arrays to /demo/session (once, then four at once) while a
//      poller GETs /healthz back to back: how long /healthz stalls, how much the server's
//      resident memory grows (VmRSS before → peak VmRSS sampled every 5 ms, from /proc), and
//      what the attack got.
//   2. Sends wrong-key POST /v1/sessions (at most --attempts, at most 10 s, 8 in flight): how
//      many ran, at what rate, and after how many the first 429 came.
// Only ever talks to 127.0.0.1; bounded in count and time. Linux only (/proc).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const root = resolve(opt('root', fileURLToPath(new URL('..', import.meta.url))));
const attempts = Math.min(Number(opt('attempts', 3000)), 5000);
const HOST = '127.0.0.1';
const BODY_MIB = 10;

const dataDir = mkdtempSync(join(tmpdir(), 'pk-probe-'));
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: root,
  env: { ...process.env, PORT: '0', HOST, DATA_DIR: dataDir, PARTNERKIT_SECRET_KEY: '', PARTNERKIT_DEMO: '1', NODE_ENV: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
// Never leave the server behind, whatever happens to the probe.
process.on('exit', () => child.exitCode === null && child.kill('SIGKILL'));
process.on('uncaughtException', (error) => {
  console.error('probe failed:', error);
  process.exit(1);
});
const killTimer = setTimeout(() => {
  console.error('probe: 120 s budget exceeded, stopping');
  child.kill('SIGKILL');
  process.exit(2);
}, 120_000);

const port = await new Promise((res, rej) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /http:\/\/localhost:(\d+)\//.exec(out);
    if (m && /Secret key:/.test(out)) res(Number(m[1]));
  });
  child.stderr.on('data', (d) => (out += d));
  child.once('exit', (code) => rej(new Error(`server exited (${code}): ${out}`)));
});
const base = `http://${HOST}:${port}`;

const kib = (field) => Number(/(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field)) ?? '0 kB')[1]);
const mb = (k) => `${(k / 1024).toFixed(0)} MB`;

/** GETs /healthz back to back until stop(); returns the longest wait. */
function pollHealth() {
  let stop = false;
  let worst = 0;
  const done = (async () => {
    while (!stop) {
      const t = performance.now();
      try {
        await (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(30_000) })).arrayBuffer();
      } catch {
        /* counted as a stall by its duration */
      }
      worst = Math.max(worst, performance.now() - t);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return async () => {
    stop = true;
    await done;
    return worst;
  };
}

const quieted = new WeakSet();

/** One raw POST (node:http, so a response sent before the upload ends is still seen). */
function post(path, body, headers) {
  return new Promise((res) => {
    const t = performance.now();
    const req = request({ host: HOST, port, path, method: 'POST', headers: { 'content-length': body.length, ...headers } }, (r) => {
      let text = '';
      r.on('data', (d) => (text += d));
      r.on('end', () => res({ status: r.statusCode, type: r.headers['content-type'] ?? '', ms: performance.now() - t, text, retryAfter: r.headers['retry-after'] }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('socket', (socket) => {
      if (quieted.has(socket)) return;
      quieted.add(socket);
      socket.on('error', () => {}); // EPIPE once the server answered early and closed
    });
    req.on('error', (e) => res({ status: 0, error: e.code ?? e.message, ms: performance.now() - t }));
    req.end(body);
  });
}

const half = (BODY_MIB * 1024 * 1024) / 2;
const nested = Buffer.from('['.repeat(half) + ']'.repeat(half));

async function bodyCase(parallel) {
  for (let i = 0; i < 20; i++) await (await fetch(`${base}/healthz`)).arrayBuffer();
  const rssBefore = kib('VmRSS:');
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, kib('VmRSS:'))), 5);
  const stopPoll = pollHealth();
  await new Promise((r) => setTimeout(r, 100));
  const t = performance.now();
  const results = await Promise.all(Array.from({ length: parallel }, () => post('/demo/session', nested, { 'content-type': 'application/json' })));
  const attackMs = performance.now() - t;
  await new Promise((r) => setTimeout(r, 300));
  const stall = await stopPoll();
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, kib('VmRSS:'));
  const summary = results.map((r) => (r.status ? `${r.status} ${r.type.split(';')[0]}` : `connection ${r.error}`));
  console.log(
    `${BODY_MIB} MiB nested-array POST /demo/session ×${parallel}: answered in ${attackMs.toFixed(0)} ms → ${[...new Set(summary)].join(', ')}; ` +
      `/healthz longest wait ${stall.toFixed(0)} ms; resident memory ${mb(rssBefore)} before, peak ${mb(rssPeak)} (growth ${mb(rssPeak - rssBefore)})`,
  );
}

async function wrongKeyCase() {
  const deadline = performance.now() + 10_000;
  let sent = 0;
  let firstLimited = null;
  let retryAfter;
  const counts = {};
  const t = performance.now();
  const body = Buffer.from(JSON.stringify({ userId: 'probe', partnerId: null, role: 'channel_manager' }));
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (sent < attempts && performance.now() < deadline) {
        const n = ++sent;
        const r = await post('/v1/sessions', body, { 'content-type': 'application/json', authorization: `Bearer wrong_key_${n}_0123456789abcdef` });
        counts[r.status] = (counts[r.status] ?? 0) + 1;
        if (r.status === 429 && firstLimited === null) {
          firstLimited = n;
          retryAfter = r.retryAfter;
        }
      }
    }),
  );
  const secs = (performance.now() - t) / 1000;
  console.log(
    `wrong-key POST /v1/sessions: ${sent} in ${secs.toFixed(1)} s (${(sent / secs).toFixed(0)}/s); statuses ${JSON.stringify(counts)}; ` +
      (firstLimited === null ? 'no 429' : `first 429 at request #${firstLimited} (Retry-After: ${retryAfter} s)`),
  );
}

try {
  console.log(`probe: ${root} on ${base}`);
  await bodyCase(1);
  await bodyCase(4);
  await wrongKeyCase();
} finally {
  clearTimeout(killTimer);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
