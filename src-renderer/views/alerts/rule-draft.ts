/**
 * The rule editor's form: a rule as the founder types it (numbers as text, rates in percent) and back
 * to an `AlertRuleInput`, checked by the same zod schema main applies — every problem as a sentence
 * next to its field. Pure.
 */
import {
  AlertRuleInputSchema,
  DEFAULT_EVALUATION,
  MAX_CONSECUTIVE_DAYS,
  MAX_COOLDOWN_HOURS,
  type AlertRuleInput,
  type AlertTarget,
  type Baseline,
  type Severity,
} from '../../../shared/alerts/rule';
import type { Sensitivity } from '../../../shared/alerts/anomaly';
import { METRICS } from '../../../shared/metrics';

export interface RuleDraft {
  name: string;
  target: AlertTarget;
  kind: 'threshold' | 'change' | 'stopped' | 'unusual';
  unusualDirection: 'drop' | 'spike' | 'both';
  sensitivity: Sensitivity;
  thresholdDirection: 'below' | 'above';
  /** In the metric's unit; a rate in percent ("5" = 5 %). */
  threshold: string;
  changeDirection: 'drop' | 'rise';
  changeUnit: 'percent' | 'absolute';
  /** Percent of the baseline, or absolute in the metric's unit (a rate's in percentage points). */
  amount: string;
  baseline: Baseline;
  consecutiveDays: string;
  minVolume: string;
  includePartialDay: boolean;
  severity: Severity;
  cooldownHours: string;
  notifyResolved: boolean;
  enabled: boolean;
  template: string | null;
}

export type DraftField = 'name' | 'target' | 'kind' | 'threshold' | 'amount' | 'consecutiveDays' | 'minVolume' | 'cooldownHours';
export type DraftErrors = Partial<Record<DraftField, string>>;
export type ParsedDraft = { ok: true; rule: AlertRuleInput } | { ok: false; errors: DraftErrors };

const isRate = (target: AlertTarget): boolean => METRICS[target.metric].unit === 'ratio';

/** 0.05 → "5", without floating-point noise (0.07 × 100 is 7.000000000000001). */
const percentText = (fraction: number): string => String(Number((fraction * 100).toPrecision(12)));

/** A new rule's starting point: DAU 30 % below the same weekday, like the template. */
export const NEW_RULE: AlertRuleInput = {
  name: '',
  target: { metric: 'posthog_dau', key: '' },
  condition: { kind: 'change', direction: 'drop', unit: 'percent', amount: 30, baseline: 'same_weekday_4w' },
  evaluation: DEFAULT_EVALUATION,
  severity: 'warning',
  enabled: true,
  notifyResolved: true,
  cooldownHours: 24,
  template: null,
};

export function draftOf(rule: AlertRuleInput): RuleDraft {
  const rate = isRate(rule.target);
  const c = rule.condition;
  return {
    name: rule.name,
    target: rule.target,
    kind: c.kind,
    unusualDirection: c.kind === 'unusual' ? c.direction : 'drop',
    sensitivity: c.kind === 'unusual' ? c.sensitivity : 'medium',
    thresholdDirection: c.kind === 'threshold' ? c.direction : 'below',
    threshold: c.kind === 'threshold' ? (rate ? percentText(c.value) : String(c.value)) : '',
    changeDirection: c.kind === 'change' ? c.direction : 'drop',
    changeUnit: c.kind === 'change' ? c.unit : 'percent',
    amount: c.kind === 'change' ? (rate && c.unit === 'absolute' ? percentText(c.amount) : String(c.amount)) : '30',
    baseline: c.kind === 'change' ? c.baseline : 'avg_7d',
    consecutiveDays: String(rule.evaluation.consecutiveDays),
    minVolume: String(rule.evaluation.minVolume),
    includePartialDay: rule.evaluation.includePartialDay,
    severity: rule.severity,
    cooldownHours: String(rule.cooldownHours),
    notifyResolved: rule.notifyResolved,
    enabled: rule.enabled,
    template: rule.template,
  };
}

