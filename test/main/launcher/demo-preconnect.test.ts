import { describe, expect, it, vi } from 'vitest';
import { preconnectFromEnv, preconnectToEnv, type Preconnect } from '../../../src-main/launcher/demo-preconnect';

const demo: Preconnect = { host: 'http://127.0.0.1:8010', apiKey: 'phx_emuUSfull0000000000000000000000000000000001', projectId: 1 };

describe('demo connection hand-over', () => {
  it('survives the trip through the environment', () => {
    expect(preconnectFromEnv(preconnectToEnv(demo), () => {})).toEqual(demo);
  });

  it('is absent when not handed over', () => {
    expect(preconnectFromEnv({}, () => {})).toBeUndefined();
  });

  it('ignores (and logs, without the value) anything malformed rather than starting with it', () => {
    const log = vi.fn();
    expect(preconnectFromEnv({ SIGHTLINE_DEMO_PRECONNECT: '{nope' }, log)).toBeUndefined();
    expect(preconnectFromEnv({ SIGHTLINE_DEMO_PRECONNECT: JSON.stringify({ ...demo, host: 'not a url' }) }, log)).toBeUndefined();
    expect(preconnectFromEnv({ SIGHTLINE_DEMO_PRECONNECT: JSON.stringify({ ...demo, apiKey: 'phc_project_key_here' }) }, log)).toBeUndefined();
    expect(log).toHaveBeenCalledTimes(3);
    expect(JSON.stringify(log.mock.calls)).not.toContain('phc_project_key_here');
  });
});
