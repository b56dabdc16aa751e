/**
 * A small hand-built project in America/New_York around both 2026 DST changes (2026-03-08 02:00 → 03:00,
 * 2026-11-01 02:00 → 01:00), with known answers. Independent of the seeded generator on purpose.
 */
import type { Dataset, EmulatedEvent, EmulatedPerson } from '../../posthog-emulator/dataset/types';

export const TZ = 'America/New_York';
/** 2026-03-09 02:00 UTC = 2026-03-08 21:00 in New York: today() (UTC) and toDate(now()) (local) differ. */
export const NOW = Date.parse('2026-03-09T02:00:00Z');
export const ODD_EVENT = 'O\'Brien\'s "click" ✓ \\ back';

let serial = 0;
export function event(
  person: string,
  distinctId: string,
  name: string,
  iso: string,
  properties: EmulatedEvent['properties'] = {},
): EmulatedEvent {
  serial += 1;
  return {
    uuid: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    event: name,
    distinct_id: distinctId,
    person_id: person,
    timestamp: Date.parse(iso),
    properties,
  };
}

export const P1 = '11111111-1111-4111-8111-111111111111';
export const P2 = '22222222-2222-4222-8222-222222222222';
export const P3 = '33333333-3333-4333-8333-333333333333';

export function persons(): EmulatedPerson[] {
  return [
    { id: P1, created_at: Date.parse('2026-03-01T12:00:00Z'), distinct_ids: ['d1-anon', 'd1'], properties: { email: 'one@x.io', plan: 'pro', age: 31, beta: true } },
    { id: P2, created_at: Date.parse('2026-03-02T12:00:00Z'), distinct_ids: ['d2'], properties: { email: 'two@x.io', plan: 'free', age: 25, beta: false } },
    { id: P3, created_at: Date.parse('2026-03-03T12:00:00Z'), distinct_ids: ['d3'], properties: { plan: 'free' } },
  ];
}

const url = (path: string) => `https://app.x.io${path}`;

export function events(): EmulatedEvent[] {
  return [
    // s1: 2026-03-06 23:30 EST → 03-07 00:20 EST, anonymous then identified (two distinct_ids, one person).
    event(P1, 'd1-anon', '$pageview', '2026-03-07T04:30:00Z', { $session_id: 's1', $current_url: url('/a?x=1') }),
    event(P1, 'd1', '$pageview', '2026-03-07T05:10:00Z', { $session_id: 's1', $current_url: url('/b') }),
    event(P1, 'd1-anon', '$pageview', '2026-03-07T05:20:00Z', { $session_id: 's1', $current_url: url('/c') }),
    // s2: 03-07 10:00 EST, 30 s.
    event(P2, 'd2', 'signed_up', '2026-03-07T15:00:00Z', { $session_id: 's2' }),
    event(P2, 'd2', '$pageview', '2026-03-07T15:00:30Z', { $session_id: 's2', $current_url: url('/') }),
    event(P2, 'd2', ODD_EVENT, '2026-03-07T16:00:00Z', {}),
    // DST day 03-08: 01:30 EST (before the jump), 03:30 EDT (after).
    event(P1, 'd1', '$pageview', '2026-03-08T06:30:00Z', { $session_id: 's3', $current_url: url('/a') }),
    event(P3, 'd3', '$pageview', '2026-03-08T07:30:00Z', { $session_id: 's4', $current_url: url('/pricing') }),
    event(P3, 'd3', 'button_clicked', '2026-03-08T07:31:00Z', { $session_id: 's4', amount: 5, beta_ui: true }),
    // s5: 03-08 23:30 EDT → 03-09 00:30 EDT.
    event(P2, 'd2', '$pageview', '2026-03-09T03:30:00Z', { $session_id: 's5', $current_url: url('/a') }),
    event(P2, 'd2', '$pageview', '2026-03-09T04:30:00Z', { $session_id: 's5', $current_url: url('/b') }),
    // Fall-back day 11-01: 01:30 EDT and 01:30 EST (the repeated hour), 23:30 EST; then 11-02 00:30 EST.
    event(P1, 'd1', '$pageview', '2026-11-01T05:30:00Z', { $session_id: 's6', $current_url: url('/a') }),
    event(P1, 'd1', '$pageview', '2026-11-01T06:30:00Z', { $session_id: 's6', $current_url: url('/b') }),
    event(P3, 'd3', '$pageview', '2026-11-02T04:30:00Z', { $session_id: 's7', $current_url: url('/a') }),
    event(P3, 'd3', '$pageview', '2026-11-02T05:30:00Z', { amount: 2.5 }),
  ];
}

export function dataset(overrides: Partial<Dataset> = {}): Dataset {
  return {
    project: { id: 1, name: 'Fixture', timezone: TZ, api_token: 'phc_fixture', organization_id: 'org' },
    events: events(),
    persons: persons(),
    flags: [],
    incidents: { dauDropDay: '', errorSpikeDay: '', flagStoppedKey: '', flagStoppedDay: '' },
    firstDay: '2026-03-06',
    lastDay: '2026-11-02',
    ...overrides,
  };
}
