/** The header's times: how long ago the data was synced, and when auto-sync runs next (user's own clock). */
import { formatAgo } from '../../format/format';

/** `just now`, `3 minutes ago`, `2 hours ago`, `yesterday`. */
export function formatSyncedAgo(ms: number, locale: string): string {
  return ms < 60_000 ? 'just now' : formatAgo(ms, locale);
}

const sameLocalDay = (a: Date, b: Date): boolean => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** A coming moment in the user's timezone: `14:30` today (`2:30 PM` in en-US), `Thu 02:30` on another day. */
export function formatUpcoming(iso: string, nowMs: number, locale: string): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
  return sameLocalDay(at, new Date(nowMs)) ? time : `${at.toLocaleDateString(locale, { weekday: 'short' })} ${time}`;
}

export { useNow as useClock } from '../use-now';
