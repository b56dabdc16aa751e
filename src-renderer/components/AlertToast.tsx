import { useEffect, useState } from 'react';
import type { AlertNotification } from '../../shared/alerts/status';

/** How long a toast stays when nobody looks at it. */
export const TOAST_HIDE_MS = 10_000;

export interface AlertToastProps {
  notification: AlertNotification;
  onView: (notification: AlertNotification) => void;
  onDismiss: (id: string) => void;
  hideAfterMs?: number;
}

/**
 * One alert in the page (when desktop notifications are not allowed): its title and sentence, View
 * (the metric at that day) and dismiss. It hides itself after a while, but never while the pointer
 * is over it or the keyboard is in it — and then waits the full time again.
 */
export function AlertToast(props: AlertToastProps) {
  const { notification: n, onDismiss } = props;
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const held = hovered || focused;
  const hideAfter = props.hideAfterMs ?? TOAST_HIDE_MS;
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(n.id), hideAfter);
    return () => clearTimeout(timer);
  }, [held, hideAfter, onDismiss, n.id]);
  return (
    <div
      className={`toast toast--${n.kind} toast--${n.severity}`}
      data-testid="alert-toast"
      data-kind={n.kind}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocused(false);
      }}
    >
      <div className="toast__text">
        <strong className="toast__title">{n.title}</strong>
        <span className="toast__body">{n.body}</span>
      </div>
      <div className="toast__actions">
        <button type="button" className="button" onClick={() => props.onView(n)}>
          View
        </button>
        <button type="button" className="toast__dismiss" aria-label={`Dismiss: ${n.title}`} onClick={() => onDismiss(n.id)}>
          ×
        </button>
      </div>
    </div>
  );
}
