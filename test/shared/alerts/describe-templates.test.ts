/**
 * What an alert says (the exact sentence of a notification, the history and a backtest marker), and
 * the ready-made rules offered after the first sync.
 */
import { describe, expect, it } from 'vitest';
import { checkDay, type DayCheck, type SeriesInput } from '../../../shared/alerts/evaluate';
import { describeCheck, describeRecovery, formatAlertValue, seriesLabel, type KeyNames } from '../../../shared/alerts/describe';
import { AlertRuleInputSchema, DEFAULT_EVALUATION, type Condition } from '../../../shared/alerts/rule';
import { alertTemplates, looksLikeErrorEvent, suggestedConversionThreshold, type TemplateContext } from '../../../shared/alerts/templates';
import { AlertTemplateSchema } from '../../../shared/contract';
import { MAX_EVENT_NAME_LENGTH } from '../../../shared/metrics';
import { addDays, dayRange } from '../../../shared/time';

const en = { locale: 'en-US' };
const names: KeyNames = (metric, key) => (key === 'f1' && metric.startsWith('posthog_conversion_') ? 'signup → purchase' : undefined);
const series = (start: string, values: readonly (number | null)[]): SeriesInput => ({ values: new Map(values.map((v, i) => [addDays(start, i), v])) });
const check = (input: SeriesInput, condition: Condition, day: string): DayCheck => checkDay(input, condition, DEFAULT_EVALUATION, day);

