/**
 * Live events across server processes on one PostgreSQL: two `partnerkit-server` processes share
 * a database; an event produced through one reaches the clients of the other (LISTEN/NOTIFY),
 * scoped as on one process, and Last-Event-ID resumes on either. Runs when TEST_DATABASE_URL is
 * set (CI); otherwise every test here is reported skipped.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it as nodeIt } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SECRET, freshPgDatabase } from './helpers.js';
import { SseReader } from './sse.js';

const skip = process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set (see README: Developing)';
const it = (name: string, fn: () => Promise<void>) => nodeIt(name, { skip }, fn);
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Proc {
  child: ChildProcess;
  base: string;
}

async function startProcess(databaseUrl: string): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, PARTNERKIT_SECRET_KEY: SECRET, PARTNERKIT_DEMO: '0', NODE_ENV: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /API base:\s+(http:\/\/\S+)\/v1/.exec(out);
      if (m && /Secret key:/.test(out)) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  return { child, base: base.replace('localhost', '127.0.0.1') };
}

async function stop(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise((resolve) => p.child.once('exit', resolve));
  p.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (p.child.exitCode === null) p.child.kill('SIGKILL');
}

async function session(p: Proc, userId: string, partnerId: string | null): Promise<string> {
  const res = await fetch(`${p.base}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ userId, partnerId, role: partnerId ? 'partner_user' : 'channel_manager' }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { token: string }).token;
}

describe('live events across two server processes on PostgreSQL', () => {
  let a: Proc | undefined;
  let b: Proc | undefined;
  let drop: (() => Promise<void>) | undefined;
  const readers: SseReader[] = [];
  const controllers: AbortController[] = [];

  async function stream(p: Proc, token: string, lastEventId?: string): Promise<SseReader> {
    const ac = new AbortController();
    controllers.push(ac);
    const res = await fetch(`${p.base}/v1/events`, { headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: ac.signal });
    assert.equal(res.status, 200);
    const r = new SseReader(res);
    readers.push(r);
    await new Promise((resolve) => setTimeout(resolve, 300)); // subscribed
    return r;
  }

  const post = async (p: Proc, token: string, path: string, body: unknown) =>
    fetch(`${p.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  before(async () => {
    if (skip) return;
    const db = (await freshPgDatabase('events'))!;
    drop = db.drop;
    a = await startProcess(db.url); // migrates and seeds
    b = await startProcess(db.url);
  });

  after(async () => {
    for (const ac of controllers) ac.abort();
    await Promise.all(readers.map((r) => r.close()));
    await Promise.all([stop(a), stop(b)]);
    await drop?.();
  });

  it('an event produced through one process reaches clients of the other, scoped', async () => {
    const cmA = await session(a!, 'u_cm', null);
    const nwB = await session(b!, 'u_nw_rep', 'p_northwind');
    const coB = await session(b!, 'u_co_rep', 'p_contoso');
    const cmB = await session(b!, 'u_cm', null);
    const [nwS, coS, cmS] = [await stream(b!, nwB), await stream(b!, coB), await stream(b!, cmB)];
    const cmSA = await stream(a!, cmA);

    // Rules published on A: every client on B gets it.
    assert.equal((await post(a!, cmA, '/v1/rules', { title: 'Rules v3', body: '# Rules v3', summary: 'Third.' })).status, 201);
    for (const s of [nwS, coS, cmS, cmSA]) assert.equal((await s.next('rules.published')).data.version, 3);

    // A Northwind deal decided on A: Northwind's and the channel manager's clients on B get it; Contoso's does not.
    const nwA = await session(a!, 'u_nw_rep', 'p_northwind');
    const list = (await (await fetch(`${a!.base}/v1/deals?status=pending&limit=1`, { headers: { authorization: `Bearer ${nwA}` } })).json()) as { items: Array<{ id: string }> };
    const dealId = list.items[0].id;
    const decided = await post(a!, cmA, `/v1/deals/${dealId}/decision`, { decision: 'approve', internalNote: 'vendor eyes only' });
    assert.equal(decided.status, 200, await decided.text());
    const forPartner = await nwS.next('deal.decided', (d) => d.data.id === dealId);
    assert.ok(!('discountBand' in forPartner.data) && !('internalNotes' in forPartner.data) && !('partners' in forPartner.data));
    const forVendor = await cmS.next('deal.decided', (d) => d.data.id === dealId);
    assert.ok('discountBand' in forVendor.data);
    // Contoso then gets a later event for everyone, and nothing of Northwind's before it.
    assert.equal((await post(a!, cmA, '/v1/announcements', { title: 'For all', body: 'x' })).status, 201);
    await coS.next('announcement.published');
    assert.deepEqual(coS.events.map((e) => e.event), ['rules.published', 'announcement.published']);
    assert.ok(!coS.events.some((e) => e.data.includes(dealId) || e.data.includes('vendor eyes only')));
    await nwS.next('announcement.published');
  });

  it('rules published at the same time through both processes get consecutive versions; acknowledging on one gates the other', async () => {
    const cmA = await session(a!, 'u_cm', null);
    const cmB = await session(b!, 'u_cm', null);
    const published = await Promise.all(
      Array.from({ length: 4 }, (_, i) => post(i % 2 ? a! : b!, i % 2 ? cmA : cmB, '/v1/rules', { title: `Rules ${i}`, body: `# Rules ${i}`, summary: `Change ${i}.` })),
    );
    assert.deepEqual(published.map((r) => r.status), [201, 201, 201, 201]);
    const versions = (await Promise.all(published.map((r) => r.json() as Promise<{ version: number }>))).map((v) => v.version).sort((x, y) => x - y);
    assert.deepEqual(versions, [versions[0], versions[0] + 1, versions[0] + 2, versions[0] + 3]);
    const current = versions[3];
    const nwA = await session(a!, 'u_nw_rep', 'p_northwind');
    const nwB = await session(b!, 'u_nw_rep', 'p_northwind');
    assert.equal((await post(a!, nwA, `/v1/rules/${current}/acknowledgements`, {})).status, 201);
    const again = await post(b!, nwB, `/v1/rules/${current}/acknowledgements`, {});
    assert.equal(again.status, 200, 'the same receipt, from the other process');
    const me = (await (await fetch(`${b!.base}/v1/me`, { headers: { authorization: `Bearer ${nwB}` } })).json()) as { rules: { acknowledged: boolean; currentVersion: number } };
    assert.deepEqual([me.rules.acknowledged, me.rules.currentVersion], [true, current]);
  });

  it('Last-Event-ID resumes on the other process without gaps', async () => {
    const cmA = await session(a!, 'u_cm', null);
    const cmB = await session(b!, 'u_cm', null);
    const live = await stream(a!, cmA);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post(i % 2 ? a! : b!, i % 2 ? cmA : cmB, '/v1/announcements', { title: `Burst ${i}`, body: 'x' })),
    );
    assert.ok(results.every((r) => r.status === 201));
    await live.until(() => live.events.length >= 6, 10_000, 'six events on A');
    const ids = live.ids();
    const ints = ids.map((i) => BigInt(i));
    assert.ok(ints.every((id, i) => i === 0 || id > ints[i - 1]));
    const resumed = await stream(b!, cmB, ids[1]);
    await resumed.until(() => resumed.events.length >= 4, 10_000, 'replay on B');
    assert.deepEqual(resumed.ids(), ids.slice(2));
  });
});
