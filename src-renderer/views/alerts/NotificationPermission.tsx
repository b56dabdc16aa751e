import { useState } from 'react';
import type { WebNotifications } from '../../components/web-notifications';

/**
 * "Enable desktop notifications", while the browser has not been asked yet: alerts then arrive as
 * notifications even when this tab is in the background (otherwise they are toasts in the page).
 */
export function NotificationPermission(props: { notifications: WebNotifications }) {
  const [permission, setPermission] = useState(() => props.notifications.permission());
  const [asking, setAsking] = useState(false);
  if (permission === 'granted') return <span className="muted small">Desktop notifications are on.</span>;
  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      className="button button--secondary"
      data-testid="enable-notifications"
      disabled={asking}
      onClick={() => {
        setAsking(true);
        void props.notifications.request().then((answer) => {
          setAsking(false);
          setPermission(answer);
        });
      }}
    >
      Enable desktop notifications
    </button>
  );
}
