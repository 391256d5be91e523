/**
 * Installs a packed tarball into a fresh folder the way a user's `npm install <package>` does,
 * but without the network: the lockfile written here pins the tarball's dependency tree to the
 * versions (and integrity hashes) of the repository's own package-lock.json, whose tarballs the
 * repository's `npm install` already put in npm's cache. `npm install --offline` then needs no
 * registry metadata at all.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** Reads the package.json inside a packed tarball. */
export function packedManifest(tarball: string): LockEntry & { name: string } {
  return JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}

/** `npm pack` of the root package or a workspace into `dir`; returns the tarball's path. */
export function pack(dir: string, workspace?: string): string {
  mkdirSync(dir, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir, ...(workspace ? ['-w', workspace] : [])], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return join(dir, (JSON.parse(out) as Array<{ filename: string }>)[0].filename);
}

/**
 * The lockfile entries (`node_modules/<name>`) of everything a package needs at run time: its
 * dependencies and non-optional peers, transitively, at the versions of package-lock.json (a
 * workspace's own nested ones nested under the installed package).
 */
export function lockedDependencies(manifest: LockEntry & { name: string }): Record<string, LockEntry> {
  const repoLock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry & { name?: string }> };
  const packages: Record<string, LockEntry> = {};
  // A workspace's own dependencies resolve from its folder first (`server/node_modules/diff` is
  // diff 9 where the root's is diff 5): in the consumer's tree that folder is the installed package.
  const home = Object.entries(repoLock.packages).find(([key, e]) => key && !key.includes('node_modules/') && e.name === manifest.name)?.[0] ?? '';
  const installedAt = (key: string) => (home && key.startsWith(`${home}/`) ? `node_modules/${manifest.name}/${key.slice(home.length + 1)}` : key);
  /** Where Node (and npm) find `name` from the package at `from`: the nearest node_modules up. */
  const locate = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (repoLock.packages[key]) return key;
      if (!dir) return undefined;
    }
  };
  const want = (from: string, deps: Record<string, string> | undefined, skip: Set<string> = new Set()) => {
    for (const name of Object.keys(deps ?? {})) {
      if (skip.has(name)) continue;
      const key = locate(from, name);
      const entry = key ? repoLock.packages[key] : undefined;
      if (!key || !entry?.version || !entry.integrity) throw new Error(`${name} (needed by ${from || manifest.name}) is not in package-lock.json`);
      if (packages[installedAt(key)]) continue;
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry;
      // The repository's lockfile may omit registry URLs; npm finds the tarball by its integrity.
      const resolved = entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
      packages[installedAt(key)] = { ...rest, resolved };
      want(key, entry.dependencies);
      want(key, entry.optionalDependencies);
    }
  };
  const optionalPeers = new Set(Object.entries(manifest.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
  want(home, manifest.dependencies);
  want(home, manifest.peerDependencies, optionalPeers);
  return packages;
}

/**
 * Installs `tarball` (and only it) into `dir` with `npm install --offline`. Throws when the
 * repository's lockfile lacks one of the tarball's dependencies.
 */
export function installOffline(dir: string, tarball: string): void {
  mkdirSync(dir, { recursive: true });
  const manifest = packedManifest(tarball);
  const packages = lockedDependencies(manifest);
  const spec = `file:${basename(tarball)}`;
  if (resolve(dirname(tarball)) !== resolve(dir)) copyFileSync(tarball, join(dir, basename(tarball)));
  const pkg = { name: 'partnerkit-consumer', private: true, type: 'module', dependencies: { [manifest.name]: spec } };
  const { name: _n, ...self } = manifest;
  packages[`node_modules/${manifest.name}`] = {
    version: manifest.version,
    resolved: spec,
    license: self.license,
    dependencies: self.dependencies,
    peerDependencies: self.peerDependencies,
    peerDependenciesMeta: self.peerDependenciesMeta,
    bin: self.bin,
    engines: self.engines,
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: pkg.name, lockfileVersion: 3, requires: true, packages: { '': { name: pkg.name, dependencies: pkg.dependencies }, ...packages } }, null, 2));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-update-notifier'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}
