/**
 * The tracking store as a project view uses it: created once per view, loaded and following
 * `tracking.changed` while mounted, with the state every view shows.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from '../../api/client';
import { createTrackingStore, type TrackingState, type TrackingStore } from '../../state/tracking-store';

export interface TrackingHandle extends Pick<TrackingState, 'tracking' | 'loadError' | 'pending' | 'error' | 'added'> {
  store: TrackingStore;
}

export function useTracking(client: ApiClient): TrackingHandle {
  const [store] = useState(() => createTrackingStore(client));
  useEffect(() => store.getState().follow(), [store]);
  return {
    store,
    tracking: useStore(store, (s) => s.tracking),
    loadError: useStore(store, (s) => s.loadError),
    pending: useStore(store, (s) => s.pending),
    error: useStore(store, (s) => s.error),
    added: useStore(store, (s) => s.added),
  };
}
