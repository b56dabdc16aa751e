/**
 * What an alert rule is: which series it watches, the condition that makes a day "breach", and how
 * it is evaluated. The zod schemas are the trust boundary on both sides (the renderer's editor before
 * it sends, main's contract handler and rules file when they receive or load).
 *
 * Pure TypeScript: no Node and no DOM imports.
 */
import { z } from 'zod';
import { METRICS, METRIC_IDS, MAX_EVENT_NAME_LENGTH, type MetricId } from '../metrics';
import { SENSITIVITIES } from './anomaly';

/**
 * The series a rule watches. `key` as in SeriesPoint ('' = project-wide, a flag key, an event name, a
 * funnel id); `null` = every sub-series of a keyed metric (e.g. every flag), each evaluated on its own.
 */
export const AlertTargetSchema = z
  .object({
    metric: z.enum(METRIC_IDS),
    key: z.string().max(MAX_EVENT_NAME_LENGTH).nullable(),
  })
  .strict();
export type AlertTarget = z.infer<typeof AlertTargetSchema>;

export const BASELINES = ['previous_day', 'avg_7d', 'same_weekday_4w'] as const;
export type Baseline = (typeof BASELINES)[number];

/** What the UI and the notification call each baseline. */
export const BASELINE_LABELS: Readonly<Record<Baseline, string>> = {
  previous_day: 'the day before',
  avg_7d: 'the average of the previous 7 days',
  same_weekday_4w: 'the same weekday over the last 4 weeks',
};

/** Largest percentage a change condition accepts (a 10× rise is +900 %). */
export const MAX_CHANGE_PERCENT = 10_000;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const ConditionSchema = z.discriminatedUnion('kind', [
  /** The value is below / above a fixed number (ratios as fractions: 5 % is 0.05). */
  z.object({ kind: z.literal('threshold'), direction: z.enum(['below', 'above']), value: finite }).strict(),
  /** A drop or rise of at least `amount` (percent of the baseline, or absolute) against a baseline. */
  z
    .object({
      kind: z.literal('change'),
      direction: z.enum(['drop', 'rise']),
      unit: z.enum(['percent', 'absolute']),
      amount: finite.refine((n) => n > 0, 'must be more than 0'),
      baseline: z.enum(BASELINES),
    })
    .strict()
    .refine((c) => c.unit !== 'percent' || c.direction === 'rise' || c.amount <= 100, {
      message: 'a drop cannot be more than 100 %',
      path: ['amount'],
    })
    .refine((c) => c.unit !== 'percent' || c.amount <= MAX_CHANGE_PERCENT, {
      message: `a change of more than ${MAX_CHANGE_PERCENT} % is not a useful alert`,
      path: ['amount'],
    }),
  /** A series that was non-zero is zero for a whole day (a flag no longer evaluated, an event no longer sent). */
  z.object({ kind: z.literal('stopped') }).strict(),
  /** Unusual for this weekday, level and noise (anomaly.ts): no number to choose, a sensitivity instead. */
  z.object({ kind: z.literal('unusual'), direction: z.enum(['drop', 'spike', 'both']), sensitivity: z.enum(SENSITIVITIES) }).strict(),
]);
export type Condition = z.infer<typeof ConditionSchema>;

export const MAX_CONSECUTIVE_DAYS = 14;

export const EvaluationSettingsSchema = z
  .object({
    /** The condition must hold on this many consecutive days before the rule fires. */
    consecutiveDays: z.number().int().min(1).max(MAX_CONSECUTIVE_DAYS),
    /**
     * Volume guard: a day whose value and baseline are both below this is never a breach (a 50 % drop
     * from 2 to 1 is noise). For `stopped`, the level before the stop must reach it.
     */
    minVolume: z.number().min(0).max(1e12),
    /** Also evaluate today, which is partial (off by default: a partial day looks like a drop). */
    includePartialDay: z.boolean(),
  })
  .strict();
export type EvaluationSettings = z.infer<typeof EvaluationSettingsSchema>;

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How long a snooze lasts. */
export const SNOOZE_DURATIONS = { '1h': 3_600_000, '1d': 86_400_000, '1w': 604_800_000 } as const;
export type SnoozeDuration = keyof typeof SNOOZE_DURATIONS;

export const MAX_COOLDOWN_HOURS = 24 * 7;

/** Units whose "stopped" means something (a count that can be zero). */
const COUNT_UNITS: ReadonlySet<string> = new Set(['persons', 'events', 'sessions', 'flags']);

/** Why a target and condition do not fit together, or null when they do. */
export function ruleShapeProblem(target: AlertTarget, condition: Condition): string | null {
  const info = METRICS[target.metric];
  if (info.shape !== 'daily') return `${info.label} is a cell of the retention table, not a daily series; watch D1, D7 or D30 retention instead`;
  if (info.keyed === 'none' && target.key !== null && target.key !== '') return `${info.label} has no sub-series`;
  if (info.keyed === 'none' && target.key === null) return `${info.label} has no sub-series to watch one by one`;
  if ((info.keyed === 'event' || info.keyed === 'funnel') && target.key === '') return `choose which ${info.keyed === 'event' ? 'event' : 'funnel'} to watch`;
  if (condition.kind === 'stopped' && !COUNT_UNITS.has(info.unit)) return `"stopped" needs a count; ${info.label} is not one`;
  if (condition.kind === 'threshold' && info.unit === 'ratio' && (condition.value < 0 || condition.value > 1)) return 'a rate threshold is between 0 % and 100 %';
  if (condition.kind === 'threshold' && condition.value < 0) return 'a threshold cannot be negative';
  return null;
}

const RuleFields = {
  name: z.string().trim().min(1, 'give the rule a name').max(120),
  target: AlertTargetSchema,
  condition: ConditionSchema,
  evaluation: EvaluationSettingsSchema,
  severity: z.enum(SEVERITIES),
  enabled: z.boolean(),
  /** Send a notice when a firing rule recovers. */
  notifyResolved: z.boolean(),
  /** After a notification, further incidents of this rule are recorded but not notified for this long. */
  cooldownHours: z.number().int().min(0).max(MAX_COOLDOWN_HOURS),
  /** The template it was made from, if any (so the template list can say "enabled"). */
  template: z.string().max(64).nullable(),
};

const shapeRefinement = <S extends z.ZodType<{ target: AlertTarget; condition: Condition }>>(schema: S): S =>
  schema.superRefine((rule, ctx) => {
    const problem = ruleShapeProblem(rule.target, rule.condition);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, path: ['condition'] });
  });

/** What the editor sends to create or replace a rule. */
export const AlertRuleInputSchema = shapeRefinement(z.object(RuleFields).strict());
export type AlertRuleInput = z.infer<typeof AlertRuleInputSchema>;

/** A stored rule. */
export const AlertRuleSchema = shapeRefinement(
  z
    .object({
      ...RuleFields,
      id: z.string().min(1).max(64),
      createdAt: z.string().datetime(),
      /** Notifications are silenced until then (the rule is still evaluated and its history recorded as snoozed). */
      snoozedUntil: z.string().datetime().nullable(),
    })
    .strict(),
);
export type AlertRule = z.infer<typeof AlertRuleSchema>;

export const DEFAULT_EVALUATION: EvaluationSettings = { consecutiveDays: 1, minVolume: 0, includePartialDay: false };

/** Whether a metric's sub-series can be watched one by one (key `null`). */
export function canWatchEach(metric: MetricId): boolean {
  return METRICS[metric].keyed !== 'none';
}
