/** Shared values for the desktop tests: audit entries, alert rules, a tray state. */
import { AlertRuleViewSchema, type AlertRuleView } from '../../../shared/alerts/status';
import type { SyncEntry } from '../../../shared/contract';
import type { TrayState } from '../../../src-main/desktop/tray-model';

export const NOW = Date.parse('2026-06-15T10:05:00Z');
export const MIN = 60_000;

let ids = 0;
export function entry(over: Partial<SyncEntry> & { agoMs?: number } = {}): SyncEntry {
  const { agoMs = 5 * MIN, ...rest } = over;
  const finished = new Date(NOW - agoMs).toISOString();
  return {
    id: `sync-${(ids += 1)}`,
    kind: 'refresh',
    projectId: 7,
    window: { from: '2026-06-08', to: '2026-06-15' },
    startedAt: finished,
    finishedAt: finished,
    requests: 5,
    rows: { posthog_dau: 8 },
    status: 'ok',
    errors: [],
    revision: 3,
    ...rest,
  };
}

export const queryFailure = (queryId: string, message: string): SyncEntry['errors'][number] => ({
  queryId,
  metrics: ['posthog_dau'],
  error: { code: 'timeout', message },
});

export const connectedState = (over: Partial<TrayState> = {}): TrayState => ({
  connected: true,
  syncing: false,
  last: entry(),
  firing: 0,
  autoSync: 'on',
  ...over,
});

/** A valid rule (DAU below 10) in the given state, as `alerts.rules` and `alerts.changed` carry it. */
export function ruleView(id: string, status: AlertRuleView['state']['status']): AlertRuleView {
  return AlertRuleViewSchema.parse({
    rule: {
      id,
      name: `Rule ${id}`,
      target: { metric: 'posthog_dau', key: '' },
      condition: { kind: 'threshold', direction: 'below', value: 10 },
      evaluation: { consecutiveDays: 1, minVolume: 0, includePartialDay: false },
      severity: 'warning',
      enabled: true,
      notifyResolved: false,
      cooldownHours: 24,
      template: null,
      createdAt: '2026-06-01T00:00:00.000Z',
      snoozedUntil: null,
    },
    state: { status, message: null, evaluatedAt: null, day: null, firing: [] },
  });
}
