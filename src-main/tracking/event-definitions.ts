/**
 * The event picker's source: the connected project's event definitions (PostHog's event_definitions
 * API, searched by name), as name, 30-day volume and last seen — busiest first. One page: a search
 * narrows it down; the picker never needs thousands of names at once.
 */
import type { EventDefinitionInfo } from '../../shared/contract';
import { createPostHogClient } from '../posthog/client';
import { createPostHogHttp } from '../posthog/http';
import type { EventDefinition } from '../posthog/schemas';
import type { SyncTarget } from '../sync/sync-service';

export const PICKER_PAGE_SIZE = 100;

export function toEventDefinitionInfo(definition: EventDefinition): EventDefinitionInfo {
  const volume = definition.volume_30_day;
  const seen = definition.last_seen_at;
  return {
    name: definition.name,
    volume30Day: typeof volume === 'number' && Number.isFinite(volume) && volume >= 0 ? Math.round(volume) : null,
    lastSeenAt: typeof seen === 'string' && !Number.isNaN(Date.parse(seen)) ? new Date(seen).toISOString() : null,
  };
}

/** Busiest first (unknown volume last), then by name. */
export function byVolume(a: EventDefinitionInfo, b: EventDefinitionInfo): number {
  return (b.volume30Day ?? -1) - (a.volume30Day ?? -1) || a.name.localeCompare(b.name);
}

export async function searchEventDefinitions(target: SyncTarget, search: string, timeoutMs: number): Promise<EventDefinitionInfo[]> {
  const http = createPostHogHttp({ baseUrl: target.host, apiKey: target.apiKey, caPem: target.caPem, timeoutMs });
  try {
    const definitions = await createPostHogClient(http).listEventDefinitions(target.projectId, search.trim(), { pageSize: PICKER_PAGE_SIZE, maxPages: 1 });
    return definitions.map(toEventDefinitionInfo).sort(byVolume);
  } finally {
    await http.close();
  }
}
