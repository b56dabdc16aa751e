/**
 * Runs Sightline inside Electron when its binary is present; otherwise starts the same main-process
 * services behind the loopback browser host and prints the link to open — saying plainly that this
 * is browser mode and why. Shared by `npm start` and `npm run demo`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createApp, stderrLog } from '../app';
import { startBrowserHost } from '../host/server';
import { browserRuntime } from '../runtime';
import { chooseLaunchMode } from './electron-binary';
import { openInBrowser } from './open-browser';
import { defaultDataDir } from '../data-dir';
import { preconnectToEnv, type Preconnect } from './demo-preconnect';

export interface LaunchOptions {
  /** The project root (holds node_modules/ and dist/). */
  projectRoot: string;
  /** The demo's emulator project, connected at start. */
  preconnect?: Preconnect;
  /** Overrides the data directory (the demo uses a fresh one, never the user's own connection). */
  dataDir?: string;
  /** Lines printed before the browser-mode banner (the demo says what it started). */
  preface?: string[];
  /** Runs when the app stops (Ctrl+C, or Electron exits). */
  onStop?: () => Promise<void>;
}

export async function launch(options: LaunchOptions): Promise<void> {
  const launchMode = chooseLaunchMode(path.join(options.projectRoot, 'node_modules', 'electron'), process.platform, process.env);
  const stop = async (code: number): Promise<never> => {
    await options.onStop?.();
    process.exit(code);
  };
  if (launchMode.mode === 'electron') {
    const env = {
      ...process.env,
      ...(options.preconnect === undefined ? {} : preconnectToEnv(options.preconnect)),
      ...(options.dataDir === undefined ? {} : { SIGHTLINE_DATA_DIR: options.dataDir }),
    };
    const child = spawn(launchMode.executable, [options.projectRoot], { stdio: 'inherit', env });
    child.on('exit', (code) => void stop(code ?? 0));
    return;
  }

  const app = await createApp({
    runtime: browserRuntime(launchMode.reason),
    log: stderrLog,
    dataDir: options.dataDir ?? defaultDataDir(process.env),
    preconnect: options.preconnect,
  });
  const port = Number(process.env.SIGHTLINE_PORT ?? 0);
  const host = await startBrowserHost({ app, rendererDir: path.join(options.projectRoot, 'dist', 'renderer'), port });
  const opened = openInBrowser(host.pageUrl, process.platform, process.env);
  process.stdout.write(
    [
      ...(options.preface ?? []),
      'Sightline is running in browser mode.',
      `  Why: ${launchMode.reason}`,
      `  Open: ${host.pageUrl}`,
      opened ? '  (opened in your default browser)' : '  (copy the link into a browser on this machine; it works for this run only)',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const shutdown = (): void => {
    void host
      .close()
      .then(() => app.dispose())
      .then(() => stop(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
