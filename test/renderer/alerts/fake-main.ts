// A fake main for the alert tests: alerts.* answered from memory like main does (a saved rule is
// pending; a disabled one disabled; templates say whether a rule came from them), every request checked
// with the contract's schemas, events emitted on demand, and every call recorded.
import type { SightlineBridge } from '../../../shared/bridge';
import type { AlertRule, AlertRuleInput } from '../../../shared/alerts/rule';
import { PENDING_STATE, type AlertEvent, type AlertNotification, type AlertRuleView, type RuleState } from '../../../shared/alerts/status';
import { alertTemplates } from '../../../shared/alerts/templates';
import { channels, type AppError, type Tracking, type Transport } from '../../../shared/contract';
import { createApiClient } from '../../../src-renderer/api/client';

export const CREATED = '2026-03-01T10:00:00.000Z';

/** A stored rule from an input. */
export function storedRule(input: AlertRuleInput, id: string, snoozedUntil: string | null = null): AlertRule {
  return { ...input, id, createdAt: CREATED, snoozedUntil };
}

export function ruleView(rule: AlertRule, state: Partial<RuleState> = {}): AlertRuleView {
  return { rule, state: { ...PENDING_STATE, ...state } };
}

export function alertEvent(over: Partial<AlertEvent> & Pick<AlertEvent, 'id' | 'day'>): AlertEvent {
  return {
    ruleId: 'r1',
    ruleName: 'Error spike',
    kind: 'fired',
    severity: 'critical',
    metric: 'posthog_errors',
    key: '',
    incidentStart: over.day,
    recordedAt: `${over.day}T15:00:00.000Z`,
    value: 7,
    reference: 1,
    change: 6,
    text: 'Error events rose 600% — 7 vs 1 on average over the previous 7 days',
    notified: true,
    suppressed: null,
    ...over,
  };
}

export interface FakeMainOptions {
  rules?: AlertRuleView[];
  history?: AlertEvent[];
  tracking?: Tracking;
  transport?: Transport;
}

export function fakeAlertsMain(options: FakeMainOptions = {}) {
  let rules = options.rules ?? [];
  let history = options.history ?? [];
  const tracking: Tracking = options.tracking ?? { customEvents: [], funnels: [] };
  let ids = 0;
  const calls: Array<{ channel: string; payload: unknown }> = [];
  /** Channels that answer this error instead. */
  const fail = new Map<string, AppError>();
  /** Channels whose answers wait until released. */
  const held = new Map<string, Array<() => void>>();
  const listeners = new Set<(event: unknown) => void>();

  const templates = () => {
    const used = new Set(rules.map((r) => r.rule.template));
    return alertTemplates({ customEvents: tracking.customEvents, funnels: [] }).map((t) => ({ ...t, enabled: used.has(t.id) }));
  };

  const answer = (channel: string, payload: unknown): unknown => {
    const failure = fail.get(channel);
    if (failure !== undefined) return { ok: false, error: failure };
    if (channel in channels) {
      const checked = channels[channel as keyof typeof channels].request.safeParse(payload);
      if (!checked.success) return { ok: false, error: { code: 'bad_request', message: `invalid ${channel} request: ${checked.error.issues[0]?.message}` } };
    }
    switch (channel) {
      case 'alerts.rules':
        return { ok: true, data: rules };
      case 'alerts.history':
        return { ok: true, data: history };
      case 'alerts.templates':
        return { ok: true, data: templates() };
      case 'alerts.save': {
        const { id, rule } = payload as { id: string | null; rule: AlertRuleInput };
        const ruleId = id ?? `rule-${(ids += 1)}`;
        const existing = rules.find((r) => r.rule.id === ruleId);
        if (id !== null && existing === undefined) return { ok: false, error: { code: 'bad_request', message: 'No such alert rule.' } };
        const view = ruleView(storedRule(rule, ruleId, existing?.rule.snoozedUntil ?? null), rule.enabled ? {} : { status: 'disabled' });
        rules = existing === undefined ? [...rules, view] : rules.map((r) => (r.rule.id === ruleId ? view : r));
        return { ok: true, data: view };
      }
      case 'alerts.delete': {
        const { id } = payload as { id: string };
        const deleted = rules.some((r) => r.rule.id === id);
        rules = rules.filter((r) => r.rule.id !== id);
        return { ok: true, data: { deleted } };
      }
      case 'alerts.snooze': {
        const { id, duration } = payload as { id: string; duration: '1h' | '1d' | '1w' | null };
        const until = duration === null ? null : '2026-03-04T03:00:00.000Z';
        rules = rules.map((r) => (r.rule.id === id ? { ...r, rule: { ...r.rule, snoozedUntil: until } } : r));
        return { ok: true, data: rules.find((r) => r.rule.id === id) };
      }
      case 'tracking.get':
        return { ok: true, data: tracking };
      case 'plan.status':
        return { ok: true, data: { tier: 'scale', tierLabel: 'Scale', license: { state: 'none' }, autoSync: '', retention: '', nextAutoSyncAt: null } };
      case 'sync.status':
        return { ok: true, data: { running: null, last: null } };
      case 'sync.log':
        return { ok: true, data: [] };
      default:
        return { ok: false, error: { code: 'unknown_channel', message: `no ${channel} here` } };
    }
  };

  const bridge: SightlineBridge = {
    transport: options.transport ?? 'electron',
    invoke: async (channel, payload) => {
      calls.push({ channel, payload });
      const waiting = held.get(channel);
      if (waiting !== undefined) await new Promise<void>((release) => waiting.push(release));
      return answer(channel, payload);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return {
    client: createApiClient(bridge),
    calls,
    fail,
    listeners,
    callsTo: (channel: string) => calls.filter((c) => c.channel === channel).map((c) => c.payload),
    get rules() {
      return rules;
    },
    setRules(next: AlertRuleView[]) {
      rules = next;
    },
    setHistory(next: AlertEvent[]) {
      history = next;
    },
    /** Holds the answers of `channel` until `release()`. */
    hold(channel: string) {
      held.set(channel, []);
      return () => {
        const waiting = held.get(channel) ?? [];
        held.delete(channel);
        waiting.forEach((release) => release());
      };
    },
    emit(name: string, payload: unknown): void {
      for (const listener of listeners) listener({ name, payload });
    },
    notify(notification: AlertNotification): void {
      for (const listener of listeners) listener({ name: 'alerts.notification', payload: notification });
    },
  };
}

export type FakeAlertsMain = ReturnType<typeof fakeAlertsMain>;
