#!/usr/bin/env node
// `npm test`: the whole suite — type-check, lint, build, unit/integration (vitest), end-to-end
// (Playwright in Debian's Chromium). Every step runs even if an earlier one failed, so one run shows
// everything that is wrong. Ends with one plain line, `N passed, N failed`, summed from the two
// runners' JSON reports, and exits non-zero if any step or test failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const OUT = '.test-output';
const VITEST_JSON = `${OUT}/vitest.json`;
const PLAYWRIGHT_JSON = `${OUT}/playwright.json`;

rmSync(VITEST_JSON, { force: true });
rmSync(PLAYWRIGHT_JSON, { force: true });
mkdirSync(OUT, { recursive: true });

const steps = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`]],
  ['e2e', 'npx', ['playwright', 'test']],
];

const outcomes = [];
for (const [name, command, args] of steps) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const run = spawnSync(command, args, { stdio: 'inherit' });
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
