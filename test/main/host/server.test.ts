import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../../src-main/app';
import { createTestApp } from '../../support/test-app';
import type { Dispatch } from '../../../src-main/contract/dispatch';
import { startBrowserHost, type BrowserHost } from '../../../src-main/host/server';
import { browserRuntime } from '../../../src-main/runtime';
import { rawRequest } from '../../support/http';

function makeRendererDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sightline-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Sightline</title>');
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(dir), 'outside-secret.txt'), 'secret');
  return dir;
}

describe('browser host', () => {
  let app: App;
  let host: BrowserHost;
  let dispatch: ReturnType<typeof vi.fn<Dispatch>>;

  beforeEach(async () => {
    const real = await createTestApp({ runtime: browserRuntime('unit test') });
    dispatch = vi.fn<Dispatch>(real.dispatch);
    app = { ...real, dispatch };
    host = await startBrowserHost({ app, rendererDir: makeRendererDir(), maxBodyBytes: 1024 });
  });
  afterEach(async () => {
    await host.close();
  });

  const goodHeaders = (): Record<string, string> => ({
    Origin: host.origin,
    'Content-Type': 'application/json',
    'X-Sightline-Token': host.token,
  });
  const post = (channel: string, body: string, headers: Record<string, string> = goodHeaders()) =>
    rawRequest(`${host.origin}/api/${channel}`, { method: 'POST', headers, body });

  it('listens on 127.0.0.1 only, and gives each run its own token', async () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const other = await startBrowserHost({ app, rendererDir: makeRendererDir() });
    expect(other.token).not.toBe(host.token);
    expect(other.token.length).toBeGreaterThanOrEqual(43);
    await other.close();
  });

  it('answers a valid contract request with the Result envelope', async () => {
    const res = await post('app.info', '{}');
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ ok: true, data: { name: 'Sightline', transport: 'browser', browserModeReason: 'unit test' } });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('refuses a missing or wrong token with 401, without running anything', async () => {
    const { 'X-Sightline-Token': _omit, ...noToken } = goodHeaders();
    expect((await post('app.info', '{}', noToken)).status).toBe(401);
    const wrong = await post('app.info', '{}', { ...goodHeaders(), 'X-Sightline-Token': `${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}` });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.code).toBe('unauthorized');
    expect((await rawRequest(`${host.origin}/api/events`)).status).toBe(401);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a foreign Origin with 403 even with the right token (cross-site request)', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:1', `http://127.0.0.1:${Number(new URL(host.origin).port) + 1}`, 'null']) {
      const res = await post('app.info', '{}', { ...goodHeaders(), Origin: origin });
      expect(res.status, origin).toBe(403);
    }
    const { Origin: _omit, ...noOrigin } = goodHeaders();
    expect((await post('app.info', '{}', noOrigin)).status).toBe(403);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a foreign Host with 403 (DNS rebinding), for the API and the page alike', async () => {
    const port = new URL(host.origin).port;
    for (const hostHeader of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port}.evil.example`]) {
      expect((await post('app.info', '{}', { ...goodHeaders(), Host: hostHeader })).status, hostHeader).toBe(403);
      expect((await rawRequest(`${host.origin}/`, { headers: { Host: hostHeader } })).status, hostHeader).toBe(403);
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('answers an unknown channel with 404', async () => {
    const res = await post('app.shutdown', '{}');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe('unknown_channel');
    expect((await post('__proto__', '{}')).status).toBe(404);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('answers an invalid payload with 400 naming the zod issue', async () => {
    const res = await post('app.info', '{"unexpected":true}');
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('unexpected');
    expect((await post('app.info', '[]')).status).toBe(400);
    expect((await post('app.info', 'not json')).status).toBe(400);
  });

  it('limits the body size (413) and insists on JSON (415) and POST (405)', async () => {
    expect((await post('app.info', JSON.stringify({ pad: 'x'.repeat(2000) }))).status).toBe(413);
    expect((await post('app.info', '{}', { ...goodHeaders(), 'Content-Type': 'text/plain' })).status).toBe(415);
    const get = await rawRequest(`${host.origin}/api/app.info`, { headers: { 'X-Sightline-Token': host.token } });
    expect(get.status).toBe(405);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('never sends CORS headers, and refuses preflights', async () => {
    const preflight = await rawRequest(`${host.origin}/api/app.info`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    const ok = await post('app.info', '{}');
    for (const res of [preflight, ok]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('serves the renderer with its CSP, falls back to index.html for client routes, and never leaves its folder', async () => {
    const index = await rawRequest(`${host.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await rawRequest(`${host.origin}/settings`)).body).toContain('<title>Sightline');
    const asset = await rawRequest(`${host.origin}/assets/app-1234.js`);
    expect(asset.headers['content-type']).toContain('text/javascript');
    for (const evil of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt', '/.env', '/assets/missing.js']) {
      const res = await rawRequest(`${host.origin}${evil}`);
      expect(res.status, evil).toBe(404);
      expect(res.body).not.toContain('secret');
    }
    expect((await rawRequest(`${host.origin}/`, { method: 'DELETE' })).status).toBe(405);
  });

  it('streams main → renderer events over server-sent events', async () => {
    // The app's own services subscribe too; the stream adds exactly one subscriber and removes it again.
    const own = app.events.subscriberCount;
    const controller = new AbortController();
    const res = await fetch(`${host.origin}/api/events`, { headers: { 'X-Sightline-Token': host.token }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toContain(': connected');
    await vi.waitFor(() => expect(app.events.subscriberCount).toBe(own + 1));
    app.events.emit('app.navigate', { view: 'settings' });
    const { value } = await reader.read();
    expect(value).toBe('data: {"name":"app.navigate","payload":{"view":"settings"}}\n\n');
    controller.abort();
    await vi.waitFor(() => expect(app.events.subscriberCount).toBe(own));
  });
});
