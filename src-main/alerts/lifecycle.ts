/**
 * One rule's lifecycle across evaluations, as a pure step: the rule, what it remembers (its runtime),
 * the series it watches and the clock in → its new runtime, its state, history events and the
 * notifications to send out. No I/O: the alert service stores and sends what comes out.
 *
 * - Days evaluated: a new rule looks at the latest complete day only (its backtest showed the past);
 *   afterwards every day since the last one evaluated (at most 7 back: what a refresh rewrites), in
 *   order, so a drop while the laptop slept is still caught, on its day.
 * - An incident opens on the first breaching day and stays open until an OK day (a day without data
 *   neither opens nor closes one). It fires once: dedupe key = series + first day, remembered, so
 *   late data flipping a day back and forth never notifies twice.
 * - Snooze and cool-down hold notifications, never evaluation or history: a snoozed rule's firing is
 *   in the history marked "snoozed"; within the cool-down after a notification, a new incident of
 *   the same series is recorded as "cool-down".
 * - Resolved notices (when the rule asks for them) only for incidents that were notified, and not
 *   for one that opened and closed within the same catch-up (its firing notice already says the day).
 */
import { z } from 'zod';
import { addDays, dayRange } from '../../shared/time';
import { lastEvaluatedDay } from '../../shared/alerts/backtest';
import { describeCheck, describeRecovery, type KeyNames } from '../../shared/alerts/describe';
import { evaluateDays, type DayCheck, type RuleDay, type SeriesInput } from '../../shared/alerts/evaluate';
import type { AlertRule } from '../../shared/alerts/rule';
import { evaluationMetrics } from '../../shared/alerts/series';
import type { AlertEvent, AlertNotification, RuleState } from '../../shared/alerts/status';
import { formatDay } from '../../shared/format';
import { METRICS, type MetricId } from '../../shared/metrics';

/** How far back a catch-up evaluates (the days a refresh rewrites). */
export const CATCH_UP_DAYS = 7;
/** Dedupe keys remembered per rule (oldest forgotten first). */
const MAX_DEDUPE_KEYS = 500;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const KeyRuntimeSchema = z
  .object({
    open: z.object({ start: Day, notified: z.boolean(), text: z.string().max(1000) }).strict().nullable(),
    lastNotifiedAt: z.number().nullable(),
  })
  .strict();
export const RuleRuntimeSchema = z
  .object({
    lastEvaluatedDay: Day.nullable(),
    keys: z.record(z.string(), KeyRuntimeSchema),
    /** `key|start` of every incident already fired. */
    fired: z.array(z.string().max(300)).max(MAX_DEDUPE_KEYS),
  })
  .strict();
export type RuleRuntime = z.infer<typeof RuleRuntimeSchema>;
type KeyRuntime = z.infer<typeof KeyRuntimeSchema>;

export const NEW_RUNTIME: RuleRuntime = { lastEvaluatedDay: null, keys: {}, fired: [] };

export type AlertEventDraft = Omit<AlertEvent, 'id'>;
export type NotificationDraft = Omit<AlertNotification, 'id'>;

export interface StepContext {
  /** The project's local today. */
  today: string;
  nowMs: number;
  locale: string;
  names?: KeyNames;
  /** Metrics whose query failed in the sync just finished: their stored values are stale. */
  failedMetrics: ReadonlySet<MetricId>;
  /** Days the rule's values take to be final, when its target decides (a funnel's window + 1). */
  lagDays?: (target: AlertRule['target']) => number | undefined;
}

export interface StepResult {
  runtime: RuleRuntime;
  state: RuleState;
  events: AlertEventDraft[];
  notifications: NotificationDraft[];
}

/** The series the rule watches, by key; null for a key the store has nothing for. */
export type RuleInputs = ReadonlyMap<string, SeriesInput | null>;

const numbersOf = (check: DayCheck): { value: number | null; reference: number | null; change: number | null } =>
  check.outcome === 'no_data' ? { value: null, reference: null, change: null } : { value: check.value, reference: check.reference, change: check.change };

