/**
 * The rule schemas are the trust boundary (editor, contract, rules file): nonsense is refused with a
 * message a founder can act on, and every sensible rule passes.
 */
import { describe, expect, it } from 'vitest';
import { AlertRuleInputSchema, AlertRuleSchema, canWatchEach, ruleShapeProblem, type AlertRuleInput } from '../../../shared/alerts/rule';

const valid: AlertRuleInput = {
  name: 'DAU drop',
  target: { metric: 'posthog_dau', key: '' },
  condition: { kind: 'change', direction: 'drop', unit: 'percent', amount: 30, baseline: 'same_weekday_4w' },
  evaluation: { consecutiveDays: 1, minVolume: 20, includePartialDay: false },
  severity: 'critical',
  enabled: true,
  notifyResolved: true,
  cooldownHours: 24,
  template: null,
};

/** The messages of every issue, as "path: message". */
function problems(input: unknown): string[] {
  const result = AlertRuleInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
const threshold = (value: number, metric: AlertRuleInput['target']['metric'] = 'posthog_dau', key: string | null = '') => ({
  ...valid,
  target: { metric, key },
  condition: { kind: 'threshold', direction: 'below', value },
});

describe('a rule the editor sends', () => {
  it('accepts a sensible rule as it is', () => {
    expect(AlertRuleInputSchema.parse(valid)).toEqual(valid);
    expect(problems({ ...valid, name: '  DAU drop  ' })).toEqual([]);
    expect(AlertRuleInputSchema.parse({ ...valid, name: '  DAU drop  ' }).name).toBe('DAU drop');
  });

  it.each([
    ['NaN', Number.NaN, 'condition.value: Invalid input: expected number, received NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'condition.value: Invalid input: expected number, received Infinity'],
    ['-Infinity', Number.NEGATIVE_INFINITY, 'condition.value: Invalid input: expected number, received -Infinity'],
    ['a negative count', -1, 'condition: a threshold cannot be negative'],
  ])('refuses a threshold of %s', (_name, value, message) => {
    expect(problems(threshold(value))).toEqual([message]);
  });

  it('takes rate thresholds as fractions between 0 % and 100 %', () => {
    expect(problems(threshold(5, 'posthog_conversion_rate', 'f1'))).toEqual(['condition: a rate threshold is between 0 % and 100 %']);
    expect(problems(threshold(1.01, 'posthog_conversion_rate', 'f1'))).toEqual(['condition: a rate threshold is between 0 % and 100 %']);
    expect(problems(threshold(-0.01, 'posthog_conversion_rate', 'f1'))).toEqual(['condition: a rate threshold is between 0 % and 100 %']);
    expect(problems(threshold(0, 'posthog_conversion_rate', 'f1'))).toEqual([]);
    expect(problems(threshold(1, 'posthog_conversion_rate', 'f1'))).toEqual([]);
    expect(problems(threshold(0.05, 'posthog_conversion_rate', 'f1'))).toEqual([]);
  });

  it('refuses a drop of more than 100 %, but not a big rise or a big absolute drop', () => {
    const change = (direction: 'drop' | 'rise', unit: 'percent' | 'absolute', amount: number) => ({ ...valid, condition: { ...valid.condition, direction, unit, amount } });
    expect(problems(change('drop', 'percent', 150))).toEqual(['condition.amount: a drop cannot be more than 100 %']);
    expect(problems(change('drop', 'percent', 100))).toEqual([]);
    expect(problems(change('rise', 'percent', 900))).toEqual([]);
    expect(problems(change('rise', 'percent', 10_000))).toEqual([]);
    expect(problems(change('rise', 'percent', 10_001))).toEqual(['condition.amount: a change of more than 10000 % is not a useful alert']);
    expect(problems(change('drop', 'absolute', 500))).toEqual([]);
    expect(problems(change('drop', 'percent', 0))).toEqual(['condition.amount: must be more than 0']);
    expect(problems(change('rise', 'absolute', -5))).toEqual(['condition.amount: must be more than 0']);
    expect(problems(change('drop', 'percent', Number.NaN))).toEqual(['condition.amount: Invalid input: expected number, received NaN']);
  });

  it('refuses an unknown metric, baseline or condition', () => {
    expect(problems({ ...valid, target: { metric: 'posthog_revenue', key: '' } })).toEqual([expect.stringMatching(/^target\.metric: Invalid option: expected one of "posthog_dau"/)]);
    expect(problems({ ...valid, condition: { ...valid.condition, baseline: 'last_year' } })).toEqual([expect.stringMatching(/^condition\.baseline: Invalid option/)]);
    expect(problems({ ...valid, condition: { kind: 'anomaly' } })).toHaveLength(1);
  });

  it('refuses a target that does not fit its metric', () => {
    expect(problems({ ...valid, target: { metric: 'posthog_dau', key: null } })).toEqual(['condition: Daily active users has no sub-series to watch one by one']);
    expect(problems({ ...valid, target: { metric: 'posthog_dau', key: 'signup' } })).toEqual(['condition: Daily active users has no sub-series']);
    expect(problems({ ...valid, target: { metric: 'posthog_custom_event_count', key: '' } })).toEqual(['condition: choose which event to watch']);
    expect(problems({ ...valid, target: { metric: 'posthog_conversion_rate', key: '' } })).toEqual(['condition: choose which funnel to watch']);
    expect(problems({ ...valid, target: { metric: 'posthog_flag_evaluations', key: 'x'.repeat(201) } })).toEqual([expect.stringMatching(/^target\.key: Too big/)]);
    // Each flag, one event, the flag total: all fine.
    expect(problems({ ...valid, target: { metric: 'posthog_flag_evaluations', key: null } })).toEqual([]);
    expect(problems({ ...valid, target: { metric: 'posthog_custom_event_count', key: 'signup_error' } })).toEqual([]);
    expect(problems({ ...valid, target: { metric: 'posthog_flag_evaluations', key: '' } })).toEqual([]);
  });

  it('refuses "stopped" on something that is not a count', () => {
    const stopped = (metric: AlertRuleInput['target']['metric'], key: string | null) => ({ ...valid, target: { metric, key }, condition: { kind: 'stopped' } });
    expect(problems(stopped('posthog_conversion_rate', 'f1'))).toEqual(['condition: "stopped" needs a count; Conversion rate is not one']);
    expect(problems(stopped('posthog_session_duration', ''))).toEqual(['condition: "stopped" needs a count; Session duration is not one']);
    expect(problems(stopped('posthog_flag_evaluations', null))).toEqual([]);
    expect(problems(stopped('posthog_custom_event_count', 'checkout'))).toEqual([]);
    expect(problems(stopped('posthog_feature_flags', ''))).toEqual([]);
  });

  it('refuses an empty name', () => {
    expect(problems({ ...valid, name: '' })).toEqual(['name: give the rule a name']);
    expect(problems({ ...valid, name: '   ' })).toEqual(['name: give the rule a name']);
    expect(problems({ ...valid, name: 'x'.repeat(121) })).toEqual([expect.stringMatching(/^name: Too big/)]);
  });

  it('needs 1 to 14 consecutive days, a whole number', () => {
    const days = (consecutiveDays: number) => ({ ...valid, evaluation: { ...valid.evaluation, consecutiveDays } });
    expect(problems(days(0))).toEqual(['evaluation.consecutiveDays: Too small: expected number to be >=1']);
    expect(problems(days(15))).toEqual(['evaluation.consecutiveDays: Too big: expected number to be <=14']);
    expect(problems(days(1.5))).toEqual(['evaluation.consecutiveDays: Invalid input: expected int, received number']);
    expect(problems(days(14))).toEqual([]);
  });

  it('refuses a negative volume guard and a cool-down longer than a week', () => {
    expect(problems({ ...valid, evaluation: { ...valid.evaluation, minVolume: -1 } })).toEqual(['evaluation.minVolume: Too small: expected number to be >=0']);
    expect(problems({ ...valid, cooldownHours: 169 })).toEqual(['cooldownHours: Too big: expected number to be <=168']);
    expect(problems({ ...valid, cooldownHours: 0 })).toEqual([]);
    expect(problems({ ...valid, severity: 'panic' })).toEqual([expect.stringMatching(/^severity: Invalid option/)]);
  });

  it('refuses extra fields, at the top and inside (strict)', () => {
    expect(problems({ ...valid, script: 'alert(1)' })).toEqual([': Unrecognized key: "script"']);
    expect(problems({ ...valid, condition: { ...valid.condition, window: 3 } })).toEqual(['condition: Unrecognized key: "window"']);
    expect(problems({ ...valid, target: { ...valid.target, project: 2 } })).toEqual(['target: Unrecognized key: "project"']);
    expect(problems({ ...valid, evaluation: { ...valid.evaluation, timezone: 'UTC' } })).toEqual(['evaluation: Unrecognized key: "timezone"']);
    // Stored-rule fields are not the editor's to send.
    expect(problems({ ...valid, id: 'r1' })).toEqual([': Unrecognized key: "id"']);
  });

  it('refuses a rule with a field missing', () => {
    const { cooldownHours: _drop, ...withoutCooldown } = valid;
    expect(problems(withoutCooldown)).toEqual(['cooldownHours: Invalid input: expected number, received undefined']);
  });
});

describe('a stored rule', () => {
  const stored = { ...valid, id: 'r1', createdAt: '2026-11-20T10:00:00.000Z', snoozedUntil: null };

  it('has an id, a creation time and a snooze', () => {
    expect(AlertRuleSchema.parse(stored)).toEqual(stored);
    expect(AlertRuleSchema.safeParse({ ...stored, snoozedUntil: '2026-11-21T10:00:00.000Z' }).success).toBe(true);
    expect(AlertRuleSchema.safeParse({ ...stored, createdAt: 'yesterday' }).success).toBe(false);
    expect(AlertRuleSchema.safeParse({ ...stored, id: '' }).success).toBe(false);
    expect(AlertRuleSchema.safeParse(valid).success).toBe(false);
  });

  it('is checked for shape like an input (a hand-edited rules file cannot sneak one in)', () => {
    const result = AlertRuleSchema.safeParse({ ...stored, target: { metric: 'posthog_dau', key: null } });
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual(['Daily active users has no sub-series to watch one by one']);
  });
});

describe('which metrics can be watched one sub-series at a time', () => {
  it('flags, events and funnels can; project-wide metrics cannot', () => {
    expect(canWatchEach('posthog_flag_evaluations')).toBe(true);
    expect(canWatchEach('posthog_custom_event_users')).toBe(true);
    expect(canWatchEach('posthog_conversion_rate')).toBe(true);
    expect(canWatchEach('posthog_dau')).toBe(false);
    expect(canWatchEach('posthog_errors')).toBe(false);
    expect(ruleShapeProblem({ metric: 'posthog_errors', key: '' }, { kind: 'stopped' })).toBeNull();
  });
});