/** A typed number ("1,5" reads as 1.5), or null when it is not one. */
function numberOf(text: string): number | null {
  const t = text.trim().replace(/\s/g, '');
  if (t === '') return null;
  const n = Number(t.replace(/,(?=\d{1,2}$)/, '.').replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

const sentence = (message: string): string => {
  const s = message.trim();
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;
};

/** What each number field accepts, in words (for zod's built-in range and type issues). */
const RANGE_WORDS: Readonly<Partial<Record<DraftField, string>>> = {
  name: 'A name of at most 120 characters.',
  consecutiveDays: `A whole number of days, from 1 to ${MAX_CONSECUTIVE_DAYS}.`,
  minVolume: 'A number, 0 or more (0: no minimum).',
  cooldownHours: `A whole number of hours, from 0 to ${MAX_COOLDOWN_HOURS} (a week).`,
  threshold: 'A number.',
  amount: 'A number more than 0.',
};

/** Where a schema issue belongs on the form. */
function fieldOf(path: readonly PropertyKey[], draft: RuleDraft): DraftField {
  const [head, second] = path;
  if (head === 'name') return 'name';
  if (head === 'target') return 'target';
  if (head === 'cooldownHours') return 'cooldownHours';
  if (head === 'evaluation') return second === 'consecutiveDays' ? 'consecutiveDays' : 'minVolume';
  if (head === 'condition' && second === 'value') return 'threshold';
  if (head === 'condition' && second === 'amount') return 'amount';
  // A target and condition that do not fit together: next to the field that makes them not fit.
  if (draft.kind === 'threshold') return 'threshold';
  if (draft.kind === 'stopped' || draft.kind === 'unusual') return 'kind';
  return 'target';
}

/** The form as a rule, or what is wrong with it, field by field. */
export function parseDraft(draft: RuleDraft): ParsedDraft {
  const errors: DraftErrors = {};
  const rate = isRate(draft.target);
  const num = (field: DraftField, text: string, integer: boolean): number => {
    const n = numberOf(text);
    if (n === null) errors[field] = integer ? 'Enter a whole number.' : 'Enter a number.';
    else if (integer && !Number.isInteger(n)) errors[field] = 'Enter a whole number.';
    return n ?? 0;
  };
  let condition: AlertRuleInput['condition'];
  if (draft.kind === 'threshold') {
    const value = num('threshold', draft.threshold, false);
    condition = { kind: 'threshold', direction: draft.thresholdDirection, value: rate ? value / 100 : value };
  } else if (draft.kind === 'change') {
    const amount = num('amount', draft.amount, false);
    condition = { kind: 'change', direction: draft.changeDirection, unit: draft.changeUnit, amount: rate && draft.changeUnit === 'absolute' ? amount / 100 : amount, baseline: draft.baseline };
  } else if (draft.kind === 'unusual') {
    condition = { kind: 'unusual', direction: draft.unusualDirection, sensitivity: draft.sensitivity };
  } else {
    condition = { kind: 'stopped' };
  }
  const candidate: AlertRuleInput = {
    name: draft.name,
    target: draft.target,
    condition,
    evaluation: {
      consecutiveDays: num('consecutiveDays', draft.consecutiveDays, true),
      minVolume: num('minVolume', draft.minVolume, false),
      includePartialDay: draft.includePartialDay,
    },
    severity: draft.severity,
    enabled: draft.enabled,
    notifyResolved: draft.notifyResolved,
    cooldownHours: num('cooldownHours', draft.cooldownHours, true),
    template: draft.template,
  };
  const parsed = AlertRuleInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path, draft);
      if (errors[field] !== undefined) continue;
      // Custom messages (refinements) are already words; built-in ones say what the field accepts.
      if (field === 'name' && issue.code === 'too_small') errors.name = 'Give the rule a name.';
      else errors[field] = issue.code === 'custom' ? sentence(issue.message) : (RANGE_WORDS[field] ?? sentence(issue.message));
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, rule: parsed.data };
}
