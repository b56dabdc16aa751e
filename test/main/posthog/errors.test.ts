/**
 * Every way a PostHog request can fail, mapped to its typed failure — driven through the HTTP layer
 * with a fake fetch that answers (or throws) exactly like undici does, including a hostile server that
 * echoes the key back everywhere it can: no failure may ever show it.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ErrorCode, ErrorDetails } from '../../../shared/contract';
import { retryAfterSeconds } from '../../../src-main/posthog/errors';
import { createPostHogHttp, type FetchInit, type FetchLike, type FetchResponse } from '../../../src-main/posthog/http';
import { expectNoKey, failureOf } from './failure-helpers';

const KEY = 'phx_unitTestKey9f8e7d6c5b4a3210ZYXWVUTSRQ';
const BASE = 'https://ph.example.com';

const reply = (status: number, body: string, headers: Record<string, string> = {}): FetchResponse => {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, headers: { get: (name) => lower.get(name.toLowerCase()) ?? null }, text: async () => body };
};
const posthogError = (type: string, code: string, detail: string): string => JSON.stringify({ type, code, detail, attr: null });
const answering = (response: FetchResponse): FetchLike => async () => response;
const throwing = (error: unknown): FetchLike => async () => {
  throw error;
};
/** undici's shape: TypeError('fetch failed') with the system error as cause. */
const systemError = (code: string, message = `${code} something`, extra: Record<string, unknown> = {}): Error => Object.assign(new Error(message), { code, ...extra });
const fetchFailed = (cause: unknown): TypeError => new TypeError('fetch failed', { cause });

const Anything = z.unknown();
const http = (fetch: FetchLike, baseUrl = BASE, timeoutMs = 2_000) => createPostHogHttp({ baseUrl, apiKey: KEY, fetch, timeoutMs });

interface Case {
  name: string;
  fetch: FetchLike;
  path?: string;
  method?: 'GET' | 'POST';
  baseUrl?: string;
  timeoutMs?: number;
  schema?: z.ZodType;
  code: ErrorCode;
  message: RegExp;
  hint?: RegExp;
  details?: ErrorDetails;
}

/** A server that puts the key into every text it sends. */
const echo = `Bearer ${KEY} (you sent ${KEY})`;

