import { useMemo, useState, type ReactNode } from 'react';
import { RangeButtons } from '../../components/RangeButtons';
import { useStore } from 'zustand';
import type { ConnectionStatus } from '../../../shared/contract';
import { addDays, dayRange } from '../../../shared/time';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { readFlagList, readMetric } from '../../db/read';
import type { ReplicaDb } from '../../db/replica-db';
import { useLiveQuery } from '../../db/use-live-query';
import { formatAgo, formatDay, userLocale } from '../../format/format';
import type { SyncStore } from '../../state/sync-store';
import { ActiveFlagsSummary } from './ActiveFlagsSummary';
import { DEFAULT_FLAG_RANGE, FLAG_RANGES, flagRows, flagSpan, MAX_FLAG_RANGE_DAYS, TOTAL_KEY, type FlagRangeId, type FlagSpan } from './flag-rows';
import { FlagTable } from './FlagTable';
import { useProjectDays } from './useProjectDays';

export interface FlagsViewProps {
  connection: ConnectionStatus | null;
  db: ReplicaDb;
  sync: SyncStore;
  onConnect: () => void;
  /** The clock (tests pin it); the project's "today" follows from it. */
  now?: () => number;
}

/** The feature flags of the connected project: evaluations per flag, and the flags that stopped being evaluated. */
export function FlagsView(props: FlagsViewProps) {
  const { connection } = props;
  let body: ReactNode;
  if (connection === null) body = <p className="muted">Loading…</p>;
  else if (connection.state !== 'connected') {
    body = (
      <EmptyState title="Your feature flags will show here" testId="flags-not-connected">
        <p>Once a PostHog project is connected, Sightline lists its feature flags with how often each is evaluated, and points out the ones that stopped.</p>
        <button type="button" className="button" onClick={props.onConnect}>
          Connect PostHog
        </button>
      </EmptyState>
    );
  } else {
    body = <ConnectedFlags key={connection.projectId} db={props.db} sync={props.sync} projectId={connection.projectId} projectName={connection.projectName} timezone={connection.timezone} now={props.now ?? Date.now} />;
  }
  return (
    <section className="flags-view" data-testid="flags-view">
      <h2 className="view-title">Feature flags</h2>
      {body}
    </section>
  );
}

function rangeText(span: FlagSpan, locale: string): string {
  return `${formatDay(span.from, locale, 'short')} to today (so far)`;
}

function ConnectedFlags(props: { db: ReplicaDb; sync: SyncStore; projectId: number; projectName: string; timezone: string; now: () => number }) {
  const { db } = props;
  const locale = useMemo(userLocale, []);
  const { nowMs, today, incompleteFrom } = useProjectDays(props.sync, props.projectId, props.timezone, props.now);
  const running = useStore(props.sync, (s) => s.running);
  const [range, setRange] = useState<FlagRangeId>(DEFAULT_FLAG_RANGE);
  const days = FLAG_RANGES.find((r) => r.id === range)?.days ?? MAX_FLAG_RANGE_DAYS;

  // The widest range is read once; switching ranges slices it.
  const readFrom = addDays(today, -(MAX_FLAG_RANGE_DAYS - 1));
  const list = useLiveQuery(() => readFlagList(db), [db]);
  const points = useLiveQuery(() => readMetric(db, 'posthog_flag_evaluations', readFrom, today), [db, readFrom, today]);

  const computed = useMemo(() => {
    if (list.status !== 'ready' || points.status !== 'ready') return null;
    const span = flagSpan(days, today, incompleteFrom, points.value);
    const rangeDays = new Set(dayRange(span.from, span.to));
    const total = points.value.reduce((sum, p) => (p.key === TOTAL_KEY && rangeDays.has(p.day) ? sum + (p.value ?? 0) : sum), 0);
    return { span, rows: flagRows(list.value, points.value, span), total };
  }, [list, points, days, today, incompleteFrom]);

  const failed = list.status === 'error' ? list.error : points.status === 'error' ? points.error : null;
  if (failed !== null) {
    return <ErrorNotice error={{ code: 'internal', message: `Sightline could not read its local copy of your feature flags (${failed.message}).`, hint: 'Reload the window.' }} />;
  }
  if (computed === null || list.status !== 'ready' || points.status !== 'ready') return <p className="muted">Loading…</p>;

  const flagList = list.value;
  const listKnown = flagList !== null && flagList.fetchedAt !== null;
  if (!listKnown && points.value.length === 0) {
    return (
      <EmptyState title="No feature flags synced yet" testId="flags-not-synced">
        {running !== null ? (
          <p>Sightline is syncing {props.projectName}: its feature flags and their evaluations appear here as soon as the sync is done.</p>
        ) : (
          <p>Sightline fetches {props.projectName}’s feature flags and their daily evaluations with every sync. Start one with Refresh to see them here.</p>
        )}
      </EmptyState>
    );
  }

  const { span, rows, total } = computed;
  const text = rangeText(span, locale);
  return (
    <>
      <div className="detail-controls">
        <RangeButtons ranges={FLAG_RANGES} value={range} onChange={setRange} />
        <span className="muted small" data-testid="flags-range">
          Evaluations {text}
        </span>
      </div>
      {span.from > span.asked && (
        <p className="notice" data-testid="flags-range-bounded">
          The local copy of your metrics starts on {formatDay(span.from, locale, 'medium')}, so this range covers {dayRange(span.from, span.to).length} days.
        </p>
      )}
      {!listKnown && (
        <p className="notice" data-testid="flags-list-missing">
          PostHog’s flag list has not been fetched yet, so names and active states are missing. It comes with the next sync.
        </p>
      )}
      <ActiveFlagsSummary db={db} today={today} incompleteFrom={incompleteFrom} totalEvaluations={total} rangeText={text} locale={locale} />
      {rows.length === 0 ? (
        <EmptyState title="No feature flags" testId="flags-empty">
          <p>
            PostHog lists no feature flags for {props.projectName}
            {listKnown ? '' : ' (as far as Sightline knows)'}, and none was evaluated in this range. Flags you create in PostHog show here after the next sync.
          </p>
        </EmptyState>
      ) : (
        <FlagTable rows={rows} span={span} caption={`Feature flags by evaluations, ${text}`} locale={locale} />
      )}
      {listKnown && flagList.fetchedAt !== null && (
        <p className="muted small" data-testid="flags-list-fetched">
          Flag list fetched from PostHog {formatAgo(nowMs - Date.parse(flagList.fetchedAt), locale)}.
        </p>
      )}
    </>
  );
}
