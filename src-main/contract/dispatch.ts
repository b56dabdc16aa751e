import {
  channels,
  describeIssues,
  fail,
  isChannel,
  ok,
  type Channel,
  type RequestOf,
  type Result,
  type ResponseOf,
} from '../../shared/contract';
import { AppFailure } from './failure';

/** One handler per contract channel; each receives a request already validated by its schema. */
export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** Records what went wrong inside main without ever sending it to the renderer. */
export type ErrorLog = (message: string, error: unknown) => void;

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

/**
 * Turns the handlers into the single entry point both transports call. It validates the request,
 * runs the handler, validates the response and always resolves to a `Result` envelope: thrown errors
 * lose everything but their message across IPC, so they never cross the boundary as throws.
 */
export function createDispatcher(handlers: Handlers, log: ErrorLog): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      return fail('unknown_channel', `There is no channel named "${String(channel).slice(0, 64)}".`);
    }
    const spec = channels[channel];
    const request = spec.request.safeParse(payload);
    if (!request.success) {
      return fail('bad_request', `Invalid ${channel} request: ${describeIssues(request.error)}`);
    }
    let data: unknown;
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      data = await handler(request.data);
    } catch (error) {
      if (error instanceof AppFailure) return { ok: false, error: error.toAppError() };
      log(`handler for ${channel} failed`, error);
      return fail('internal', `Sightline could not complete ${channel}.`, 'This is a bug; the details are in the log.');
    }
    const response = spec.response.safeParse(data);
    if (!response.success) {
      log(`handler for ${channel} returned an invalid response: ${describeIssues(response.error)}`, undefined);
      return fail('internal', `Sightline produced an invalid ${channel} response.`, 'This is a bug; the details are in the log.');
    }
    return ok(response.data);
  };
}
