import { describe, expect, it } from 'vitest';
import {
  AUTO_SYNC_UPGRADE_SENTENCE,
  autoSyncCron,
  autoSyncIntervalMinutes,
  autoSyncSentence,
  DEFAULT_TIER,
  isRetained,
  isTier,
  retentionCutoff,
  retentionSentence,
  TIER_SPECS,
  TIERS,
  tierAtLeast,
  TierSchema,
} from '../../shared/tiers';

describe('tiers', () => {
  it('lists the four tiers in order, Starter by default', () => {
    expect(TIERS).toEqual(['starter', 'basic', 'pro', 'scale']);
    expect(DEFAULT_TIER).toBe('starter');
    expect(TIERS.map((t) => TIER_SPECS[t].label)).toEqual(['Starter', 'Basic', 'Pro', 'Scale']);
    expect(TIERS.every((t) => TIER_SPECS[t].id === t)).toBe(true);
    expect(tierAtLeast('scale', 'pro')).toBe(true);
    expect(tierAtLeast('pro', 'pro')).toBe(true);
    expect(tierAtLeast('basic', 'pro')).toBe(false);
  });

  it('knows a tier from anything else', () => {
    expect(isTier('pro')).toBe(true);
    expect(isTier('Pro')).toBe(false);
    expect(isTier('enterprise')).toBe(false);
    expect(isTier(3)).toBe(false);
    expect(TierSchema.safeParse('scale').success).toBe(true);
    expect(TierSchema.safeParse('gold').success).toBe(false);
  });

  it('auto-syncs Pro every 3 hours and Scale every 30 minutes, Starter and Basic never', () => {
    expect(TIERS.map(autoSyncIntervalMinutes)).toEqual([null, null, 180, 30]);
    expect(TIERS.map(autoSyncCron)).toEqual([null, null, '0 */3 * * *', '*/30 * * * *']);
  });

  it('tells the founder which tier enables auto-sync', () => {
    expect(AUTO_SYNC_UPGRADE_SENTENCE).toBe('Auto-sync needs Pro (every 3 hours) or Scale (every 30 minutes).');
    expect(autoSyncSentence('starter')).toBe(AUTO_SYNC_UPGRADE_SENTENCE);
    expect(autoSyncSentence('basic')).toBe(AUTO_SYNC_UPGRADE_SENTENCE);
    expect(autoSyncSentence('pro')).toBe('Auto-sync every 3 hours.');
    expect(autoSyncSentence('scale')).toBe('Auto-sync every 30 minutes.');
  });

  it('keeps the last N local days including today', () => {
    expect(TIERS.map((t) => TIER_SPECS[t].retentionDays)).toEqual([3, 30, null, null]);
    expect(retentionCutoff('starter', '2026-06-15')).toBe('2026-06-13');
    expect(retentionCutoff('basic', '2026-06-15')).toBe('2026-05-17');
    expect(retentionCutoff('pro', '2026-06-15')).toBeNull();
    expect(retentionCutoff('scale', '2026-06-15')).toBeNull();
    expect(retentionSentence('starter')).toBe('Keeps the last 3 days.');
    expect(retentionSentence('scale')).toBe('Keeps all history.');
  });

  it('counts retention across month and year ends, leap days and DST by calendar', () => {
    expect(retentionCutoff('starter', '2026-03-01')).toBe('2026-02-27');
    expect(retentionCutoff('starter', '2028-03-01')).toBe('2028-02-28'); // 2028 is a leap year: 02-29, 03-01
    expect(retentionCutoff('starter', '2027-01-02')).toBe('2026-12-31');
    expect(retentionCutoff('basic', '2026-03-01')).toBe('2026-01-31');
    expect(retentionCutoff('basic', '2026-01-10')).toBe('2025-12-12');
    expect(retentionCutoff('starter', '2026-03-09')).toBe('2026-03-07'); // US DST starts on 2026-03-08
  });

  it('decides which days survive', () => {
    const today = '2026-03-01';
    expect(['2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01'].map((d) => isRetained('starter', d, today))).toEqual([false, true, true, true]);
    expect(isRetained('basic', '2026-01-30', today)).toBe(false);
    expect(isRetained('basic', '2026-01-31', today)).toBe(true);
    expect(isRetained('pro', '2001-01-01', today)).toBe(true);
  });

  it('refuses a today that is not a day', () => {
    expect(() => retentionCutoff('starter', '2026-02-30')).toThrow('not a day');
    expect(() => retentionCutoff('pro', 'today')).toThrow('not a day');
  });
});
