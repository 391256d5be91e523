#!/usr/bin/env node
// Content library search at scale: p50/p95 of GET /v1/content (full-text search with ts_rank,
// facets under the other filters, one keyset page) with 10,000 items (PGlite, in process: the
// figures are the server's own time, without a network).
// Usage: node bench/content.mjs [requests=200] [items=10000]   (needs `npm run build`;
//        or without a build: npx tsx bench/content.mjs)
const { createServer } = await import(new URL('../server/dist/index.js', import.meta.url).href).catch(() => import(new URL('../server/index.ts', import.meta.url).href));

const n = Number(process.argv[2] ?? 200);
const size = Number(process.argv[3] ?? 10_000);
const secretKey = 'bench_secret_key_0123456789abcdef';

const TYPES = ['play', 'case_study', 'roi_one_pager', 'pricing_matrix', 'sow_checklist', 'demo_guide', 'talk_track', 'competitive_intel', 'datasheet', 'training'];
const MOTIONS = ['referral', 'reseller', 'marketplace', 'services', 'tech'];
const INDUSTRIES = ['Healthcare', 'Financial services', 'Retail', 'Manufacturing', 'Public sector', 'Media', 'Energy', 'Logistics'];
const USE_CASES = ['Migration', 'Cost optimisation', 'Resilience', 'Compliance', 'Integration', 'Quoting', 'Private offers', 'Analytics'];
/** Domain words: each item's description uses a few of them (a query for one matches some percent of the library). */
const WORDS = (
  'cloud migration partner customer pricing discount workshop integration security compliance analytics storage network ' +
  'database backup recovery kubernetes serverless identity audit encryption latency region marketplace offer quote bundle ' +
  'renewal expansion onboarding training certification architecture roadmap benchmark savings revenue pipeline forecast ' +
  'incident outage monitoring observability governance residency sovereignty procurement contract invoice billing metering'
).split(' ');

function quantiles(times) {
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  return `p50 ${q(0.5)} ms  p95 ${q(0.95)} ms  max ${q(1)} ms`;
}

/** Filler vocabulary: 3,000 made-up words (the long tail of real descriptions). */
const FILLER = Array.from({ length: 3000 }, (_, i) => {
  const C = 'bcdfghjklmnprstvwz';
  const V = 'aeiou';
  let x = (i * 2654435761 + 12345) >>> 0;
  let w = '';
  for (let k = 0; k < 3; k++) {
    x = (Math.imul(x ^ (x >>> 13), 0x5bd1e995) + k + 1) >>> 0;
    w += C[x % C.length] + V[(x >>> 8) % V.length];
  }
  return w;
});

/** Deterministic pseudo-random text for item i: `domain` domain words among `count` words. */
function words(i, count, domain = count) {
  let x = (i * 2654435761) >>> 0;
  const out = [];
  for (let k = 0; k < count; k++) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + k + 1) >>> 0;
    out.push(k < domain ? WORDS[x % WORDS.length] : FILLER[x % FILLER.length]);
  }
  return out.join(' ');
}

async function fill(db) {
  const batch = 2_000;
  for (let from = 0; from < size; from += batch) {
    const rows = [];
    for (let i = from; i < Math.min(from + batch, size); i++) {
      rows.push([`bench_${i}`, `${words(i, 3)} guide ${i}`, TYPES[i % TYPES.length], MOTIONS[i % MOTIONS.length], INDUSTRIES[i % INDUSTRIES.length], USE_CASES[(i >> 3) % USE_CASES.length], words(i + 7, 80, 6)]);
    }
    await db.transaction(async (tx) => {
      await tx.query("SELECT set_config('pk.all_partners', 'on', true)");
      await tx.query(
        `INSERT INTO content_items (id, title, type, motion, industry, use_case, description, kind, url, gate_tier, published_at, updated_at)
         SELECT id, title, type, motion, industry, use_case, description, 'link', 'https://example.com/' || id,
                CASE WHEN n % 4 = 0 THEN 'gold' END, now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS t(id, title, type, motion, industry, use_case, description, n)`,
        [0, 1, 2, 3, 4, 5, 6].map((c) => rows.map((r) => r[c])),
      );
    });
  }
}

const server = await createServer({ dataDir: ':memory:', secretKey, demo: true, jobIntervalMs: 0, rateLimits: false });
const t0 = performance.now();
await fill(server.db);
const filled = performance.now() - t0;
const session = await server.app.request('/v1/sessions', {
  method: 'POST',
  headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ userId: 'bench_rep', partnerId: 'p_northwind', role: 'partner_user', name: 'Bench Rep' }),
});
const { token } = await session.json();

async function measure(label, queryOf) {
  const times = [];
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const res = await server.app.request(`/v1/content?${queryOf(i)}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = await res.json();
    if (!res.ok) throw new Error(`${label}: ${res.status} ${JSON.stringify(body)}`);
    times.push(performance.now() - s);
    hits += body.total;
  }
  console.log(`  ${label.padEnd(46)} n=${n}  ${quantiles(times)}  (avg ${Math.round(hits / n)} matches)`);
}

const { loadavg, cpus } = await import('node:os');
console.log(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs (figures scale with it)`);
console.log(`${size.toLocaleString('en')} content items (filled in ${(filled / 1000).toFixed(1)} s); each request: search + 4 facets + total + a page of 24`);
await measure('q=<one word>', (i) => `q=${WORDS[i % WORDS.length]}`);
await measure('q=<two words>', (i) => `q=${encodeURIComponent(`${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]}`)}`);
await measure('q=<rare: an item number>&sort=relevance', (i) => `q=guide%20${(i * 37) % size}`);
await measure('q=<one word>&motion=&type=', (i) => `q=${WORDS[i % WORDS.length]}&motion=${MOTIONS[i % 5]}&type=${TYPES[i % TYPES.length]}`);
await measure('no q, sort=updated, motion=', (i) => `motion=${MOTIONS[i % 5]}`);
await measure('no q, sort=title', () => 'sort=title');
await server.close();
