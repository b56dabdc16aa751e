/**
 * The connect flow through the contract (what the renderer can do), on the real composition root,
 * against the PostHog emulator: wizard steps, saving, restarts, re-test, switching, disconnecting,
 * a stored key that can't be decrypted, and a search for the key in everything that leaves main.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent, ConnectionStatus, ConnectWizard, Result } from '../../../shared/contract';
import { EMULATOR_KEYS, PROJECT_IDS, startDefaultEmulator, type RunningEmulator } from '../../posthog-emulator/index';
import { createTestApp, type TestApp } from '../../support/test-app';
import { createKeytarKeychain, type Keychain } from '../../../src-main/vault/keychain';

const NOW = Date.parse('2026-11-23T15:00:00Z');
let emu: RunningEmulator;
let clouds: { us: string; eu: string };

beforeAll(async () => {
  emu = await startDefaultEmulator({ now: NOW, regions: ['us', 'eu'], days: 10, targetDailyActive: 20 });
  clouds = { us: emu.region('us').url, eu: emu.region('eu').url };
});
afterAll(async () => emu.close());

/** Everything that crosses the boundary or lands in a log, for the leak check. */
const transcript: string[] = [];

interface Harness {
  app: TestApp;
  call<T = unknown>(channel: string, payload?: unknown): Promise<Result<T>>;
}

async function start(options: { dataDir?: string; keychain?: Keychain } = {}): Promise<Harness> {
  const app = await createTestApp({
    dataDir: options.dataDir,
    keychain: options.keychain,
    posthog: { clouds, timeoutMs: 5_000 },
    log: (message, error) => transcript.push(`${message} ${error instanceof Error ? `${error.message} ${error.stack ?? ''}` : String(error)}`),
  });
  app.events.subscribe((event: AppEvent) => transcript.push(JSON.stringify(event)));
  return {
    app,
    call: async <T,>(channel: string, payload: unknown = {}) => {
      const result = (await app.dispatch(channel, payload)) as Result<T>;
      transcript.push(JSON.stringify(result));
      return result;
    },
  };
}

function data<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

