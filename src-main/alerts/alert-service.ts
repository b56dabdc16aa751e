/**
 * Alerting in main: rules kept with their state and history, every enabled rule evaluated on the
 * stored series right after each sync (initial, refresh, auto-sync — with or without a window), and
 * notifications handed to the notifier port. A notifier that throws or hangs never holds up the
 * sync: it is called without waiting and its failure is logged.
 */
import { randomUUID } from 'node:crypto';
import type { AlertRuleInput, SnoozeDuration } from '../../shared/alerts/rule';
import { DEFAULT_EVALUATION, SNOOZE_DURATIONS } from '../../shared/alerts/rule';
import type { KeyNames } from '../../shared/alerts/describe';
import { groupPoints, seriesInput, targetKeys, type MetricPoints, type PointsOf } from '../../shared/alerts/series';
import { MAX_ALERT_HISTORY, PENDING_STATE, type AlertEvent, type AlertNotification, type AlertRuleView } from '../../shared/alerts/status';
import { lastEvaluatedDay } from '../../shared/alerts/backtest';
import { alertTemplates } from '../../shared/alerts/templates';
import { conversionLagDays, funnelTitle } from '../../shared/funnels';
import type { SyncEntry, Tracking } from '../../shared/contract';
import { METRIC_IDS, type MetricId } from '../../shared/metrics';
import { addDays, localDay } from '../../shared/time';
import type { ErrorLog } from '../contract/dispatch';
import { AppFailure } from '../contract/failure';
import type { EventBus } from '../events/event-bus';
import type { SeriesStore } from '../store/series-store';
import { MAX_ALERT_RULES, type AlertFile, type AlertStore } from '../store/alert-store';
import { NEW_RUNTIME, stepRule, type RuleInputs } from './lifecycle';
import type { AlertNotifier } from './notifier';

export interface AlertServiceDeps {
  store: AlertStore;
  series: Pick<SeriesStore, 'points'>;
  events: EventBus;
  notifier: AlertNotifier;
  /** The connected project's timezone (days are local), or null when none is connected. */
  timezone(): string | null;
  tracking(): Tracking;
  /** Days of history the plan keeps (null: all): the templates say when it is too few to learn from. */
  keptDays?: () => number | null;
  now(): number;
  locale: string;
  log: ErrorLog;
  newId?: () => string;
}

const METRIC_SET: ReadonlySet<string> = new Set(METRIC_IDS);
const isMetricId = (m: string): m is MetricId => METRIC_SET.has(m);

/** How many days of the conversion rate the low-conversion template looks at. */
const TEMPLATE_HISTORY_DAYS = 28;

