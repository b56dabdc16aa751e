/**
 * The four tiers and what each allows: how often main syncs on its own, and how many days of history
 * both stores keep. Starter is what everyone has without a license; a license key (verified offline in
 * src-main/license/) raises it.
 *
 * Pure TypeScript: no Node and no DOM imports (checked by the two tsconfigs and by lint).
 */
import { z } from 'zod';
import { addDays, isDay } from './time';

export const TIERS = ['starter', 'basic', 'pro', 'scale'] as const;
export type Tier = (typeof TIERS)[number];
export const TierSchema = z.enum(TIERS);

/** The tier without a license (and with an invalid, tampered or expired one). */
export const DEFAULT_TIER: Tier = 'starter';

export interface AutoSyncSpec {
  /** Minutes between two scheduled runs. */
  everyMinutes: number;
  /** The same schedule for node-cron, in the machine's local time (minute hour day month weekday). */
  cron: string;
  /** How the UI says it: "every 3 hours". */
  label: string;
}

export interface TierSpec {
  id: Tier;
  label: string;
  /** null: manual sync only (the Refresh button). */
  autoSync: AutoSyncSpec | null;
  /**
   * How many local days of history are kept, today included (see `retentionCutoff`); null: unlimited.
   */
  retentionDays: number | null;
}

export const TIER_SPECS = {
  starter: { id: 'starter', label: 'Starter', autoSync: null, retentionDays: 3 },
  basic: { id: 'basic', label: 'Basic', autoSync: null, retentionDays: 30 },
  pro: { id: 'pro', label: 'Pro', autoSync: { everyMinutes: 180, cron: '0 */3 * * *', label: 'every 3 hours' }, retentionDays: null },
  scale: { id: 'scale', label: 'Scale', autoSync: { everyMinutes: 30, cron: '*/30 * * * *', label: 'every 30 minutes' }, retentionDays: null },
} as const satisfies { [T in Tier]: TierSpec & { id: T } };

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

export function tierLabel(tier: Tier): string {
  return TIER_SPECS[tier].label;
}

/** Whether `tier` is `other` or above it (Starter < Basic < Pro < Scale). */
export function tierAtLeast(tier: Tier, other: Tier): boolean {
  return TIERS.indexOf(tier) >= TIERS.indexOf(other);
}

/** The tier's auto-sync schedule, or null when it syncs only on demand. */
export function autoSyncOf(tier: Tier): AutoSyncSpec | null {
  return TIER_SPECS[tier].autoSync;
}

/** Minutes between automatic syncs, or null when the tier has none. */
export function autoSyncIntervalMinutes(tier: Tier): number | null {
  return autoSyncOf(tier)?.everyMinutes ?? null;
}

/** The node-cron expression for the tier's automatic syncs, or null when it has none. */
export function autoSyncCron(tier: Tier): string | null {
  return autoSyncOf(tier)?.cron ?? null;
}

const autoSyncTiers = TIERS.filter((t) => TIER_SPECS[t].autoSync !== null);

/**
 * What the UI says where auto-sync would be when the tier has none:
 * "Auto-sync needs Pro (every 3 hours) or Scale (every 30 minutes)."
 */
export const AUTO_SYNC_UPGRADE_SENTENCE = `Auto-sync needs ${autoSyncTiers
  .map((t) => `${TIER_SPECS[t].label} (${TIER_SPECS[t].autoSync?.label ?? ''})`)
  .join(' or ')}.`;

/** One founder-facing sentence about the tier's auto-sync: "Auto-sync every 3 hours." or the upgrade sentence. */
export function autoSyncSentence(tier: Tier): string {
  const spec = autoSyncOf(tier);
  return spec === null ? AUTO_SYNC_UPGRADE_SENTENCE : `Auto-sync ${spec.label}.`;
}

/**
 * The first day a tier keeps, or null when it keeps everything.
 *
 * "Retention N days" keeps the last N local days **including today** (which is partial): with
 * `today = 2026-03-01`, Starter (3) keeps 2026-02-27, 2026-02-28 and 2026-03-01, so its cutoff is
 * 2026-02-27; Basic (30) keeps 2026-01-31 … 2026-03-01. Every day before the cutoff is pruned.
 * `today` is the project's local day (`YYYY-MM-DD`, see shared/time.ts); calendar arithmetic, so month
 * ends, leap days and DST do not matter. Throws on a string that is not a real day (a caller's bug).
 */
export function retentionCutoff(tier: Tier, today: string): string | null {
  if (!isDay(today)) throw new Error(`not a day: ${today}`);
  const days = TIER_SPECS[tier].retentionDays;
  return days === null ? null : addDays(today, -(days - 1));
}

/** Whether `day` survives the tier's retention on `today` (days after today are kept too). */
export function isRetained(tier: Tier, day: string, today: string): boolean {
  const cutoff = retentionCutoff(tier, today);
  return cutoff === null || day >= cutoff;
}

/** "Keeps the last 3 days." / "Keeps all history." */
export function retentionSentence(tier: Tier): string {
  const days = TIER_SPECS[tier].retentionDays;
  return days === null ? 'Keeps all history.' : `Keeps the last ${days} days.`;
}
