import { ConnectionStatusSchema, describeIssues, type ConnectionStatus } from '../../shared/contract';
import type { ErrorLog } from '../contract/dispatch';

/** Hands a start-up connection (the demo's emulator project) from the launcher to Electron's main process. */
export const CONNECTION_ENV = 'SIGHTLINE_DEMO_CONNECTION';

export function connectionToEnv(connection: ConnectionStatus): Record<string, string> {
  return { [CONNECTION_ENV]: JSON.stringify(connection) };
}

/** The connection the launcher handed over, if any; a malformed one is logged and ignored. */
export function connectionFromEnv(env: NodeJS.ProcessEnv, log: ErrorLog): ConnectionStatus | undefined {
  const raw = env[CONNECTION_ENV];
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    log(`${CONNECTION_ENV} is not JSON; starting without a connection`, undefined);
    return undefined;
  }
  const result = ConnectionStatusSchema.safeParse(parsed);
  if (!result.success) {
    log(`${CONNECTION_ENV} is invalid (${describeIssues(result.error)}); starting without a connection`, undefined);
    return undefined;
  }
  return result.data;
}
