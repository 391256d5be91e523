import { generateSecretKey, rotateSigningKey } from './keys.js';
import { openDb } from './db.js';
import { migrate } from './migrations.js';
import { startServer } from './index.js';

const command = process.argv[2];
if (command === 'keygen') {
  // A key for PARTNERKIT_SECRET_KEY (or PARTNERKIT_SIGNING_KEY): 256 random bits.
  const key = generateSecretKey();
  console.log(key);
  process.exit(0);
}
if (command === 'rotate-signing-key') {
  // New signing key in the database: servers sign with it from their next start, and keep
  // verifying tokens signed with the one before it. With PGlite, stop the server first.
  try {
    const db = await openDb({ dataDir: process.env.DATA_DIR || '.partnerkit', databaseUrl: process.env.DATABASE_URL || undefined });
    try {
      await migrate(db);
      const kid = await rotateSigningKey(db);
      console.log(`New signing key ${kid}: restart the server(s) to sign with it; tokens signed with the previous key stay valid until they expire.`);
    } finally {
      await db.close();
    }
    process.exit(0);
  } catch (err) {
    console.error(`Partnerkit could not rotate the signing key: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
if (command !== undefined && command !== 'start') {
  console.error(`Unknown command "${command}". Usage: partnerkit-server [start | keygen | rotate-signing-key]`);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid PORT: ${process.env.PORT}`);
  process.exit(1);
}

let running: Awaited<ReturnType<typeof startServer>>;
try {
  running = await startServer({
    port,
    host: process.env.HOST || undefined, // default: 127.0.0.1 with the demo routes on, else 0.0.0.0
    dataDir: process.env.DATA_DIR || '.partnerkit',
    databaseUrl: process.env.DATABASE_URL || undefined,
    secretKey: process.env.PARTNERKIT_SECRET_KEY || undefined,
  });
} catch (err) {
  const inUse = (err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
  console.error(
    inUse
      ? `Partnerkit failed to start: port ${port} is already in use. Stop what is using it, or set PORT to another port.`
      : `Partnerkit failed to start: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}

const base = `http://localhost:${running.port}`;
console.log(
  running.server.demo
    ? `Partnerkit demo: ${base}/`
    : `Partnerkit:      ${base}/  (demo site off: a real secret key is set; PARTNERKIT_DEMO=1 turns it on)`,
);
console.log(`API base:        ${base}/v1  (contract: ${base}/v1/openapi.json)`);
console.log(
  process.env.HOST
    ? `Listening on:    ${running.host} (HOST)`
    : running.server.demo
      ? `Listening on:    ${running.host} only: the demo routes sign anyone in without a login. Set HOST (e.g. HOST=0.0.0.0) to accept other machines.`
      : `Listening on:    ${running.host} (set HOST to choose an interface)`,
);
console.log(`Database:        ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${process.env.DATA_DIR || '.partnerkit'}/`}`);
console.log(
  running.isDemoSecretKey
    ? `Secret key:      ${running.secretKey}  (demo default — set PARTNERKIT_SECRET_KEY; refused when NODE_ENV=production)`
    : `Secret key:      from PARTNERKIT_SECRET_KEY (${running.secretKey.slice(0, 4)}…, not printed)`,
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} received, shutting down…`);
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  try {
    await running.close();
    process.exit(0);
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
