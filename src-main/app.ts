/**
 * Composition root: builds every main-process service from its ports and exposes the two things a
 * transport needs, the contract dispatcher and the event bus. No Electron import here: the Electron
 * shell and the browser host both wrap the same `App`.
 */
import { createDispatcher, type Dispatch, type ErrorLog, type Handlers } from './contract/dispatch';
import { EventBus } from './events/event-bus';
import type { ConnectionStatus } from '../shared/contract';
import type { RuntimeInfo } from './runtime';

export interface App {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  dispose(): Promise<void>;
}

export interface AppPorts {
  runtime: RuntimeInfo;
  log: ErrorLog;
  /**
   * A connection given at start (`npm run demo` hands over the PostHog emulator's project).
   * The connect flow and its sealed key store replace this with the user's own connection.
   */
  connection?: ConnectionStatus;
}

export function createApp(ports: AppPorts): App {
  const events = new EventBus();
  const handlers: Handlers = {
    'app.info': async () => ({ name: 'Sightline', ...ports.runtime }),
    'connection.status': async () => ports.connection ?? { state: 'not-connected' },
  };
  return {
    dispatch: createDispatcher(handlers, ports.log),
    events,
    dispose: async () => {},
  };
}

/** The default error log: the error's name and stack only go to stderr, never to the renderer. */
export const stderrLog: ErrorLog = (message, error) => {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? '' : typeof error;
  process.stderr.write(`[sightline] ${message}${detail ? ` — ${detail}` : ''}\n`);
};
