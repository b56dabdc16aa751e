import { useId, useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/contract';
import { sameRetention, type RetentionDefinition, type RetentionMode, type RetentionPeriod } from '../../../shared/retention';
import type { ApiClient } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import { EventNameField } from '../tracking/EventNameField';
import { describeRetention } from './retention-table';

export interface RetentionSettingsProps {
  client: ApiClient;
  definition: RetentionDefinition;
  busy: boolean;
  /** Main's answer to the last save. */
  error: AppError | null;
  onSave: (definition: RetentionDefinition) => Promise<boolean>;
  locale: string;
}

const PERIODS: ReadonlyArray<[RetentionPeriod, string]> = [
  ['day', 'Daily (30 days)'],
  ['week', 'Weekly (8 weeks)'],
  ['month', 'Monthly (6 months)'],
];
const MODES: ReadonlyArray<[RetentionMode, string]> = [
  ['first_time', 'First time: the period of each person’s first start event'],
  ['recurring', 'Recurring: every period with a start event'],
];

/** What retention measures: the period, the cohort mode, and the start and return events (blank = any event). */
export function RetentionSettings(props: RetentionSettingsProps) {
  const { definition } = props;
  const [period, setPeriod] = useState<RetentionPeriod>(definition.period);
  const [mode, setMode] = useState<RetentionMode>(definition.mode);
  const [start, setStart] = useState(definition.startEvent ?? '');
  const [back, setBack] = useState(definition.returnEvent ?? '');
  const periodId = useId();
  const modeId = useId();
  const draft: RetentionDefinition = { period, mode, startEvent: start.trim() === '' ? null : start.trim(), returnEvent: back.trim() === '' ? null : back.trim() };
  const changed = !sameRetention(draft, definition);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (changed) void props.onSave(draft);
  };

  return (
    <section className="panel panel--wide" aria-labelledby="retention-settings-title">
      <h3 id="retention-settings-title">What counts</h3>
      <p className="muted small" data-testid="retention-definition">
        {describeRetention(definition)}
      </p>
      <form className="form retention-settings" data-testid="retention-settings" onSubmit={submit} noValidate>
        <div className="retention-settings__row">
          <label className="field" htmlFor={periodId}>
            <span>Cohorts by</span>
            <select id={periodId} data-testid="retention-period" value={period} onChange={(e) => setPeriod(e.target.value as RetentionPeriod)}>
              {PERIODS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="field" htmlFor={modeId}>
            <span>Cohort</span>
            <select id={modeId} data-testid="retention-mode" value={mode} onChange={(e) => setMode(e.target.value as RetentionMode)}>
              {MODES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="retention-settings__row">
          <EventNameField client={props.client} label="Start event" value={start} onChange={setStart} testId="retention-start" locale={props.locale} placeholder="Any event" />
          <EventNameField client={props.client} label="Return event" value={back} onChange={setBack} testId="retention-return" locale={props.locale} placeholder="Any event" />
        </div>
        {props.error !== null && <ErrorNotice error={props.error} />}
        <div className="actions">
          <button type="submit" className="button" data-testid="retention-save" disabled={props.busy || !changed}>
            {props.busy ? 'Saving…' : 'Save'}
          </button>
        </div>
        <p className="muted small">Changing these replaces the table and the D1/D7/D30 history: they are fetched again for the new question.</p>
      </form>
    </section>
  );
}
