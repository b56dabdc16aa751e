/**
 * What the dashboard asks main besides the replica: the plan's tier (for retention) and the tracked
 * funnels' names (for their cards). Neither holds up painting: both start as "unknown" and fill in.
 */
import { useEffect, useState } from 'react';
import type { Tracking } from '../../../shared/contract';
import { conversionLagDays } from '../../../shared/funnels';
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

export interface FunnelFacts {
  /** Funnel id (the key of its conversion series) → its name. */
  names: ReadonlyMap<string, string>;
  /** Funnel id → days its per-day figures take to be final (its window and a day): recent entries still convert. */
  lags: ReadonlyMap<string, number>;
}

const NO_FUNNELS: FunnelFacts = { names: new Map(), lags: new Map() };

function funnelFacts(tracking: Tracking): FunnelFacts {
  if (tracking.funnels.length === 0) return NO_FUNNELS;
  return { names: new Map(tracking.funnels.map((f) => [f.id, f.name])), lags: new Map(tracking.funnels.map((f) => [f.id, conversionLagDays([f], 'posthog_conversion_rate', f.id) ?? 0])) };
}

/** The tracked funnels' names and lags, kept current. */
export function useFunnelFacts(client: ApiClient): FunnelFacts {
  const [names, setNames] = useState(NO_FUNNELS);
  useEffect(() => {
    let current = true;
    void client.call('tracking.get', {}).then((result) => {
      if (current && result.ok) setNames(funnelFacts(result.data));
    });
    const off = client.on('tracking.changed', (tracking) => setNames(funnelFacts(tracking)));
    return () => {
      current = false;
      off();
    };
  }, [client]);
  return names;
}
