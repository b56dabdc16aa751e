#!/usr/bin/env node
// `npm test`: the whole suite — type-check, lint, build, unit/integration (vitest), end-to-end
// (Playwright in Debian's Chromium). Every step runs even if an earlier one failed, so one run shows
// everything that is wrong. Ends with one plain line, `N passed, N failed`, summed from the two
// runners' JSON reports, and exits non-zero if any step or test failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const OUT = '.test-output';
const VITEST_JSON = `${OUT}/vitest.json`;
const PLAYWRIGHT_JSON = `${OUT}/playwright.json`;

rmSync(VITEST_JSON, { force: true });
rmSync(PLAYWRIGHT_JSON, { force: true });
mkdirSync(OUT, { recursive: true });

const onPath = (name) => (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, name)));

/**
 * The vault's tests use the real OS keychain (keytar → Secret Service). When the tools exist, vitest
 * runs inside a private D-Bus session with a gnome-keyring unlocked for it, its keyrings in a fresh
 * scratch directory (never the user's own), and SIGHTLINE_REQUIRE_KEYCHAIN=1 turns a keychain that
 * still does not work into failing tests instead of skipped ones.
 */
function withKeychain(command, args) {
  if (!onPath('dbus-run-session') || !onPath('gnome-keyring-daemon')) {
    return { command, args, note: 'keychain: dbus-run-session or gnome-keyring-daemon not found: the real OS-keychain tests will not run for real (skipped)' };
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'sightline-keyring-'));
  // If the daemon does not start, vitest still runs: the keychain tests then fail and say why.
  const script = 'printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null || echo "keychain: gnome-keyring-daemon failed to start" >&2; exec "$@"';
  return {
    command: 'dbus-run-session',
    args: ['--', 'sh', '-c', script, 'sh', command, ...args],
    env: { ...process.env, XDG_DATA_HOME: scratch, XDG_RUNTIME_DIR: scratch, SIGHTLINE_REQUIRE_KEYCHAIN: '1' },
    cleanup: () => {
      try {
        rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
      } catch (error) {
        process.stdout.write(`keychain: could not remove ${scratch}: ${error.message}\n`);
      }
    },
    note: `keychain: vitest runs in a private D-Bus session with an unlocked gnome-keyring (keyrings in ${scratch}, removed afterwards)`,
  };
}

const steps = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`]],
  ['e2e', 'npx', ['playwright', 'test']],
];

const outcomes = [];
for (const [name, plainCommand, plainArgs] of steps) {
  const started = Date.now();
  const { command, args, env, cleanup, note } = name === 'unit' ? withKeychain(plainCommand, plainArgs) : { command: plainCommand, args: plainArgs };
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  if (note) process.stdout.write(`${note}\n`);
  const run = spawnSync(command, args, { stdio: 'inherit', env });
  cleanup?.();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  outcomes.push({ name, ok: run.status === 0, seconds, status: run.status ?? run.signal });
}

function readJson(file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const vitest = readJson(VITEST_JSON);
const playwright = readJson(PLAYWRIGHT_JSON);
const suites = [
  vitest === null
    ? { name: 'vitest', passed: 0, failed: 0, missing: true }
    : { name: 'vitest', passed: vitest.numPassedTests, failed: vitest.numFailedTests, skipped: vitest.numPendingTests + vitest.numTodoTests },
  playwright === null
    ? { name: 'playwright', passed: 0, failed: 0, missing: true }
    : {
        name: 'playwright',
        passed: playwright.stats.expected + playwright.stats.flaky,
        failed: playwright.stats.unexpected,
        skipped: playwright.stats.skipped,
      },
];

process.stdout.write('\n=== summary\n');
for (const o of outcomes) process.stdout.write(`${o.ok ? 'ok  ' : 'FAIL'} ${o.name.padEnd(10)} ${o.seconds.padStart(6)} s${o.ok ? '' : ` (exit ${o.status})`}\n`);
for (const s of suites) {
  process.stdout.write(s.missing ? `FAIL ${s.name}: no JSON report (the runner did not finish)\n` : `     ${s.name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped\n`);
}
const passed = suites.reduce((n, s) => n + s.passed, 0);
const failed = suites.reduce((n, s) => n + s.failed, 0);
const allOk = outcomes.every((o) => o.ok) && suites.every((s) => !s.missing) && failed === 0 && passed > 0;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(allOk ? 0 : 1);
