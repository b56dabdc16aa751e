import type { AlertEvent } from '../../../shared/alerts/status';
import type { NavigateFocus } from '../../../shared/contract';
import { formatDay, formatInstant } from '../../format/format';

/** Whether a history entry went out as a notification, and if not, why. */
export function notifiedText(event: AlertEvent): string {
  if (event.notified) return 'Notified';
  if (event.suppressed === 'snoozed') return 'Not notified: snoozed';
  if (event.suppressed === 'cooldown') return 'Not notified: within the cool-down';
  return 'Not notified';
}

/** Entries shown before "Show more". */
const PAGE = 50;

export interface AlertHistoryProps {
  history: readonly AlertEvent[];
  locale: string;
  shown: number;
  onShowMore: () => void;
  onOpen: (focus: NavigateFocus) => void;
}

/** Every firing and resolution, newest first; each opens its metric at its day. */
export function AlertHistory(props: AlertHistoryProps) {
  const { history, locale } = props;
  const visible = history.slice(0, props.shown);
  return (
    <>
      <ol className="alert-history" data-testid="alert-history">
        {visible.map((e) => (
          <li key={e.id} className={`alert-event alert-event--${e.kind}`} data-testid="alert-event" data-kind={e.kind} data-day={e.day}>
            <button
              type="button"
              className="alert-event__open"
              aria-label={`${e.kind === 'fired' ? 'Fired' : 'Resolved'}: ${e.text}. Open the chart at ${formatDay(e.day, locale, 'long')}`}
              onClick={() => props.onOpen({ metric: e.metric, key: e.key, day: e.day })}
            >
              <span className="alert-event__head">
                <span className={`status-badge status-badge--${e.kind === 'fired' ? 'bad' : 'good'}`}>{e.kind === 'fired' ? 'Fired' : 'Resolved'}</span>
                <span className={`severity severity--${e.severity}`}>{e.severity}</span>
                <strong>{formatDay(e.day, locale)}</strong>
                <span className="muted">{e.ruleName}</span>
              </span>
              <span className="alert-event__text">{e.text}</span>
              <span className="alert-event__meta muted small">
                <span data-testid="alert-event-notified">{notifiedText(e)}</span> · recorded {formatInstant(e.recordedAt, locale)} · <span className="alert-event__link">View on the chart →</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
      {history.length > visible.length && (
        <button type="button" className="link-button" onClick={props.onShowMore}>
          Show {Math.min(PAGE, history.length - visible.length)} more
        </button>
      )}
    </>
  );
}

export const HISTORY_PAGE = PAGE;
