import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../support/test-app';
import { startBrowserHost, type BrowserHost } from '../../../src-main/host/server';
import { browserRuntime } from '../../../src-main/runtime';
import { createBrowserBridge } from '../../../src-renderer/api/browser-bridge';
import { createApiClient } from '../../../src-renderer/api/client';
import type { SightlineBridge } from '../../../shared/bridge';

const rendererDir = mkdtempSync(path.join(tmpdir(), 'renderer-'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');

// The renderer's browser transport against a real browser host. Node's fetch sends no Origin,
// so one is added, as Chromium does on every same-origin POST.
function withOrigin(origin: string): typeof fetch {
  return (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: origin } });
}

describe('browser transport + API client, against a real host', () => {
  let host: BrowserHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('calls a channel and gets validated data', async () => {
    const app = await createTestApp({ runtime: browserRuntime('test') });
    host = await startBrowserHost({ app, rendererDir });
    const client = createApiClient(createBrowserBridge({ origin: host.origin, token: host.token, fetch: withOrigin(host.origin) }));
    const result = await client.call('app.info', {});
    expect(result).toMatchObject({ ok: true, data: { transport: 'browser', browserModeReason: 'test' } });
  });

  it('turns a wrong token into the unauthorized error with its hint', async () => {
    const app = await createTestApp({ runtime: browserRuntime('test') });
    host = await startBrowserHost({ app, rendererDir });
    const client = createApiClient(createBrowserBridge({ origin: host.origin, token: 'y'.repeat(43), fetch: withOrigin(host.origin) }));
    const result = await client.call('app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized', hint: expect.stringContaining('npm start') } });
  });

  it('says main is not answering when the host is gone', async () => {
    const app = await createTestApp({ runtime: browserRuntime('test') });
    host = await startBrowserHost({ app, rendererDir });
    const { origin, token } = host;
    await host.close();
    host = null;
    const client = createApiClient(createBrowserBridge({ origin, token, fetch: withOrigin(origin) }));
    expect(await client.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('delivers events and reconnects the stream after the connection drops', async () => {
    const app = await createTestApp({ runtime: browserRuntime('test') });
    host = await startBrowserHost({ app, rendererDir });
    const own = app.events.subscriberCount;
    let drop: (() => void) | null = null;
    const fetchWithDrop: typeof fetch = async (input, init) => {
      const controller = new AbortController();
      init?.signal?.addEventListener('abort', () => controller.abort());
      drop = () => controller.abort();
      return fetch(input, { ...init, signal: controller.signal });
    };
    const client = createApiClient(createBrowserBridge({ origin: host.origin, token: host.token, fetch: fetchWithDrop, retryDelayMs: () => 10 }));
    const views: string[] = [];
    const off = client.on('app.navigate', ({ view }) => views.push(view));
    await vi.waitFor(() => expect(app.events.subscriberCount).toBe(own + 1));
    app.events.emit('app.navigate', { view: 'alerts' });
    await vi.waitFor(() => expect(views).toEqual(['alerts']));
    drop!();
    // Until the client has reconnected, events go nowhere; keep emitting until one arrives.
    await vi.waitFor(() => {
      app.events.emit('app.navigate', { view: 'settings' });
      expect(views).toContain('settings');
    });
    expect(views[0]).toBe('alerts');
    off();
    await vi.waitFor(() => expect(app.events.subscriberCount).toBe(own));
  });
});

describe('API client validation', () => {
  const fakeBridge = (answer: unknown, events: unknown[] = []): SightlineBridge => ({
    transport: 'electron',
    invoke: async () => answer,
    subscribe: (listener) => {
      for (const e of events) listener(e);
      return () => {};
    },
  });

  it('refuses an answer that breaks the contract', async () => {
    const client = createApiClient(fakeBridge({ ok: true, data: { name: 'Sightline', version: '1' } }));
    expect(await client.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'bad_response' } });
  });

  it('drops malformed events with a warning and passes valid ones', () => {
    const warn = vi.fn();
    const seen: string[] = [];
    const client = createApiClient(
      fakeBridge(null, [{ name: 'app.navigate', payload: { view: 'nowhere' } }, { nope: 1 }, { name: 'app.navigate', payload: { view: 'alerts' } }]),
      warn,
    );
    client.on('app.navigate', ({ view }) => seen.push(view));
    expect(seen).toEqual(['alerts']);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('turns a transport throw into unavailable', async () => {
    const bridge: SightlineBridge = { transport: 'electron', invoke: () => Promise.reject(new Error('gone')), subscribe: () => () => {} };
    expect(await createApiClient(bridge).call('app.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
