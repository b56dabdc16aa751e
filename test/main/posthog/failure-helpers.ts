import { expect } from 'vitest';
import { AppErrorSchema } from '../../../shared/contract';
import { AppFailure } from '../../../src-main/contract/failure';

/** The AppFailure a promise rejects with (anything else fails the test). */
export async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (error instanceof AppFailure) {
      // What crosses to the renderer must satisfy the contract.
      expect(AppErrorSchema.safeParse(error.toAppError()).success).toBe(true);
      return error;
    }
    throw error;
  }
  throw new Error(`expected an AppFailure, got ${JSON.stringify(outcome)?.slice(0, 200)}`);
}

/** The pieces of a key that must never show: the whole key, its middle 8 characters, the 8 after its prefix. */
export function keyPieces(key: string): string[] {
  const mid = Math.floor(key.length / 2);
  return [key, key.slice(mid - 4, mid + 4), key.slice(4, 12)];
}

/** Everything of a failure that could be shown, logged or sent: message, hint, details, stack, its own fields. */
export function visibleText(failure: AppFailure): string {
  return [JSON.stringify(failure.toAppError()), String(failure), failure.stack ?? '', JSON.stringify({ ...failure })].join('\n');
}

/** Asserts that no piece of `key` appears anywhere visible in `failure`. */
export function expectNoKey(failure: AppFailure, key: string): void {
  const text = visibleText(failure);
  for (const piece of keyPieces(key)) expect(text, `a failure ${failure.code} shows part of the key`).not.toContain(piece);
}
