import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { channelNames, type Result } from '../../../shared/contract';
import { createTestApp } from '../../support/test-app';
import type { Dispatch } from '../../../src-main/contract/dispatch';
import { createIpcHandler, registerIpcHandlers, type IpcSender } from '../../../src-main/electron/ipc-bridge';
import type { RuntimeInfo } from '../../../src-main/runtime';

const runtime: RuntimeInfo = {
  version: '1.2.3',
  platform: 'linux',
  arch: 'x64',
  transport: 'electron',
  electronVersion: '45.4.1',
  browserModeReason: null,
};

const fromFrame = (url: string): IpcSender => ({ senderFrame: { url } });
const trusted = fromFrame('app://sightline/index.html');

async function realHandler() {
  const app = await createTestApp({ runtime });
  return createIpcHandler(app.dispatch);
}

function spyHandler() {
  const dispatch = vi.fn<Dispatch>(async () => ({ ok: true, data: 'dispatched' }));
  return { dispatch, handler: createIpcHandler(dispatch) };
}

function errorCode(result: Result<unknown>): string | null {
  return result.ok ? null : result.error.code;
}

describe('createIpcHandler', () => {
  it('answers app.info for our own app:// page through the real dispatcher', async () => {
    const result = await (await realHandler())(trusted, 'app.info', {});
    expect(result).toEqual({ ok: true, data: { name: 'Sightline', ...runtime } });
  });

  it('accepts any path of our origin (client routes)', async () => {
    const result = await (await realHandler())(fromFrame('app://sightline/settings?x=1#y'), 'app.info', {});
    expect(result.ok).toBe(true);
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'app://other/',
    'app://sightline.evil.example/',
    'app://sightline:8080/',
    'app://user@sightline/',
    'about:blank',
    'data:text/html,<script>1</script>',
    '',
    'not a url',
  ])('refuses a frame at %j without dispatching', async (url) => {
    const { dispatch, handler } = spyHandler();
    const result = await handler(fromFrame(url), 'app.info', {});
    expect(errorCode(result)).toBe('forbidden');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a sender whose frame is gone (null) without dispatching', async () => {
    const { dispatch, handler } = spyHandler();
    const result = await handler({ senderFrame: null }, 'app.info', {});
    expect(errorCode(result)).toBe('forbidden');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a sender whose frame throws when read (disposed frame)', async () => {
    const { dispatch, handler } = spyHandler();
    const disposed: IpcSender = {
      get senderFrame(): { url: string } {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    const result = await handler(disposed, 'app.info', {});
    expect(errorCode(result)).toBe('forbidden');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('passes the channel and payload of a trusted frame to dispatch unchanged', async () => {
    const { dispatch, handler } = spyHandler();
    const payload = { any: 'thing' };
    await expect(handler(trusted, 'app.info', payload)).resolves.toEqual({ ok: true, data: 'dispatched' });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('app.info', payload);
  });

  it.each([[{ extra: 1 }], [null], ['a string'], [42], [[]], [undefined]])(
    'answers bad_request for a malformed app.info payload %j',
    async (payload) => {
      const result = await (await realHandler())(trusted, 'app.info', payload);
      expect(errorCode(result)).toBe('bad_request');
    },
  );

  it.each(['app.quit', '__proto__', 'constructor', 'toString', ''])('answers unknown_channel for %j', async (channel) => {
    const result = await (await realHandler())(trusted, channel, {});
    expect(errorCode(result)).toBe('unknown_channel');
  });
});

describe('registerIpcHandlers', () => {
  type Listener = Parameters<IpcMain['handle']>[1];

  function fakeIpcMain() {
    const registered = new Map<string, Listener>();
    const handle = vi.fn((channel: string, listener: Listener) => {
      registered.set(channel, listener);
    });
    const ipcMain: Pick<IpcMain, 'handle'> = { handle };
    return { ipcMain, handle, registered };
  }

  it('registers exactly one handler per contract channel', () => {
    const { ipcMain, handle, registered } = fakeIpcMain();
    registerIpcHandlers(ipcMain, async () => ({ ok: true, data: null }));
    expect(handle).toHaveBeenCalledTimes(channelNames.length);
    expect([...registered.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('routes each registered channel to the handler with its own name, the event and the payload', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    const handler = vi.fn(async () => ({ ok: true as const, data: null }));
    registerIpcHandlers(ipcMain, handler);
    const event = { senderFrame: { url: 'app://sightline/index.html' } } as unknown as IpcMainInvokeEvent;
    for (const [name, listener] of registered) {
      await listener(event, { some: 'payload' });
      expect(handler).toHaveBeenLastCalledWith(event, name, { some: 'payload' });
    }
  });

  it('end to end: a foreign frame calling a registered channel gets forbidden', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    const app = await createTestApp({ runtime });
    registerIpcHandlers(ipcMain, createIpcHandler(app.dispatch));
    const listener = registered.get('app.info');
    expect(listener).toBeDefined();
    const foreign = { senderFrame: { url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;
    const own = { senderFrame: { url: 'app://sightline/index.html' } } as unknown as IpcMainInvokeEvent;
    await expect(listener?.(foreign, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(listener?.(own, {})).resolves.toMatchObject({ ok: true, data: { name: 'Sightline' } });
  });
});