/** Why the store has nothing for the rule's series, in the founder's words. */
export function missingReason(rule: AlertRule, key: string | null): string {
  const info = METRICS[rule.target.metric];
  if (info.keyed === 'event') return `Metric missing: “${key ?? 'the event'}” is no longer tracked (or has no data yet). Track it again under Events & funnel, or edit this rule.`;
  if (info.keyed === 'funnel') return 'Metric missing: the funnel this rule watches was changed or removed. Edit the rule to watch the current funnel.';
  if (info.keyed === 'flag' && key !== null && key !== '') return `Metric missing: no evaluations of the flag “${key}” are stored.`;
  return `Metric missing: no ${info.label.toLowerCase()} values are stored yet.`;
}

function state(status: RuleState['status'], nowMs: number, day: string | null, message: string | null, firing: RuleState['firing'] = []): RuleState {
  return { status, message, evaluatedAt: new Date(nowMs).toISOString(), day, firing };
}

/** The days to evaluate now. */
function daysToEvaluate(runtime: RuleRuntime, latest: string): string[] {
  const last = runtime.lastEvaluatedDay;
  if (last === null || last > latest) return [latest];
  const earliest = addDays(latest, -(CATCH_UP_DAYS - 1));
  return dayRange(last > earliest ? last : earliest, latest);
}

