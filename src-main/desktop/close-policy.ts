/**
 * What closing the main window does. Pure, per platform:
 *   - while the app is quitting (Quit in the tray or menu, ⌘Q, the OS logging out): the window closes;
 *   - "keep running in the background" on and a tray (menu bar) icon to come back from: the window is
 *     hidden and the app keeps syncing and alerting — macOS, Windows, and Linux desktops with a tray;
 *   - otherwise the app quits. On Linux without a tray, with the setting on, the founder is told why
 *     once (`notice`), since they asked for the opposite.
 */
import { runsInBackground, type TrayPresence } from './host-behaviour';

export type CloseDecision = { readonly action: 'close' } | { readonly action: 'hide' } | { readonly action: 'quit'; readonly notice: string | null };

export interface CloseContext {
  readonly quitting: boolean;
  readonly keepRunningInBackground: boolean;
  readonly tray: TrayPresence;
  /** The "no tray, so closing quits" notice was already shown once. */
  readonly noTrayNoticeShown: boolean;
}

export function noTrayNotice(why: string): string {
  return `${why} Closing the window quits Sightline, so auto-sync and alerts stop until you open it again. (Said once; Settings explains it too.)`;
}

export function closeDecision(context: CloseContext): CloseDecision {
  if (context.quitting) return { action: 'close' };
  if (runsInBackground(context.keepRunningInBackground, context.tray)) return { action: 'hide' };
  // They asked to keep it running and this desktop cannot: say why, once.
  if (context.tray.kind === 'none' && context.keepRunningInBackground && !context.noTrayNoticeShown) {
    return { action: 'quit', notice: noTrayNotice(context.tray.why) };
  }
  return { action: 'quit', notice: null };
}
