import { useStore } from 'zustand';
import { autoSyncOf } from '../../../shared/tiers';
import type { NetworkStore } from '../../state/network-store';
import type { PlanStore } from '../../state/plan-store';
import { formatUpcoming } from './time';

/** The tier, as a badge (nothing until main has said). */
export function TierBadge(props: { plan: PlanStore }) {
  const plan = useStore(props.plan, (s) => s.plan);
  if (plan === null) return null;
  const licensee = plan.license.state === 'licensed' ? `Licensed to ${plan.license.licensee}` : undefined;
  return (
    <span className="header__tier" data-testid="header-tier" title={licensee}>
      {plan.tierLabel}
    </span>
  );
}

/** `Next auto-sync 14:30`, or why there is none (`Auto-sync needs Pro …`, paused while offline). */
export function NextAutoSync(props: { plan: PlanStore; network: NetworkStore; now: () => number; locale: string }) {
  const plan = useStore(props.plan, (s) => s.plan);
  const online = useStore(props.network, (s) => s.online);
  if (plan === null) return null;
  // Offline first: main pauses auto-sync as soon as it hears of it, whatever time it said before.
  let text = plan.autoSync;
  if (!online && autoSyncOf(plan.tier) !== null) text = 'Auto-sync paused while offline';
  else if (plan.nextAutoSyncAt !== null) text = `Next auto-sync ${formatUpcoming(plan.nextAutoSyncAt, props.now(), props.locale)}`;
  return (
    <span className="header__auto-sync" data-testid="next-auto-sync" title={plan.autoSync}>
      {text}
    </span>
  );
}
