import { describe, expect, it } from 'vitest';
import type { NotificationConstructorOptions } from 'electron';
import type { AlertNotification } from '../../../shared/alerts/status';
import { createNativeNotifier, type NativeNotifications, type ShownNotification } from '../../../src-main/electron/native-notifier';

const ALERT: AlertNotification = {
  id: 'n1',
  ruleId: 'r1',
  kind: 'fired',
  severity: 'critical',
  title: 'DAU drop',
  body: 'DAU fell 46% — 67 vs 125 usual for a Saturday · Sat, Nov 14',
  metric: 'posthog_dau',
  key: '',
  day: '2026-11-14',
};

class FakeNotification implements ShownNotification {
  readonly listeners = new Map<string, () => void>();
  shown = false;
  constructor(readonly options: NotificationConstructorOptions) {}
  on(event: string, listener: () => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  show(): void {
    this.shown = true;
  }
  emit(event: string): void {
    this.listeners.get(event)?.();
  }
}

function fakeApi(supported: boolean): NativeNotifications & { created: FakeNotification[] } {
  const created: FakeNotification[] = [];
  return { created, isSupported: () => supported, create: (options) => (created.push(new FakeNotification(options)), created.at(-1)!) };
}

describe('native alert notifications (Electron Notification, faked)', () => {
  it('shows the alert with its title, body and urgency; a click opens the metric at that day', async () => {
    const api = fakeApi(true);
    const clicked: AlertNotification[] = [];
    const page: AlertNotification[] = [];
    const notifier = createNativeNotifier(api, (n) => clicked.push(n), { notify: (n) => void page.push(n) });
    await notifier.notify(ALERT);
    expect(api.created).toHaveLength(1);
    expect(api.created[0]!.options).toMatchObject({ title: 'DAU drop', body: ALERT.body, urgency: 'critical' });
    expect(api.created[0]!.shown).toBe(true);
    api.created[0]!.emit('click');
    expect(clicked).toEqual([ALERT]);
    expect(page).toEqual([]);
  });

  it('falls back to the page (in-app toast) when the OS has no notifications, or showing one failed', async () => {
    const page: AlertNotification[] = [];
    await createNativeNotifier(fakeApi(false), () => {}, { notify: (n) => void page.push(n) }).notify(ALERT);
    expect(page).toEqual([ALERT]);

    const api = fakeApi(true);
    const notifier = createNativeNotifier(api, () => {}, { notify: (n) => void page.push(n) });
    await notifier.notify({ ...ALERT, id: 'n2' });
    api.created[0]!.emit('failed');
    expect(page.map((n) => n.id)).toEqual(['n1', 'n2']);
  });
});
