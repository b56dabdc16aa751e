import { createStore } from 'zustand/vanilla';
import type { AppError, PlanStatus } from '../../shared/contract';
import type { ApiClient } from '../api/client';

export interface PlanState {
  /** Null until main has answered (or if it could not). */
  plan: PlanStatus | null;
  error: AppError | null;
  load(): Promise<void>;
  /** The `plan.changed` event: tier, license or next auto-sync moved. */
  onChanged(plan: PlanStatus): void;
}

/** The plan as main reports it: the tier, what it allows, and when auto-sync runs next. */
export function createPlanStore(client: ApiClient) {
  /** Bumped by every event, so an answer to an older `plan.status` call cannot overwrite a newer event. */
  let version = 0;
  return createStore<PlanState>()((set) => ({
    plan: null,
    error: null,
    load: async () => {
      const asked = version;
      const result = await client.call('plan.status', {});
      if (asked !== version) return;
      set(result.ok ? { plan: result.data, error: null } : { error: result.error });
    },
    onChanged: (plan) => {
      version += 1;
      set({ plan, error: null });
    },
  }));
}

export type PlanStore = ReturnType<typeof createPlanStore>;
