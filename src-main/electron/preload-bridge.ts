/**
 * The bridge object the preload exposes as `window.sightline`. Named members only: the page never
 * gets `ipcRenderer` itself, never an `IpcRendererEvent` (whose `sender` is ipcRenderer), and cannot
 * reach any IPC channel outside the contract.
 *
 * No runtime Electron import: the preload passes in `ipcRenderer`, tests pass a fake.
 */
import { IPC_EVENT_CHANNEL, type SightlineBridge } from '../../shared/bridge';
import { fail, isChannel } from '../../shared/contract';

type IpcListener = (event: unknown, message: unknown) => void;

/** The part of `ipcRenderer` the bridge uses. */
export interface PreloadIpc {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: IpcListener): void;
  removeListener(channel: string, listener: IpcListener): void;
}

export function createPreloadBridge(ipc: PreloadIpc) {
  const bridge = {
    transport: 'electron' as const,
    async invoke(channel: string, payload: unknown): Promise<unknown> {
      if (!isChannel(channel)) {
        return fail('unknown_channel', `There is no channel named "${String(channel).slice(0, 64)}".`);
      }
      try {
        return await ipc.invoke(channel, payload);
      } catch {
        return fail('unavailable', 'Sightline’s main process is not answering.', 'Restart Sightline.');
      }
    },
    subscribe(listener: (event: unknown) => void): () => void {
      const forward: IpcListener = (_event, message) => listener(message);
      ipc.on(IPC_EVENT_CHANNEL, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(IPC_EVENT_CHANNEL, forward);
      };
    },
  } satisfies SightlineBridge;
  return Object.freeze(bridge);
}
