import { describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../shared/contract';
import { createDispatcher, type Handlers } from '../../../src-main/contract/dispatch';
import { AppFailure } from '../../../src-main/contract/failure';

const info = {
  name: 'Sightline' as const,
  version: '1.2.3',
  platform: 'linux',
  arch: 'x64',
  transport: 'browser' as const,
  electronVersion: null,
  browserModeReason: 'test',
};

/** Handlers for every channel: the ones given, the rest failing loudly if ever reached. */
function handlersWith(given: Partial<Handlers>): Handlers {
  const all = Object.fromEntries(
    channelNames.map((name) => [
      name,
      async () => {
        throw new Error(`${name} should not be called here`);
      },
    ]),
  );
  return { ...all, ...given } as Handlers;
}

describe('dispatcher', () => {
  it('validates the request before the handler runs', async () => {
    const handler = vi.fn(async () => info);
    const dispatch = createDispatcher(handlersWith({ 'app.info': handler }), () => {});
    expect(await dispatch('app.info', {})).toEqual({ ok: true, data: info });
    const bad = await dispatch('app.info', { sneaky: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(bad.ok === false && bad.error.message).toContain('sneaky');
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('answers unknown channels without touching any handler', async () => {
    const handler = vi.fn(async () => info);
    const dispatch = createDispatcher(handlersWith({ 'app.info': handler }), () => {});
    expect(await dispatch('hasOwnProperty', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes a deliberate failure through with its hint', async () => {
    const handlers = handlersWith({
      'app.info': async () => {
        throw new AppFailure('unavailable', 'PostHog is unreachable.', 'Check your connection.');
      },
    });
    expect(await createDispatcher(handlers, () => {})('app.info', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'PostHog is unreachable.', hint: 'Check your connection.' },
    });
  });

  it('reports a bug as internal, logging the cause but never sending its message across', async () => {
    const log = vi.fn();
    const handlers = handlersWith({
      'app.info': async () => {
        throw new Error('request to https://x?key=phx_SECRET failed');
      },
    });
    const result = await createDispatcher(handlers, log)('app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('phx_SECRET');
    expect(log).toHaveBeenCalledOnce();
  });

  it('refuses to send a response that breaks the contract', async () => {
    const log = vi.fn();
    const handlers = handlersWith({ 'app.info': async () => ({ ...info, version: 'not-a-version' }) });
    const result = await createDispatcher(handlers, log)('app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(log.mock.calls[0]?.[0]).toContain('version');
  });
});
