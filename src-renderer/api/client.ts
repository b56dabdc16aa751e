import {
  channels,
  describeIssues,
  fail,
  parseEvent,
  resultSchema,
  type Channel,
  type EventName,
  type EventPayload,
  type RequestOf,
  type ResponseOf,
  type Result,
  type Transport,
} from '../../shared/contract';
import type { SightlineBridge } from '../../shared/bridge';

/**
 * The renderer's only way to talk to main. It hides which transport is underneath and validates
 * everything that comes back against the contract, so a view only ever sees well-typed data or a
 * typed error — never a throw.
 */
export interface ApiClient {
  readonly transport: Transport;
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createApiClient(bridge: SightlineBridge, warn: (message: string) => void = () => {}): ApiClient {
  return {
    transport: bridge.transport,
    async call(channel, request) {
      let raw: unknown;
      try {
        raw = await bridge.invoke(channel, request);
      } catch {
        return fail('unavailable', 'Sightline’s main process is not answering.', 'Restart Sightline.');
      }
      const parsed = resultSchema(channels[channel].response).safeParse(raw);
      if (!parsed.success) {
        return fail('bad_response', `Main sent an invalid ${channel} answer: ${describeIssues(parsed.error, 2)}`);
      }
      return parsed.data as Result<ResponseOf<typeof channel>>;
    },
    on(name, listener) {
      return bridge.subscribe((raw) => {
        const parsed = parseEvent(raw);
        if (!parsed.ok) {
          warn(`ignored an event from main: ${parsed.error}`);
          return;
        }
        if (parsed.event.name === name) listener(parsed.event.payload as EventPayload<typeof name>);
      });
    },
  };
}
