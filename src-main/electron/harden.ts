/**
 * Locks down one WebContents: no navigation away from the app, no new windows (http(s) links go to
 * the system browser instead), no <webview>. Applied to every WebContents Electron creates.
 *
 * Types only from Electron; `HardenableContents` is the slice used, so tests can pass a fake.
 */
import type { HandlerDetails, WebContents, WindowOpenHandlerResponse } from 'electron';
import { externalUrlAllowed, navigationAllowed } from './navigation-policy';

export interface PreventableEvent {
  preventDefault(): void;
}

/** The part of `WebContents` hardening touches. `WebContents` itself satisfies it (checked below). */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse): void;
}

export type OpenExternal = (url: string) => Promise<void> | void;

export function hardenWebContents(contents: WebContents | HardenableContents, openExternal: OpenExternal): void {
  const target: HardenableContents = contents;
  const guardNavigation = (event: PreventableEvent, url: string): void => {
    if (!navigationAllowed(url)) event.preventDefault();
  };
  target.on('will-navigate', guardNavigation);
  target.on('will-redirect', guardNavigation);
  target.on('will-attach-webview', (event) => event.preventDefault());
  target.setWindowOpenHandler(({ url }) => {
    if (externalUrlAllowed(url)) {
      try {
        void Promise.resolve(openExternal(url)).catch(() => {});
      } catch {
        // The system browser could not be started; the app stays as it is.
      }
    }
    return { action: 'deny' };
  });
}
