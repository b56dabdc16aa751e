import { fail } from '../../shared/contract';
import type { SightlineBridge } from '../../shared/bridge';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER } from '../../shared/host-protocol';
import { SseParser } from './sse-parser';

export interface BrowserBridgeOptions {
  /** The host's origin, normally `location.origin`. */
  origin: string;
  token: string;
  fetch: typeof fetch;
  /** Delay before reconnecting the event stream, by attempt number (0-based). */
  retryDelayMs?: (attempt: number) => number;
}

const UNREACHABLE_HINT = 'Is npm start still running in your terminal? Start it again and open the new link it prints.';

/**
 * The bridge over the browser host: contract requests as `POST /api/<channel>`, events as a
 * server-sent-events stream read with fetch (EventSource cannot send the token header, and a token
 * in the URL would end up in logs). The stream reconnects with backoff while anyone listens.
 */
export function createBrowserBridge(options: BrowserBridgeOptions): SightlineBridge {
  const listeners = new Set<(event: unknown) => void>();
  const retryDelay = options.retryDelayMs ?? ((attempt: number) => Math.min(30_000, 500 * 2 ** attempt));
  let abort: AbortController | null = null;

  const invoke = async (channel: string, payload: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await options.fetch(`${options.origin}${API_PREFIX}${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: options.token },
        body: JSON.stringify(payload ?? null),
        cache: 'no-store',
      });
    } catch {
      return fail('unavailable', 'Sightline’s main process is not answering.', UNREACHABLE_HINT);
    }
    try {
      return (await response.json()) as unknown;
    } catch {
      return fail('bad_response', `The browser host answered ${response.status} without a valid body.`, UNREACHABLE_HINT);
    }
  };

  const readStream = async (controller: AbortController): Promise<void> => {
    let attempt = 0;
    while (!controller.signal.aborted) {
      try {
        const response = await options.fetch(`${options.origin}${EVENTS_PATH}`, {
          headers: { [TOKEN_HEADER]: options.token, Accept: 'text/event-stream' },
          signal: controller.signal,
          cache: 'no-store',
        });
        if (!response.ok || response.body === null) throw new Error(`event stream answered ${response.status}`);
        attempt = 0;
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const data of parser.push(value)) {
            let event: unknown;
            try {
              event = JSON.parse(data);
            } catch {
              continue;
            }
            for (const listener of [...listeners]) listener(event);
          }
        }
      } catch {
        // Network drop, host restart or abort: fall through to the backoff below.
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
      attempt += 1;
    }
  };

  return Object.freeze({
    transport: 'browser' as const,
    invoke,
    subscribe(listener: (event: unknown) => void): () => void {
      listeners.add(listener);
      if (abort === null) {
        abort = new AbortController();
        void readStream(abort);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && abort !== null) {
          abort.abort();
          abort = null;
        }
      };
    },
  });
}