describe('the sentence of a firing', () => {
  it('a drop against the same weekday: "DAU fell 38% — 1,240 vs 2,010 usual for a Tuesday"', () => {
    // Tuesday 2026-11-17; the Tuesdays before it had 2000, 2020, 2000, 2020 (mean 2010); −770/2010 = −38.3 %.
    const values = new Map<string, number | null>([['2026-10-20', 2000], ['2026-10-27', 2020], ['2026-11-03', 2000], ['2026-11-10', 2020], ['2026-11-17', 1240]]);
    const condition: Condition = { kind: 'change', direction: 'drop', unit: 'percent', amount: 30, baseline: 'same_weekday_4w' };
    const c = check({ values }, condition, '2026-11-17');
    expect(c.outcome).toBe('breach');
    expect(describeCheck('posthog_dau', '', condition, c, en)).toBe('DAU fell 38% — 1,240 vs 2,010 usual for a Tuesday');
  });

  it('a rise against the 7-day average, with a decimal where the average needs one', () => {
    // 10, 11, 12, 12, 12, 12, 12 → 81/7 = 11.57; 40 is 280/81 − 1 = +245.7 %.
    const input = series('2026-11-11', [10, 11, 12, 12, 12, 12, 12, 40]);
    const condition: Condition = { kind: 'change', direction: 'rise', unit: 'percent', amount: 200, baseline: 'avg_7d' };
    expect(describeCheck('posthog_errors', '', condition, check(input, condition, '2026-11-18'), en)).toBe('Error events rose 246% — 40 vs 11.6 on average over the previous 7 days');
  });

  it('a drop against the day before, and an absolute drop (same words)', () => {
    const input = series('2026-11-16', [1500, 1000]);
    const pct: Condition = { kind: 'change', direction: 'drop', unit: 'percent', amount: 30, baseline: 'previous_day' };
    const abs: Condition = { kind: 'change', direction: 'drop', unit: 'absolute', amount: 400, baseline: 'previous_day' };
    expect(describeCheck('posthog_pageviews', '', pct, check(input, pct, '2026-11-17'), en)).toBe('Pageviews fell 33% — 1,000 vs 1,500 the day before');
    expect(describeCheck('posthog_pageviews', '', abs, check(input, abs, '2026-11-17'), en)).toBe('Pageviews fell 33% — 1,000 vs 1,500 the day before');
  });

  it('a change of a rate is a relative change, the values are percentages', () => {
    const input = series('2026-11-16', [0.2, 0.1]);
    const condition: Condition = { kind: 'change', direction: 'drop', unit: 'percent', amount: 30, baseline: 'previous_day' };
    expect(describeCheck('posthog_conversion_rate', 'f1', condition, check(input, condition, '2026-11-17'), en)).toBe('Conversion rate (f1) fell 50% relative — 10% vs 20% the day before');
  });

  it('a rise from nothing says from and to', () => {
    const input = series('2026-11-16', [0, 5]);
    const condition: Condition = { kind: 'change', direction: 'rise', unit: 'percent', amount: 200, baseline: 'previous_day' };
    expect(describeCheck('posthog_errors', '', condition, check(input, condition, '2026-11-17'), en)).toBe('Error events rose from 0 to 5 (the day before)');
  });

  it('a threshold on a rate, in percent, with the funnel by its name', () => {
    const input = series('2026-11-17', [0.025]);
    const condition: Condition = { kind: 'threshold', direction: 'below', value: 0.05 };
    expect(describeCheck('posthog_conversion_rate', 'f1', condition, check(input, condition, '2026-11-17'), { ...en, names })).toBe('Conversion rate (signup → purchase) at 2.5% — below 5%');
    expect(describeCheck('posthog_conversion_rate', 'f1', condition, check(input, condition, '2026-11-17'), en)).toBe('Conversion rate (f1) at 2.5% — below 5%');
  });

  it('a threshold on a duration, as a duration', () => {
    const input = series('2026-11-17', [42]);
    const condition: Condition = { kind: 'threshold', direction: 'below', value: 60 };
    expect(describeCheck('posthog_session_duration', '', condition, check(input, condition, '2026-11-17'), en)).toBe('Session duration at 42s — below 1m');
  });

  it('"stopped": since the first zero day, with the level before', () => {
    // 11-04 … 11-10 = 7, 7, 7, 7, 8, 8, 8 (52/7 = 7.43); zeros from Wednesday 11-11.
    const input = series('2026-11-04', [7, 7, 7, 7, 8, 8, 8, 0, 0]);
    const condition: Condition = { kind: 'stopped' };
    const text = 'Flag evaluations of legacy-export stopped — 0 since Wed, Nov 11 (7.4 a day before)';
    expect(describeCheck('posthog_flag_evaluations', 'legacy-export', condition, check(input, condition, '2026-11-11'), en)).toBe(text);
    // The next day says the same: it stopped on the 11th.
    expect(describeCheck('posthog_flag_evaluations', 'legacy-export', condition, check(input, condition, '2026-11-12'), en)).toBe(text);
  });

  it('a rule that needs several days says how many', () => {
    const input = series('2026-11-17', [40]);
    const condition: Condition = { kind: 'threshold', direction: 'below', value: 50 };
    const c = check(input, condition, '2026-11-17');
    expect(describeCheck('posthog_dau', '', condition, c, { ...en, streak: 3 })).toBe('DAU at 40 — below 50 (3 days in a row)');
    expect(describeCheck('posthog_dau', '', condition, c, { ...en, streak: 1 })).toBe('DAU at 40 — below 50');
    const change: Condition = { kind: 'change', direction: 'drop', unit: 'percent', amount: 30, baseline: 'previous_day' };
    expect(describeCheck('posthog_dau', '', change, check(series('2026-11-16', [100, 40]), change, '2026-11-17'), { ...en, streak: 2 })).toBe('DAU fell 60% — 40 vs 100 the day before (2 days in a row)');
  });

  it('a day without numbers says why', () => {
    const condition: Condition = { kind: 'change', direction: 'drop', unit: 'percent', amount: 30, baseline: 'avg_7d' };
    expect(describeCheck('posthog_dau', '', condition, { day: '2026-11-17', outcome: 'no_data', reason: 'no_value' }, en)).toBe('DAU: no value for Tue, Nov 17');
    expect(describeCheck('posthog_dau', '', condition, { day: '2026-11-17', outcome: 'no_data', reason: 'no_baseline' }, en)).toBe('DAU: not enough history for the baseline');
  });

  it('a recovery says what the value is back to', () => {
    expect(describeRecovery('posthog_dau', '', 2080, '2026-11-18', en)).toBe('DAU is back to 2,080 on Wed, Nov 18');
    expect(describeRecovery('posthog_conversion_rate', 'f1', 0.125, '2026-11-18', { ...en, names })).toBe('Conversion rate (signup → purchase) is back to 12.5% on Wed, Nov 18');
    expect(describeRecovery('posthog_dau', '', null, '2026-11-18', en)).toBe('DAU is back to normal on Wed, Nov 18');
  });
});

