/**
 * Calls a contract channel through the dispatcher from inside main (the tray, the shell's actions),
 * the same way a window does: its answer is validated again by the channel's schema, so the caller
 * gets typed data or null (and the failure is logged), never an exception.
 */
import { channels, type Channel, type RequestOf, type ResponseOf } from '../../shared/contract';
import type { Dispatch, ErrorLog } from '../contract/dispatch';

export async function callChannel<C extends Channel>(dispatch: Dispatch, log: ErrorLog, channel: C, request: RequestOf<C>): Promise<ResponseOf<C> | null> {
  const result = await dispatch(channel, request);
  if (!result.ok) {
    log(`${channel} failed: ${result.error.code} ${result.error.message}`, undefined);
    return null;
  }
  const parsed = channels[channel].response.safeParse(result.data);
  if (!parsed.success) {
    log(`${channel} answered something the contract does not allow`, undefined);
    return null;
  }
  return parsed.data as ResponseOf<C>;
}
