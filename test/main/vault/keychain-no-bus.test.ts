/**
 * The fallback with the REAL keytar, in the environments where it really fails. Runs in a child process
 * because libsecret keeps its D-Bus connection for the life of a process: the environment has to be
 * wrong from the start. The child runs this repository's vault code, bundled by esbuild on the fly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './keychain-env';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const API_KEY = 'phx_' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa98765';

const CHILD = `
import { chooseKeychain, createKeytarKeychain } from './src-main/vault/keychain';
import { createVault } from './src-main/vault/vault';
const dir = process.env.SIGHTLINE_TEST_DIR ?? '';
const lines = [];
const choice = await chooseKeychain({ dir, preferred: createKeytarKeychain(process.env.SIGHTLINE_TEST_SERVICE), platform: 'linux', probeTimeoutMs: 10000, log: (m) => lines.push(m) });
const binding = { host: 'https://us.posthog.com', projectId: 1 };
const vault = createVault({ dir, keychain: choice.keychain, log: (m) => lines.push(m) });
await vault.seal(process.env.SIGHTLINE_TEST_KEY ?? '', binding);
const reopened = await createVault({ dir, keychain: (await chooseKeychain({ dir, preferred: createKeytarKeychain(process.env.SIGHTLINE_TEST_SERVICE) })).keychain, log: () => {} }).open(binding);
process.stdout.write('\\nSIGHTLINE_REPORT ' + JSON.stringify({ protection: choice.protection, kind: choice.keychain.kind, reason: choice.reason, warning: choice.warning, roundTrip: reopened === process.env.SIGHTLINE_TEST_KEY, lines }));
`;

interface ChildReport {
  protection: string;
  kind: string;
  reason: string | null;
  warning: string | null;
  roundTrip: boolean;
  lines: string[];
}

let bundle = '';
beforeAll(async () => {
  const result = await build({
    stdin: { contents: CHILD, resolveDir: ROOT, loader: 'ts', sourcefile: 'vault-child.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text ?? '';
});

/** Runs the child with `prefix` (e.g. dbus-run-session) and an environment without any desktop session. */
function runChild(env: Record<string, string>, prefix: string[] = []): { report: ChildReport; dir: string } {
  const dir = tempDir();
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR'].includes(name)),
  );
  const command = [...prefix, process.execPath, '--input-type=module'];
  // `--input-type=module` with the code on stdin resolves bare imports (keytar) from the cwd: the repo.
  const child = spawnSync(command[0] ?? '', command.slice(1), {
    cwd: ROOT,
    input: bundle,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...base, XDG_DATA_HOME: tempDir('sightline-xdg-'), SIGHTLINE_TEST_DIR: dir, SIGHTLINE_TEST_KEY: API_KEY, SIGHTLINE_TEST_SERVICE: 'Sightline-no-bus-test', ...env },
  });
  if (child.status !== 0) throw new Error(`child failed (${String(child.status ?? child.signal)}): ${child.stderr}`);
  // A D-Bus-activated gnome-keyring-daemon shares the child's stdout: find the report line.
  const line = child.stdout.split('\n').find((l) => l.startsWith('SIGHTLINE_REPORT '));
  if (line === undefined) throw new Error(`child printed no report: ${child.stdout}\n${child.stderr}`);
  return { report: JSON.parse(line.slice('SIGHTLINE_REPORT '.length)) as ChildReport, dir };
}

const modeOf = (file: string): number => statSync(file).mode & 0o777;
const hasDbusRunSession = ['/usr/bin/dbus-run-session', '/bin/dbus-run-session'].some((p) => existsSync(p));

describe('keychain fallback with the real keytar', () => {
  it('without a session bus: file-only, the warning names the real reason, data-key.json is 0600, the key round-trips', () => {
    const { report, dir } = runChild({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/sightline-no-bus' });
    expect(report).toMatchObject({ protection: 'file-only', kind: 'file', roundTrip: true });
    expect(report.reason).toMatch(/nonexistent|No such file|Could not connect/i);
    expect(report.warning).toContain('protected only by file permissions');
    expect(report.warning).toContain(report.reason);
    expect(report.warning).toContain('GNOME Keyring');
    expect(modeOf(path.join(dir, 'data-key.json'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'sealed-key.json'))).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['data-key.json', 'sealed-key.json']);
    for (const line of report.lines) expect(line).not.toContain(API_KEY.slice(6, 14));
  });

  it('with no bus address and no display at all: "Cannot autolaunch D-Bus without X11 $DISPLAY"', () => {
    const { report } = runChild({});
    expect(report).toMatchObject({ protection: 'file-only', roundTrip: true });
    expect(report.reason).toBe('Cannot autolaunch D-Bus without X11 $DISPLAY');
    expect(report.warning).toContain('there is no D-Bus session bus: Cannot autolaunch D-Bus without X11 $DISPLAY');
  });

  it.skipIf(!hasDbusRunSession)('with a session bus but no unlocked keyring: the login keyring is missing or locked', () => {
    const { report } = runChild({}, ['dbus-run-session', '--']);
    expect(report).toMatchObject({ protection: 'file-only', roundTrip: true });
    expect(report.warning).toContain('the login keyring is missing or locked');
  });
});
