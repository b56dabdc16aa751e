import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src-main/contract/failure';
import { DEFAULT_RETRY_POLICY, RetriedFailure, withRetry } from '../../../src-main/sync/retry';

function ports() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms), random: () => 0.5 };
}

/** A request that fails with the given failures, in order, then succeeds. */
function flaky(failures: AppFailure[]) {
  let calls = 0;
  const request = async (): Promise<string> => {
    const failure = failures[calls];
    calls += 1;
    if (failure !== undefined) throw failure;
    return 'ok';
  };
  return { request, calls: () => calls };
}

const serverError = () => new AppFailure('posthog_unavailable', 'PostHog answered 503.');
const rateLimited = (seconds?: number) => new AppFailure('rate_limited', 'Rate limited.', undefined, seconds === undefined ? undefined : { retryAfterSeconds: seconds });

describe('sync retry policy', () => {
  it('retries transient failures with growing, jittered delays, then succeeds', async () => {
    const p = ports();
    const { request } = flaky([serverError(), serverError()]);
    const result = await withRetry(request, DEFAULT_RETRY_POLICY, p);
    expect(result).toEqual({ value: 'ok', attempts: 3, waitedMs: 3000 });
    expect(p.waits).toEqual([1000, 2000]);
  });

  it('gives up after the allowed attempts, saying how many requests it spent', async () => {
    const p = ports();
    const { request, calls } = flaky([serverError(), serverError(), serverError(), serverError()]);
    const error = await withRetry(request, DEFAULT_RETRY_POLICY, p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriedFailure);
    expect(error).toMatchObject({ code: 'posthog_unavailable', attempts: 3 });
    expect(calls()).toBe(3);
  });

  it('waits out a rate limit exactly as PostHog asks', async () => {
    const p = ports();
    const { request } = flaky([rateLimited(7), rateLimited()]);
    const result = await withRetry(request, DEFAULT_RETRY_POLICY, p);
    expect(result.attempts).toBe(3);
    expect(p.waits).toEqual([7000, 30000]);
  });

  it('stops waiting when the total rate-limit wait would pass its bound', async () => {
    const p = ports();
    const { request, calls } = flaky([rateLimited(100), rateLimited(100)]);
    await expect(withRetry(request, DEFAULT_RETRY_POLICY, p)).rejects.toMatchObject({ code: 'rate_limited', attempts: 2 });
    expect(p.waits).toEqual([100_000]);
    expect(calls()).toBe(2);
  });

  it('does not retry what retrying cannot fix', async () => {
    for (const code of ['invalid_key', 'missing_scopes', 'query_rejected', 'not_posthog'] as const) {
      const p = ports();
      const { request, calls } = flaky([new AppFailure(code, 'no')]);
      await expect(withRetry(request, DEFAULT_RETRY_POLICY, p)).rejects.toMatchObject({ code, attempts: 1 });
      expect(calls()).toBe(1);
      expect(p.waits).toEqual([]);
    }
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const p = { ...ports(), signal: controller.signal };
    const { request } = flaky([serverError()]);
    controller.abort(new Error('cancelled by the user'));
    await expect(withRetry(request, DEFAULT_RETRY_POLICY, p)).rejects.toThrow('cancelled by the user');
  });
});
