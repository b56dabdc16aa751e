import { useId, useState } from 'react';
import type { EventDefinitionInfo } from '../../../shared/contract';
import { MAX_CUSTOM_EVENTS } from '../../../shared/metrics';
import type { ApiClient } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatAgo, formatCount } from '../../format/format';
import { useEventDefinitions } from './useEventDefinitions';

function volumeText(definition: EventDefinitionInfo, locale: string): string {
  if (definition.volume30Day === null) return '30-day volume unknown';
  return `${formatCount(definition.volume30Day, locale)} in 30 days`;
}

function lastSeenText(definition: EventDefinitionInfo, nowMs: number, locale: string): string {
  if (definition.lastSeenAt === null) return 'last seen: unknown';
  return `last seen ${formatAgo(Math.max(0, nowMs - Date.parse(definition.lastSeenAt)), locale)}`;
}

function LimitNote(props: { tracked: number; selected: number }) {
  const room = MAX_CUSTOM_EVENTS - props.tracked;
  if (room <= 0) {
    return (
      <p className="notice small" data-testid="event-limit" role="status">
        You track {MAX_CUSTOM_EVENTS} custom events, the most Sightline syncs. Remove one to track another.
      </p>
    );
  }
  if (props.selected < room) return null;
  return (
    <p className="notice small" data-testid="event-limit" role="status">
      Sightline syncs at most {MAX_CUSTOM_EVENTS} custom events. You track {props.tracked}, so only {room} more can be added.
    </p>
  );
}

export interface EventPickerProps {
  client: ApiClient;
  tracked: readonly string[];
  busy: boolean;
  onTrack: (names: readonly string[]) => Promise<boolean>;
  nowMs: number;
  locale: string;
}

/**
 * Search the project's events (PostHog's event definitions, busiest first), tick several, track them
 * at once. Events already tracked show ticked and disabled; the limit of custom events is enforced.
 */
export function EventPicker(props: EventPickerProps) {
  const { locale, tracked } = props;
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<readonly string[]>([]);
  const found = useEventDefinitions(props.client, search);
  const searchId = useId();
  const room = MAX_CUSTOM_EVENTS - tracked.length;
  const full = selected.length >= room;

  const toggle = (name: string, on: boolean): void => setSelected((s) => (on ? (s.includes(name) ? s : [...s, name]) : s.filter((n) => n !== name)));
  const trackSelected = async (): Promise<void> => {
    if (await props.onTrack(selected)) setSelected([]);
  };

  return (
    <div className="event-picker" data-testid="event-picker">
      <label className="field" htmlFor={searchId}>
        <span>Find events in PostHog</span>
        <input
          id={searchId}
          type="search"
          data-testid="event-search"
          value={search}
          maxLength={200}
          placeholder="Search by name, e.g. signup"
          autoComplete="off"
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      <p className="muted small" aria-live="polite" data-testid="event-search-status">
        {found.status === 'searching' ? 'Searching…' : found.status === 'ready' && found.results.length === 0 ? (found.search === '' ? 'PostHog lists no events for this project yet.' : `No event matches “${found.search}”.`) : ''}
      </p>
      {found.error !== null && <ErrorNotice error={found.error} onRetry={found.retry} />}
      {found.results.length > 0 && (
        <fieldset className="event-options">
          <legend className="visually-hidden">Events to track</legend>
          <ul>
            {found.results.map((definition) => {
              const isTracked = tracked.includes(definition.name);
              const isSelected = selected.includes(definition.name);
              return (
                <li key={definition.name} data-testid="event-option" data-name={definition.name} data-tracked={isTracked ? 'true' : undefined}>
                  <label className="event-option">
                    <input
                      type="checkbox"
                      checked={isTracked || isSelected}
                      disabled={isTracked || props.busy || (!isSelected && full)}
                      onChange={(e) => toggle(definition.name, e.target.checked)}
                    />
                    <span className="event-option__name">{definition.name}</span>
                    {isTracked && <span className="chip">tracked</span>}
                    <span className="event-option__facts muted small">
                      {volumeText(definition, locale)} · {lastSeenText(definition, props.nowMs, locale)}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      <LimitNote tracked={tracked.length} selected={selected.length} />
      <div className="actions">
        <button type="button" className="button" data-testid="track-selected" disabled={selected.length === 0 || props.busy} onClick={() => void trackSelected()}>
          {props.busy ? 'Saving…' : selected.length === 0 ? 'Track selected' : `Track selected (${selected.length})`}
        </button>
        {selected.length > 0 && (
          <span className="muted small" data-testid="event-selection">
            Selected: {selected.join(', ')}
          </span>
        )}
      </div>
    </div>
  );
}
