import { z } from 'zod';
import { describeIssues } from '../../shared/contract';
import type { ErrorLog } from '../contract/dispatch';

/**
 * `npm run demo` hands the PostHog emulator's project (and its made-up demo key) from the launcher
 * to an Electron main process through this variable. Only the demo sets it; a real key never goes here.
 */
export const PRECONNECT_ENV = 'SIGHTLINE_DEMO_PRECONNECT';

const PreconnectSchema = z
  .object({
    host: z.string().url(),
    apiKey: z.string().regex(/^phx_[A-Za-z0-9_-]{10,}$/),
    projectId: z.number().int().positive(),
  })
  .strict();
export type Preconnect = z.infer<typeof PreconnectSchema>;

export function preconnectToEnv(preconnect: Preconnect): Record<string, string> {
  return { [PRECONNECT_ENV]: JSON.stringify(preconnect) };
}

/** The demo connection handed over, if any; a malformed one is logged (without its content) and ignored. */
export function preconnectFromEnv(env: NodeJS.ProcessEnv, log: ErrorLog): Preconnect | undefined {
  const raw = env[PRECONNECT_ENV];
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    log(`${PRECONNECT_ENV} is not JSON; starting without the demo connection`, undefined);
    return undefined;
  }
  const result = PreconnectSchema.safeParse(parsed);
  if (!result.success) {
    log(`${PRECONNECT_ENV} is invalid (${describeIssues(result.error)}); starting without the demo connection`, undefined);
    return undefined;
  }
  return result.data;
}
