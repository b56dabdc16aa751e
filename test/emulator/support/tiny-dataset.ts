import type { Dataset, EmulatedEvent } from '../../posthog-emulator/dataset/types';

/** A hand-made project small enough to reason about: three persons, two days, two flags. */
export function tinyDataset(overrides: { id?: number; name?: string; timezone?: string } = {}): Dataset {
  const at = (iso: string): number => Date.parse(iso);
  let n = 0;
  const ev = (event: string, person: string, distinctId: string, iso: string, properties: EmulatedEvent['properties'] = {}): EmulatedEvent => ({
    uuid: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    event,
    distinct_id: distinctId,
    person_id: person,
    timestamp: at(iso),
    properties,
  });
  const p1 = '11111111-1111-4111-8111-111111111111';
  const p2 = '22222222-2222-4222-8222-222222222222';
  const p3 = '33333333-3333-4333-8333-333333333333';
  const events = [
    ev('$pageview', p1, 'anon-1', '2026-03-01T10:00:00Z', { $session_id: 's1' }),
    ev('signed_up', p1, 'ada@example.com', '2026-03-01T10:05:00Z', { $session_id: 's1' }),
    ev('$pageview', p2, 'anon-2', '2026-03-01T12:00:00Z', { $session_id: 's2' }),
    ev('$feature_flag_called', p2, 'anon-2', '2026-03-01T12:00:01Z', { $feature_flag: 'new-nav', $feature_flag_response: true }),
    ev('$pageview', p1, 'ada@example.com', '2026-03-02T09:00:00Z', { $session_id: 's3' }),
    ev('$exception', p3, 'anon-3', '2026-03-02T09:30:00Z', { $session_id: 's4', $exception_message: 'boom' }),
    ev('$feature_flag_called', p3, 'anon-3', '2026-03-02T09:30:01Z', { $feature_flag: 'beta-export', $feature_flag_response: false }),
  ];
  const project = { id: overrides.id ?? 1, name: overrides.name ?? 'Tiny', timezone: overrides.timezone ?? 'UTC', api_token: 'phc_tiny000000000000000000000000000000000', organization_id: 'org-1' };
  return {
    project,
    events,
    persons: [
      { id: p1, created_at: at('2026-03-01T10:00:00Z'), distinct_ids: ['anon-1', 'ada@example.com'], properties: { email: 'ada@example.com' } },
      { id: p2, created_at: at('2026-03-01T12:00:00Z'), distinct_ids: ['anon-2'], properties: {} },
      { id: p3, created_at: at('2026-03-02T09:30:00Z'), distinct_ids: ['anon-3'], properties: {} },
    ],
    flags: [
      { id: 1, key: 'new-nav', name: 'New navigation', active: true, created_at: at('2026-02-01T00:00:00Z'), rollout_percentage: 50 },
      { id: 2, key: 'beta-export', name: 'Beta export', active: true, created_at: at('2026-02-02T00:00:00Z'), rollout_percentage: 10 },
      { id: 3, key: 'dark-mode', name: 'Dark mode', active: false, created_at: at('2026-02-03T00:00:00Z'), rollout_percentage: 0 },
    ],
    incidents: { dauDropDay: '2026-03-02', errorSpikeDay: '2026-03-02', flagStoppedKey: 'new-nav', flagStoppedDay: '2026-03-02' },
    firstDay: '2026-03-01',
    lastDay: '2026-03-02',
  };
}
