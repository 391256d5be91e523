#!/usr/bin/env node
// Latency of the reference server's hot read paths on the demo data set (PGlite, loopback).
// Usage: node bench/api.mjs [requests=300]   (needs `npm run build` for server/dist)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { startServer } = await import(new URL('../server/dist/index.js', import.meta.url).href);
const n = Number(process.argv[2] ?? 300);
const dataDir = mkdtempSync(join(tmpdir(), 'pk-bench-'));
const secretKey = 'bench_secret_key_0123456789';
const t0 = performance.now();
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, secretKey });
console.log(`cold start with migrations + seed: ${(performance.now() - t0).toFixed(0)} ms`);

async function token(userId, partnerId, role) {
  const r = await fetch(`${server.url}/v1/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId, partnerId, role }),
  });
  return (await r.json()).token;
}

async function measure(label, url, auth) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const r = await fetch(url, { headers: { Authorization: `Bearer ${auth}` } });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${label}: ${r.status}`);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  console.log(`${label.padEnd(44)} n=${n}  p50 ${q(0.5)} ms  p95 ${q(0.95)} ms  max ${q(1)} ms`);
}

const partner = await token('bench_rep', 'p_northwind', 'partner_user');
const manager = await token('bench_cm', null, 'channel_manager');
await measure('GET /v1/me (partner)', `${server.url}/v1/me`, partner);
await measure('GET /v1/deals?limit=25 (partner)', `${server.url}/v1/deals?limit=25`, partner);
await measure('GET /v1/deals?limit=100&sort=amount (manager)', `${server.url}/v1/deals?limit=100&sort=amount`, manager);
await measure('GET /v1/deals?q=bank&motion=reseller (manager)', `${server.url}/v1/deals?q=bank&motion=reseller`, manager);
await server.close();
rmSync(dataDir, { recursive: true, force: true });