export function createAlertService(deps: AlertServiceDeps) {
  const newId = deps.newId ?? (() => randomUUID());

  const view = (file: AlertFile, id: string): AlertRuleView => {
    const rule = file.rules.find((r) => r.id === id);
    if (rule === undefined) throw new AppFailure('bad_request', 'No such alert rule.', 'It may have been deleted in another window; the list is reloaded.');
    return { rule, state: file.states[id] ?? PENDING_STATE };
  };
  const views = (file: AlertFile): AlertRuleView[] => file.rules.map((r) => view(file, r.id));
  const announce = (file: AlertFile): void => deps.events.emit('alerts.changed', views(file));

  const names: KeyNames = (metric, key) => (metric.startsWith('posthog_conversion_') ? deps.tracking().funnels.find((f) => f.id === key)?.name : undefined);

  /** The store's points, grouped once per metric per evaluation pass. */
  const pointsLookup = (): PointsOf => {
    const cache = new Map<MetricId, MetricPoints | undefined>();
    return (metric) => {
      if (!cache.has(metric)) {
        const grouped = groupPoints(deps.series.points({ metric })).get(metric);
        cache.set(metric, grouped);
      }
      return cache.get(metric);
    };
  };

  const send = (notification: AlertNotification): void => {
    void Promise.resolve()
      .then(() => deps.notifier.notify(notification))
      .catch((error: unknown) => deps.log('an alert notification could not be shown', error));
  };

  /** Evaluates every rule on the stored series; returns the notifications sent. */
  const evaluate = async (failedMetrics: ReadonlySet<MetricId>): Promise<AlertNotification[]> => {
    const timezone = deps.timezone();
    if (timezone === null) return [];
    const nowMs = deps.now();
    const today = localDay(nowMs, timezone);
    const pointsOf = pointsLookup();
    const sent: AlertNotification[] = [];
    await deps.store.update((file) => {
      const runtime = { ...file.runtime };
      const states = { ...file.states };
      const recorded: AlertEvent[] = [];
      for (const rule of file.rules) {
        try {
          const inputs: RuleInputs = new Map(targetKeys(rule.target, pointsOf).map((key) => [key, seriesInput(rule.target.metric, key, pointsOf)]));
          const step = stepRule(rule, runtime[rule.id] ?? NEW_RUNTIME, inputs, { today, nowMs, locale: deps.locale, names, failedMetrics, lagDays: (target) => conversionLagDays(deps.tracking().funnels, target.metric, target.key) });
          runtime[rule.id] = step.runtime;
          states[rule.id] = step.state;
          for (const e of step.events) recorded.push({ id: newId(), ...e });
          for (const n of step.notifications) sent.push({ id: newId(), ...n });
        } catch (error) {
          deps.log(`alert rule ${rule.id} could not be evaluated`, error);
          states[rule.id] = { status: 'error', message: 'The rule could not be evaluated (a bug; the details are in the log). Editing or re-creating it may help.', evaluatedAt: new Date(nowMs).toISOString(), day: null, firing: [] };
        }
      }
      return { ...file, runtime, states, history: [...recorded.reverse(), ...file.history].slice(0, MAX_ALERT_HISTORY) };
    });
    announce(deps.store.read());
    for (const n of sent) send(n);
    return sent;
  };

  const snoozeUntil = (duration: SnoozeDuration | null): string | null =>
    duration === null ? null : new Date(deps.now() + SNOOZE_DURATIONS[duration]).toISOString();

  return {
    rules: (): AlertRuleView[] => views(deps.store.read()),

    history: (): AlertEvent[] => deps.store.read().history,

    /** Creates or replaces a rule. A changed rule starts over (pending, nothing remembered). */
    async save(id: string | null, input: AlertRuleInput): Promise<AlertRuleView> {
      const ruleId = id ?? newId();
      const file = await deps.store.update((current) => {
        const existing = current.rules.find((r) => r.id === ruleId);
        if (id !== null && existing === undefined) throw new AppFailure('bad_request', 'No such alert rule.', 'It may have been deleted in another window; the list is reloaded.');
        if (existing === undefined && current.rules.length >= MAX_ALERT_RULES) {
          throw new AppFailure('bad_request', `Sightline keeps at most ${MAX_ALERT_RULES} alert rules.`, 'Delete rules you no longer need.');
        }
        const rule = { ...input, id: ruleId, createdAt: existing?.createdAt ?? new Date(deps.now()).toISOString(), snoozedUntil: existing?.snoozedUntil ?? null };
        const rules = existing === undefined ? [...current.rules, rule] : current.rules.map((r) => (r.id === ruleId ? rule : r));
        const runtime = { ...current.runtime };
        delete runtime[ruleId];
        const states = { ...current.states, [ruleId]: input.enabled ? PENDING_STATE : { ...PENDING_STATE, status: 'disabled' as const } };
        return { ...current, rules, runtime, states };
      });
      announce(file);
      return view(file, ruleId);
    },

    /** Deletes a rule; its history stays (it happened). */
    async delete(id: string): Promise<boolean> {
      let deleted = false;
      const file = await deps.store.update((current) => {
        deleted = current.rules.some((r) => r.id === id);
        const runtime = { ...current.runtime };
        const states = { ...current.states };
        delete runtime[id];
        delete states[id];
        return { ...current, rules: current.rules.filter((r) => r.id !== id), runtime, states };
      });
      if (deleted) announce(file);
      return deleted;
    },

    async snooze(id: string, duration: SnoozeDuration | null): Promise<AlertRuleView> {
      const file = await deps.store.update((current) => {
        if (!current.rules.some((r) => r.id === id)) throw new AppFailure('bad_request', 'No such alert rule.', 'It may have been deleted in another window; the list is reloaded.');
        return { ...current, rules: current.rules.map((r) => (r.id === id ? { ...r, snoozedUntil: snoozeUntil(duration) } : r)) };
      });
      announce(file);
      return view(file, id);
    },

    /** The templates for what this project syncs, each saying whether a rule made from it exists. */
    templates() {
      const tracking = deps.tracking();
      const timezone = deps.timezone();
      const today = timezone === null ? null : localDay(deps.now(), timezone);
      const funnels = tracking.funnels.map((f) => {
        // The rates of entry days whose window is over (recent ones are still converting: too low).
        const last = today === null ? null : lastEvaluatedDay(today, DEFAULT_EVALUATION, 'posthog_conversion_rate', conversionLagDays([f], 'posthog_conversion_rate', f.id));
        const recentRates =
          last === null
            ? []
            : deps.series.points({ metric: 'posthog_conversion_rate', key: f.id, from: addDays(last, -(TEMPLATE_HISTORY_DAYS - 1)), to: last }).flatMap((p) => (p.value === null ? [] : [p.value]));
        return { id: f.id, name: f.name, title: funnelTitle(f.steps), windowDays: f.windowDays, recentRates };
      });
      const used = new Set(deps.store.read().rules.map((r) => r.template));
      return alertTemplates({ customEvents: tracking.customEvents, funnels, keptDays: deps.keptDays?.() ?? null }).map((t) => ({ ...t, enabled: used.has(t.id) }));
    },

    /** Runs after every sync that stored data (not a failed or cancelled one). */
    async afterSync(entry: SyncEntry): Promise<AlertNotification[]> {
      if (entry.status !== 'ok' && entry.status !== 'partial') return [];
      const failed = new Set(entry.errors.flatMap((e) => e.metrics.filter(isMetricId)));
      return evaluate(failed);
    },

    /** Retention: history of days the tier no longer keeps goes, like the series. */
    async pruneBefore(day: string): Promise<void> {
      if (!deps.store.read().history.some((e) => e.day < day)) return;
      announce(await deps.store.update((current) => ({ ...current, history: current.history.filter((e) => e.day >= day) })));
    },

    /** Another project: its incidents are not this one's. Rules stay (a missing metric says so). */
    async resetProject(): Promise<void> {
      const file = await deps.store.update((current) => ({
        ...current,
        runtime: {},
        states: Object.fromEntries(current.rules.map((r) => [r.id, r.enabled ? PENDING_STATE : { ...PENDING_STATE, status: 'disabled' as const }])),
        history: [],
      }));
      announce(file);
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
