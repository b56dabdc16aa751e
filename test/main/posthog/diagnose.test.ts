/**
 * The connect wizard's Test and Settings' Re-test against the emulated PostHog: every failure the
 * founder can meet comes back as its typed failure with a message that names the problem and the
 * details the UI needs — and none of them shows the key. Then the successes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ErrorCode, ErrorDetails } from '../../../shared/contract';
import type { AppFailure } from '../../../src-main/contract/failure';
import { testConnection, verifyProject, type ConnectionInput, type DiagnoseOptions } from '../../../src-main/posthog/diagnose';
import type { FetchLike } from '../../../src-main/posthog/http';
import { EMULATOR_KEYS, PROJECT_IDS, startDefaultEmulator, type RunningEmulator } from '../../posthog-emulator/index';
import { expectNoKey, failureOf } from './failure-helpers';

const NOW = Date.parse('2026-03-03T12:00:00Z');
const UNKNOWN_KEY = 'phx_unknownKey000000000000000000000000000000099';
type TlsCase = 'self-signed' | 'expired' | 'wrong-host';

let emu: RunningEmulator;
const tlsEmus = {} as Record<TlsCase, RunningEmulator>;
let clouds: { us: string; eu: string };
let selfHosted: string;
let privateCa: string;
let notPostHog: Server;
let notPostHogUrl: string;

beforeAll(async () => {
  const small = { now: NOW, days: 10, targetDailyActive: 20 };
  const tlsSmall = { now: Date.now(), days: 2, targetDailyActive: 20, regions: ['self-hosted' as const] };
  notPostHog = createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>Blog not found</body></html>'));
  const [main, selfSigned, expired, wrongHost] = await Promise.all([
    startDefaultEmulator({ ...small, regions: ['us', 'eu', 'self-hosted'] }),
    startDefaultEmulator({ ...tlsSmall, selfHostedTls: 'self-signed' }),
    startDefaultEmulator({ ...tlsSmall, selfHostedTls: 'expired' }),
    startDefaultEmulator({ ...tlsSmall, selfHostedTls: 'wrong-host' }),
    new Promise<void>((resolve) => notPostHog.listen(0, '127.0.0.1', resolve)),
  ]);
  emu = main;
  Object.assign(tlsEmus, { 'self-signed': selfSigned, expired, 'wrong-host': wrongHost });
  clouds = { us: emu.region('us').url, eu: emu.region('eu').url };
  selfHosted = emu.region('self-hosted').url;
  privateCa = emu.region('self-hosted').tls!.ca!;
  notPostHogUrl = `http://127.0.0.1:${(notPostHog.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all([emu.close(), ...Object.values(tlsEmus).map((e) => e.close()), new Promise((resolve) => notPostHog.close(resolve))]);
});

/** Every failure seen in this file, with the key that was used: the key-leak test reads them all. */
const seen: Array<{ name: string; key: string; failure: AppFailure }> = [];

interface Expected {
  code: ErrorCode;
  /** Fragments the message must contain. */
  message: Array<string | RegExp>;
  hint?: Array<string | RegExp>;
  /** Exact details (undefined: none). */
  details?: ErrorDetails;
}

async function expectFailure(name: string, key: string, run: Promise<unknown>, expected: Expected): Promise<AppFailure> {
  const failure = await failureOf(run);
  seen.push({ name, key, failure });
  expect(failure.code, name).toBe(expected.code);
  for (const part of expected.message) {
    if (typeof part === 'string') expect(failure.message, name).toContain(part);
    else expect(failure.message, name).toMatch(part);
  }
  expect(failure.hint, `${name} has a hint`).toBeTruthy();
  for (const part of expected.hint ?? []) {
    if (typeof part === 'string') expect(failure.hint, name).toContain(part);
    else expect(failure.hint, name).toMatch(part);
  }
  expect(failure.details, name).toEqual(expected.details);
  expectNoKey(failure, key);
  return failure;
}

