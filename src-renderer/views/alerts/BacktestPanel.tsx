import { useDeferredValue, useId, useMemo, useState } from 'react';
import { backtest } from '../../../shared/alerts/backtest';
import { seriesLabel, type KeyNames } from '../../../shared/alerts/describe';
import { DEFAULT_EVALUATION, type AlertRuleInput } from '../../../shared/alerts/rule';
import { METRICS } from '../../../shared/metrics';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { ReplicaDb } from '../../db/replica-db';
import { formatDay } from '../../format/format';
import { BACKTEST_WINDOWS, backtestRows, backtestSentence, backtestSpan, cachedDaysOf, DEFAULT_BACKTEST_DAYS, defaultChartKey, effectiveWindow, windowUsable } from './backtest-view';
import { LazyBacktestChart as BacktestChart } from './LazyBacktestChart';
import { useCachedPoints } from './useCachedPoints';

type RuleShape = Pick<AlertRuleInput, 'target' | 'condition' | 'evaluation'>;

const REFERENCE_LABELS: Readonly<Record<AlertRuleInput['condition']['kind'], string>> = {
  threshold: 'Threshold',
  change: 'Baseline',
  stopped: 'Level before the stop',
  unusual: 'Expected',
};

export interface BacktestPanelProps {
  db: ReplicaDb;
  /** The rule as edited, when it is valid (null: the form has a problem). */
  rule: RuleShape | null;
  /** The target shown while the rule is not valid (its history is read all the same). */
  target: AlertRuleInput['target'];
  today: string;
  locale: string;
  names: KeyNames;
  /** Days the target's values take to be final, when the target decides (a funnel's window + 1). */
  lagDays?: number;
}

/**
 * The rule run over the cached history as it is edited: where it would have fired, on a chart and in
 * words. The replica is read once per metric; the evaluator (cheap) re-runs on each change.
 */
