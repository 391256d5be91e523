#!/usr/bin/env node
// GET /v1/metrics at scale: p50/p95 of the metrics query for a partner and for the channel manager
// with 100,000 deals (PGlite, in process: the server's own time, without a network). The deals are
// generated in SQL (generate_series) over the last two years: every status, three currencies, one
// in five shared with a second partner org (so the attribution facts hold ~120,000 rows). Prints wall
// time and the process's CPU time per request (on a busy machine the wall time includes waiting).
// Usage: npx tsx bench/metrics.mjs [requests=30] [deals=100000]   (from source)
//        node bench/metrics.mjs [requests] [deals]                  (after `npm run build`)
import { existsSync } from 'node:fs';

const dist = new URL('../server/dist/index.js', import.meta.url);
const fromSource = !existsSync(dist) || process.argv.includes('--source');
const serverDir = fromSource ? '../server/' : '../server/dist/';
const ext = fromSource ? '.ts' : '.js';
const { createServer } = await import(new URL(`${serverDir}index${ext}`, import.meta.url).href);
const { refreshStatistics } = await import(new URL(`${serverDir}statistics${ext}`, import.meta.url).href);

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const n = Number(args[0] ?? 30);
const count = Number(args[1] ?? 100_000);
const secretKey = 'bench_secret_key_0123456789abcdef';

function quantiles(times) {
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  return `p50 ${q(0.5)} ms  p95 ${q(0.95)} ms  max ${q(1)} ms`;
}

/** `count` deals over the five demo partners and two years, and their attribution rows. */
async function fill(db) {
  const batch = 20_000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(from + batch - 1, count);
    await db.transaction(async (tx) => {
      await tx.query("SELECT set_config('pk.all_partners', 'on', true)");
      await tx.query(
        `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, owner_name,
           attribution_type, attribution_percent, amount_value, currency, expected_close_date, last_activity_at, created_at,
           closed_at, decided_at, sla_due_at, protection_starts_at, protection_ends_at, stage_note, stage_note_updated_at)
         SELECT 'bm_' || i, partner, motion, 'stage', status, 'Bench Customer ' || i, 'bench-' || i || '.example.com', 'Bench Owner',
                'sourced', CASE WHEN i % 5 = 0 THEN 80 ELSE 100 END, 1000 + (i * 37) % 200000,
                (ARRAY['USD','EUR','GBP'])[1 + i % 3], DATE '2030-01-01', created, created,
                CASE WHEN status IN ('won','lost') THEN least(now() - interval '1 hour', created + make_interval(days => 10 + i % 120)) END,
                CASE WHEN status <> 'pending' THEN created + make_interval(hours => 1 + i % 60) END,
                created + interval '48 hours',
                CASE WHEN status NOT IN ('pending','declined') THEN created + make_interval(hours => 1 + i % 60) END,
                CASE WHEN status NOT IN ('pending','declined') THEN created + make_interval(hours => 1 + i % 60) + interval '90 days' END,
                'note', created + make_interval(days => i % 9)
           FROM (
             SELECT i,
                    (ARRAY['p_northwind','p_contoso','p_fabrikam','p_litware','p_tailspin'])[1 + i % 5] AS partner,
                    (ARRAY['referral','reseller','marketplace','services','tech'])[1 + (i / 5) % 5] AS motion,
                    CASE WHEN h < 10 THEN 'pending' WHEN h < 35 THEN 'approved' WHEN h < 55 THEN 'won'
                         WHEN h < 75 THEN 'lost' WHEN h < 85 THEN 'declined' ELSE 'expired' END AS status,
                    now() - make_interval(days => (i * 7919) % 730, hours => i % 24) AS created
               FROM (SELECT i, (i * 2654435761) % 100 AS h FROM generate_series($1::int, $2::int) AS i) g
           ) s`,
        [from, to],
      );
      await tx.query(
        `INSERT INTO deal_partners (deal_id, partner_id, type, percent)
         SELECT 'bm_' || i, (ARRAY['p_northwind','p_contoso','p_fabrikam','p_litware','p_tailspin'])[1 + i % 5], 'sourced',
                CASE WHEN i % 5 = 0 THEN 80 ELSE 100 END
           FROM generate_series($1::int, $2::int) AS i
         UNION ALL
         SELECT 'bm_' || i, (ARRAY['p_northwind','p_contoso','p_fabrikam','p_litware','p_tailspin'])[1 + (i + 1) % 5], 'influenced', 20
           FROM generate_series($1::int, $2::int) AS i WHERE i % 5 = 0`,
        [from, to],
      );
    });
  }
}

async function token(server, body) {
  const res = await server.app.request('/v1/sessions', {
    method: 'POST',
    headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()).token;
}

/** Wall time, and this process's CPU time (PGlite runs in process: the CPU time is the query work, whatever else the machine is doing). */
async function measure(server, tok, query) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < n + 2; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    const res = await server.app.request(`/v1/metrics${query}`, { headers: { Authorization: `Bearer ${tok}` } });
    await res.text();
    if (!res.ok) throw new Error(`/v1/metrics${query}: ${res.status}`);
    const used = process.cpuUsage(c);
    if (i >= 2) {
      // two warm-up requests
      times.push(performance.now() - s);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  const [wall, own] = [quantiles(times), quantiles(cpu)];
  return `wall ${wall.replace(/  max.*/, '')} | cpu ${own.replace(/  max.*/, '')}`;
}

const server = await createServer({ dataDir: ':memory:', secretKey, demo: true, jobIntervalMs: 0, statisticsIntervalMs: 0 });
try {
  const t0 = performance.now();
  await fill(server.db);
  await refreshStatistics(server.db);
  const filled = performance.now() - t0;
  const partner = await token(server, { userId: 'bench_rep', partnerId: 'p_contoso', role: 'partner_user', name: 'Bench Rep' });
  const manager = await token(server, { userId: 'bench_cm', partnerId: null, role: 'channel_manager', name: 'Bench CM' });
  console.log(`${count.toLocaleString('en')} deals (+240 demo; filled and analysed in ${(filled / 1000).toFixed(1)} s), n=${n} per line, ${fromSource ? 'from source (tsx)' : 'built server'}`);
  for (const [who, tok, query] of [
    ['partner', partner, ''],
    ['partner', partner, '?period=last_12_months'],
    ['channel manager', manager, ''],
    ['channel manager', manager, '?period=last_12_months'],
    ['channel manager', manager, '?period=last_12_months&breakdown=partner'],
    ['channel manager', manager, '?period=last_12_months&partnerId=p_contoso'],
  ]) {
    console.log(`  ${who.padEnd(15)} GET /v1/metrics${query.padEnd(42)} ${await measure(server, tok, query)}`);
  }
} finally {
  await server.close();
}
