import type { ServerResponse } from 'node:http';
import type { EventBus } from '../events/event-bus';

const HEARTBEAT_MS = 20_000;

/**
 * One server-sent-events stream per browser tab: every bus event is written as
 * `data: {"name":…,"payload":…}`. A comment line at start tells the client the stream is live, and a
 * heartbeat keeps idle connections from being dropped. Returns the function that ends the stream.
 */
export function openEventStream(res: ServerResponse, bus: EventBus, headers: Record<string, string>): () => void {
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = bus.subscribe((event) => {
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  };
  res.on('close', close);
  return close;
}
