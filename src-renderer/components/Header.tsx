import { useMemo } from 'react';
import type { ConnectionStatus } from '../../shared/contract';
import { userLocale } from '../format/format';
import type { NetworkStore } from '../state/network-store';
import type { PlanStore } from '../state/plan-store';
import type { SyncStore } from '../state/sync-store';
import { ConnectionLabel } from './header/ConnectionLabel';
import { LastSynced } from './header/LastSynced';
import { NetworkBanner } from './header/NetworkBanner';
import { NextAutoSync, TierBadge } from './header/PlanSummary';
import { RefreshControl } from './header/RefreshControl';
import { OUTCOME_TIMEOUTS, SyncOutcomeLine, type OutcomeTimeouts } from './header/SyncOutcomeLine';
import { useRefreshShortcut } from './header/use-refresh-shortcut';

export interface HeaderProps {
  connection: ConnectionStatus | null;
  sync: SyncStore;
  plan: PlanStore;
  network: NetworkStore;
  /** The clock (tests pin it). */
  now?: () => number;
  /** The locale for times and counts (default: the browser's). */
  locale?: string;
  outcomeTimeouts?: OutcomeTimeouts;
}

/**
 * The top of the window: the project and host, the tier, how fresh the data is, when auto-sync runs
 * next, Refresh with its progress and outcome, and a banner when PostHog is out of reach.
 * Each part subscribes to just what it shows, so a progress event repaints the progress bar only.
 */
export function Header(props: HeaderProps) {
  const { connection, sync, plan, network } = props;
  const now = props.now ?? Date.now;
  const defaultLocale = useMemo(userLocale, []);
  const locale = props.locale ?? defaultLocale;
  const projectId = connection?.state === 'connected' ? connection.projectId : null;

  useRefreshShortcut(() => {
    if (projectId !== null && sync.getState().running === null) void sync.getState().refresh();
  });

  return (
    <div className="header-area">
      <header className="header">
        <div className="header__brand">
          <span className="header__logo" aria-hidden="true" />
          <span className="header__name">Sightline</span>
        </div>
        <div className="header__status" data-testid="connection-status">
          <ConnectionLabel connection={connection} />
        </div>
        <div className="header__sync" data-testid="header-sync">
          <div className="header__facts">
            <span className="header__facts-line">
              <TierBadge plan={plan} />
              {projectId !== null && <LastSynced sync={sync} projectId={projectId} now={now} locale={locale} />}
            </span>
            {projectId !== null && <NextAutoSync plan={plan} network={network} now={now} locale={locale} />}
          </div>
          {projectId !== null && <RefreshControl sync={sync} />}
        </div>
      </header>
      <SyncOutcomeLine sync={sync} locale={locale} timeouts={props.outcomeTimeouts ?? OUTCOME_TIMEOUTS} />
      <NetworkBanner sync={sync} plan={plan} network={network} projectId={projectId} now={now} locale={locale} />
    </div>
  );
}