describe('series and values in a sentence', () => {
  it('names each kind of series', () => {
    expect(seriesLabel('posthog_mau', '')).toBe('MAU');
    expect(seriesLabel('posthog_new_users', '')).toBe('New users');
    expect(seriesLabel('posthog_flag_evaluations', 'beta')).toBe('Flag evaluations of beta');
    expect(seriesLabel('posthog_flag_evaluations', '')).toBe('Flag evaluations');
    expect(seriesLabel('posthog_custom_event_count', 'signup_error')).toBe('Custom event count: signup_error');
    expect(seriesLabel('posthog_conversion_rate', 'f1', names)).toBe('Conversion rate (signup → purchase)');
    expect(seriesLabel('posthog_flag_evaluations', null)).toBe('Flag evaluations (each flag)');
    expect(seriesLabel('posthog_custom_event_users', null)).toBe('Custom event users (each event)');
    expect(seriesLabel('posthog_conversion_rate', null)).toBe('Conversion rate (each funnel)');
  });

  it('formats values in their unit, with a decimal only where a small average needs one', () => {
    expect(formatAlertValue(2010, 'posthog_dau', 'en-US')).toBe('2,010');
    expect(formatAlertValue(0.4, 'posthog_dau', 'en-US')).toBe('0.4');
    expect(formatAlertValue(81 / 7, 'posthog_errors', 'en-US')).toBe('11.6');
    expect(formatAlertValue(1234.56, 'posthog_events', 'en-US')).toBe('1,235');
    expect(formatAlertValue(0.123, 'posthog_conversion_rate', 'en-US')).toBe('12.3%');
    expect(formatAlertValue(252, 'posthog_session_duration', 'en-US')).toBe('4m 12s');
  });
});

