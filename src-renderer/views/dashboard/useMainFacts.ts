/**
 * What the dashboard asks main besides the replica: the plan's tier (for retention) and the tracked
 * funnels' names (for their cards). Neither holds up painting: both start as "unknown" and fill in.
 */
import { useEffect, useState } from 'react';
import type { Tracking } from '../../../shared/contract';
import type { Tier } from '../../../shared/tiers';
import type { ApiClient } from '../../api/client';

/** The plan's tier, asked once per dashboard (null until main answers, or if it cannot). */
export function usePlanTier(client: ApiClient): Tier | null {
  const [tier, setTier] = useState<Tier | null>(null);
  useEffect(() => {
    let current = true;
    void client.call('plan.status', {}).then((result) => {
      if (current && result.ok) setTier(result.data.tier);
    });
    return () => {
      current = false;
    };
  }, [client]);
  return tier;
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

function funnelNames(tracking: Tracking): ReadonlyMap<string, string> {
  return tracking.funnels.length === 0 ? NO_NAMES : new Map(tracking.funnels.map((f) => [f.id, f.name]));
}

/** Funnel ids (the keys of conversion series) with the funnel's name, kept current. */
export function useFunnelNames(client: ApiClient): ReadonlyMap<string, string> {
  const [names, setNames] = useState(NO_NAMES);
  useEffect(() => {
    let current = true;
    void client.call('tracking.get', {}).then((result) => {
      if (current && result.ok) setNames(funnelNames(result.data));
    });
    const off = client.on('tracking.changed', (tracking) => setNames(funnelNames(tracking)));
    return () => {
      current = false;
      off();
    };
  }, [client]);
  return names;
}
