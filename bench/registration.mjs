#!/usr/bin/env node
// Deal registration at scale: p50/p95 of the live conflict check (GET /v1/deals/conflicts) and of
// a submission (POST /v1/deals) with 1,000 and 100,000 existing deals (PGlite, in process: the
// figures are the server's own time, without a network). Aim: the check's p95 under 50 ms at 100,000.
// Usage: node bench/registration.mjs [requests=200] [sizes=1000,100000]   (needs `npm run build`)
const { createServer } = await import(new URL('../server/dist/index.js', import.meta.url).href);

const n = Number(process.argv[2] ?? 200);
const sizes = (process.argv[3] ?? '1000,100000').split(',').map(Number);
const secretKey = 'bench_secret_key_0123456789abcdef';
const KINDS = ['Analytics', 'Logistics', 'Retail', 'Motors', 'Pharma', 'Bank', 'Foods', 'Energy', 'Systems', 'Health', 'Media', 'Labs'];

function quantiles(times) {
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  return `p50 ${q(0.5)} ms  p95 ${q(0.95)} ms  max ${q(1)} ms`;
}

/** A company name of two made-up words and a kind, like "Velquor Annistra Logistics" (deterministic per i). */
const company = (i) => `${word(i * 7919)} ${word(i * 104729 + 13)} ${KINDS[i % KINDS.length]}`;
function word(seed) {
  const C = 'bcdfghjklmnprstvwz';
  const V = 'aeiou';
  let x = seed >>> 0;
  let w = '';
  for (let k = 0; k < 3; k++) {
    x = (Math.imul(x ^ (x >>> 13), 0x5bd1e995) + k + 1) >>> 0;
    w += C[x % C.length] + V[(x >>> 8) % V.length];
  }
  return w[0].toUpperCase() + w.slice(1) + C[(x >>> 16) % C.length];
}

/** Fills the deals table with `count` live and closed deals spread over the demo partners. */
async function fill(db, count) {
  const batch = 10_000;
  for (let from = 1; from <= count; from += batch) {
    const ids = [];
    const names = [];
    for (let i = from; i < Math.min(from + batch, count + 1); i++) {
      ids.push(i);
      names.push(company(i));
    }
    await db.transaction(async (tx) => {
      await tx.query("SELECT set_config('pk.all_partners', 'on', true)");
      await tx.query(
        `INSERT INTO deals (id, partner_id, motion, stage, status, customer_company, customer_domain, owner_name,
           attribution_type, attribution_percent, amount_value, currency, expected_close_date, last_activity_at, created_at,
           customer_domain_key, customer_company_key, sla_due_at)
         SELECT 'bench_' || i,
                (ARRAY['p_northwind','p_contoso','p_fabrikam','p_litware','p_tailspin'])[1 + i % 5],
                'reseller', 'qualification',
                (ARRAY['pending','approved','won','lost','declined','expired'])[1 + i % 6],
                name || ' Ltd', 'bench-' || i || '.example.com', 'Bench Owner',
                'sourced', 100, 1000 + i, 'EUR', DATE '2030-01-01', now(), now() - (i || ' minutes')::interval,
                'bench-' || i || '.example.com', lower(name), now() + interval '2 days'
           FROM unnest($1::int[], $2::text[]) AS t(i, name)`,
        [ids, names],
      );
    });
  }
}

async function call(app, method, path, token, body, headers = {}) {
  const res = await app.request(path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

for (const size of sizes) {
  const server = await createServer({ dataDir: ':memory:', secretKey, demo: true, jobIntervalMs: 0 });
  const t0 = performance.now();
  await fill(server.db, size);
  const filled = performance.now() - t0;
  const session = await server.app.request('/v1/sessions', {
    method: 'POST',
    headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: 'bench_rep', partnerId: 'p_contoso', role: 'partner_user', name: 'Bench Rep' }),
  });
  const { token } = await session.json();
  const me = await call(server.app, 'GET', '/v1/me', token);
  if (!me.rules.acknowledged && me.rules.currentVersion !== null) {
    await call(server.app, 'POST', `/v1/rules/${me.rules.currentVersion}/acknowledgements`, token, {});
  }

  // The check as the form sends it while typing: half hit existing customers (other spellings), half are new.
  const checks = [];
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(Math.random() * size);
    const existing = i % 2 === 0;
    const name = existing ? `${company(k)} GmbH` : `${word(k * 31 + 7)} ${word(i * 17 + 3)} Holdings`;
    const domain = existing ? `https://www.bench-${k}.example.com/about` : `unheard-${i}.example.org`;
    const s = performance.now();
    await call(server.app, 'GET', `/v1/deals/conflicts?domain=${encodeURIComponent(domain)}&company=${encodeURIComponent(name)}`, token);
    checks.push(performance.now() - s);
  }
  const submissions = [];
  for (let i = 0; i < n; i++) {
    const body = {
      motion: 'reseller',
      dealType: 'new',
      customer: { company: `Bench New Customer ${size}-${i}`, domain: `bench-new-${size}-${i}.example.net`, contact: { name: 'Jana Roth', email: 'jana@example.com' } },
      amount: { value: 1000, currency: 'EUR' },
      expectedCloseDate: '2030-06-30',
      description: 'Benchmark registration with a long enough proof of work.',
      attribution: { type: 'sourced', percent: 100 },
      partnerContacts: [{ name: 'Bench Rep', email: 'rep@example.com', role: 'AE' }],
    };
    const s = performance.now();
    await call(server.app, 'POST', '/v1/deals', token, body, { 'Idempotency-Key': `bench-${size}-${i}` });
    submissions.push(performance.now() - s);
  }
  console.log(`${size.toLocaleString('en')} existing deals (filled in ${(filled / 1000).toFixed(1)} s)`);
  console.log(`  GET  /v1/deals/conflicts  n=${n}  ${quantiles(checks)}`);
  console.log(`  POST /v1/deals            n=${n}  ${quantiles(submissions)}`);
  await server.close();
}
