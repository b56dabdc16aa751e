/**
 * Alert notifications as the OS shows them (Electron's `Notification`): title and body from main's
 * alert service, urgency from the severity; clicking one brings the window up at the metric's detail
 * on that day. Where the OS has no notification support, the page shows them instead (the fallback).
 *
 * Types only from Electron: `main.ts` passes the real constructor, tests a fake.
 */
import type { NotificationConstructorOptions } from 'electron';
import type { AlertNotification } from '../../shared/alerts/status';
import type { AlertNotifier } from '../alerts/notifier';

/** The part of an Electron Notification this module uses. */
export interface ShownNotification {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

export interface NativeNotifications {
  isSupported(): boolean;
  create(options: NotificationConstructorOptions): ShownNotification;
}

export function nativeNotificationOptions(n: AlertNotification): NotificationConstructorOptions {
  return {
    title: n.title,
    body: n.body,
    urgency: n.severity === 'critical' ? 'critical' : 'normal',
    // macOS / Windows group notifications by this: a newer one for the same rule replaces the older.
    id: `sightline-alert-${n.ruleId}`,
  };
}

/**
 * `onClick` shows the window and navigates it (the shell's job). Shown notifications are held until
 * clicked or closed: a garbage-collected Notification loses its click handler.
 */
export function createNativeNotifier(api: NativeNotifications, onClick: (n: AlertNotification) => void, fallback: AlertNotifier): AlertNotifier {
  const live = new Set<ShownNotification>();
  return {
    notify: (notification) => {
      if (!api.isSupported()) return fallback.notify(notification);
      const shown = api.create(nativeNotificationOptions(notification));
      live.add(shown);
      const release = (): void => {
        live.delete(shown);
      };
      shown.on('click', () => {
        release();
        onClick(notification);
      });
      shown.on('close', release);
      shown.on('failed', () => {
        release();
        void fallback.notify(notification);
      });
      shown.show();
      return undefined;
    },
  };
}
