import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertNotification } from '../../shared/alerts/status';
import type { NavigateFocus, Transport } from '../../shared/contract';
import type { ApiClient } from '../api/client';
import { AlertToast } from './AlertToast';
import type { WebNotifications } from './web-notifications';

/** Toasts on screen at once (the oldest goes first). */
const MAX_TOASTS = 4;

export interface AlertNotificationsProps {
  client: ApiClient;
  /** Only the browser host's page shows alerts itself; inside Electron main shows native ones. */
  transport: Transport;
  notifications: WebNotifications;
  /** Opens the metric's detail at the alert's day. */
  onOpen: (focus: NavigateFocus) => void;
}

const focusOf = (n: AlertNotification): NavigateFocus => ({ metric: n.metric, key: n.key, day: n.day });

/**
 * Main's alerts in the page: a desktop notification when the person allowed them (a click brings the
 * window forward at the metric), otherwise a toast in the corner.
 */
export function AlertNotifications(props: AlertNotificationsProps) {
  const { client, transport, notifications } = props;
  const [toasts, setToasts] = useState<AlertNotification[]>([]);
  const onOpen = useRef(props.onOpen);
  useEffect(() => {
    onOpen.current = props.onOpen;
  });

  useEffect(() => {
    if (transport !== 'browser') return;
    return client.on('alerts.notification', (n) => {
      if (notifications.permission() === 'granted') {
        notifications.show({ title: n.title, body: n.body, tag: n.id }, () => onOpen.current(focusOf(n)));
        return;
      }
      setToasts((list) => [...list.filter((t) => t.id !== n.id), n].slice(-MAX_TOASTS));
    });
  }, [client, transport, notifications]);

  const dismiss = useCallback((id: string) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const view = useCallback(
    (n: AlertNotification) => {
      dismiss(n.id);
      onOpen.current(focusOf(n));
    },
    [dismiss],
  );

  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="alert-toasts">
      {toasts.map((n) => (
        <AlertToast key={n.id} notification={n} onView={view} onDismiss={dismiss} />
      ))}
    </div>
  );
}
