import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { SyncStore } from '../../state/sync-store';
import { describeOutcome } from './sync-summary';

/** How long an outcome stays: good news briefly, a problem (with its hint) long enough to read and act on. */
export interface OutcomeTimeouts {
  okMs: number;
  problemMs: number;
}
export const OUTCOME_TIMEOUTS: OutcomeTimeouts = { okMs: 10_000, problemMs: 60_000 };

/** What the last sync came to; it clears after a while, on the next sync, or when dismissed. */
export function SyncOutcomeLine(props: { sync: SyncStore; locale: string; timeouts: OutcomeTimeouts }) {
  const { sync, timeouts } = props;
  const outcome = useStore(sync, (s) => s.outcome);
  const view = outcome === null ? null : describeOutcome(outcome, props.locale);
  const lingerMs = view === null ? 0 : view.tone === 'ok' || view.tone === 'neutral' ? timeouts.okMs : timeouts.problemMs;

  useEffect(() => {
    if (outcome === null) return;
    const timer = setTimeout(() => sync.getState().dismissOutcome(outcome.id), lingerMs);
    return () => clearTimeout(timer);
  }, [sync, outcome, lingerMs]);

  if (outcome === null || view === null) return null;
  return (
    <div className={`header__outcome header__outcome--${view.tone}`} role="status" data-testid="sync-outcome" data-tone={view.tone}>
      <span className="header__outcome-text">{view.text}</span>
      {view.hint !== null && <span className="header__outcome-hint">{view.hint}</span>}
      <button type="button" className="header__dismiss" aria-label="Dismiss" onClick={() => sync.getState().dismissOutcome(outcome.id)}>
        ×
      </button>
    </div>
  );
}
