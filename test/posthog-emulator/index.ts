/**
 * The PostHog emulator's front door: the default world (default-setup.ts) on real HogQL execution
 * (DuckDB engine) with the seeded generator behind the extend control.
 */
import { extendDataset } from './dataset/generator';
import { defaultRegions, type DefaultSetupOptions } from './default-setup';
import { createDuckDbEngine } from './engine/duckdb-engine';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './server/emulator';

export { EMULATOR_KEYS, PROJECT_IDS } from './default-setup';
export type { RunningEmulator, RunningRegion } from './server/emulator';

export type DefaultEmulatorOptions = DefaultSetupOptions & Pick<EmulatorOptions, 'rateLimits' | 'faultSeed'>;

export function startDefaultEmulator(options: DefaultEmulatorOptions): Promise<RunningEmulator> {
  // The clock starts at the pinned `now` and advances in real time, so rate-limit windows still move.
  const startedAt = Date.now();
  const clock = (): number => options.now + (Date.now() - startedAt);
  return startEmulator({
    regions: defaultRegions(options),
    createEngine: (dataset, now) => createDuckDbEngine(dataset, { now }),
    extend: (dataset, request) => extendDataset(dataset, request),
    now: clock,
    rateLimits: options.rateLimits,
    faultSeed: options.faultSeed,
  });
}
