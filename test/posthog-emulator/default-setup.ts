/**
 * The emulator's standard world: a US cloud with two projects, an EU cloud with one, an optional
 * self-hosted HTTPS instance, and personal keys with different scopes — the cast every connect,
 * sync and e2e test needs. Keys are fixed strings so tests and the demo can name them.
 */
import { localDay } from './dataset/calendar';
import { generateDataset } from './dataset/generator';
import { truncateAt } from './dataset/truncate';
import type { Dataset } from './dataset/types';
import { personalKey, READ_SCOPES, type RegionName } from './server/config';
import type { RegionSetup } from './server/emulator';
import type { TlsScenario } from './server/tls';


/** Personal API keys the emulator knows. None of them is a real PostHog key. */
export const EMULATOR_KEYS = {
  /** US: every read scope, every project. */
  usFull: 'phx_emuUSfull0000000000000000000000000000000001',
  /** US: every read scope but `query:read`. */
  usNoQuery: 'phx_emuUSnoquery00000000000000000000000000000002',
  /** US: only `project:read` (four scopes missing). */
  usMinimal: 'phx_emuUSminimal00000000000000000000000000000003',
  /** US: every read scope, but scoped to project 2 only. */
  usScoped: 'phx_emuUSscoped000000000000000000000000000000004',
  /** EU: every read scope. */
  euFull: 'phx_emuEUfull0000000000000000000000000000000005',
  /** Self-hosted: every read scope. */
  selfHostedFull: 'phx_emuSHfull0000000000000000000000000000000006',
} as const;

export const PROJECT_IDS = { usWeb: 1, usMobile: 2, eu: 101, selfHosted: 501 } as const;

export interface DefaultSetupOptions {
  /** The emulator's "now" (UTC ms): data ends on this local day. */
  now: number;
  /** DAU at the end of the main project's window (default 300). */
  targetDailyActive?: number;
  /** Days of history of the main project (default 90). */
  days?: number;
  seed?: number;
  regions?: RegionName[];
  selfHostedTls?: TlsScenario;
}

function dataset(options: DefaultSetupOptions, spec: { id: number; name: string; timezone: string; scale: number; seedOffset: number; weekStartDay?: 0 | 1 }): Dataset {
  const generated = generateDataset({
    seed: (options.seed ?? 42) + spec.seedOffset,
    timezone: spec.timezone,
    endDay: localDay(options.now, spec.timezone),
    days: options.days ?? 90,
    targetDailyActive: Math.max(20, Math.round((options.targetDailyActive ?? 300) * spec.scale)),
    projectId: spec.id,
    projectName: spec.name,
    ...(spec.weekStartDay === undefined ? {} : { weekStartDay: spec.weekStartDay }),
  });
  return truncateAt(generated, options.now);
}

export function defaultRegions(options: DefaultSetupOptions): RegionSetup[] {
  const wanted = new Set<RegionName>(options.regions ?? ['us', 'eu']);
  const all = [...READ_SCOPES];
  const regions: RegionSetup[] = [];
  if (wanted.has('us')) {
    regions.push({
      name: 'us',
      organization: { id: '0190a000-0000-7000-8000-000000000001', name: 'Acme Inc.' },
      user: { uuid: '0190a000-0000-7000-8000-0000000000u1', distinct_id: 'founder-us', first_name: 'Ada', email: 'ada@acme.example' },
      keys: [
        personalKey(EMULATOR_KEYS.usFull, 'us-full', all),
        personalKey(EMULATOR_KEYS.usNoQuery, 'us-no-query', all.filter((s) => s !== 'query:read')),
        personalKey(EMULATOR_KEYS.usMinimal, 'us-minimal', ['project:read']),
        personalKey(EMULATOR_KEYS.usScoped, 'us-scoped', all, [PROJECT_IDS.usMobile]),
      ],
      datasets: [
        dataset(options, { id: PROJECT_IDS.usWeb, name: 'Acme Web', timezone: 'America/New_York', scale: 1, seedOffset: 0 }),
        dataset(options, { id: PROJECT_IDS.usMobile, name: 'Acme Mobile', timezone: 'UTC', scale: 0.2, seedOffset: 1 }),
      ],
    });
  }
  if (wanted.has('eu')) {
    regions.push({
      name: 'eu',
      organization: { id: '0190a000-0000-7000-8000-000000000002', name: 'Acme Europe GmbH' },
      user: { uuid: '0190a000-0000-7000-8000-0000000000u2', distinct_id: 'founder-eu', first_name: 'Emil', email: 'emil@acme.example' },
      keys: [personalKey(EMULATOR_KEYS.euFull, 'eu-full', all)],
      datasets: [dataset(options, { id: PROJECT_IDS.eu, name: 'Acme EU', timezone: 'Europe/Berlin', scale: 0.3, seedOffset: 2, weekStartDay: 1 })],
    });
  }
  if (wanted.has('self-hosted')) {
    regions.push({
      name: 'self-hosted',
      organization: { id: '0190a000-0000-7000-8000-000000000003', name: 'Acme (self-hosted)' },
      user: { uuid: '0190a000-0000-7000-8000-0000000000u3', distinct_id: 'founder-sh', first_name: 'Sam', email: 'sam@acme.example' },
      keys: [personalKey(EMULATOR_KEYS.selfHostedFull, 'self-hosted-full', all)],
      datasets: [dataset(options, { id: PROJECT_IDS.selfHosted, name: 'Acme On-Prem', timezone: 'UTC', scale: 0.1, seedOffset: 3 })],
      tls: options.selfHostedTls ?? 'private-ca',
    });
  }
  return regions;
}
