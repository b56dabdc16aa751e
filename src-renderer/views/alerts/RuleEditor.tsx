import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { KeyNames } from '../../../shared/alerts/describe';
import { BASELINE_LABELS, BASELINES, SEVERITIES, type AlertRuleInput } from '../../../shared/alerts/rule';
import { SENSITIVITIES, SENSITIVITY_SPECS } from '../../../shared/alerts/anomaly';
import type { AppError, Tracking } from '../../../shared/contract';
import { conversionLagDays } from '../../../shared/funnels';
import { METRICS } from '../../../shared/metrics';
import { ErrorNotice } from '../../components/ErrorNotice';
import { readKeys } from '../../db/read';
import type { ReplicaDb } from '../../db/replica-db';
import { liveValue, useLiveQuery } from '../../db/use-live-query';
import { BacktestPanel } from './BacktestPanel';
import { draftOf, parseDraft, type DraftField, type RuleDraft } from './rule-draft';
import { decodeTarget, encodeTarget, targetGroups } from './target-options';

const NO_KEYS: string[] = [];

/** A labelled control with its problem in words underneath (and tied to it for screen readers). */
function Field(props: { label: string; error: string | undefined; hint?: string; children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode; className?: string; testId?: string }) {
  const id = useId();
  const errorId = useId();
  const hintId = useId();
  const describedBy = [props.error === undefined ? null : errorId, props.hint === undefined ? null : hintId].filter((x) => x !== null).join(' ') || undefined;
  return (
    <div className={`field ${props.className ?? ''}`} data-testid={props.testId}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: props.error !== undefined })}
      {props.hint !== undefined && (
        <span id={hintId} className="muted small">
          {props.hint}
        </span>
      )}
      {props.error !== undefined && (
        <span id={errorId} className="field-error" data-testid="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

export interface RuleEditorProps {
  db: ReplicaDb;
  /** The rule's id (null: a new rule, from scratch or a template). */
  id: string | null;
  initial: AlertRuleInput;
  /** What the editor is for: "New alert rule", "Customize: Spike in error events". */
  title: string;
  tracking: Tracking | null;
  names: KeyNames;
  today: string;
  locale: string;
  busy: boolean;
  /** Main's answer to the last save, when it refused. */
  error: AppError | null;
  onSave: (rule: AlertRuleInput) => void;
  onCancel: () => void;
}

/**
 * A rule, edited: what it watches, the condition, how it is evaluated, how it notifies — checked as it
 * is typed with the schema main applies, and backtested on the cached history at every change.
 */
export function RuleEditor(props: RuleEditorProps) {
  const { locale, names } = props;
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(props.initial));
  const [touched, setTouched] = useState<ReadonlySet<DraftField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const parsed = useMemo(() => parseDraft(draft), [draft]);
  const errors = parsed.ok ? {} : parsed.errors;
  const shown = (field: DraftField): string | undefined => (submitted || touched.has(field) ? errors[field] : undefined);
  const update = (field: DraftField | null, patch: Partial<RuleDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    if (field !== null) setTouched((t) => (t.has(field) ? t : new Set([...t, field])));
  };

  const flagKeys = liveValue(useLiveQuery(() => readKeys(props.db, 'posthog_flag_evaluations'), [props.db]), NO_KEYS);
  const cachedEvents = liveValue(useLiveQuery(() => readKeys(props.db, 'posthog_custom_event_count'), [props.db]), NO_KEYS);
  const customEvents = useMemo(() => [...new Set([...(props.tracking?.customEvents ?? []), ...cachedEvents])], [props.tracking, cachedEvents]);
  const groups = useMemo(
    () => targetGroups({ flagKeys: flagKeys.filter((k) => k !== ''), customEvents, funnelIds: props.tracking?.funnels.map((f) => f.id) ?? [], names, current: props.initial.target }),
    [flagKeys, customEvents, props.tracking, names, props.initial.target],
  );

  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const headingId = useId();

  const info = METRICS[draft.target.metric];
  const rate = info.unit === 'ratio';
  const unitSuffix = rate ? '%' : info.unit === 'seconds' ? 'seconds' : info.unit;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setSubmitted(true);
    if (parsed.ok) props.onSave(parsed.rule);
  };

  return (
    <form className="panel rule-editor" data-testid="rule-editor" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {props.title}
      </h3>
      <div className="rule-editor__row">
        <Field label="Name" error={shown('name')} className="rule-editor__name">
          {(f) => (
            <input id={f.id} data-testid="rule-name" value={draft.name} maxLength={140} aria-invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e) => update('name', { name: e.target.value })} />
          )}
        </Field>
        <Field label="Watch" error={errors.target} className="rule-editor__target">
          {(f) => (
            <select
              id={f.id}
              data-testid="rule-target"
              value={encodeTarget(draft.target)}
              aria-invalid={f.invalid}
              aria-describedby={f.describedBy}
              onChange={(e) => {
                const target = decodeTarget(e.target.value);
                if (target !== null) update('target', { target });
              }}
            >
              {groups.map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
      </div>

      <fieldset className="rule-editor__section">
        <legend>Condition</legend>
        <div className="rule-editor__row">
          <Field label="Alert when the value" error={errors.kind} className="rule-editor__kind">
            {(f) => (
              <select id={f.id} data-testid="rule-kind" value={draft.kind} aria-invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e) => update('kind', { kind: e.target.value as RuleDraft['kind'] })}>
                <option value="unusual">is unusual (no number to choose)</option>
                <option value="change">changes against a baseline</option>
                <option value="threshold">is above or below a number</option>
                <option value="stopped">stops (a whole day at 0)</option>
              </select>
            )}
          </Field>
        </div>
        <div className="rule-editor__row">
          {draft.kind === 'threshold' && (
            <>
              <Field label="Direction" error={undefined}>
                {(f) => (
                  <select id={f.id} data-testid="rule-threshold-direction" value={draft.thresholdDirection} onChange={(e) => update(null, { thresholdDirection: e.target.value as RuleDraft['thresholdDirection'] })}>
                    <option value="below">below</option>
                    <option value="above">above</option>
                  </select>
                )}
              </Field>
              <Field label={`Threshold (${unitSuffix})`} error={shown('threshold')}>
                {(f) => (
                  <input id={f.id} data-testid="rule-threshold" inputMode="decimal" value={draft.threshold} aria-invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e) => update('threshold', { threshold: e.target.value })} />
                )}
              </Field>
            </>
          )}
          {draft.kind === 'unusual' && (
            <>
              <Field label="Direction" error={undefined}>
                {(f) => (
                  <select id={f.id} data-testid="rule-unusual-direction" value={draft.unusualDirection} onChange={(e) => update(null, { unusualDirection: e.target.value as RuleDraft['unusualDirection'] })}>
                    <option value="drop">unusually low</option>
                    <option value="spike">unusually high</option>
                    <option value="both">either</option>
                  </select>
                )}
              </Field>
              <Field
                label="Sensitivity"
                error={undefined}
                className="rule-editor__baseline"
                hint="Compared with the same weekday over the last weeks at today’s level; weekends, growth and ordinary noise are not alerts."
              >
                {(f) => (
                  <select id={f.id} data-testid="rule-sensitivity" value={draft.sensitivity} aria-describedby={f.describedBy} onChange={(e) => update(null, { sensitivity: e.target.value as RuleDraft['sensitivity'] })}>
                    {SENSITIVITIES.map((level) => (
                      <option key={level} value={level}>
                        {SENSITIVITY_SPECS[level].label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </>
          )}
          {draft.kind === 'change' && (
            <>
              <Field label="Direction" error={undefined}>
                {(f) => (
                  <select id={f.id} data-testid="rule-change-direction" value={draft.changeDirection} onChange={(e) => update(null, { changeDirection: e.target.value as RuleDraft['changeDirection'] })}>
                    <option value="drop">drops</option>
                    <option value="rise">rises</option>
                  </select>
                )}
              </Field>
              <Field label="By at least" error={shown('amount')} className="rule-editor__amount">
                {(f) => (
                  <span className="input-with-unit">
                    <input id={f.id} data-testid="rule-amount" inputMode="decimal" value={draft.amount} aria-invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e) => update('amount', { amount: e.target.value })} />
                    <select aria-label="Unit of the change" data-testid="rule-change-unit" value={draft.changeUnit} onChange={(e) => update('amount', { changeUnit: e.target.value as RuleDraft['changeUnit'] })}>
                      <option value="percent">% of the baseline</option>
                      <option value="absolute">{rate ? 'percentage points' : info.unit === 'seconds' ? 'seconds' : info.unit}</option>
                    </select>
                  </span>
                )}
              </Field>
              <Field label="Compared with" error={undefined} className="rule-editor__baseline">
                {(f) => (
                  <select id={f.id} data-testid="rule-baseline" value={draft.baseline} onChange={(e) => update(null, { baseline: e.target.value as RuleDraft['baseline'] })}>
                    {BASELINES.map((b) => (
                      <option key={b} value={b}>
                        {BASELINE_LABELS[b]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </>
          )}
        </div>
      </fieldset>

      <fieldset className="rule-editor__section">
        <legend>Evaluation</legend>
        <div className="rule-editor__row">
          <Field label="Days in a row" error={shown('consecutiveDays')} hint="The condition must hold this many days before the alert fires.">
            {(f) => (
              <input
                id={f.id}
                data-testid="rule-consecutive"
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                value={draft.consecutiveDays}
                aria-invalid={f.invalid}
                aria-describedby={f.describedBy}
                onChange={(e) => update('consecutiveDays', { consecutiveDays: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Minimum volume"
            error={shown('minVolume')}
            hint={METRICS[draft.target.metric].denominatorNoun !== undefined ? `Days with fewer ${METRICS[draft.target.metric].denominatorNoun ?? ''} are ignored.` : draft.kind === 'stopped' ? 'The level before the stop must reach this.' : draft.kind === 'unusual' ? 'Days where the value and the expected value are both below this are ignored.' : 'Days where the value and its baseline are both below this are ignored.'}
          >
            {(f) => (
              <input
                id={f.id}
                data-testid="rule-min-volume"
                type="number"
                min={0}
                inputMode="decimal"
                value={draft.minVolume}
                aria-invalid={f.invalid}
                aria-describedby={f.describedBy}
                onChange={(e) => update('minVolume', { minVolume: e.target.value })}
              />
            )}
          </Field>
        </div>
        <label className="toggle">
          <input type="checkbox" data-testid="rule-partial" checked={draft.includePartialDay} onChange={(e) => update(null, { includePartialDay: e.target.checked })} />
          Include today (partial: a day still going on can look like a drop)
        </label>
      </fieldset>

      <fieldset className="rule-editor__section">
        <legend>Notification</legend>
        <div className="rule-editor__row">
          <Field label="Severity" error={undefined}>
            {(f) => (
              <select id={f.id} data-testid="rule-severity" value={draft.severity} onChange={(e) => update(null, { severity: e.target.value as RuleDraft['severity'] })}>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Cool-down (hours)" error={shown('cooldownHours')} hint="After a notification, new incidents are recorded but not notified for this long.">
            {(f) => (
              <input
                id={f.id}
                data-testid="rule-cooldown"
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                value={draft.cooldownHours}
                aria-invalid={f.invalid}
                aria-describedby={f.describedBy}
                onChange={(e) => update('cooldownHours', { cooldownHours: e.target.value })}
              />
            )}
          </Field>
        </div>
        <label className="toggle">
          <input type="checkbox" data-testid="rule-notify-resolved" checked={draft.notifyResolved} onChange={(e) => update(null, { notifyResolved: e.target.checked })} />
          Notify when it is resolved
        </label>
        <label className="toggle">
          <input type="checkbox" data-testid="rule-enabled" checked={draft.enabled} onChange={(e) => update(null, { enabled: e.target.checked })} />
          Enabled
        </label>
      </fieldset>

      <BacktestPanel
        db={props.db}
        rule={parsed.ok ? parsed.rule : null}
        target={draft.target}
        today={props.today}
        locale={locale}
        names={names}
        lagDays={conversionLagDays(props.tracking?.funnels ?? [], draft.target.metric, draft.target.key)}
      />

      {submitted && !parsed.ok && (
        <p className="form-error" role="alert" data-testid="rule-invalid">
          Fix what is marked above to save the rule.
        </p>
      )}
      {props.error !== null && <ErrorNotice error={props.error} />}
      <div className="actions">
        <button type="submit" className="button" data-testid="rule-save" disabled={props.busy}>
          {props.busy ? 'Saving…' : props.id === null ? 'Save rule' : 'Save changes'}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onCancel} disabled={props.busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
