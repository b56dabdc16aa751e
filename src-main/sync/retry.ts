/**
 * How a sync retries one PostHog request: transient failures (5xx, timeouts, dropped connections)
 * get a few attempts with jittered exponential backoff; a rate limit is waited out as PostHog says,
 * within a total bound; anything else (a wrong key, a missing scope, a rejected query) fails at once.
 */
import { AppFailure } from '../contract/failure';

export interface RetryPolicy {
  /** Attempts for transient failures, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The most a single request may spend waiting out rate limits. */
  maxRateLimitWaitMs: number;
  /** Used when a 429 does not say how long to wait. */
  defaultRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 15_000,
  maxRateLimitWaitMs: 120_000,
  defaultRateLimitWaitMs: 30_000,
};

const TRANSIENT = new Set(['posthog_unavailable', 'timeout', 'connection_refused', 'offline', 'unavailable']);

export interface RetryPorts {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** 0 ≤ x < 1; injected so tests are deterministic. */
  random(): number;
  signal?: AbortSignal;
}

export interface RetryResult<T> {
  value: T;
  /** Requests actually sent (retries included). */
  attempts: number;
  waitedMs: number;
}

/** Runs `request`, retrying per the policy; the last failure is rethrown with its attempt count added. */
export async function withRetry<T>(request: () => Promise<T>, policy: RetryPolicy, ports: RetryPorts): Promise<RetryResult<T>> {
  let attempts = 0;
  let transientFailures = 0;
  let rateLimitWaitMs = 0;
  let waitedMs = 0;
  for (;;) {
    ports.signal?.throwIfAborted();
    attempts += 1;
    try {
      return { value: await request(), attempts, waitedMs };
    } catch (error) {
      if (!(error instanceof AppFailure)) throw error;
      let delay: number;
      if (error.code === 'rate_limited') {
        delay = (error.details?.retryAfterSeconds ?? policy.defaultRateLimitWaitMs / 1000) * 1000;
        if (rateLimitWaitMs + delay > policy.maxRateLimitWaitMs) throw withAttempts(error, attempts);
        rateLimitWaitMs += delay;
      } else if (TRANSIENT.has(error.code)) {
        transientFailures += 1;
        if (transientFailures >= policy.maxAttempts) throw withAttempts(error, attempts);
        const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (transientFailures - 1));
        delay = Math.round(exponential * (0.5 + ports.random()));
      } else {
        throw withAttempts(error, attempts);
      }
      waitedMs += delay;
      await ports.sleep(delay, ports.signal);
    }
  }
}

/** Failures carry how many requests were spent on them, for the audit log. */
export class RetriedFailure extends AppFailure {
  constructor(
    failure: AppFailure,
    readonly attempts: number,
  ) {
    super(failure.code, failure.message, failure.hint, failure.details);
  }
}

function withAttempts(error: AppFailure, attempts: number): RetriedFailure {
  return new RetriedFailure(error, attempts);
}
