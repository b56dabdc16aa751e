/**
 * Forwards main → renderer events from the event bus to windows over IPC_EVENT_CHANNEL. A window that
 * is still loading gets its events queued (bounded; the oldest are dropped, since events are only
 * hints to re-read state) and delivered in order once its page has loaded. Destroyed windows are dropped.
 *
 * Types only from Electron; `webContentsTarget` adapts a real WebContents.
 */
import type { WebContents } from 'electron';
import { IPC_EVENT_CHANNEL } from '../../shared/bridge';
import type { AppEvent } from '../../shared/contract';
import type { EventBus } from '../events/event-bus';

export const DEFAULT_MAX_QUEUED_EVENTS = 100;

export interface EventTarget {
  send(channel: string, message: unknown): void;
  isReady(): boolean;
  onReady(callback: () => void): void;
  isDestroyed(): boolean;
}

export interface EventForwarder {
  /** Starts forwarding to the target; returns the function that stops it. */
  attach(target: EventTarget): () => void;
  dispose(): void;
}

interface Attached {
  readonly target: EventTarget;
  readonly queue: AppEvent[];
}

export function createEventForwarder(bus: EventBus, maxQueued = DEFAULT_MAX_QUEUED_EVENTS): EventForwarder {
  const attached = new Set<Attached>();

  /** Sends one event; false when the target is gone (it is then dropped). */
  const send = (entry: Attached, event: AppEvent): boolean => {
    if (entry.target.isDestroyed()) {
      attached.delete(entry);
      return false;
    }
    try {
      entry.target.send(IPC_EVENT_CHANNEL, event);
    } catch {
      if (entry.target.isDestroyed()) {
        attached.delete(entry);
        return false;
      }
    }
    return true;
  };

  const flush = (entry: Attached): void => {
    if (!attached.has(entry)) return;
    while (entry.queue.length > 0) {
      const event = entry.queue.shift() as AppEvent;
      if (!send(entry, event)) {
        entry.queue.length = 0;
        return;
      }
    }
  };

  const unsubscribe = bus.subscribe((event) => {
    for (const entry of [...attached]) {
      if (entry.target.isDestroyed()) {
        attached.delete(entry);
      } else if (entry.target.isReady() && entry.queue.length === 0) {
        send(entry, event);
      } else {
        entry.queue.push(event);
        if (entry.queue.length > maxQueued) entry.queue.splice(0, entry.queue.length - maxQueued);
        if (entry.target.isReady()) flush(entry);
      }
    }
  });

  return {
    attach(target) {
      const entry: Attached = { target, queue: [] };
      attached.add(entry);
      target.onReady(() => flush(entry));
      return () => {
        attached.delete(entry);
        entry.queue.length = 0;
      };
    },
    dispose() {
      unsubscribe();
      for (const entry of attached) entry.queue.length = 0;
      attached.clear();
    },
  };
}

/** The slice of `WebContents` the adapter uses. */
export type EventTargetContents = Pick<WebContents, 'send' | 'isDestroyed'> & {
  on(event: 'did-start-loading' | 'did-finish-load', listener: () => void): unknown;
};

/**
 * Adapts a WebContents: ready from `did-finish-load` until the next `did-start-loading` (a reload),
 * so nothing is sent to a page whose preload has not subscribed yet.
 */
export function webContentsTarget(contents: EventTargetContents): EventTarget {
  let loaded = false;
  // Registered before any onReady callback, so `loaded` is already true when the forwarder flushes.
  contents.on('did-start-loading', () => {
    loaded = false;
  });
  contents.on('did-finish-load', () => {
    loaded = true;
  });
  return {
    send: (channel, message) => contents.send(channel, message),
    isReady: () => loaded && !contents.isDestroyed(),
    onReady: (callback) => {
      contents.on('did-finish-load', callback);
    },
    isDestroyed: () => contents.isDestroyed(),
  };
}
