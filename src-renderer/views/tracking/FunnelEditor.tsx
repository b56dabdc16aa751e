import { useId, useState, type FormEvent } from 'react';
import type { AppError, Tracking } from '../../../shared/contract';
import { MAX_CONVERSION_WINDOW_DAYS } from '../../../shared/metrics';
import type { ApiClient } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { FunnelRequest } from '../../state/tracking-store';
import { EventNameField } from './EventNameField';

export const DEFAULT_WINDOW_DAYS = 7;

/** The window as typed, or why it is not one. */
function parseWindow(text: string): { ok: true; days: number } | { ok: false; message: string } {
  const days = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(days) || days < 1 || days > MAX_CONVERSION_WINDOW_DAYS) {
    return { ok: false, message: `The window is a whole number of days, from 1 to ${MAX_CONVERSION_WINDOW_DAYS}.` };
  }
  return { ok: true, days };
}

export interface FunnelEditorProps {
  client: ApiClient;
  conversion: Tracking['conversion'];
  busy: boolean;
  /** Main's answer to the last funnel save (e.g. a bad_request saying which field is wrong). */
  error: AppError | null;
  onSave: (funnel: FunnelRequest) => Promise<boolean>;
  onRemove: () => Promise<boolean>;
  locale: string;
}

/**
 * The two-step funnel: persons doing "from", then "to" within the window. Saving keeps the tracked
 * events; a changed definition starts a new series (main gives it a new id).
 */
export function FunnelEditor(props: FunnelEditorProps) {
  const { conversion } = props;
  const [from, setFrom] = useState(conversion?.from ?? '');
  const [to, setTo] = useState(conversion?.to ?? '');
  const [windowText, setWindowText] = useState(String(conversion?.windowDays ?? DEFAULT_WINDOW_DAYS));
  const [invalid, setInvalid] = useState<string | null>(null);
  const windowId = useId();

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = parseWindow(windowText);
    if (!parsed.ok) {
      setInvalid(parsed.message);
      return;
    }
    setInvalid(null);
    void props.onSave({ from: from.trim(), to: to.trim(), windowDays: parsed.days });
  };

  return (
    <form className="form funnel-editor" data-testid="funnel-editor" onSubmit={submit} noValidate>
      {conversion !== null && (
        <p className="funnel-editor__current" data-testid="funnel-current">
          Tracking <strong>{conversion.from}</strong> → <strong>{conversion.to}</strong> within {conversion.windowDays} {conversion.windowDays === 1 ? 'day' : 'days'}.
        </p>
      )}
      <div className="funnel-editor__steps">
        <EventNameField client={props.client} label="From (first step)" value={from} onChange={setFrom} testId="funnel-from" locale={props.locale} />
        <span className="funnel-editor__arrow" aria-hidden="true">
          →
        </span>
        <EventNameField client={props.client} label="To (second step)" value={to} onChange={setTo} testId="funnel-to" locale={props.locale} />
        <label className="field funnel-editor__window" htmlFor={windowId}>
          <span>Within (days)</span>
          <input
            id={windowId}
            data-testid="funnel-window"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_CONVERSION_WINDOW_DAYS}
            step={1}
            value={windowText}
            aria-invalid={invalid !== null}
            onChange={(e) => setWindowText(e.target.value)}
          />
        </label>
      </div>
      {invalid !== null && (
        <p className="form-error" role="alert" data-testid="funnel-invalid">
          {invalid}
        </p>
      )}
      {props.error !== null && <ErrorNotice error={props.error} />}
      <div className="actions">
        <button type="submit" className="button" data-testid="funnel-save" disabled={props.busy}>
          {props.busy ? 'Saving…' : conversion === null ? 'Save funnel' : 'Save changes'}
        </button>
        {conversion !== null && (
          <button type="button" className="button button--secondary" data-testid="funnel-remove" disabled={props.busy} onClick={() => void props.onRemove()}>
            Remove funnel
          </button>
        )}
      </div>
      <p className="muted small">Changing the steps or the window starts the funnel’s history anew: its last 30 days are fetched again.</p>
    </form>
  );
}
