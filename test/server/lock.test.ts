/**
 * The PGlite data-directory lock (issue 8, finding 5): a live owner is told from a stale one by
 * whether it keeps the lock fresh (proper-lockfile), never by a PID that may have been reused.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LOCK_STALE_MS, lockDataDir, openDb } from '../../server/db.js';

const tmp = mkdtempSync(join(tmpdir(), 'pk-lock-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const STALE = 2000;
let n = 0;
const freshDir = () => {
  const dir = join(tmp, `d${n++}`);
  mkdirSync(dir);
  return dir;
};
const lock = (dataDir: string) => lockDataDir(dataDir, STALE);

describe('data-directory lock', () => {
  it('a lock left by a crashed server long ago is taken over at once', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'server.lock'));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'server.lock'), old, old);
    const t = Date.now();
    const release = await lock(dir);
    assert.ok(Date.now() - t < STALE, `no wait (${Date.now() - t} ms)`);
    await release();
    assert.equal(existsSync(join(dir, 'server.lock')), false, 'released');
  });

  it('a lock left by a server that crashed just now is taken over once it goes stale (no manual cleanup)', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'server.lock')); // fresh, but nobody refreshes it
    const t = Date.now();
    const release = await lock(dir);
    assert.ok(Date.now() - t >= STALE - 500, `waited ${Date.now() - t} ms for it to go stale`);
    await release();
  });

  it('a PID file whose PID now belongs to a live process (reused PID) does not block the start', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'partnerkit.lock'), String(process.pid)); // 0.1's lock: "alive" forever
    const db = await openDb({ dataDir: dir, lockStaleMs: STALE });
    await db.close();
    assert.equal(existsSync(join(dir, 'partnerkit.lock')), false, 'the old PID file is removed');
  });

  it('two servers starting at once: exactly one gets the directory', async () => {
    const dir = freshDir();
    const results = await Promise.allSettled([lock(dir), lock(dir), lock(dir)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 2);
    for (const l of lost) assert.match(String(l.reason), /is in use by another Partnerkit server/);
    await (won[0] as PromiseFulfilledResult<() => Promise<void>>).value();
  });

  it('a live server in another process keeps its lock; once it is killed (SIGKILL) the directory is free again', async () => {
    const dir = freshDir();
    const dbModule = fileURLToPath(new URL('../../server/db.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `const { lockDataDir } = await import(${JSON.stringify(dbModule)}); await lockDataDir(${JSON.stringify(dir)}, ${STALE}); console.log('locked'); setInterval(() => {}, 1000);`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          if (out.includes('locked')) resolve();
        });
        child.stderr.on('data', (d: Buffer) => (out += d));
        child.once('exit', (code) => reject(new Error(`child exited ${code}: ${out}`)));
      });
      // Longer than the stale period: the live owner keeps refreshing it.
      await assert.rejects(lock(dir), /is in use by another Partnerkit server/);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    const release = await lock(dir);
    await release();
  });

  it('by default a lock is stale after 30 s without a refresh: longer than PGlite blocks the event loop on first start', () => {
    assert.equal(DEFAULT_LOCK_STALE_MS, 30_000);
  });
});
