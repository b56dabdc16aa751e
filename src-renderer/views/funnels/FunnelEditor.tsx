import { useId, useState, type FormEvent } from 'react';
import type { AppError, Funnel, FunnelRequest } from '../../../shared/contract';
import { DEFAULT_FUNNEL_WINDOW_DAYS, MAX_FUNNEL_STEPS, MIN_FUNNEL_STEPS, OPERATOR_LABELS, PROPERTY_OPERATORS, type PropertyOperator } from '../../../shared/funnels';
import { MAX_CONVERSION_WINDOW_DAYS } from '../../../shared/metrics';
import type { ApiClient } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import { EventNameField } from '../tracking/EventNameField';
import { useEventDefinitions } from '../tracking/useEventDefinitions';

interface StepDraft {
  event: string;
  filtered: boolean;
  key: string;
  operator: PropertyOperator;
  value: string;
}

const EMPTY_STEP: StepDraft = { event: '', filtered: false, key: '$current_url', operator: 'icontains', value: '' };

function draftOf(funnel: Funnel | null): StepDraft[] {
  if (funnel === null) return [{ ...EMPTY_STEP }, { ...EMPTY_STEP }];
  return funnel.steps.map((s) => (s.filter === null ? { ...EMPTY_STEP, event: s.event } : { event: s.event, filtered: true, ...s.filter }));
}

/** What is wrong with the draft, in the order a person would fix it; null when it can be saved. */
export function funnelDraftProblem(name: string, steps: readonly StepDraft[], windowText: string): string | null {
  if (name.trim() === '') return 'Give the funnel a name.';
  if (steps.length < MIN_FUNNEL_STEPS) return `A funnel needs at least ${MIN_FUNNEL_STEPS} steps.`;
  const empty = steps.findIndex((s) => s.event.trim() === '');
  if (empty !== -1) return `Step ${empty + 1} needs an event.`;
  const noFilter = steps.findIndex((s) => s.filtered && (s.key.trim() === '' || s.value === ''));
  if (noFilter !== -1) return `Step ${noFilter + 1}’s filter needs a property and a value (or remove the filter).`;
  const days = Number(windowText.trim());
  if (windowText.trim() === '' || !Number.isInteger(days) || days < 1 || days > MAX_CONVERSION_WINDOW_DAYS) return `The window is a whole number of days, from 1 to ${MAX_CONVERSION_WINDOW_DAYS}.`;
  return null;
}

/** Says when an event name is not among the project's events (PostHog's event definitions): likely a typo. */
function UnknownEventNote(props: { client: ApiClient; event: string; index: number }) {
  const name = props.event.trim();
  const found = useEventDefinitions(props.client, name, name !== '');
  if (name === '' || found.status !== 'ready' || found.search !== name || found.results.some((d) => d.name === name)) return null;
  return (
    <p className="form-warning" data-testid="funnel-unknown-event" data-step={props.index + 1}>
      “{name}” is not among this project’s events: check the spelling (it would never match).
    </p>
  );
}

export interface FunnelEditorProps {
  client: ApiClient;
  /** The funnel edited, or null for a new one. */
  funnel: Funnel | null;
  busy: boolean;
  /** Main's answer to the last save. */
  error: AppError | null;
  onSave: (funnel: FunnelRequest) => Promise<boolean>;
  onCancel?: () => void;
  locale: string;
}

