import { useEffect, useState } from 'react';

/**
 * The current time from `now`, again every `everyMs`: relative times ("3 min ago") stay true and the
 * project's "today" turns over at midnight without anything else happening.
 */
export function useNow(now: () => number, everyMs = 60_000): number {
  const [ms, setMs] = useState(now);
  useEffect(() => {
    setMs(now());
    const timer = setInterval(() => setMs(now()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return ms;
}
