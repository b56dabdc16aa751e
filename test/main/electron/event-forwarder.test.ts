import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL } from '../../../shared/bridge';
import type { ViewId } from '../../../shared/contract';
import { EventBus } from '../../../src-main/events/event-bus';
import {
  createEventForwarder,
  DEFAULT_MAX_QUEUED_EVENTS,
  webContentsTarget,
  type EventTarget,
  type EventTargetContents,
} from '../../../src-main/electron/event-forwarder';

class FakeTarget implements EventTarget {
  readonly sent: Array<{ channel: string; message: unknown }> = [];
  ready = false;
  destroyed = false;
  private readonly readyCallbacks: Array<() => void> = [];

  send(channel: string, message: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, message });
  }
  isReady(): boolean {
    return this.ready;
  }
  onReady(callback: () => void): void {
    this.readyCallbacks.push(callback);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  becomeReady(): void {
    this.ready = true;
    for (const callback of this.readyCallbacks) callback();
  }
  views(): unknown[] {
    return this.sent.map(({ message }) => (message as { payload: { view: ViewId } }).payload.view);
  }
}

const navigate = (bus: EventBus, view: ViewId): void => bus.emit('app.navigate', { view });

describe('createEventForwarder', () => {
  it('sends events to a ready target on the IPC event channel as {name, payload}', () => {
    const bus = new EventBus();
    const forwarder = createEventForwarder(bus);
    const target = new FakeTarget();
    target.ready = true;
    forwarder.attach(target);
    navigate(bus, 'alerts');
    expect(target.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, message: { name: 'app.navigate', payload: { view: 'alerts' } } }]);
  });

  it('queues events until the target is ready, then delivers them in order', () => {
    const bus = new EventBus();
    const forwarder = createEventForwarder(bus);
    const target = new FakeTarget();
    forwarder.attach(target);
    navigate(bus, 'alerts');
    navigate(bus, 'settings');
    expect(target.sent).toEqual([]);
    target.becomeReady();
    navigate(bus, 'dashboard');
    expect(target.views()).toEqual(['alerts', 'settings', 'dashboard']);
  });

  it('keeps only the newest events when the queue bound is reached', () => {
    const bus = new EventBus();
    const forwarder = createEventForwarder(bus, 3);
    const target = new FakeTarget();
    forwarder.attach(target);
    const views: ViewId[] = ['dashboard', 'alerts', 'settings', 'sync-log', 'dashboard'];
    for (const view of views) navigate(bus, view);
    target.becomeReady();
    expect(target.views()).toEqual(['settings', 'sync-log', 'dashboard']);
  });

  it('bounds the default queue at 100', () => {
    const bus = new EventBus();
    const forwarder = createEventForwarder(bus);
    const target = new FakeTarget();
    forwarder.attach(target);
    for (let i = 0; i < 250; i += 1) navigate(bus, i === 249 ? 'alerts' : 'dashboard');
    target.becomeReady();
    expect(DEFAULT_MAX_QUEUED_EVENTS).toBe(100);
    expect(target.sent).toHaveLength(100);
    expect(target.views().at(-1)).toBe('alerts');
  });

  it('drops destroyed targets and keeps serving the others', () => {
    const bus = new EventBus();
    const forwarder = createEventForwarder(bus);
    const gone = new FakeTarget();
    const alive = new FakeTarget();
    gone.ready = true;
    alive.ready = true;
    forwarder.attach(gone);
    forwarder.attach(alive);
    navigate(bus, 'alerts');
    gone.destroyed = true;
    navigate(bus, 'settings');
    gone.destroyed = false; // even if it came back, it is no longer attached
    navigate(bus, 'dashboard');
    expect(gone.views()).toEqual(['alerts']);
    expect(alive.views()).toEqual(['alerts', 'settings', 'dashboard']);
  });

  it('does not flush to a target destroyed before it became ready', () => {
    const bus = new EventBus();
    const forwarder = createEventForwarder(bus);
    const target = new FakeTarget();
    forwarder.attach(target);
    navigate(bus, 'alerts');
    target.destroyed = true;
    expect(() => target.becomeReady()).not.toThrow();
    expect(target.sent).toEqual([]);
  });

  it('stops after detach and after dispose', () => {
    const bus = new EventBus();
    const forwarder = createEventForwarder(bus);
    const detached = new FakeTarget();
    const other = new FakeTarget();
    detached.ready = true;
    other.ready = true;
    const detach = forwarder.attach(detached);
    forwarder.attach(other);
    detach();
    navigate(bus, 'alerts');
    expect(detached.sent).toEqual([]);
    expect(other.views()).toEqual(['alerts']);
    forwarder.dispose();
    expect(bus.subscriberCount).toBe(0);
    navigate(bus, 'settings');
    expect(other.views()).toEqual(['alerts']);
  });
});

describe('webContentsTarget', () => {
  class FakeContents implements EventTargetContents {
    readonly sent: Array<[string, unknown]> = [];
    destroyed = false;
    private readonly listeners = new Map<string, Array<() => void>>();
    send(channel: string, ...args: unknown[]): void {
      this.sent.push([channel, args[0]]);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    on(event: string, listener: () => void): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    emit(event: string): void {
      for (const listener of this.listeners.get(event) ?? []) listener();
    }
  }

  it('is ready from did-finish-load until the next did-start-loading, and queues across a reload', () => {
    const bus = new EventBus();
    const forwarder = createEventForwarder(bus);
    const contents = new FakeContents();
    forwarder.attach(webContentsTarget(contents));

    contents.emit('did-start-loading');
    navigate(bus, 'alerts');
    expect(contents.sent).toEqual([]);
    contents.emit('did-finish-load');
    expect(contents.sent).toEqual([[IPC_EVENT_CHANNEL, { name: 'app.navigate', payload: { view: 'alerts' } }]]);

    contents.emit('did-start-loading'); // reload: the new page has not subscribed yet
    navigate(bus, 'settings');
    expect(contents.sent).toHaveLength(1);
    contents.emit('did-finish-load');
    expect(contents.sent).toHaveLength(2);
  });

  it('reports destruction', () => {
    const contents = new FakeContents();
    const target = webContentsTarget(contents);
    contents.emit('did-finish-load');
    expect(target.isReady()).toBe(true);
    contents.destroyed = true;
    expect(target.isDestroyed()).toBe(true);
    expect(target.isReady()).toBe(false);
  });
});