/** A funnel's name, 2–5 ordered steps (each an event and an optional property filter) and its window. */
export function FunnelEditor(props: FunnelEditorProps) {
  const { funnel } = props;
  const [name, setName] = useState(funnel?.name ?? '');
  const [steps, setSteps] = useState<StepDraft[]>(() => draftOf(funnel));
  const [windowText, setWindowText] = useState(String(funnel?.windowDays ?? DEFAULT_FUNNEL_WINDOW_DAYS));
  const [tried, setTried] = useState(false);
  const nameId = useId();
  const windowId = useId();
  const problem = funnelDraftProblem(name, steps, windowText);
  const update = (i: number, change: Partial<StepDraft>): void => setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...change } : s)));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setTried(true);
    if (problem !== null) return;
    void props
      .onSave({
        id: funnel?.id ?? null,
        name: name.trim(),
        steps: steps.map((s) => ({ event: s.event.trim(), filter: s.filtered ? { key: s.key.trim(), operator: s.operator, value: s.value } : null })),
        windowDays: Number(windowText.trim()),
      })
      .then((ok) => {
        if (ok && funnel === null) {
          setName('');
          setSteps(draftOf(null));
          setTried(false);
        }
      });
  };

  return (
    <form className="form funnel-editor" data-testid="funnel-editor" onSubmit={submit} noValidate>
      <label className="field" htmlFor={nameId}>
        <span>Name</span>
        <input id={nameId} data-testid="funnel-name" value={name} maxLength={120} placeholder="e.g. Pricing to paid" onChange={(e) => setName(e.target.value)} />
      </label>
      <ol className="funnel-editor__steps">
        {steps.map((step, i) => (
          <li key={i} className="funnel-editor__step" data-testid="funnel-step">
            <div className="funnel-editor__row">
              <EventNameField client={props.client} label={`Step ${i + 1}`} value={step.event} onChange={(event) => update(i, { event })} testId={`funnel-step-${i + 1}`} locale={props.locale} />
              {!step.filtered ? (
                <button type="button" className="link-button" data-testid={`funnel-add-filter-${i + 1}`} onClick={() => update(i, { filtered: true })}>
                  + property filter
                </button>
              ) : null}
              {steps.length > MIN_FUNNEL_STEPS && (
                <button type="button" className="link-button" aria-label={`Remove step ${i + 1}`} onClick={() => setSteps((all) => all.filter((_, j) => j !== i))}>
                  Remove
                </button>
              )}
            </div>
            {step.filtered && (
              <div className="funnel-editor__filter">
                <input aria-label={`Step ${i + 1} property`} data-testid={`funnel-filter-key-${i + 1}`} value={step.key} maxLength={200} onChange={(e) => update(i, { key: e.target.value })} />
                <select aria-label={`Step ${i + 1} comparison`} data-testid={`funnel-filter-op-${i + 1}`} value={step.operator} onChange={(e) => update(i, { operator: e.target.value as PropertyOperator })}>
                  {PROPERTY_OPERATORS.map((op) => (
                    <option key={op} value={op}>
                      {OPERATOR_LABELS[op]}
                    </option>
                  ))}
                </select>
                <input aria-label={`Step ${i + 1} value`} data-testid={`funnel-filter-value-${i + 1}`} value={step.value} maxLength={500} placeholder="/pricing" onChange={(e) => update(i, { value: e.target.value })} />
                <button type="button" className="link-button" onClick={() => update(i, { filtered: false })}>
                  No filter
                </button>
              </div>
            )}
            <UnknownEventNote client={props.client} event={step.event} index={i} />
          </li>
        ))}
      </ol>
      <div className="funnel-editor__row">
        {steps.length < MAX_FUNNEL_STEPS && (
          <button type="button" className="button button--secondary" data-testid="funnel-add-step" onClick={() => setSteps((all) => [...all, { ...EMPTY_STEP }])}>
            Add a step
          </button>
        )}
        <label className="field funnel-editor__window" htmlFor={windowId}>
          <span>Within (days)</span>
          <input id={windowId} data-testid="funnel-window" type="number" inputMode="numeric" min={1} max={MAX_CONVERSION_WINDOW_DAYS} step={1} value={windowText} onChange={(e) => setWindowText(e.target.value)} />
        </label>
      </div>
      {problem !== null && (tried || steps.length < MIN_FUNNEL_STEPS) && (
        <p className="form-error" role="alert" data-testid="funnel-invalid">
          {problem}
        </p>
      )}
      {props.error !== null && <ErrorNotice error={props.error} />}
      <div className="actions">
        <button type="submit" className="button" data-testid="funnel-save" disabled={props.busy}>
          {props.busy ? 'Saving…' : funnel === null ? 'Add funnel' : 'Save changes'}
        </button>
        {props.onCancel !== undefined && (
          <button type="button" className="button button--secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p className="muted small">A person enters at each first step and converts by doing the next steps in order within the window. Changing the steps or the window starts the funnel’s history anew.</p>
    </form>
  );
}
