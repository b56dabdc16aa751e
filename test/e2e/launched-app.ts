import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';

export interface LaunchedApp {
  output: () => string;
  link: string;
  /** Sends Ctrl+C and resolves to the exit code. */
  stop: () => Promise<number | null>;
}

/** Runs a built entry (what `npm start` / `npm run demo` run after building) and waits for its link. */
export async function launchBuiltEntry(entry: string): Promise<LaunchedApp> {
  // A fresh data folder, so the test never reads or changes a real Sightline connection on this machine.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sightline-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', DISPLAY: '', WAYLAND_DISPLAY: '', SIGHTLINE_DATA_DIR: dataDir };
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    child.kill('SIGINT');
    return exited;
  };
  try {
    await expect.poll(() => output, { timeout: 20_000 }).toContain('Press Ctrl+C to stop.');
  } catch (error) {
    await stop();
    throw error;
  }
  const link = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output)?.[1];
  if (link === undefined) {
    await stop();
    throw new Error(`no link in:\n${output}`);
  }
  return { output: () => output, link, stop };
}