const statusCases: Case[] = [
  { name: '401', fetch: answering(reply(401, posthogError('authentication_error', 'authentication_failed', `Personal API key found in request Authorization header is invalid. ${echo}`))), code: 'invalid_key', message: /did not accept this API key/, hint: /phx_/ },
  { name: '403 missing scope', path: '/api/projects/1/query/', method: 'POST', fetch: answering(reply(403, posthogError('authentication_error', 'permission_denied', "API key missing required scope 'query:read'"))), code: 'missing_scopes', message: /missing the query:read scope/, hint: /Personal API keys/, details: { missingScopes: ['query:read'] } },
  { name: '403 other', path: '/api/projects/1/', fetch: answering(reply(403, posthogError('authentication_error', 'permission_denied', `You don't have access to the project. ${echo}`))), code: 'no_project_access', message: /cannot access PostHog project 1/ },
  { name: '404 project', path: '/api/projects/7/', fetch: answering(reply(404, posthogError('invalid_request', 'not_found', 'Not found.'))), code: 'project_not_found', message: /ph\.example\.com has no project 7/ },
  { name: '404 list', path: '/api/projects/', fetch: answering(reply(404, posthogError('invalid_request', 'not_found', 'Not found.'))), code: 'not_posthog', message: /answered, but not like PostHog: is the address right\?/ },
  { name: '404 html on a project path', path: '/api/projects/7/', fetch: answering(reply(404, `<html>${echo}</html>`, { 'Content-Type': 'text/html' })), code: 'not_posthog', message: /not like PostHog/ },
  { name: '429 Retry-After', fetch: answering(reply(429, posthogError('throttled_error', 'throttled', `Request was throttled. Expected available in 7 seconds. ${echo}`), { 'Retry-After': '7' })), code: 'rate_limited', message: /again in 7 seconds/, details: { retryAfterSeconds: 7 } },
  { name: '429 detail only', fetch: answering(reply(429, posthogError('throttled_error', 'throttled', 'Request was throttled. Expected available in 12 seconds.'))), code: 'rate_limited', message: /again in 12 seconds/, details: { retryAfterSeconds: 12 } },
  { name: '500', fetch: answering(reply(500, posthogError('server_error', 'error', `A server error occurred. ${echo}`))), code: 'posthog_unavailable', message: /having trouble \(HTTP 500\)/, details: { status: 500 } },
  { name: '502 html', fetch: answering(reply(502, '<html><h1>502 Bad Gateway</h1></html>', { 'Content-Type': 'text/html' })), code: 'posthog_unavailable', message: /HTTP 502/, details: { status: 502 } },
  { name: '503', fetch: answering(reply(503, '')), code: 'posthog_unavailable', message: /HTTP 503/, details: { status: 503 } },
  { name: '400 on the query endpoint', path: '/api/projects/1/query/', method: 'POST', fetch: answering(reply(400, posthogError('validation_error', 'invalid_input', `Unknown function 'uniqq'. ${echo}`))), code: 'query_rejected', message: /PostHog rejected a query: Unknown function 'uniqq'/, details: { status: 400 } },
  { name: '405 elsewhere', fetch: answering(reply(405, posthogError('invalid_request', 'method_not_allowed', `Method "GET" not allowed. ${echo}`))), code: 'internal', message: /HTTP 405/, details: { status: 405 } },
  { name: '418 not json', fetch: answering(reply(418, `I'm a teapot ${echo}`)), code: 'not_posthog', message: /not like PostHog/ },
  { name: 'redirect elsewhere', fetch: answering(reply(302, '', { Location: `https://login.example.net/sso?token=${KEY}` })), code: 'not_posthog', message: /redirects to https:\/\/login\.example\.net/, hint: /does not follow redirects/ },
  { name: '200 html', fetch: answering(reply(200, `<!doctype html><html>${echo}</html>`, { 'Content-Type': 'text/html; charset=utf-8' })), code: 'not_posthog', message: /not like PostHog: is the address right\?/ },
  { name: '200 malformed', fetch: answering(reply(200, '{"results": [[1, 2], [3, ', { 'Content-Type': 'application/json' })), code: 'not_posthog', message: /not JSON/ },
  { name: '200 wrong shape', schema: z.object({ results: z.array(z.unknown()) }), fetch: answering(reply(200, JSON.stringify({ results: 'not-a-list', echo }))), code: 'not_posthog', message: /unexpected shape/ },
];

