/**
 * Which interface the server binds. The demo routes mint any demo user's session (channel
 * manager included) without a login, so with them on the server must stay on loopback unless
 * the operator chooses an interface with HOST.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../server/index.js';
import { SECRET } from './helpers.js';

/** This machine's first non-loopback IPv4 address, if it has one (CI containers usually do). */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5000) })).ok;
  } catch {
    return false;
  }
}

/** Starts a server, reports where it says it listens and whether loopback / the LAN address reach it. */
async function boundAddress(opts: Parameters<typeof startServer>[0]) {
  const running: RunningServer = await startServer({ dataDir: ':memory:', seed: false, port: 0, ...opts });
  try {
    return {
      host: running.host,
      url: running.url,
      loopback: await reachable(`http://127.0.0.1:${running.port}/healthz`),
      lan: lanAddress ? await reachable(`http://${lanAddress}:${running.port}/healthz`) : undefined,
    };
  } finally {
    await running.close();
  }
}

describe('bind address', () => {
  it('with the demo routes on and no host: 127.0.0.1 only', async () => {
    const bound = await boundAddress({ secretKey: SECRET, demo: true });
    assert.equal(bound.host, '127.0.0.1');
    assert.match(bound.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(bound.loopback, true);
    if (lanAddress) assert.equal(bound.lan, false, `not reachable on ${lanAddress}`);
  });

  it('with the demo routes off and no host: every interface', async () => {
    const bound = await boundAddress({ secretKey: SECRET, demo: false });
    assert.equal(bound.host, '0.0.0.0');
    if (lanAddress) assert.equal(bound.lan, true, `reachable on ${lanAddress}`);
  });

  it('an explicit host wins, demo or not', async () => {
    const bound = await boundAddress({ secretKey: SECRET, demo: true, host: '0.0.0.0' });
    assert.equal(bound.host, '0.0.0.0');
    if (lanAddress) assert.equal(bound.lan, true, `reachable on ${lanAddress}`);
  });

  it('`npm start` (server/main.ts) binds 127.0.0.1 with the demo on, and says so', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = async (env: Record<string, string>) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'pk-listen-'));
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: root,
        env: { ...process.env, PORT: '0', DATA_DIR: dataDir, PARTNERKIT_SECRET_KEY: '', PARTNERKIT_DEMO: '', NODE_ENV: '', HOST: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (d: Buffer) => {
            out += d;
            if (/Secret key:/.test(out)) resolve();
          });
          child.stderr.on('data', (d: Buffer) => (out += d));
          child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
        });
        return out;
      } finally {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
        rmSync(dataDir, { recursive: true, force: true });
      }
    };
    const out = await run({});
    assert.match(out, /Listening on: +127\.0\.0\.1 only: the demo routes sign anyone in without a login\. Set HOST/);
  });
});
