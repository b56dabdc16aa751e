/**
 * The browser host: the same main-process services, reached over loopback HTTP instead of Electron
 * IPC, so the renderer also runs in a plain browser (e2e tests here, and `npm start` without the
 * Electron binary).
 *
 *   GET  /…                 the built renderer (index.html for client routes), with the CSP
 *   POST /api/<channel>     a contract request → the Result envelope
 *   GET  /api/events        server-sent events (main → renderer)
 *
 * Bound to 127.0.0.1 only. Every request must carry the exact Host; an Origin, when sent, must be
 * ours (and POST must send one); every /api request needs the per-run token in `X-Sightline-Token`.
 * No CORS headers are ever sent, so no other origin can read an answer.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail, isChannel, type ErrorCode, type Result } from '../../shared/contract';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER } from '../../shared/host-protocol';
import type { App } from '../app';
import { RENDERER_SECURITY_HEADERS } from '../security/csp';
import { resolveRendererFile } from '../security/renderer-files';
import { openEventStream } from './event-stream';
import { BodyTooLarge, readBody } from './read-body';
import { hostAllowed, isJsonContentType, originAllowed, statusForError, tokenMatches } from './request-guards';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const MAX_EVENT_STREAMS = 16;

export interface BrowserHostOptions {
  app: App;
  /** The folder holding the built renderer (`index.html`, `assets/`). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  maxBodyBytes?: number;
}

export interface BrowserHost {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The page to open: the origin with the token in the fragment (never sent to the server or logged). */
  readonly pageUrl: string;
  readonly token: string;
  close(): Promise<void>;
}

const API_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(32).toString('base64url');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const streams = new Set<() => void>();
  let expectedHost = '';
  let expectedOrigin = '';

  const sendResult = (res: ServerResponse, status: number, result: Result<unknown>, extra: Record<string, string> = {}): void => {
    const body = JSON.stringify(result);
    res.writeHead(status, { ...API_HEADERS, ...extra, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(body);
  };
  const sendError = (res: ServerResponse, code: ErrorCode, message: string, hint?: string, extra?: Record<string, string>): void =>
    sendResult(res, statusForError(code), fail(code, message, hint), extra);

  const handleApi = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (!tokenMatches(req.headers[TOKEN_HEADER], token)) {
      sendError(res, 'unauthorized', 'Missing or wrong access token.', 'Open Sightline from the link that npm start printed; it carries this run’s token, and links from earlier runs stop working.');
      return;
    }
    if (path === EVENTS_PATH) {
      if (req.method !== 'GET') {
        sendResult(res, 405, fail('bad_request', 'The event stream is read with GET.'), { Allow: 'GET' });
        return;
      }
      if (streams.size >= MAX_EVENT_STREAMS) {
        sendResult(res, 429, fail('unavailable', 'Too many open Sightline tabs.', 'Close some tabs and reload.'));
        return;
      }
      const close = openEventStream(res, options.app.events, API_HEADERS);
      streams.add(close);
      res.on('close', () => streams.delete(close));
      return;
    }
    const channel = path.slice(API_PREFIX.length);
    if (!isChannel(channel)) {
      sendError(res, 'unknown_channel', `There is no channel named "${channel.slice(0, 64)}".`);
      return;
    }
    if (req.method !== 'POST') {
      sendResult(res, 405, fail('bad_request', `${channel} is called with POST.`), { Allow: 'POST' });
      return;
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      sendResult(res, 415, fail('bad_request', 'Requests must be sent as application/json.'));
      return;
    }
    let payload: unknown;
    try {
      const text = await readBody(req, maxBodyBytes);
      payload = JSON.parse(text);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendResult(res, 413, fail('bad_request', `The request is larger than ${maxBodyBytes} bytes.`), { Connection: 'close' });
      } else {
        sendError(res, 'bad_request', 'The request body is not valid JSON.');
      }
      return;
    }
    const result = await options.app.dispatch(channel, payload);
    sendResult(res, result.ok ? 200 : statusForError(result.error.code), result);
  };

  const handleStatic = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...API_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await resolveRendererFile(options.rendererDir, path);
    if (file === null) {
      res.writeHead(404, { ...RENDERER_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      ...RENDERER_SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file.filePath).on('error', () => res.destroy()).pipe(res);
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const isApi = path.startsWith(API_PREFIX);
    if (!hostAllowed(req.headers.host, expectedHost)) {
      sendError(res, 'forbidden', 'Unexpected Host header.', `Open ${expectedOrigin}/ exactly as printed.`);
      return;
    }
    const origin = req.headers.origin;
    if (!originAllowed(origin, expectedOrigin, req.method === 'POST')) {
      sendError(res, 'forbidden', 'Requests from other sites are refused.');
      return;
    }
    const work = isApi ? handleApi(req, res, path) : handleStatic(req, res, path);
    work.catch(() => {
      if (!res.headersSent) sendError(res, 'internal', 'The browser host failed to answer.');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  expectedHost = `127.0.0.1:${port}`;
  expectedOrigin = `http://${expectedHost}`;

  return {
    origin: expectedOrigin,
    pageUrl: `${expectedOrigin}/#token=${token}`,
    token,
    close: async () => {
      for (const close of streams) close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
