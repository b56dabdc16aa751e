import { describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus } from '../../../shared/contract';
import { connectionFromEnv, connectionToEnv } from '../../../src-main/launcher/start-connection';

const demo: ConnectionStatus = { state: 'connected', host: 'http://127.0.0.1:8010', projectId: 1, projectName: 'Acme Web', timezone: 'America/New_York', demo: true };

describe('start-up connection hand-over', () => {
  it('survives the trip through the environment', () => {
    expect(connectionFromEnv(connectionToEnv(demo), () => {})).toEqual(demo);
  });

  it('is absent when not handed over', () => {
    expect(connectionFromEnv({}, () => {})).toBeUndefined();
  });

  it('ignores (and logs) anything malformed rather than starting with it', () => {
    const log = vi.fn();
    expect(connectionFromEnv({ SIGHTLINE_DEMO_CONNECTION: '{nope' }, log)).toBeUndefined();
    expect(connectionFromEnv({ SIGHTLINE_DEMO_CONNECTION: JSON.stringify({ ...demo, host: 'not a url' }) }, log)).toBeUndefined();
    expect(connectionFromEnv({ SIGHTLINE_DEMO_CONNECTION: JSON.stringify({ ...demo, apiKey: 'phx_secret' }) }, log)).toBeUndefined();
    expect(log).toHaveBeenCalledTimes(3);
  });
});
