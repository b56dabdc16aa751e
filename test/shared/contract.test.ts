import { describe, expect, it } from 'vitest';
import { AppInfoSchema, channelNames, channels, eventNames, isChannel, parseEvent, resultSchema, TrackingSchema } from '../../shared/contract';

const browserInfo = {
  name: 'Sightline',
  version: '0.1.0',
  platform: 'linux',
  arch: 'x64',
  transport: 'browser',
  electronVersion: null,
  browserModeReason: 'no binary',
} as const;

describe('contract', () => {
  it('names every channel and event domain.action', () => {
    for (const name of [...channelNames, ...eventNames]) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
  });

  it('knows its channels and nothing inherited from Object', () => {
    expect(isChannel('app.info')).toBe(true);
    for (const name of ['toString', '__proto__', 'constructor', 'app.Info', '', 42, null]) expect(isChannel(name)).toBe(false);
  });

  it('app.info: transport and electronVersion must agree', () => {
    expect(AppInfoSchema.safeParse(browserInfo).success).toBe(true);
    expect(AppInfoSchema.safeParse({ ...browserInfo, electronVersion: '45.0.0' }).success).toBe(false);
    expect(AppInfoSchema.safeParse({ ...browserInfo, transport: 'electron', electronVersion: '45.4.1', browserModeReason: null }).success).toBe(true);
    expect(AppInfoSchema.safeParse({ ...browserInfo, version: 'latest' }).success).toBe(false);
    expect(AppInfoSchema.safeParse({ ...browserInfo, extra: 1 }).success).toBe(false);
  });

  it('requests are strict: unknown keys are refused', () => {
    expect(channels['app.info'].request.safeParse({}).success).toBe(true);
    expect(channels['app.info'].request.safeParse({ admin: true }).success).toBe(false);
    expect(channels['app.info'].request.safeParse(null).success).toBe(false);
  });

  it('the result envelope is either data or a coded error, never both', () => {
    const schema = resultSchema(AppInfoSchema);
    expect(schema.safeParse({ ok: true, data: browserInfo }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'forbidden', message: 'no', hint: 'ask' } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'made_up', message: 'no' } }).success).toBe(false);
    expect(schema.safeParse({ ok: true, data: browserInfo, error: { code: 'internal', message: 'x' } }).success).toBe(false);
    expect(schema.safeParse({ ok: false, error: { code: 'internal', message: '' } }).success).toBe(false);
  });

  it('parses events and explains what is wrong with a bad one', () => {
    expect(parseEvent({ name: 'app.navigate', payload: { view: 'alerts' } })).toEqual({
      ok: true,
      event: { name: 'app.navigate', payload: { view: 'alerts' } },
    });
    const unknown = parseEvent({ name: 'app.selfDestruct', payload: {} });
    expect(unknown.ok).toBe(false);
    const bad = parseEvent({ name: 'app.navigate', payload: { view: 'file:///etc' } });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('view') });
    expect(parseEvent('app.navigate').ok).toBe(false);
  });
});

describe('tracking', () => {
  it('reads settings from before multi-step funnels: the two-step conversion becomes a funnel with the same id', () => {
    const legacy = { customEvents: ['signup'], conversion: { id: 'funnel-1a2b3c4d', from: 'signup', to: 'purchase', windowDays: 7 } };
    expect(TrackingSchema.parse(legacy)).toEqual({
      customEvents: ['signup'],
      funnels: [{ id: 'funnel-1a2b3c4d', name: 'signup → purchase', steps: [{ event: 'signup', filter: null }, { event: 'purchase', filter: null }], windowDays: 7 }],
    });
    expect(TrackingSchema.parse({ customEvents: [], conversion: null })).toEqual({ customEvents: [], funnels: [] });
    // A malformed legacy funnel is refused, not half-read.
    expect(TrackingSchema.safeParse({ customEvents: [], conversion: { id: 'x', from: '', to: 'b', windowDays: 7 } }).success).toBe(false);
  });

  it('refuses two funnels with one id, a step without an event, a filter without a value', () => {
    const step = (event: string) => ({ event, filter: null });
    const funnel = { id: 'a', name: 'A', steps: [step('x'), step('y')], windowDays: 14 };
    expect(TrackingSchema.safeParse({ customEvents: [], funnels: [funnel, funnel] }).success).toBe(false);
    expect(TrackingSchema.safeParse({ customEvents: [], funnels: [{ ...funnel, steps: [step('x'), step('')] }] }).success).toBe(false);
    expect(TrackingSchema.safeParse({ customEvents: [], funnels: [{ ...funnel, steps: [{ event: 'x', filter: { key: '$current_url', operator: 'icontains', value: '' } }, step('y')] }] }).success).toBe(false);
    expect(TrackingSchema.safeParse({ customEvents: [], funnels: [{ ...funnel, id: 'a:b' }] }).success).toBe(false);
  });
});
