import type { HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { hardenWebContents, type HardenableContents, type PreventableEvent } from '../../../src-main/electron/harden';

type Listener = (event: PreventableEvent, url: string) => void;
type OpenHandler = (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse;

/** A typed fake WebContents: a tiny emitter plus the window-open handler slot. */
class FakeContents implements HardenableContents {
  readonly listeners = new Map<string, Listener[]>();
  openHandler: OpenHandler | null = null;

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }

  /** Emits like Electron does and reports whether any listener prevented the default. */
  emit(name: string, url = ''): boolean {
    let prevented = false;
    const event: PreventableEvent = {
      preventDefault: () => {
        prevented = true;
      },
    };
    for (const listener of this.listeners.get(name) ?? []) listener(event, url);
    return prevented;
  }

  open(url: string): WindowOpenHandlerResponse {
    if (this.openHandler === null) throw new Error('no window open handler');
    return this.openHandler({ url });
  }
}

function hardened() {
  const contents = new FakeContents();
  const openExternal = vi.fn(async (_url: string) => {});
  hardenWebContents(contents, openExternal);
  return { contents, openExternal };
}

describe('hardenWebContents', () => {
  it.each(['https://evil.example/', 'http://127.0.0.1:1234/', 'file:///etc/passwd', 'app://other/', 'javascript:alert(1)', 'garbage'])(
    'prevents will-navigate and will-redirect to %j',
    (url) => {
      const { contents } = hardened();
      expect(contents.emit('will-navigate', url)).toBe(true);
      expect(contents.emit('will-redirect', url)).toBe(true);
    },
  );

  it.each(['app://sightline/x', 'app://sightline/index.html'])('lets the app navigate within itself (%j)', (url) => {
    const { contents } = hardened();
    expect(contents.emit('will-navigate', url)).toBe(false);
    expect(contents.emit('will-redirect', url)).toBe(false);
  });

  it('prevents every <webview> from attaching', () => {
    const { contents } = hardened();
    expect(contents.listeners.get('will-attach-webview')).toHaveLength(1);
    expect(contents.emit('will-attach-webview')).toBe(true);
  });

  it.each(['https://posthog.com/docs', 'http://example.com/'])('denies window.open of %j but opens it in the system browser', (url) => {
    const { contents, openExternal } = hardened();
    expect(contents.open(url)).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith(url);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://attacker/share', 'app://sightline/index.html', 'about:blank', 'garbage'])(
    'denies window.open of %j and never hands it to the system',
    (url) => {
      const { contents, openExternal } = hardened();
      expect(contents.open(url)).toEqual({ action: 'deny' });
      expect(openExternal).not.toHaveBeenCalled();
    },
  );

  it('still denies when openExternal fails, synchronously or not', async () => {
    const contents = new FakeContents();
    const rejecting = vi.fn(async () => {
      throw new Error('no browser');
    });
    hardenWebContents(contents, rejecting);
    expect(contents.open('https://example.com/')).toEqual({ action: 'deny' });

    const throwing = vi.fn((): void => {
      throw new Error('no browser');
    });
    hardenWebContents(contents, throwing);
    expect(contents.open('https://example.com/')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(rejecting).toHaveBeenCalledTimes(1);
    expect(throwing).toHaveBeenCalledTimes(1);
  });
});
