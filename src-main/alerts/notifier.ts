/**
 * The notifier port: where main's alert notifications go. Inside Electron the shell shows native
 * notifications (src-main/electron/notifier.ts); the browser host hands them to the page (Web
 * Notifications when permitted, otherwise an in-app toast); tests capture them.
 */
import type { AlertNotification } from '../../shared/alerts/status';
import type { EventBus } from '../events/event-bus';

export interface AlertNotifier {
  notify(notification: AlertNotification): void | Promise<void>;
}

/** The browser host's notifier: the page shows it (every open tab; none when no tab is open). */
export function pageNotifier(events: EventBus): AlertNotifier {
  return { notify: (notification) => events.emit('alerts.notification', notification) };
}
