/**
 * `npm start`: runs Sightline inside Electron when its binary is present; otherwise starts the same
 * main-process services behind the loopback browser host and prints the link to open — saying plainly
 * that this is browser mode and why.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, stderrLog } from '../app';
import { startBrowserHost } from '../host/server';
import { browserRuntime } from '../runtime';
import { chooseLaunchMode } from './electron-binary';
import { openInBrowser } from './open-browser';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const projectRoot = path.resolve(distDir, '..');

async function runBrowserMode(reason: string): Promise<void> {
  const app = createApp({ runtime: browserRuntime(reason), log: stderrLog });
  const port = Number(process.env.SIGHTLINE_PORT ?? 0);
  const host = await startBrowserHost({ app, rendererDir: path.join(distDir, 'renderer'), port });
  const opened = openInBrowser(host.pageUrl, process.platform, process.env);
  process.stdout.write(
    [
      'Sightline is running in browser mode.',
      `  Why: ${reason}`,
      `  Open: ${host.pageUrl}`,
      opened ? '  (opened in your default browser)' : '  (copy the link into a browser on this machine; it works for this run only)',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void host.close().then(() => app.dispose()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function runElectron(executable: string): void {
  const child = spawn(executable, [projectRoot], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

const launch = chooseLaunchMode(path.join(projectRoot, 'node_modules', 'electron'), process.platform, process.env);
if (launch.mode === 'electron') runElectron(launch.executable);
else await runBrowserMode(launch.reason);