describe('connect flow', () => {
  it('where is PostHog: pasted app URLs are normalised, EU recognised, a missing scheme explained', async () => {
    const { call } = await start();
    const eu = data(await call<ConnectWizard>('connection.setHost', { host: 'https://eu.posthog.com/project/12345/insights' }));
    expect(eu).toMatchObject({ step: 'key', host: 'https://eu.posthog.com', cloud: 'eu' });
    const us = data(await call<ConnectWizard>('connection.setHost', { host: 'https://app.posthog.com/' }));
    expect(us).toMatchObject({ host: 'https://us.posthog.com', cloud: 'us' });
    const bad = await call('connection.setHost', { host: 'posthog.example.com' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_host', message: expect.stringContaining('https://') } });
  });

  it('test → project → save: the key is sealed, never returned, and the project is remembered with its timezone', async () => {
    const { app, call } = await start();
    const wizard = data(await call<ConnectWizard>('connection.test', { host: clouds.us, apiKey: EMULATOR_KEYS.usFull }));
    expect(wizard.step).toBe('project');
    expect(wizard.keyHint).toBe(`phx_…${EMULATOR_KEYS.usFull.slice(-4)}`);
    expect(wizard.projects).toEqual([
      { id: PROJECT_IDS.usWeb, name: 'Acme Web', timezone: 'America/New_York', weekStartDay: 0 },
      { id: PROJECT_IDS.usMobile, name: 'Acme Mobile', timezone: 'UTC', weekStartDay: 0 },
    ]);
    const status = data(await call<ConnectionStatus>('connection.save', { projectId: PROJECT_IDS.usWeb }));
    expect(status).toMatchObject({ state: 'connected', projectId: 1, projectName: 'Acme Web', timezone: 'America/New_York', keyHint: wizard.keyHint });
    // Under `npm test` a real Secret Service is running: the data key must be in it, not in a file.
    if (process.env.SIGHTLINE_REQUIRE_KEYCHAIN === '1') expect(status.keyProtection).toEqual({ kind: 'os-keychain', warning: null });
    else expect(status.keyProtection?.kind).toBeDefined();
    expect(readdirSync(app.dataDir)).toContain('sealed-key.json');
    expect(JSON.parse(readFileSync(path.join(app.dataDir, 'settings.json'), 'utf8'))).toMatchObject({ connection: { projectId: 1 }, wizard: null });
  });

  it('survives a restart: connected from disk, and re-test opens the sealed key', async () => {
    // One keychain service for both runs, as one installed app has.
    const keychain = createKeytarKeychain(`Sightline restart ${Date.now()}`);
    const first = await start({ keychain });
    data(await first.call('connection.test', { host: clouds.us, apiKey: EMULATOR_KEYS.usFull }));
    const synced = new Promise<void>((resolve) => first.app.events.subscribe((event: AppEvent) => event.name === 'sync.finished' && resolve()));
    data(await first.call('connection.save', { projectId: PROJECT_IDS.usMobile }));
    // The first run's initial sync ends before the "restart" (one app at a time, as the single-instance lock ensures).
    await synced;
    const second = await start({ dataDir: first.app.dataDir, keychain });
    const status = data(await second.call<ConnectionStatus>('connection.status'));
    expect(status).toMatchObject({ state: 'connected', projectName: 'Acme Mobile', problem: null });
    const retested = data(await second.call<ConnectionStatus>('connection.retest'));
    expect(retested).toMatchObject({ state: 'connected', projectName: 'Acme Mobile', problem: null });
    expect(Date.parse(retested.state === 'connected' ? (retested.lastVerifiedAt ?? '') : '')).toBeGreaterThan(0);
  });

  it('a restart halfway resumes the wizard at the key step, without the key', async () => {
    const first = await start();
    data(await first.call('connection.test', { host: clouds.us, apiKey: EMULATOR_KEYS.usFull }));
    const second = await start({ dataDir: first.app.dataDir });
    const wizard = data(await second.call<ConnectWizard>('connection.wizard'));
    expect(wizard).toMatchObject({ step: 'key', host: clouds.us, keyHint: null, projects: [] });
    expect(await second.call('connection.save', { projectId: 1 })).toMatchObject({ ok: false, error: { code: 'not_connected' } });
  });

  it('a key of the other region says where it belongs', async () => {
    const { call } = await start();
    const result = await call('connection.test', { host: clouds.us, apiKey: EMULATOR_KEYS.euFull });
    expect(result).toMatchObject({ ok: false, error: { code: 'wrong_region', details: { suggestedRegion: 'eu', suggestedHost: clouds.eu } } });
  });

  it('a project key is explained before anything is sent', async () => {
    const { call } = await start();
    const before = emu.region('us').log.length;
    const result = await call('connection.test', { host: clouds.us, apiKey: 'phc_abcdefghijklmnopqrstuvwxyz0123456789' });
    expect(result).toMatchObject({ ok: false, error: { code: 'project_key', message: expect.stringContaining('send events') } });
    expect(emu.region('us').log.length).toBe(before);
  });

  it('switch project and disconnect: the sealed key goes, other files in the data folder stay', async () => {
    const { app, call } = await start();
    data(await call('connection.test', { host: clouds.us, apiKey: EMULATOR_KEYS.usFull }));
    data(await call('connection.save', { projectId: PROJECT_IDS.usWeb }));
    expect(data(await call<Array<{ id: number }>>('connection.projects')).map((p) => p.id)).toEqual([1, 2]);
    const switched = data(await call<ConnectionStatus>('connection.switchProject', { projectId: PROJECT_IDS.usMobile }));
    expect(switched).toMatchObject({ state: 'connected', projectId: 2, projectName: 'Acme Mobile', timezone: 'UTC' });
    data(await call<ConnectionStatus>('connection.retest'));

    writeFileSync(path.join(app.dataDir, 'synced-history.json'), '{"stand-in":"for synced data"}');
    const status = data(await call<ConnectionStatus>('connection.disconnect'));
    expect(status.state).toBe('not-connected');
    expect(readdirSync(app.dataDir)).not.toContain('sealed-key.json');
    expect(readdirSync(app.dataDir)).toContain('synced-history.json');
    expect(await call('connection.retest')).toMatchObject({ ok: false, error: { code: 'not_connected' } });
  });

  it('a tampered sealed key: a clear error, still connected from settings, nothing deleted', async () => {
    const { app, call } = await start();
    data(await call('connection.test', { host: clouds.us, apiKey: EMULATOR_KEYS.usFull }));
    data(await call('connection.save', { projectId: PROJECT_IDS.usWeb }));
    const file = path.join(app.dataDir, 'sealed-key.json');
    const sealed = JSON.parse(readFileSync(file, 'utf8')) as { ct: string };
    sealed.ct = `${sealed.ct.slice(0, -4)}AAAA`;
    writeFileSync(file, JSON.stringify(sealed));
    const retest = await call('connection.retest');
    expect(retest).toMatchObject({ ok: false, error: { code: 'vault_unreadable', hint: expect.stringContaining('Enter the key again') } });
    const status = data(await call<ConnectionStatus>('connection.status'));
    expect(status).toMatchObject({ state: 'connected', projectName: 'Acme Web', problem: { code: 'vault_unreadable' } });
    expect(readdirSync(app.dataDir)).toContain('sealed-key.json');
  });

  it('the key never leaves main: not in any answer, event, log line or settings file', () => {
    const secrets = [EMULATOR_KEYS.usFull, EMULATOR_KEYS.euFull];
    const needles = secrets.flatMap((k) => [k, k.slice(8, 20), k.slice(-16, -4)]);
    const everything = transcript.join('\n');
    expect(transcript.length).toBeGreaterThan(20);
    for (const needle of needles) expect(everything).not.toContain(needle);
  });
});
