import { BRIDGE_GLOBAL, type SightlineBridge } from '../../shared/bridge';
import { takeAccessToken } from './access-token';
import { createBrowserBridge } from './browser-bridge';
import { createApiClient, type ApiClient } from './client';

export type Connection =
  | { ok: true; client: ApiClient }
  | { ok: false; reason: 'no-token' };

/**
 * Picks the transport: the Electron preload's bridge when present, otherwise the browser host,
 * which needs the token from the link `npm start` printed.
 */
export function connect(win: Window): Connection {
  const preloaded = (win as unknown as Record<string, SightlineBridge | undefined>)[BRIDGE_GLOBAL];
  if (preloaded !== undefined) return { ok: true, client: createApiClient(preloaded, console.warn) };
  const token = takeAccessToken({ location: win.location, storage: win.sessionStorage, history: win.history });
  if (token === null) return { ok: false, reason: 'no-token' };
  const bridge = createBrowserBridge({ origin: win.location.origin, token, fetch: win.fetch.bind(win) });
  return { ok: true, client: createApiClient(bridge, console.warn) };
}
