/**
 * Main-process side of the IPC bridge. Every contract channel gets one `ipcMain.handle`; each call
 * first checks that it comes from a frame showing our own `app://sightline` page, then hands the raw
 * payload to the contract dispatcher, which validates it with the channel's schema. The answer is
 * always a `Result` envelope (thrown errors lose everything but their message across IPC).
 *
 * No runtime Electron import: tested with hand-written fakes.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames, fail, type Result } from '../../shared/contract';
import type { Dispatch } from '../contract/dispatch';
import { isAppUrl } from './app-origin';

/** The part of `IpcMainInvokeEvent` the handler looks at. */
export interface IpcSender {
  readonly senderFrame: { readonly url: string } | null;
}

export type IpcHandler = (event: IpcSender, channel: string, payload: unknown) => Promise<Result<unknown>>;

const FOREIGN_FRAME = 'Only Sightline’s own window may call its main process.';

/** The URL of the frame that sent the message, or null when it is gone or unreadable. */
function senderUrl(event: IpcSender): string | null {
  try {
    // A frame that navigated away or was destroyed reads as null (or throws on access in Electron).
    return event.senderFrame?.url ?? null;
  } catch {
    return null;
  }
}

export function createIpcHandler(dispatch: Dispatch): IpcHandler {
  return async (event, channel, payload) => {
    if (!isAppUrl(senderUrl(event))) return fail('forbidden', FOREIGN_FRAME);
    return dispatch(channel, payload);
  };
}

/** One `ipcMain.handle` per contract channel; the renderer sends the payload as the single argument. */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, handler: IpcHandler): void {
  for (const name of channelNames) {
    ipcMain.handle(name, (event: IpcMainInvokeEvent, payload: unknown) => handler(event, name, payload));
  }
}
