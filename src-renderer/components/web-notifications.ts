/**
 * The page's Web Notifications, behind a small port so the views and tests never touch the global.
 * Used by the browser host only: inside Electron, main shows native notifications itself.
 */
export type NotificationAccess = NotificationPermission | 'unsupported';

export interface WebNotifications {
  permission(): NotificationAccess;
  /** Asks the person (the browser shows its prompt); resolves to their answer. */
  request(): Promise<NotificationAccess>;
  /** Shows one; `tag` replaces an earlier one with the same tag (every open tab gets the same alert). */
  show(notification: { title: string; body: string; tag: string }, onClick: () => void): void;
}

export function browserNotifications(win: Window): WebNotifications {
  const api = (win as Window & { Notification?: typeof Notification }).Notification;
  return {
    permission: () => (api === undefined ? 'unsupported' : api.permission),
    request: async () => (api === undefined ? 'unsupported' : api.requestPermission()),
    show: ({ title, body, tag }, onClick) => {
      if (api === undefined) return;
      const shown = new api(title, { body, tag });
      shown.onclick = () => {
        win.focus();
        onClick();
        shown.close();
      };
    },
  };
}
