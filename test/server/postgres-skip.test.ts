/**
 * Without TEST_DATABASE_URL the PostgreSQL suite must be visibly skipped: every one of its tests
 * counted in the run's "skipped" figure, never silently dropped ("skipped 0").
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

it('the PostgreSQL suite reports each test as skipped when TEST_DATABASE_URL is unset', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const env = { ...process.env };
  delete env.TEST_DATABASE_URL;
  delete env.NODE_TEST_CONTEXT; // run as a fresh test process, not as a child of this one
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/server/postgres.test.ts'], { cwd: root, env, encoding: 'utf8' });
  const figure = (name: string) => Number(out.match(new RegExp(`ℹ ${name} (\\d+)`))?.[1]);
  assert.ok(figure('tests') > 0, out);
  assert.equal(figure('skipped'), figure('tests'), out);
  assert.equal(figure('pass'), 0, out);
  assert.match(out, /# TEST_DATABASE_URL is not set/);
});
