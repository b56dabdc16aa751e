/**
 * The bridge the renderer talks through. Implemented twice, with the same shape:
 * by the Electron preload (`window.sightline`, over IPC) and by the browser-host transport
 * (HTTP + server-sent events). Values crossing it are `unknown`: the renderer's API client
 * validates every one with the contract's schemas, whichever transport carried it.
 */
import type { Transport } from './contract';

export interface SightlineBridge {
  readonly transport: Transport;
  /** Sends a request on a contract channel; resolves to the raw `Result` envelope. */
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /** Receives raw event envelopes `{name, payload}` from main. Returns the unsubscribe function. */
  subscribe(listener: (event: unknown) => void): () => void;
}

/** The global name the Electron preload exposes the bridge under. */
export const BRIDGE_GLOBAL = 'sightline';

/** The IPC channel that carries main → renderer events inside Electron. */
export const IPC_EVENT_CHANNEL = 'sightline:event';