const test = (input: ConnectionInput, options: DiagnoseOptions = {}) => testConnection(input, { clouds, timeoutMs: 5_000, ...options });
const verify = (input: ConnectionInput & { projectId: number }, options: DiagnoseOptions = {}) => verifyProject(input, { clouds, timeoutMs: 5_000, ...options });
const hostOf = (url: string): string => new URL(url).host;
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

describe('caught before any request', () => {
  it.each([
    ['no scheme', 'us.posthog.example', /Start the address with https:\/\//],
    ['ftp://', 'ftp://posthog.example.com', /not ftp:\/\//],
    ['empty', '   ', /Enter the address/],
  ])('invalid host: %s', async (name, host, message) => {
    const fetch = vi.fn<FetchLike>();
    await expectFailure(`invalid host ${name}`, EMULATOR_KEYS.usFull, test({ host, apiKey: EMULATOR_KEYS.usFull }, { fetch }), {
      code: 'invalid_host',
      message: [message],
      hint: ['https://us.posthog.com', 'https://eu.posthog.com'],
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a project key (phc_) is explained in one sentence with the scopes to ask for', async () => {
    const fetch = vi.fn<FetchLike>();
    const key = 'phc_projectKeyABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
    const failure = await expectFailure('project key', key, test({ host: clouds.us, apiKey: key }, { fetch }), {
      code: 'project_key',
      message: ['project API key', 'can only send events', 'Settings → Personal API keys', 'project:read', 'query:read', 'feature_flag:read', 'event_definition:read'],
      hint: ['phx_'],
    });
    expect(failure.message.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '')).toHaveLength(1);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ['garbage', 'hello this is my key'],
    ['phx_ with symbols', 'phx_bad key/with+symbols'],
    ['a secure flags key', 'phs_secureKeyABCDEFGHIJKLMNOPQRSTUVWXYZ0123'],
  ])('an unknown key format (%s) makes no request', async (name, key) => {
    const fetch = vi.fn<FetchLike>();
    await expectFailure(`key format ${name}`, key, test({ host: clouds.us, apiKey: key }, { fetch }), {
      code: 'invalid_key_format',
      message: ['phx_'],
      hint: ['Personal API keys'],
    });
    await failureOf(verify({ host: clouds.us, apiKey: key, projectId: 1 }, { fetch }));
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('the key', () => {
  it('an unknown key is invalid_key — after the other cloud was asked too', async () => {
    const euLog = emu.region('eu').log;
    const before = euLog.length;
    await expectFailure('unknown key', UNKNOWN_KEY, test({ host: clouds.us, apiKey: UNKNOWN_KEY }), {
      code: 'invalid_key',
      message: [`PostHog at ${hostOf(clouds.us)} did not accept this API key.`],
      hint: ['phx_', 'US cloud, EU cloud or self-hosted'],
    });
    expect(euLog.slice(before).map((r) => [r.path, r.status])).toEqual([['/api/projects/', 401]]);
  });

  it('an unknown key on a self-hosted PostHog is invalid_key, no cloud asked', async () => {
    const usLog = emu.region('us').log;
    const euLog = emu.region('eu').log;
    const [us, eu] = [usLog.length, euLog.length];
    await expectFailure('unknown key self-hosted', UNKNOWN_KEY, test({ host: selfHosted, apiKey: UNKNOWN_KEY, caPem: privateCa }), {
      code: 'invalid_key',
      message: [hostOf(selfHosted)],
    });
    expect([usLog.length, euLog.length]).toEqual([us, eu]);
  });

  it('a US key on the EU cloud: wrong_region, suggesting US', async () => {
    await expectFailure('US key on EU', EMULATOR_KEYS.usFull, test({ host: clouds.eu, apiKey: EMULATOR_KEYS.usFull }), {
      code: 'wrong_region',
      message: ['This key belongs to PostHog US cloud.'],
      hint: [clouds.us],
      details: { suggestedHost: clouds.us, suggestedRegion: 'us' },
    });
  });

  it('an EU key on the US cloud: wrong_region, suggesting EU', async () => {
    await expectFailure('EU key on US', EMULATOR_KEYS.euFull, test({ host: clouds.us, apiKey: EMULATOR_KEYS.euFull }), {
      code: 'wrong_region',
      message: ['This key belongs to PostHog EU cloud.'],
      hint: [clouds.eu],
      details: { suggestedHost: clouds.eu, suggestedRegion: 'eu' },
    });
  });

  it('wrong region is detected on re-test too', async () => {
    await expectFailure('EU key on US re-test', EMULATOR_KEYS.euFull, verify({ host: clouds.us, apiKey: EMULATOR_KEYS.euFull, projectId: PROJECT_IDS.eu }), {
      code: 'wrong_region',
      message: ['PostHog EU cloud'],
      details: { suggestedHost: clouds.eu, suggestedRegion: 'eu' },
    });
  });
});

describe('scopes: every missing one, in one answer', () => {
  it('a key without query:read', async () => {
    await expectFailure('no query:read', EMULATOR_KEYS.usNoQuery, test({ host: clouds.us, apiKey: EMULATOR_KEYS.usNoQuery }), {
      code: 'missing_scopes',
      message: ['This API key is missing the query:read scope.'],
      hint: ['Settings → Personal API keys'],
      details: { missingScopes: ['query:read'] },
    });
  });

  it('a key with only project:read misses the three others, each probed once, at once', async () => {
    const log = emu.region('us').log;
    const before = log.length;
    await expectFailure('project:read only', EMULATOR_KEYS.usMinimal, test({ host: clouds.us, apiKey: EMULATOR_KEYS.usMinimal }), {
      code: 'missing_scopes',
      message: ['missing 3 scopes: event_definition:read, feature_flag:read, query:read'],
      details: { missingScopes: ['event_definition:read', 'feature_flag:read', 'query:read'] },
    });
    const probes = log.slice(before).filter((r) => r.status === 403 && r.path.startsWith('/api/projects/')).map((r) => r.path).sort();
    expect(probes).toEqual(['/api/projects/1/event_definitions/', '/api/projects/1/feature_flags/', '/api/projects/1/query/']);
  });

  it('without project:read the projects cannot be listed, and the other scopes are still checked', async () => {
    // PostHog's answer for a key lacking project:read, for the project list only; everything else is the emulator's.
    const fetch: FetchLike = async (url, init) => {
      if (new URL(url).pathname === '/api/projects/') {
        const body = JSON.stringify({ type: 'authentication_error', code: 'permission_denied', detail: "API key missing required scope 'project:read'", attr: null });
        return { status: 403, headers: { get: (n) => (n.toLowerCase() === 'content-type' ? 'application/json' : null) }, text: async () => body };
      }
      return undiciFetch(url, init);
    };
    await expectFailure('no project:read', EMULATOR_KEYS.usNoQuery, test({ host: clouds.us, apiKey: EMULATOR_KEYS.usNoQuery }, { fetch }), {
      code: 'missing_scopes',
      message: ['missing 2 scopes: project:read, query:read'],
      details: { missingScopes: ['project:read', 'query:read'] },
    });
  });

  it('re-test checks the scopes on the saved project', async () => {
    await expectFailure('re-test no query:read', EMULATOR_KEYS.usNoQuery, verify({ host: clouds.us, apiKey: EMULATOR_KEYS.usNoQuery, projectId: PROJECT_IDS.usMobile }), {
      code: 'missing_scopes',
      message: ['query:read'],
      details: { missingScopes: ['query:read'] },
    });
  });
});

describe('the project (re-test of a saved connection)', () => {
  it('a key scoped to another project: no_project_access', async () => {
    await expectFailure('scoped key on project 1', EMULATOR_KEYS.usScoped, verify({ host: clouds.us, apiKey: EMULATOR_KEYS.usScoped, projectId: PROJECT_IDS.usWeb }), {
      code: 'no_project_access',
      message: ['This API key cannot access PostHog project 1.'],
      hint: ['pick another project'],
    });
  });

  it('a project that does not exist: project_not_found', async () => {
    await expectFailure('project 999', EMULATOR_KEYS.usFull, verify({ host: clouds.us, apiKey: EMULATOR_KEYS.usFull, projectId: 999 }), {
      code: 'project_not_found',
      message: [`PostHog at ${hostOf(clouds.us)} has no project 999.`],
    });
  });
});

describe('reaching the host', () => {
  it('a name DNS does not know: dns_failure naming it', async () => {
    await expectFailure('dns', EMULATOR_KEYS.usFull, test({ host: 'https://posthog.sightline-test.invalid', apiKey: EMULATOR_KEYS.usFull }), {
      code: 'dns_failure',
      message: ['posthog.sightline-test.invalid'],
      hint: ['spelling'],
    });
  });

  it('nothing listening: connection_refused naming host and port', async () => {
    const port = await closedPort();
    await expectFailure('refused', EMULATOR_KEYS.usFull, test({ host: `http://127.0.0.1:${port}`, apiKey: EMULATOR_KEYS.usFull }), {
      code: 'connection_refused',
      message: [`127.0.0.1:${port}`, 'refused'],
    });
  });

  it('no answer in time: timeout, saying after how long', async () => {
    emu.region('us').faults.inject({ fault: { kind: 'hang' }, count: 1, pathPrefix: '/api/projects/' });
    const started = Date.now();
    await expectFailure('timeout', EMULATOR_KEYS.usFull, test({ host: clouds.us, apiKey: EMULATOR_KEYS.usFull }, { timeoutMs: 300 }), {
      code: 'timeout',
      message: [`PostHog at ${hostOf(clouds.us)} did not answer within 0.3 seconds.`],
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('some other web site at that address: not_posthog', async () => {
    await expectFailure('other site', EMULATOR_KEYS.usFull, test({ host: notPostHogUrl, apiKey: EMULATOR_KEYS.usFull }), {
      code: 'not_posthog',
      message: ['answered, but not like PostHog: is the address right?'],
    });
  });
});

describe('TLS of a self-hosted PostHog', () => {
  const tlsUrl = (scenario: TlsCase): string => tlsEmus[scenario].region('self-hosted').url;
  const tlsOf = (scenario: TlsCase) => tlsEmus[scenario].region('self-hosted').tls!;
  const CA_OPTION = 'Custom CA certificate';

  it('self-signed: tls_self_signed, offering the custom CA option; trusting that certificate then works', async () => {
    await expectFailure('self-signed', EMULATOR_KEYS.selfHostedFull, test({ host: tlsUrl('self-signed'), apiKey: EMULATOR_KEYS.selfHostedFull }), {
      code: 'tls_self_signed',
      message: ['self-signed', hostOf(tlsUrl('self-signed'))],
      hint: [CA_OPTION, 'never ignores certificate errors'],
    });
    const ok = await test({ host: tlsUrl('self-signed'), apiKey: EMULATOR_KEYS.selfHostedFull, caPem: tlsOf('self-signed').cert });
    expect(ok.projects).toEqual([{ id: PROJECT_IDS.selfHosted, name: 'Acme On-Prem', timezone: 'UTC', weekStartDay: 0 }]);
  });

  it('a private CA: tls_untrusted_ca, then trusted through its CA certificate', async () => {
    await expectFailure('private CA', EMULATOR_KEYS.selfHostedFull, test({ host: selfHosted, apiKey: EMULATOR_KEYS.selfHostedFull }), {
      code: 'tls_untrusted_ca',
      message: ['certificate authority this computer does not trust'],
      hint: [CA_OPTION],
    });
    const ok = await test({ host: selfHosted, apiKey: EMULATOR_KEYS.selfHostedFull, caPem: privateCa });
    expect(ok).toMatchObject({ host: selfHosted, cloud: null, projects: [{ id: PROJECT_IDS.selfHosted, name: 'Acme On-Prem', timezone: 'UTC', weekStartDay: 0 }] });
  });

  it('the custom CA is trusted for that connection only', async () => {
    // The same CA file does not make another host's private certificate trusted, nor the cloud's requests different.
    await expectFailure('CA of another host', EMULATOR_KEYS.selfHostedFull, test({ host: tlsUrl('self-signed'), apiKey: EMULATOR_KEYS.selfHostedFull, caPem: privateCa }), {
      code: 'tls_self_signed',
      message: ['self-signed'],
    });
  });

  it('expired: tls_expired', async () => {
    await expectFailure('expired', EMULATOR_KEYS.selfHostedFull, test({ host: tlsUrl('expired'), apiKey: EMULATOR_KEYS.selfHostedFull }), {
      code: 'tls_expired',
      message: ['has expired'],
      hint: ['Renew'],
    });
    await expectFailure('expired with its CA', EMULATOR_KEYS.selfHostedFull, test({ host: tlsUrl('expired'), apiKey: EMULATOR_KEYS.selfHostedFull, caPem: tlsOf('expired').ca }), {
      code: 'tls_expired',
      message: ['has expired'],
    });
  });

  it('a certificate for another host name: tls_hostname_mismatch, naming the name it is for', async () => {
    // Untrusted first (its CA is private), then, with the CA trusted, the name is what is wrong.
    await expectFailure('wrong host, CA untrusted', EMULATOR_KEYS.selfHostedFull, test({ host: tlsUrl('wrong-host'), apiKey: EMULATOR_KEYS.selfHostedFull }), {
      code: 'tls_untrusted_ca',
      message: ['does not trust'],
    });
    await expectFailure('wrong host', EMULATOR_KEYS.selfHostedFull, test({ host: tlsUrl('wrong-host'), apiKey: EMULATOR_KEYS.selfHostedFull, caPem: tlsOf('wrong-host').ca }), {
      code: 'tls_hostname_mismatch',
      message: ['another host name', '127.0.0.1', 'issued for posthog.other.example'],
    });
  });
});

describe('PostHog answering badly', () => {
  it('rate limited: rate_limited with the wait', async () => {
    emu.region('us').faults.inject({ fault: { kind: 'status', status: 429, retryAfterSeconds: 7 }, count: 1, pathPrefix: '/api/projects/' });
    await expectFailure('429', EMULATOR_KEYS.usFull, test({ host: clouds.us, apiKey: EMULATOR_KEYS.usFull }), {
      code: 'rate_limited',
      message: ['again in 7 seconds'],
      details: { retryAfterSeconds: 7 },
    });
  });

  it('rate limited during the scope check: still rate_limited', async () => {
    emu.region('us').faults.inject({ fault: { kind: 'status', status: 429, retryAfterSeconds: 3 }, count: 1, pathPrefix: '/api/projects/1/query/' });
    await expectFailure('429 on a probe', EMULATOR_KEYS.usFull, test({ host: clouds.us, apiKey: EMULATOR_KEYS.usFull }), {
      code: 'rate_limited',
      message: ['3 seconds'],
      details: { retryAfterSeconds: 3 },
    });
  });

  it.each([
    [500, 'PostHog’s JSON'],
    [502, 'a load balancer’s HTML page'],
  ] as const)('server error %i (%s): posthog_unavailable with the status', async (status, _body) => {
    emu.region('us').faults.inject({ fault: { kind: 'status', status }, count: 1, pathPrefix: '/api/projects/' });
    await expectFailure(`status ${status}`, EMULATOR_KEYS.usFull, test({ host: clouds.us, apiKey: EMULATOR_KEYS.usFull }), {
      code: 'posthog_unavailable',
      message: [`is having trouble (HTTP ${status})`],
      details: { status },
    });
  });

  it.each(['html', 'malformed'] as const)('a 200 that is not PostHog’s (%s): not_posthog', async (kind) => {
    emu.region('us').faults.inject({ fault: { kind }, count: 1, pathPrefix: '/api/projects/' });
    await expectFailure(`200 ${kind}`, EMULATOR_KEYS.usFull, test({ host: clouds.us, apiKey: EMULATOR_KEYS.usFull }), {
      code: 'not_posthog',
      message: [`${hostOf(clouds.us)} answered, but not like PostHog: is the address right?`],
    });
  });
});

describe('success', () => {
  it('US: both projects with id, name and timezone, every scope checked, who the key belongs to', async () => {
    const result = await test({ host: clouds.us, apiKey: EMULATOR_KEYS.usFull });
    expect(result).toEqual({
      host: clouds.us,
      cloud: 'us',
      projects: [
        { id: PROJECT_IDS.usWeb, name: 'Acme Web', timezone: 'America/New_York', weekStartDay: 0 },
        { id: PROJECT_IDS.usMobile, name: 'Acme Mobile', timezone: 'UTC', weekStartDay: 0 },
      ],
      scopes: { checked: ['project:read', 'query:read', 'feature_flag:read', 'event_definition:read'], missing: [] },
      user: { email: 'ada@acme.example', organization: 'Acme Inc.' },
    });
  });

  it('a key scoped to one project sees that one', async () => {
    const result = await test({ host: clouds.us, apiKey: EMULATOR_KEYS.usScoped });
    expect(result.projects).toEqual([{ id: PROJECT_IDS.usMobile, name: 'Acme Mobile', timezone: 'UTC', weekStartDay: 0 }]);
  });

  it('EU, entered as the address pasted from the browser, with a key around spaces', async () => {
    const result = await test({ host: `${clouds.eu}/project/101/insights?x=1`, apiKey: `  ${EMULATOR_KEYS.euFull}\n` });
    expect(result).toMatchObject({ host: clouds.eu, cloud: 'eu', projects: [{ id: PROJECT_IDS.eu, name: 'Acme EU', timezone: 'Europe/Berlin', weekStartDay: 1 }] });
  });

  it('a cloud named by its public address goes to that cloud', async () => {
    const result = await test({ host: 'https://app.posthog.com', apiKey: EMULATOR_KEYS.usFull });
    expect(result).toMatchObject({ host: clouds.us, cloud: 'us' });
  });

  it('without user:read the owner is simply unknown', async () => {
    emu.region('us').faults.inject({ fault: { kind: 'status', status: 403 }, count: 1, pathPrefix: '/api/users/@me/' });
    const result = await test({ host: clouds.us, apiKey: EMULATOR_KEYS.usFull });
    expect(result.user).toBeNull();
    expect(result.projects).toHaveLength(2);
  });

  it('re-test of a saved project', async () => {
    const result = await verify({ host: clouds.us, apiKey: EMULATOR_KEYS.usScoped, projectId: PROJECT_IDS.usMobile });
    expect(result).toEqual({
      host: clouds.us,
      cloud: 'us',
      project: { id: PROJECT_IDS.usMobile, name: 'Acme Mobile', timezone: 'UTC', weekStartDay: 0 },
      scopes: { checked: ['project:read', 'query:read', 'feature_flag:read', 'event_definition:read'], missing: [] },
      user: { email: 'ada@acme.example', organization: 'Acme Inc.' },
    });
  });
});

describe('the key never shows', () => {
  it('in any failure above: message, hint, details, stack', () => {
    const codes = new Set(seen.map((s) => s.failure.code));
    // Every failure the connect flow can produce was exercised in this file.
    expect([...codes].sort()).toEqual(
      [
        'connection_refused', 'dns_failure', 'invalid_host', 'invalid_key', 'invalid_key_format', 'missing_scopes', 'no_project_access',
        'not_posthog', 'posthog_unavailable', 'project_key', 'project_not_found', 'rate_limited', 'timeout', 'tls_expired',
        'tls_hostname_mismatch', 'tls_self_signed', 'tls_untrusted_ca', 'wrong_region',
      ].sort(),
    );
    for (const { key, failure } of seen) expectNoKey(failure, key);
    // And no failure shows any emulator key at all.
    const text = seen.map((s) => JSON.stringify(s.failure.toAppError())).join('\n');
    for (const key of Object.values(EMULATOR_KEYS)) expect(text).not.toContain(key);
  });
});
