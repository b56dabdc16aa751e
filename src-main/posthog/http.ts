/**
 * The one door to a PostHog host: Bearer auth, JSON both ways, a timeout, zod on every answer, and
 * every failure turned into an AppFailure with a founder-facing message (errors.ts, network-errors.ts).
 * No retries here — the sync engine owns that policy. No redirects are followed: the key goes to the
 * address the user chose and nowhere else.
 *
 * A custom CA certificate (self-hosted PostHog behind a private CA) is trusted for this client only,
 * through its own undici Agent, on top of the usual public roots; the rest of the app is unaffected.
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { AppFailure } from '../contract/failure';
import { failureForStatus, unexpectedBodyFailure, type RequestContext } from './errors';
import { failureForNetworkError, timeoutFailure } from './network-errors';

export interface FetchInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect: 'manual';
  dispatcher?: Dispatcher;
}

/** The part of a fetch Response this client reads. */
export interface FetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** undici's fetch by default; tests pass a spy or a fake. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface PostHogHttpOptions {
  /** Normalised PostHog base URL (shared/posthog-hosts.ts), without a trailing slash. */
  baseUrl: string;
  /** A personal API key. Sent only as the Authorization header to `baseUrl`. */
  apiKey: string;
  /** PEM of a CA to trust for this host, in addition to the public roots. */
  caPem?: string | null;
  timeoutMs?: number;
  fetch?: FetchLike;
}

export interface RequestOptions {
  /** Cancels the request; the abort reason is rethrown as is (cancelling is not a failure). */
  signal?: AbortSignal;
}

export interface PostHogHttp {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  getJson<S extends z.ZodType>(path: string, schema: S, options?: RequestOptions): Promise<z.output<S>>;
  postJson<S extends z.ZodType>(path: string, body: unknown, schema: S, options?: RequestOptions): Promise<z.output<S>>;
  /** Releases the connections of a custom-CA client. */
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Checks a user-chosen CA file before it is used (a clear failure rather than a TLS error later). */
export function checkCaPem(caPem: string): string {
  const pem = caPem.trim();
  let valid = /-----BEGIN CERTIFICATE-----/.test(pem);
  if (valid) {
    try {
      new X509Certificate(pem);
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    throw new AppFailure(
      'tls_error',
      'The custom CA certificate is not a readable PEM certificate.',
      'Choose the CA certificate file of your PostHog (a .pem or .crt file whose text starts with -----BEGIN CERTIFICATE-----).',
    );
  }
  return pem;
}

export function createPostHogHttp(options: PostHogHttpOptions): PostHogHttp {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const apiKey = options.apiKey.trim();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch: FetchLike = options.fetch ?? undiciFetch;
  const caPem = options.caPem === undefined || options.caPem === null || options.caPem.trim() === '' ? null : checkCaPem(options.caPem);
  const agent = caPem !== null && baseUrl.startsWith('https:') ? new Agent({ connect: { ca: [...rootCertificates, caPem] } }) : null;

  const request = async <S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: S, requestOptions: RequestOptions = {}): Promise<z.output<S>> => {
    if (!path.startsWith('/api/') || path.includes('//')) throw new Error(`not a PostHog API path: ${path.slice(0, 100)}`);
    const ctx: RequestContext = { baseUrl, path, timeoutMs, apiKey };
    const external = requestOptions.signal;
    external?.throwIfAborted();

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onExternalAbort = (): void => controller.abort();
    external?.addEventListener('abort', onExternalAbort, { once: true });

    const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' };
    const init: FetchInit = { method, headers, signal: controller.signal, redirect: 'manual' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (agent !== null) init.dispatcher = agent;

    let status: number;
    let responseHeaders: FetchResponse['headers'];
    let text: string;
    try {
      const response = await doFetch(`${baseUrl}${path}`, init);
      status = response.status;
      responseHeaders = response.headers;
      text = await response.text();
    } catch (error) {
      if (external?.aborted === true) throw external.reason;
      if (timedOut) throw timeoutFailure(ctx);
      throw failureForNetworkError(ctx, error);
    } finally {
      clearTimeout(timer);
      external?.removeEventListener('abort', onExternalAbort);
    }

    if (status < 200 || status > 299) throw failureForStatus(ctx, status, responseHeaders, text);
    if (/text\/html/i.test(responseHeaders.get('content-type') ?? '')) throw unexpectedBodyFailure(ctx, 'not-json');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw unexpectedBodyFailure(ctx, 'not-json');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw unexpectedBodyFailure(ctx, 'wrong-shape');
    return parsed.data;
  };

  return {
    baseUrl,
    timeoutMs,
    getJson: (path, schema, requestOptions) => request('GET', path, undefined, schema, requestOptions),
    postJson: (path, body, schema, requestOptions) => request('POST', path, body, schema, requestOptions),
    close: async () => {
      if (agent !== null) await agent.close();
    },
  };
}