const CA_HINT = /Custom CA certificate/;
const networkCases: Case[] = [
  { name: 'ENOTFOUND', fetch: throwing(fetchFailed(systemError('ENOTFOUND', `getaddrinfo ENOTFOUND ph.example.com ${KEY}`))), code: 'dns_failure', message: /ph\.example\.com does not resolve/ },
  { name: 'EAI_AGAIN', fetch: throwing(fetchFailed(systemError('EAI_AGAIN'))), code: 'dns_failure', message: /ph\.example\.com could not be looked up right now/ },
  { name: 'ECONNREFUSED', baseUrl: 'http://10.0.0.5:8000', fetch: throwing(fetchFailed(systemError('ECONNREFUSED', `connect ECONNREFUSED 10.0.0.5:8000 ${echo}`))), code: 'connection_refused', message: /10\.0\.0\.5:8000/ },
  { name: 'ECONNREFUSED on the default port', fetch: throwing(fetchFailed(systemError('ECONNREFUSED'))), code: 'connection_refused', message: /ph\.example\.com:443/ },
  { name: 'AggregateError of refusals', fetch: throwing(fetchFailed(new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], 'all failed'))), code: 'connection_refused', message: /refused/ },
  { name: 'ENETUNREACH', fetch: throwing(fetchFailed(systemError('ENETUNREACH'))), code: 'offline', message: /network is unreachable/ },
  { name: 'EHOSTUNREACH', fetch: throwing(fetchFailed(systemError('EHOSTUNREACH'))), code: 'offline', message: /cannot reach ph\.example\.com/ },
  { name: 'connect timeout', fetch: throwing(fetchFailed(systemError('UND_ERR_CONNECT_TIMEOUT'))), code: 'timeout', message: /timed out/ },
  { name: 'self-signed leaf', fetch: throwing(fetchFailed(systemError('DEPTH_ZERO_SELF_SIGNED_CERT', `self-signed certificate ${KEY}`))), code: 'tls_self_signed', message: /self-signed/, hint: CA_HINT },
  { name: 'self-signed in chain', fetch: throwing(fetchFailed(systemError('SELF_SIGNED_CERT_IN_CHAIN'))), code: 'tls_self_signed', message: /self-signed/, hint: CA_HINT },
  { name: 'leaf not verifiable', fetch: throwing(fetchFailed(systemError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))), code: 'tls_untrusted_ca', message: /does not trust/, hint: CA_HINT },
  { name: 'issuer unknown', fetch: throwing(fetchFailed(systemError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'))), code: 'tls_untrusted_ca', message: /does not trust/, hint: CA_HINT },
  { name: 'issuer unknown (nested cause)', fetch: throwing(fetchFailed(Object.assign(new Error('wrapper'), { cause: systemError('UNABLE_TO_GET_ISSUER_CERT') }))), code: 'tls_untrusted_ca', message: /does not trust/, hint: CA_HINT },
  { name: 'expired', fetch: throwing(fetchFailed(systemError('CERT_HAS_EXPIRED'))), code: 'tls_expired', message: /has expired/, hint: /Renew/ },
  { name: 'not yet valid', fetch: throwing(fetchFailed(systemError('CERT_NOT_YET_VALID'))), code: 'tls_expired', message: /not valid yet/ },
  { name: 'host name mismatch', fetch: throwing(fetchFailed(systemError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", { cert: { subjectaltname: 'DNS:posthog.other.example, DNS:*.other.example' } }))), code: 'tls_hostname_mismatch', message: /issued for posthog\.other\.example, \*\.other\.example/ },
  { name: 'plain HTTP on an https address', fetch: throwing(fetchFailed(systemError('ERR_SSL_WRONG_VERSION_NUMBER'))), code: 'tls_error', message: /does not seem to speak HTTPS/, hint: CA_HINT },
  { name: 'other TLS failure', fetch: throwing(fetchFailed(systemError('ERR_TLS_HANDSHAKE_TIMEOUT'))), code: 'tls_error', message: /ERR_TLS_HANDSHAKE_TIMEOUT/, hint: CA_HINT },
  { name: 'connection dropped mid-answer', fetch: throwing(fetchFailed(systemError('UND_ERR_SOCKET', `other side closed ${echo}`))), code: 'posthog_unavailable', message: /closed before PostHog finished answering/ },
  { name: 'fetch-blocked port', baseUrl: 'http://ph.example.com:6000', fetch: throwing(fetchFailed(new Error('bad port'))), code: 'invalid_host', message: /Port 6000 is blocked/ },
  {
    name: 'own timeout',
    fetch: (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal.addEventListener('abort', () => reject(new DOMException(`aborted ${KEY}`, 'AbortError')));
      }),
    timeoutMs: 300,
    code: 'timeout',
    message: /ph\.example\.com did not answer within 0\.3 seconds/,
  },
];

async function run(c: Case) {
  const client = http(c.fetch, c.baseUrl, c.timeoutMs);
  const path = c.path ?? '/api/projects/';
  const schema = c.schema ?? Anything;
  return failureOf(c.method === 'POST' ? client.postJson(path, { query: { kind: 'HogQLQuery', query: 'SELECT 1' } }, schema) : client.getJson(path, schema));
}

describe('HTTP answers → typed failures', () => {
  it.each(statusCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const failure = await run(c);
    expect(failure.code).toBe(c.code);
    expect(failure.message).toMatch(c.message);
    if (c.hint !== undefined) expect(failure.hint).toMatch(c.hint);
    expect(failure.hint).toBeTruthy();
    expect(failure.details).toEqual(c.details);
  });
});

describe('network and TLS errors → typed failures', () => {
  it.each(networkCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const failure = await run(c);
    expect(failure.code).toBe(c.code);
    expect(failure.message).toMatch(c.message);
    if (c.hint !== undefined) expect(failure.hint).toMatch(c.hint);
    expect(failure.hint).toBeTruthy();
    // Never the advice to switch certificate checks off.
    expect(failure.hint).not.toMatch(/\b(ignore|skip|disable|turn off) (the )?(certificate|TLS|SSL)/i);
  });

  it('every TLS failure says which problem it is and that certificate errors are never ignored', async () => {
    const tls = networkCases.filter((c) => c.code.startsWith('tls_'));
    const codes = new Set((await Promise.all(tls.map(run))).map((f) => {
      expect(f.hint).toMatch(/never ignores certificate errors/);
      return f.code;
    }));
    expect([...codes].sort()).toEqual(['tls_error', 'tls_expired', 'tls_hostname_mismatch', 'tls_self_signed', 'tls_untrusted_ca']);
  });
});

describe('the key never shows in a failure', () => {
  it('across every mapped failure, even from a server that echoes the key back', async () => {
    const all = [...statusCases, ...networkCases];
    const failures = await Promise.all(all.map(run));
    expect(failures).toHaveLength(all.length);
    for (const failure of failures) expectNoKey(failure, KEY);
  });
});

describe('requests', () => {
  it('go to the base URL only, with the key as a Bearer header, JSON, and no redirect following', async () => {
    const seen: Array<{ url: string; init: FetchInit }> = [];
    const fetch: FetchLike = async (url, init) => {
      seen.push({ url, init });
      return reply(200, '{"ok":true}', { 'Content-Type': 'application/json' });
    };
    const client = createPostHogHttp({ baseUrl: 'https://ph.example.com/posthog/', apiKey: ` ${KEY} `, fetch });
    await client.postJson('/api/projects/1/query/', { query: { kind: 'HogQLQuery', query: 'SELECT 1' } }, z.object({ ok: z.boolean() }));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('https://ph.example.com/posthog/api/projects/1/query/');
    expect(seen[0]!.init).toMatchObject({
      method: 'POST',
      redirect: 'manual',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: '{"query":{"kind":"HogQLQuery","query":"SELECT 1"}}',
    });
    expect(seen[0]!.init.dispatcher).toBeUndefined();
  });

  it('refuse paths that are not PostHog API paths', async () => {
    const client = http(answering(reply(200, '{}')));
    await expect(client.getJson('//evil.example/api/', Anything)).rejects.toThrow(/not a PostHog API path/);
    await expect(client.getJson('https://evil.example/api/', Anything)).rejects.toThrow(/not a PostHog API path/);
  });

  it('a cancelled request rethrows the caller’s reason, not a failure', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by the sync engine');
    const fetch: FetchLike = (_url, init) => new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const pending = http(fetch).getJson('/api/projects/', Anything, { signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('a custom CA that is not a PEM certificate is refused before any request', async () => {
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls += 1;
      return reply(200, '{}');
    };
    for (const caPem of ['not a certificate', '-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----']) {
      let thrown: unknown;
      try {
        createPostHogHttp({ baseUrl: BASE, apiKey: KEY, caPem, fetch });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'tls_error', message: 'The custom CA certificate is not a readable PEM certificate.' });
    }
    expect(calls).toBe(0);
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds, HTTP dates and PostHog’s detail text', () => {
    const now = Date.parse('2026-03-03T12:00:00Z');
    expect(retryAfterSeconds('7', null, now)).toBe(7);
    expect(retryAfterSeconds('1.2', null, now)).toBe(2);
    expect(retryAfterSeconds('Tue, 03 Mar 2026 12:00:30 GMT', null, now)).toBe(30);
    expect(retryAfterSeconds(null, 'Request was throttled. Expected available in 42 seconds.', now)).toBe(42);
    expect(retryAfterSeconds(null, 'Expected available in 1 second.', now)).toBe(1);
    expect(retryAfterSeconds('999999', null, now)).toBe(86_400);
    expect(retryAfterSeconds(null, 'slow down', now)).toBeUndefined();
  });
});
