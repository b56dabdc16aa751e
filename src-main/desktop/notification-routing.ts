/**
 * Clicking an alert notification opens the window at the alert's metric and day: the window is
 * brought up (created if needed) and the renderer is told where to go through the contract's
 * `app.navigate` event — the same event the tray and the menu use.
 */
import type { AlertNotification } from '../../shared/alerts/status';
import type { EventPayload } from '../../shared/contract';

export function navigationFor(notification: AlertNotification): EventPayload<'app.navigate'> {
  return { view: 'dashboard', focus: { metric: notification.metric, key: notification.key, day: notification.day } };
}

export function createNotificationClickHandler(deps: {
  presenter: { show(): void };
  navigate(to: EventPayload<'app.navigate'>): void;
}): (notification: AlertNotification) => void {
  return (notification) => {
    deps.presenter.show();
    deps.navigate(navigationFor(notification));
  };
}
