import { useEffect, useRef } from 'react';

/** Ctrl+R (⌘R on macOS): the keys that reload a page. Ctrl+Shift+R is left alone, as the real reload. */
export function isRefreshShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && (event.key === 'r' || event.key === 'R');
}

/**
 * Makes Ctrl/⌘+R call `onRefresh` instead of reloading the page, whenever the window has the focus
 * (in Electron and in the browser alike). A held key does not start a sync per repeat.
 */
export function useRefreshShortcut(onRefresh: () => void, target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): void {
  const latest = useRef(onRefresh);
  useEffect(() => {
    latest.current = onRefresh;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isRefreshShortcut(event)) return;
      event.preventDefault();
      if (!event.repeat) latest.current();
    };
    target.addEventListener('keydown', onKeyDown);
    return () => target.removeEventListener('keydown', onKeyDown);
  }, [target]);
}
