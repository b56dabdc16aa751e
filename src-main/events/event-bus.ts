import { events, type AppEvent, type EventName, type EventPayload } from '../../shared/contract';

export type EventListener = (event: AppEvent) => void;

/**
 * Main → renderer events. Payloads are validated here, at the source, and again by the renderer.
 * Each transport subscribes once (Electron: forward to windows; browser host: one SSE stream per tab).
 * Events are hints ("something changed"); durable state is always re-read through a channel.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed = events[name].parse(payload);
    const event = { name, payload: parsed } as AppEvent;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed window, a dropped stream) must not stop the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