export function BacktestPanel(props: BacktestPanelProps) {
  const { target, today, locale, names, lagDays } = props;
  const [chosenWindow, setWindowDays] = useState(DEFAULT_BACKTEST_DAYS);
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const cached = useCachedPoints(props.db, target.metric);
  // The same rule typed differently (or the name changing) is the same backtest.
  const ruleKey = useDeferredValue(props.rule === null ? null : JSON.stringify({ target: props.rule.target, condition: props.rule.condition, evaluation: props.rule.evaluation }));
  const headingId = useId();
  const keyId = useId();

  const shape = useMemo(() => (ruleKey === null ? null : (JSON.parse(ruleKey) as RuleShape)), [ruleKey]);
  const firstDay = cached.status === 'ready' ? cached.value.firstDay : undefined;
  const cachedDays = firstDay === undefined ? null : cachedDaysOf(today, shape?.evaluation ?? DEFAULT_EVALUATION, firstDay, target.metric, lagDays);
  const windowDays = effectiveWindow(chosenWindow, cachedDays);

  const outcome = useMemo(() => {
    if (shape === null || cached.status !== 'ready') return null;
    const rule = shape;
    const span = backtestSpan(windowDays, today, rule.evaluation, cached.value.firstDay, rule.target.metric, lagDays);
    if (span.days === 0) return { rule, span, result: null };
    return { rule, span, result: backtest(rule, cached.value.pointsOf, { today, days: span.days, locale, names, ...(lagDays === undefined ? {} : { lagDays }) }) };
  }, [shape, cached, windowDays, today, locale, names, lagDays]);

  const result = outcome?.result ?? null;
  const keys = useMemo(() => (result === null ? [] : [...result.days.keys()]), [result]);
  const chartKey = chosenKey !== null && keys.includes(chosenKey) ? chosenKey : result === null ? null : defaultChartKey(result);
  const rows = useMemo(
    () => (result === null || chartKey === null || outcome === null || cached.status !== 'ready' ? [] : backtestRows(result, outcome.rule.target.metric, chartKey, cached.value.pointsOf)),
    [result, chartKey, outcome, cached],
  );

  let body;
  if (cached.status === 'error') {
    body = <ErrorNotice error={{ code: 'internal', message: `Sightline could not read its local copy of this metric (${cached.error.message}).`, hint: 'Reload the window.' }} />;
  } else if (cached.status === 'loading') {
    body = <p className="muted small">Reading the cached history…</p>;
  } else if (outcome === null) {
    body = (
      <p className="muted" data-testid="backtest-invalid">
        Fix the rule above to see where it would have fired.
      </p>
    );
  } else if (result === null) {
    body = (
      <p className="muted" data-testid="backtest-sentence">
        Nothing is cached for {seriesLabel(target.metric, target.key, names)} yet: its history arrives with the next sync.
      </p>
    );
  } else {
    const metric = outcome.rule.target.metric;
    body = (
      <>
        <p className="backtest__sentence" data-testid="backtest-sentence" data-count={result.firings.length} role="status">
          {backtestSentence(result, outcome.span)}
        </p>
        {result.missing.length > 0 && <p className="muted small">No data for {result.missing.map((k) => seriesLabel(metric, k, names)).join(', ')}: the metric is missing.</p>}
        {keys.length > 1 && chartKey !== null && (
          <label className="field field--inline" htmlFor={keyId}>
            <span>Chart</span>
            <select id={keyId} value={chartKey} onChange={(e) => setChosenKey(e.target.value)} data-testid="backtest-key">
              {keys.map((k) => (
                <option key={k} value={k}>
                  {seriesLabel(metric, k, names)}
                  {result.firings.some((f) => f.key === k) ? ' (would have fired)' : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {chartKey !== null && (
          <figure className="backtest__figure">
            <BacktestChart rows={rows} unit={METRICS[metric].unit} locale={locale} label={seriesLabel(metric, chartKey, names)} referenceLabel={REFERENCE_LABELS[outcome.rule.condition.kind]} />
            <ul className="chart-legend" aria-hidden="true">
              <li className="chart-legend__item chart-legend__item--value">{seriesLabel(metric, chartKey, names)}</li>
              <li className="chart-legend__item chart-legend__item--previous">{REFERENCE_LABELS[outcome.rule.condition.kind]}</li>
              {outcome.rule.condition.kind === 'unusual' && <li className="chart-legend__item chart-legend__item--band">Expected range ({outcome.rule.condition.sensitivity} sensitivity)</li>}
              <li className="chart-legend__item chart-legend__item--fired">Would have fired</li>
            </ul>
          </figure>
        )}
        {result.firings.length > 0 && (
          <ol className="backtest__firings" data-testid="backtest-firings">
            {result.firings.map((f) => (
              <li key={`${f.key}|${f.incident.start}`} data-testid="backtest-firing" data-day={f.incident.start}>
                <strong>{formatDay(f.incident.start, locale)}</strong>: {f.text}
                <span className="muted small">
                  {' '}
                  ·{' '}
                  {f.incident.resolvedOn !== null
                    ? `back to normal on ${formatDay(f.incident.resolvedOn, locale)}`
                    : f.incident.start === result.to
                      ? 'the last day checked'
                      : `still breaching on ${formatDay(result.to, locale)}`}
                </span>
              </li>
            ))}
          </ol>
        )}
      </>
    );
  }

  return (
    <section className="backtest" aria-labelledby={headingId} data-testid="backtest">
      <div className="backtest__header">
        <h4 id={headingId}>Backtest</h4>
        <div className="segmented" role="group" aria-label="Backtest window">
          {BACKTEST_WINDOWS.map((w, i) => {
            const useless = !windowUsable(i, cachedDays);
            return (
              <button
                key={w.id}
                type="button"
                className="segmented__item"
                aria-pressed={w.days === windowDays}
                disabled={useless}
                title={useless ? `Sightline has ${cachedDays} days of this metric cached` : undefined}
                onClick={() => setWindowDays(w.days)}
              >
                {w.label}
              </button>
            );
          })}
        </div>
      </div>
      {body}
    </section>
  );
}
