/**
 * Request budgets like PostHog's API throttles (DRF's SimpleRateThrottle: a sliding window of request
 * times per key), plus the query endpoint's concurrency cap. The wait it reports is when the oldest
 * request in the full window leaves it — what "Expected available in N seconds" means.
 */
export type Clock = () => number;

interface Window {
  limit: number;
  spanMs: number;
}

export class SlidingWindowLimiter {
  private readonly history = new Map<string, number[]>();

  constructor(
    private readonly windows: Window[],
    private readonly now: Clock,
  ) {}

  /** Records the request and returns 0, or returns the whole seconds to wait (≥ 1) without recording. */
  take(key: string): number {
    const now = this.now();
    const longest = Math.max(...this.windows.map((w) => w.spanMs));
    const times = (this.history.get(key) ?? []).filter((t) => t > now - longest);
    let waitMs = 0;
    for (const window of this.windows) {
      const inWindow = times.filter((t) => t > now - window.spanMs);
      if (inWindow.length >= window.limit) {
        const oldest = inWindow[inWindow.length - window.limit] ?? now;
        waitMs = Math.max(waitMs, oldest + window.spanMs - now);
      }
    }
    if (waitMs > 0) {
      this.history.set(key, times);
      return Math.max(1, Math.ceil(waitMs / 1000));
    }
    times.push(now);
    this.history.set(key, times);
    return 0;
  }

  reset(): void {
    this.history.clear();
  }
}

export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Returns a release function, or null when the key already runs `limit` requests. */
  tryAcquire(key: string): (() => void) | null {
    const count = this.running.get(key) ?? 0;
    if (count >= this.limit) return null;
    this.running.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running.set(key, (this.running.get(key) ?? 1) - 1);
    };
  }

  get peak(): number {
    return Math.max(0, ...this.running.values());
  }
}
