import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';

// What `npm start` runs after building: the launcher. Without the Electron binary (as on this machine)
// it must fall back to the browser host, say so and why, and serve a working app at the printed link.
test('npm start falls back to browser mode, explains why, and serves the app at the printed link', async ({ page }) => {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', DISPLAY: '', WAYLAND_DISPLAY: '' };
  const child: ChildProcess = spawn(process.execPath, ['dist/main/launcher.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 10_000 }).toContain('Press Ctrl+C to stop.');
    expect(output).toContain('Sightline is running in browser mode.');
    expect(output).toMatch(/Why: .+/);
    const link = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output)?.[1];
    expect(link).toBeDefined();

    await page.goto(link!);
    await expect(page.getByTestId('runtime-bar')).toContainText('browser mode');
    await expect(page.getByTestId('browser-mode-notice')).toBeVisible();
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }
});
