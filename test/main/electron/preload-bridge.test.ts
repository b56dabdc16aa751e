import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_GLOBAL, IPC_EVENT_CHANNEL, type SightlineBridge } from '../../../shared/bridge';
import { createPreloadBridge, type PreloadIpc } from '../../../src-main/electron/preload-bridge';

type IpcListener = (event: unknown, message: unknown) => void;

/** A fake ipcRenderer: records invokes and keeps real listener lists so emit() behaves like IPC. */
function fakeIpc(answer: unknown = { ok: true, data: 'from main' }) {
  const listeners = new Map<string, IpcListener[]>();
  const ipc = {
    invoke: vi.fn(async (_channel: string, _payload: unknown): Promise<unknown> => answer),
    on: vi.fn((channel: string, listener: IpcListener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    }),
    removeListener: vi.fn((channel: string, listener: IpcListener) => {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((l) => l !== listener),
      );
    }),
  } satisfies PreloadIpc;
  const emit = (channel: string, event: unknown, message: unknown): void => {
    for (const listener of listeners.get(channel) ?? []) listener(event, message);
  };
  const count = (channel: string): number => (listeners.get(channel) ?? []).length;
  return { ipc, emit, count };
}

/** What an IpcRendererEvent carries: `sender` is ipcRenderer itself and must never reach the page. */
const ipcRendererEvent = () => ({ sender: { send: () => {}, invoke: () => {} }, senderId: 0, ports: [] });

describe('createPreloadBridge', () => {
  it('exposes only transport, invoke and subscribe, frozen', () => {
    const bridge: SightlineBridge = createPreloadBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe', 'transport']);
    expect(Reflect.ownKeys(bridge).sort()).toEqual(['invoke', 'subscribe', 'transport']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge.transport).toBe('electron');
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.subscribe).toBe('function');
  });

  it('does not hand out ipc itself through any member', () => {
    const { ipc } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    for (const value of Object.values(bridge)) expect(value).not.toBe(ipc);
    expect(Object.values(bridge)).not.toContain(ipc.invoke);
    expect(Object.values(bridge)).not.toContain(ipc.on);
  });

  it('forwards a contract channel and its payload and returns the answer unchanged', async () => {
    const { ipc } = fakeIpc({ ok: true, data: 42 });
    const bridge = createPreloadBridge(ipc);
    await expect(bridge.invoke('app.info', {})).resolves.toEqual({ ok: true, data: 42 });
    expect(ipc.invoke).toHaveBeenCalledExactlyOnceWith('app.info', {});
  });

  it.each([IPC_EVENT_CHANNEL, 'sightline:event', 'app.quit', '__proto__', 'constructor', 'ELECTRON_BROWSER_WINDOW_CLOSE', ''])(
    'refuses the non-contract channel %j locally, never reaching ipc',
    async (channel) => {
      const { ipc } = fakeIpc();
      const bridge = createPreloadBridge(ipc);
      const result = await bridge.invoke(channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      expect(ipc.invoke).not.toHaveBeenCalled();
    },
  );

  it('refuses a non-string channel from a careless page', async () => {
    const { ipc } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    const result = await bridge.invoke({ toString: () => 'app.info' } as unknown as string, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('turns an ipc rejection into an unavailable envelope instead of a throw', async () => {
    const { ipc } = fakeIpc();
    ipc.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app.info'"));
    const bridge = createPreloadBridge(ipc);
    await expect(bridge.invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('subscribes on the event channel and passes only the message, never the IPC event', () => {
    const { ipc, emit } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    const listener = vi.fn();
    bridge.subscribe(listener);
    expect(ipc.on).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, expect.any(Function));

    const message = { name: 'app.navigate', payload: { view: 'alerts' } };
    const event = ipcRendererEvent();
    emit(IPC_EVENT_CHANNEL, event, message);
    expect(listener).toHaveBeenCalledExactlyOnceWith(message);
    for (const arg of listener.mock.calls.flat()) expect(arg).not.toBe(event);
  });

  it('unsubscribe removes the listener, and only that one', () => {
    const { ipc, emit, count } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribeFirst = bridge.subscribe(first);
    bridge.subscribe(second);
    expect(count(IPC_EVENT_CHANNEL)).toBe(2);

    unsubscribeFirst();
    unsubscribeFirst();
    expect(count(IPC_EVENT_CHANNEL)).toBe(1);
    expect(ipc.removeListener).toHaveBeenCalledTimes(1);

    emit(IPC_EVENT_CHANNEL, ipcRendererEvent(), 'hello');
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledExactlyOnceWith('hello');
  });

  it('the global name is sightline', () => {
    expect(BRIDGE_GLOBAL).toBe('sightline');
  });
});
