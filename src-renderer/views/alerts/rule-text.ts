/**
 * A rule and its state in words, for the rule list: what it watches, the condition, how it is
 * evaluated, and a status badge. Pure (Intl only, through the shared formatters).
 */
import { formatAlertValue, seriesLabel, type KeyNames } from '../../../shared/alerts/describe';
import { BASELINE_LABELS, type AlertRule, type AlertRuleInput, type Condition } from '../../../shared/alerts/rule';
import type { AlertRuleView, RuleStatus } from '../../../shared/alerts/status';
import type { Tracking } from '../../../shared/contract';
import { formatDay, formatInstant } from '../../format/format';
import { METRICS, type MetricId } from '../../../shared/metrics';

/** Funnel ids read as the funnel's name (the tracking store's funnels); other keys as they are. */
export function keyNamesOf(tracking: Tracking | null): KeyNames {
  const funnels = tracking?.funnels ?? [];
  return (metric, key) => (metric.startsWith('posthog_conversion_') ? funnels.find((f) => f.id === key)?.name : undefined);
}

/** The series a rule watches: "DAU", "Flag evaluations (each flag)", "Conversion rate (signup → purchase)". */
export function watchesText(rule: Pick<AlertRuleInput, 'target'>, names: KeyNames): string {
  return seriesLabel(rule.target.metric, rule.target.key, names);
}

const plainNumber = (n: number, locale: string): string => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);

/** An absolute change: in the metric's unit, a rate's in percentage points. */
function changeAmount(amount: number, metric: MetricId, locale: string): string {
  return METRICS[metric].unit === 'ratio' ? `${plainNumber(amount * 100, locale)} points` : formatAlertValue(amount, metric, locale);
}

/** The condition in words: "drops at least 30 % against the same weekday over the last 4 weeks". */
export function conditionText(condition: Condition, metric: MetricId, locale: string): string {
  switch (condition.kind) {
    case 'threshold':
      return `is ${condition.direction} ${formatAlertValue(condition.value, metric, locale)}`;
    case 'stopped':
      return 'stops: a whole day at 0 after being active';
    case 'unusual': {
      const how = condition.direction === 'drop' ? 'is unusually low' : condition.direction === 'spike' ? 'is unusually high' : 'is unusually low or high';
      return `${how} for the weekday and its recent level (${condition.sensitivity} sensitivity)`;
    }
    case 'change': {
      const verb = condition.direction === 'drop' ? 'drops' : 'rises';
      const amount = condition.unit === 'percent' ? `${plainNumber(condition.amount, locale)} %` : changeAmount(condition.amount, metric, locale);
      return `${verb} at least ${amount} against ${BASELINE_LABELS[condition.baseline]}`;
    }
  }
}

/** How it is evaluated, in short clauses: "2 days in a row · ignores days under 10 · critical · 24 h cool-down". */
export function evaluationText(rule: Pick<AlertRuleInput, 'evaluation' | 'severity' | 'cooldownHours' | 'notifyResolved' | 'target'>, locale: string): string {
  const { consecutiveDays, minVolume, includePartialDay } = rule.evaluation;
  const days = consecutiveDays === 1 ? (includePartialDay ? 'each day, today included' : 'each complete day') : `${consecutiveDays} days in a row${includePartialDay ? ', today included' : ''}`;
  const parts: string[] = [days];
  if (minVolume > 0) {
    const volumeMetric = METRICS[rule.target.metric].denominator ?? rule.target.metric;
    const noun = METRICS[rule.target.metric].denominatorNoun;
    parts.push(`ignores days under ${formatAlertValue(minVolume, volumeMetric, locale)}${noun === undefined ? '' : ` ${noun}`}`);
  }
  parts.push(rule.severity);
  parts.push(rule.cooldownHours === 0 ? 'no cool-down' : `${rule.cooldownHours} h cool-down`);
  if (rule.notifyResolved) parts.push('tells when resolved');
  return parts.join(' · ');
}

export type BadgeTone = 'ok' | 'bad' | 'good' | 'neutral' | 'pending';

export interface StatusWords {
  status: RuleStatus;
  label: string;
  tone: BadgeTone;
  /** What the badge means in this case: the firing sentence, what is missing, when it is checked. */
  detail: string | null;
}

const LABELS: Readonly<Record<RuleStatus, { label: string; tone: BadgeTone }>> = {
  ok: { label: 'OK', tone: 'ok' },
  firing: { label: 'Firing', tone: 'bad' },
  resolved: { label: 'Resolved', tone: 'good' },
  no_data: { label: 'No data', tone: 'neutral' },
  error: { label: 'Error', tone: 'bad' },
  pending: { label: 'Pending', tone: 'pending' },
  disabled: { label: 'Disabled', tone: 'neutral' },
};

/** A rule's status badge and the sentence under it. */
export function statusWords(view: AlertRuleView, locale: string): StatusWords {
  const { state } = view;
  const { label, tone } = LABELS[state.status];
  const checked = state.day === null ? '' : `checked up to ${formatDay(state.day, locale)}`;
  let detail: string | null;
  switch (state.status) {
    case 'pending':
      detail = 'Checked after the next sync.';
      break;
    case 'disabled':
      detail = 'Not checked while disabled.';
      break;
    case 'firing':
      detail = state.firing.length > 0 ? state.firing.map((f) => `${f.text} (since ${formatDay(f.since, locale)})`).join(' · ') : state.message;
      break;
    case 'ok':
      detail = state.message ?? (checked === '' ? null : `Nothing unusual, ${checked}.`);
      break;
    default:
      detail = state.message ?? (checked === '' ? null : `${checked[0]?.toUpperCase() ?? ''}${checked.slice(1)}.`);
  }
  return { status: state.status, label, tone, detail };
}

/** "Snoozed until Nov 23, 4:00 PM", or null when the rule is not snoozed (or the snooze is over). */
export function snoozeText(rule: Pick<AlertRule, 'snoozedUntil'>, nowMs: number, locale: string): string | null {
  if (rule.snoozedUntil === null || Date.parse(rule.snoozedUntil) <= nowMs) return null;
  return `Snoozed until ${formatInstant(rule.snoozedUntil, locale)}`;
}
