import type { PlanStatus } from '../../../shared/contract';
import { autoSyncOf } from '../../../shared/tiers';

/** Whether the plan has an auto-sync to pause. */
export function planHasAutoSync(plan: PlanStatus | null): boolean {
  return plan !== null && autoSyncOf(plan.tier) !== null;
}

/** What "Pause auto-sync" does, given the plan and whether it is paused now. */
export function pauseExplanation(plan: PlanStatus | null, paused: boolean): string {
  if (plan === null) return 'Asking Sightline’s main process about the plan…';
  const spec = autoSyncOf(plan.tier);
  if (spec === null) return `${plan.autoSync} Refresh works on every plan.`;
  const every = spec.everyMinutes < 60 ? `${spec.everyMinutes} minutes` : `${spec.everyMinutes / 60} hours`;
  return paused
    ? `Nothing syncs on its own until you resume (the plan syncs every ${every}); Refresh still works. Resuming catches up at once if the data is older than that.`
    : `Syncs every ${every} on its own. Pausing stops that until you resume; Refresh still works.`;
}
