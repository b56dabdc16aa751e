// @vitest-environment jsdom
// Alerts shown by the page (browser host): a toast when desktop notifications are not allowed — View
// opens the metric at the alert's day, × dismisses, it hides itself after 10 s but not while hovered
// or focused — a Web Notification when they are, and nothing at all inside Electron (main shows native ones).
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertNotification } from '../../../shared/alerts/status';
import type { NavigateFocus, Transport } from '../../../shared/contract';
import { AlertNotifications } from '../../../src-renderer/components/AlertNotifications';
import { TOAST_HIDE_MS } from '../../../src-renderer/components/AlertToast';
import type { NotificationAccess, WebNotifications } from '../../../src-renderer/components/web-notifications';
import { fakeAlertsMain } from './fake-main';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const spike: AlertNotification = {
  id: 'n1',
  ruleId: 'r1',
  kind: 'fired',
  severity: 'critical',
  title: 'Error spike',
  body: 'Error events rose 600% — 7 vs 1 on average over the previous 7 days · Sat, Nov 21',
  metric: 'posthog_errors',
  key: '',
  day: '2026-11-21',
};

function fakeNotifications(permission: NotificationAccess) {
  const shown: Array<{ title: string; body: string; tag: string; click: () => void }> = [];
  const notifications: WebNotifications = {
    permission: () => permission,
    request: async () => permission,
    show: (n, onClick) => void shown.push({ ...n, click: onClick }),
  };
  return { notifications, shown };
}

function setup(transport: Transport, permission: NotificationAccess = 'default') {
  const main = fakeAlertsMain({ transport });
  const web = fakeNotifications(permission);
  const opened: NavigateFocus[] = [];
  render(<AlertNotifications client={main.client} transport={transport} notifications={web.notifications} onOpen={(f) => opened.push(f)} />);
  return { main, web, opened };
}

describe('alert notifications in the page', () => {
  it('without permission: a toast with the title and the sentence; View opens the metric at that day and closes it', () => {
    const { main, web, opened } = setup('browser');
    act(() => main.notify(spike));
    const toast = screen.getByTestId('alert-toast');
    expect(toast.textContent).toContain('Error spike');
    expect(toast.textContent).toContain('Error events rose 600% — 7 vs 1 on average over the previous 7 days · Sat, Nov 21');
    // Announced politely: the toasts live in a status region.
    expect(screen.getByTestId('alert-toasts').getAttribute('role')).toBe('status');
    expect(screen.getByTestId('alert-toasts').getAttribute('aria-live')).toBe('polite');
    expect(web.shown).toEqual([]);

    fireEvent.click(within(toast).getByRole('button', { name: 'View' }));
    expect(opened).toEqual([{ metric: 'posthog_errors', key: '', day: '2026-11-21' }]);
    expect(screen.queryByTestId('alert-toast')).toBeNull();
  });

  it('dismisses with ×, and the same alert twice (two tabs, a replay) is one toast', () => {
    const { main } = setup('browser');
    act(() => {
      main.notify(spike);
      main.notify(spike);
      main.notify({ ...spike, id: 'n2', kind: 'resolved', title: 'Resolved: Error spike', body: 'Error events is back to 1 on Sun, Nov 22' });
    });
    expect(screen.getAllByTestId('alert-toast')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss: Error spike' }));
    expect(screen.getAllByTestId('alert-toast').map((t) => t.getAttribute('data-kind'))).toEqual(['resolved']);
  });

  it('hides itself after 10 seconds, but not while the pointer is on it or the keyboard in it', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { main } = setup('browser');
    act(() => main.notify(spike));
    const toast = screen.getByTestId('alert-toast');

    fireEvent.mouseEnter(toast);
    act(() => {
      vi.advanceTimersByTime(TOAST_HIDE_MS * 3);
    });
    expect(screen.queryByTestId('alert-toast')).not.toBeNull();
    fireEvent.mouseLeave(toast);

    fireEvent.focus(within(toast).getByRole('button', { name: 'View' }));
    act(() => {
      vi.advanceTimersByTime(TOAST_HIDE_MS * 3);
    });
    expect(screen.queryByTestId('alert-toast')).not.toBeNull();
    fireEvent.blur(within(toast).getByRole('button', { name: 'View' }));

    // Left alone, it waits the full time again, then goes.
    act(() => {
      vi.advanceTimersByTime(TOAST_HIDE_MS - 100);
    });
    expect(screen.queryByTestId('alert-toast')).not.toBeNull();
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(screen.queryByTestId('alert-toast')).toBeNull();
  });

  it('with permission: a desktop notification (tagged, so tabs do not repeat it) whose click opens the metric; no toast', () => {
    const { main, web, opened } = setup('browser', 'granted');
    act(() => main.notify(spike));
    expect(screen.queryByTestId('alert-toast')).toBeNull();
    expect(web.shown.map(({ title, body, tag }) => ({ title, body, tag }))).toEqual([{ title: 'Error spike', body: spike.body, tag: 'n1' }]);
    act(() => web.shown[0]?.click());
    expect(opened).toEqual([{ metric: 'posthog_errors', key: '', day: '2026-11-21' }]);
  });

  it('inside Electron: nothing (main shows a native notification)', () => {
    const { main, web } = setup('electron', 'granted');
    act(() => main.notify(spike));
    expect(screen.queryByTestId('alert-toast')).toBeNull();
    expect(web.shown).toEqual([]);
    expect(main.listeners.size).toBe(0);
  });
});