export function stepRule(rule: AlertRule, runtime: RuleRuntime, inputs: RuleInputs, ctx: StepContext): StepResult {
  if (!rule.enabled) return { runtime, state: { ...state('disabled', ctx.nowMs, runtime.lastEvaluatedDay, null), evaluatedAt: null }, events: [], notifications: [] };
  const latest = lastEvaluatedDay(ctx.today, rule.evaluation, rule.target.metric, ctx.lagDays?.(rule.target));
  const failed = evaluationMetrics(rule.target.metric).filter((m) => ctx.failedMetrics.has(m));
  if (failed.length > 0) {
    const message = `No data: the ${METRICS[rule.target.metric].label.toLowerCase()} query failed in the last sync. The rule is checked again after the next one.`;
    return { runtime, state: state('no_data', ctx.nowMs, runtime.lastEvaluatedDay, message), events: [], notifications: [] };
  }
  const present = [...inputs].filter((entry): entry is [string, SeriesInput] => entry[1] !== null);
  if (present.length === 0) {
    return { runtime, state: state('no_data', ctx.nowMs, runtime.lastEvaluatedDay, missingReason(rule, rule.target.key)), events: [], notifications: [] };
  }

  const days = daysToEvaluate(runtime, latest);
  const snoozed = rule.snoozedUntil !== null && Date.parse(rule.snoozedUntil) > ctx.nowMs;
  const cooldownMs = rule.cooldownHours * 3_600_000;
  const fired = new Set(runtime.fired);
  // Keys are series names (a flag or event may be called "constructor" or "__proto__"): own properties only.
  const keyEntries: [string, KeyRuntime][] = [];
  const events: AlertEventDraft[] = [];
  const firedNotices: NotificationDraft[] = [];
  const resolvedNotices: NotificationDraft[] = [];
  const latestDays: RuleDay[] = [];
  const describe = { locale: ctx.locale, ...(ctx.names === undefined ? {} : { names: ctx.names }) };
  const recordedAt = new Date(ctx.nowMs).toISOString();
  const { metric } = rule.target;
  const base = { ruleId: rule.id, ruleName: rule.name, severity: rule.severity, metric, recordedAt };

  for (const [key, input] of present) {
    const stored = Object.hasOwn(runtime.keys, key) ? runtime.keys[key] : undefined;
    const k: KeyRuntime = { ...(stored ?? { open: null, lastNotifiedAt: null }) };
    const openedNow = new Set<string>();
    for (const d of evaluateDays(input, rule, days)) {
      if (d.status === 'breach' && k.open === null) {
        const text = describeCheck(metric, key, rule.condition, d.check, { ...describe, streak: d.streak });
        const dedupe = `${key}|${d.day}`;
        if (fired.has(dedupe)) {
          // The same incident again (late data flipped the day back): open, but already told.
          k.open = { start: d.day, notified: true, text };
          continue;
        }
        fired.add(dedupe);
        const suppressed = snoozed ? 'snoozed' : k.lastNotifiedAt !== null && ctx.nowMs - k.lastNotifiedAt < cooldownMs ? 'cooldown' : null;
        k.open = { start: d.day, notified: suppressed === null, text };
        openedNow.add(d.day);
        events.push({ ...base, kind: 'fired', key, day: d.day, incidentStart: d.day, ...numbersOf(d.check), text, notified: suppressed === null, suppressed });
        if (suppressed === null) {
          k.lastNotifiedAt = ctx.nowMs;
          firedNotices.push({ ruleId: rule.id, kind: 'fired', severity: rule.severity, title: rule.name, body: `${text} · ${formatDay(d.day, ctx.locale)}`, metric, key, day: d.day });
        }
      } else if (d.status === 'ok' && k.open !== null) {
        const numbers = numbersOf(d.check);
        const text = describeRecovery(metric, key, numbers.value, d.day, describe);
        const notify = rule.notifyResolved && k.open.notified && !snoozed && !openedNow.has(k.open.start);
        events.push({ ...base, kind: 'resolved', key, day: d.day, incidentStart: k.open.start, ...numbers, text, notified: notify, suppressed: !notify && rule.notifyResolved && k.open.notified && snoozed ? 'snoozed' : null });
        if (notify) resolvedNotices.push({ ruleId: rule.id, kind: 'resolved', severity: rule.severity, title: `Resolved: ${rule.name}`, body: text, metric, key, day: d.day });
        k.open = null;
      }
      if (d.day === latest) latestDays.push(d);
    }
    keyEntries.push([key, k]);
  }
  // Series that disappeared (a flag deleted) keep nothing open.
  const keys: Record<string, KeyRuntime> = Object.fromEntries(keyEntries);
  const next: RuleRuntime = { lastEvaluatedDay: latest, keys, fired: [...fired].slice(-MAX_DEDUPE_KEYS) };

  const firing = Object.entries(keys)
    .filter((entry): entry is [string, KeyRuntime & { open: NonNullable<KeyRuntime['open']> }] => entry[1].open !== null)
    .map(([key, k]) => ({ key, since: k.open.start, text: k.open.text }));
  let result: RuleState;
  if (firing.length > 0) result = state('firing', ctx.nowMs, latest, firing[0]?.text ?? null, firing);
  else if (events.some((e) => e.kind === 'resolved')) result = state('resolved', ctx.nowMs, latest, events.filter((e) => e.kind === 'resolved').at(-1)?.text ?? null);
  else if (latestDays.length > 0 && latestDays.every((d) => d.status === 'no_data')) {
    const first = latestDays[0]?.check;
    const why =
      first?.outcome !== 'no_data' || first.reason === 'no_value'
        ? `No data: no value for ${formatDay(latest, ctx.locale)} yet.`
        : first.reason === 'learning'
          ? `Learning: needs ${first.needDays} more day${first.needDays === 1 ? '' : 's'} of history before it can judge (it never fires while learning).`
          : `No data: not enough history before ${formatDay(latest, ctx.locale)} for the baseline.`;
    result = state('no_data', ctx.nowMs, latest, why);
  } else result = state('ok', ctx.nowMs, latest, null);

  return { runtime: next, state: result, events, notifications: [...group(firedNotices), ...group(resolvedNotices)] };
}

/** Several series of one rule firing together make one notification ("… and 2 more"). */
function group(notices: NotificationDraft[]): NotificationDraft[] {
  const first = notices[0];
  if (first === undefined || notices.length === 1) return notices;
  return [{ ...first, body: `${first.body} — and ${notices.length - 1} more` }];
}
