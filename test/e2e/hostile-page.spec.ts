import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

// Any web page the user opens can send requests to a loopback port. Here a page on another origin
// (another local port — the closest "evil site" this closed machine can serve) tries to use main.
let evil: Server;
let evilOrigin: string;
test.beforeAll(async () => {
  evil = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>evil</title>'));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => evil.close(() => resolve())));

test('a page on another origin cannot call main, not even with a stolen token', async ({ page, host }) => {
  await page.goto(`${evilOrigin}/`);
  const outcomes = await page.evaluate(
    async ({ origin, token }) => {
      const attempt = async (init: RequestInit): Promise<string> => {
        try {
          const res = await fetch(`${origin}/api/app.info`, init);
          return res.type === 'opaque' ? 'opaque' : `read ${res.status}: ${await res.text()}`;
        } catch {
          return 'blocked';
        }
      };
      return {
        withToken: await attempt({ method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sightline-Token': token }, body: '{}' }),
        simple: await attempt({ method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{}' }),
        events: await attempt({ method: 'GET', headers: { 'X-Sightline-Token': token } }),
      };
    },
    { origin: host.origin, token: host.token },
  );
  expect(outcomes.withToken).toBe('blocked');
  // A "simple" no-cors POST is sent by the browser (no preflight); the host refuses it for its Origin,
  // and Cross-Origin-Resource-Policy keeps even the opaque answer from the page.
  expect(outcomes.simple).toBe('blocked');
  expect(outcomes.events).toBe('blocked');
  expect(host.dispatched).toEqual([]);
});

test('the real page, by contrast, reaches main', async ({ page, host }) => {
  await page.goto(host.pageUrl);
  await expect(page.getByTestId('runtime-bar')).toHaveAttribute('data-status', 'ready');
  expect(host.dispatched).toContain('app.info');
});