describe('alert templates', () => {
  const none: TemplateContext = { customEvents: [], funnels: [] };
  const ids = (context: TemplateContext) => alertTemplates(context).map((t) => t.id);

  it('without custom events or a funnel: DAU, MAU, D7 retention, errors and flags', () => {
    expect(ids(none)).toEqual(['dau-drop', 'mau-drop', 'retention-drop', 'error-spike', 'flag-stopped', 'flag-collapse']);
  });

  it('each custom event that looks like an error gets its own error-spike template', () => {
    const templates = alertTemplates({ customEvents: ['signup_error', 'checkout', 'PaymentFailed', 'app_crash', 'UncaughtException', '$pageview'], funnels: [] });
    expect(templates.map((t) => t.id)).toEqual([
      'dau-drop',
      'mau-drop',
      'retention-drop',
      'error-spike',
      'error-spike:signup_error',
      'error-spike:PaymentFailed',
      'error-spike:app_crash',
      'error-spike:UncaughtException',
      'flag-stopped',
      'flag-collapse',
    ]);
    const signup = templates.find((t) => t.id === 'error-spike:signup_error');
    expect(signup?.title).toBe('Spike in signup_error');
    expect(signup?.rule).toMatchObject({
      name: 'signup_error spike',
      target: { metric: 'posthog_custom_event_count', key: 'signup_error' },
      condition: { kind: 'unusual', direction: 'spike', sensitivity: 'medium' },
      evaluation: { minVolume: 10 },
    });
    expect(['checkout', 'signup', 'Purchase completed'].some(looksLikeErrorEvent)).toBe(false);
    expect(['Error', 'js_exception', 'upload failed', 'CRASH'].every(looksLikeErrorEvent)).toBe(true);
  });

  it('a funnel gets a low-conversion template at half its median rate, to the nearest half percent', () => {
    // Median of 8 %, 9 %, 10 %, 11 %, 12 % is 10 %: half is 5 %.
    const templates = alertTemplates({ customEvents: [], funnels: [{ id: 'f1', name: 'signup → purchase', title: 'signup → purchase', windowDays: 7, recentRates: [0.1, 0.12, 0.08, 0.11, 0.09] }] });
    const low = templates.find((t) => t.id === 'low-conversion:f1');
    expect(low?.title).toBe('Low conversion: signup → purchase');
    expect(low?.description).toBe('signup → purchase converting below 5.0 % (half its usual rate), on days with at least 10 entries, judged once their 7-day window is over.');
    expect(low?.rule).toMatchObject({ target: { metric: 'posthog_conversion_rate', key: 'f1' }, condition: { kind: 'threshold', direction: 'below', value: 0.05 }, evaluation: { minVolume: 10 } });
    expect(templates.map((t) => t.id).indexOf('low-conversion:f1')).toBe(4);
  });

  it('suggests half the median rate rounded to 0.5 %, at least 0.5 %, or 5 % without history', () => {
    expect(suggestedConversionThreshold([0.137])).toBe(0.07); // 6.85 % → 7 %
    expect(suggestedConversionThreshold([0.13])).toBe(0.065); // 6.5 %
    expect(suggestedConversionThreshold([0.1, 0.2])).toBe(0.075); // median 15 % (even count: the mean of the middle two)
    expect(suggestedConversionThreshold([0.5, 0.01, 0.3, 0.02])).toBe(0.08); // median (0.02 + 0.3)/2 = 16 % → 8 %
    expect(suggestedConversionThreshold([Number.NaN, 0.2])).toBe(0.1);
    expect(suggestedConversionThreshold([0.004])).toBe(0.005); // 0.2 % rounds to 0: at least 0.5 %
    expect(suggestedConversionThreshold([])).toBe(0.05);
    expect(suggestedConversionThreshold([0, 0, 0])).toBe(0.05);
  });

  it('every template, in every context, is a valid rule and a valid contract template whose rule names it', () => {
    const longError = `${'x'.repeat(MAX_EVENT_NAME_LENGTH - 5)}error`;
    const longError2 = `${'x'.repeat(MAX_EVENT_NAME_LENGTH - 5)}crash`;
    const contexts: TemplateContext[] = [
      none,
      { customEvents: ['signup_error', longError, longError2], funnels: [{ id: 'f1', name: 'signup → purchase', title: 'signup → purchase', windowDays: 7, recentRates: [] }] },
      { customEvents: ['$exception_custom'], funnels: [{ id: 'f2', name: 'a → b', title: 'a → b', windowDays: 7, recentRates: [0.99, 1, 1] }] },
    ];
    for (const context of contexts) {
      const templates = alertTemplates(context);
      expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
      for (const t of templates) {
        const parsed = AlertRuleInputSchema.safeParse(t.rule);
        expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message), t.id).toEqual([]);
        const asSent = AlertTemplateSchema.safeParse({ ...t, enabled: false });
        expect(asSent.success ? [] : asSent.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), t.id).toEqual([]);
        // The list says "enabled" by matching a rule's template with the template's id.
        expect(t.rule.template, t.id).toBe(t.id);
      }
    }
  });

  it('DAU, MAU and D7 retention drops and error spikes use the unusual detector at medium sensitivity', () => {
    const conditions = Object.fromEntries(alertTemplates(none).map((t) => [t.id, t.rule.condition]));
    expect(conditions).toMatchObject({
      'dau-drop': { kind: 'unusual', direction: 'drop', sensitivity: 'medium' },
      'mau-drop': { kind: 'unusual', direction: 'drop', sensitivity: 'medium' },
      'retention-drop': { kind: 'unusual', direction: 'drop', sensitivity: 'medium' },
      'error-spike': { kind: 'unusual', direction: 'spike', sensitivity: 'medium' },
      'flag-stopped': { kind: 'stopped' },
    });
  });

  it('a plan that keeps too little history for the detector says so in the templates that use it', () => {
    const starter = alertTemplates({ ...none, keptDays: 3 });
    const note = 'It learns from 26 days of history and this plan keeps 3: it will stay in Learning on this plan.';
    expect(starter.filter((t) => t.description.endsWith(note)).map((t) => t.id)).toEqual(['dau-drop', 'mau-drop', 'error-spike']);
    const retention = starter.find((t) => t.id === 'retention-drop');
    expect(retention?.description).toContain('It learns from 26 days of history ending 7 days back and this plan keeps 3');
    // Basic keeps 30 days: the latest complete day has 28 before it, enough — but not for a D7 rate 7 days further back.
    expect(alertTemplates({ ...none, keptDays: 30 }).filter((t) => t.description.includes('Learning')).map((t) => t.id)).toEqual(['retention-drop']);
    expect(alertTemplates({ ...none, keptDays: null }).some((t) => t.description.includes('Learning'))).toBe(false);
  });

  it('the DAU template does not fire on weekends of an ordinary week, and does on a real drop', () => {
    const dau = alertTemplates(none).find((t) => t.id === 'dau-drop')!.rule;
    const week = [1000, 1000, 1000, 1000, 1000, 400, 420];
    const values = new Map(dayRange('2026-10-12', '2026-11-15').map((d, i) => [d, week[i % 7] ?? null]));
    const ordinary: DayCheck[] = dayRange('2026-11-09', '2026-11-15').map((d) => checkDay({ values }, dau.condition, dau.evaluation, d));
    expect(ordinary.map((c) => c.outcome)).toEqual(new Array<string>(7).fill('ok'));
    values.set('2026-11-14', 250); // 250 vs the usual 400 Saturday: −37.5 %
    expect(checkDay({ values }, dau.condition, dau.evaluation, '2026-11-14').outcome).toBe('breach');
  });
});
