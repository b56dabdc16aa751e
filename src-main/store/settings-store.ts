/**
 * Main's durable settings: the connection (never the key — that is in the vault) and the connect
 * wizard's progress. One JSON file, validated with zod on load, written atomically. A file that is
 * corrupt or from an unknown version is moved aside (never silently lost) and the app starts clean.
 */
import path from 'node:path';
import { z } from 'zod';
import { ProjectSummarySchema, TrackingSchema } from '../../shared/contract';
import type { ErrorLog } from '../contract/dispatch';
import { openJsonDocument, type JsonDocument } from './json-document';

const Cloud = z.enum(['us', 'eu']).nullable();

export const SavedConnectionSchema = z
  .object({
    host: z.string().url(),
    cloud: Cloud,
    projectId: z.number().int().positive(),
    projectName: z.string().min(1),
    timezone: z.string().min(1),
    /** The project's week start (0 Sunday, 1 Monday); absent in files from before it was read: Sunday. */
    weekStartDay: z.union([z.literal(0), z.literal(1)]).optional(),
    /** The private CA certificate trusted for this host only (PEM), and the file name it came from. */
    caPem: z.string().nullable(),
    caLabel: z.string().nullable(),
    keyHint: z.string(),
    scopes: z.array(z.string()),
    connectedAt: z.string().datetime(),
    lastVerifiedAt: z.string().datetime().nullable(),
    demo: z.boolean(),
  })
  .strict();
export type SavedConnection = z.infer<typeof SavedConnectionSchema>;

export const WizardDraftSchema = z
  .object({
    host: z.string().url().nullable(),
    cloud: Cloud,
    caPem: z.string().nullable(),
    caLabel: z.string().nullable(),
    /** Projects are only meaningful while main holds the tested key; kept for display after a restart. */
    projects: z.array(ProjectSummarySchema),
  })
  .strict();
export type WizardDraft = z.infer<typeof WizardDraftSchema>;

/**
 * How the app behaves around its window and its schedule. Every field has a default, so a file
 * written before a field existed (or before `preferences` existed at all) reads as the defaults,
 * with everything else in it kept.
 */
export const PreferencesSchema = z
  .object({
    /** Closing the window hides it (tray / menu bar) instead of quitting, where a tray exists. */
    keepRunningInBackground: z.boolean().default(true),
    /** Start at login (macOS/Windows login items, XDG autostart on Linux). */
    openAtLogin: z.boolean().default(false),
    /** Auto-sync by tier is held; Refresh still works. */
    autoSyncPaused: z.boolean().default(false),
    /** "This desktop has no tray, so closing quits" has been said (it is said once). */
    noTrayNoticeShown: z.boolean().default(false),
  })
  .strict();
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = Object.freeze(PreferencesSchema.parse({}));

export const SettingsSchema = z
  .object({
    v: z.literal(1),
    connection: SavedConnectionSchema.nullable(),
    wizard: WizardDraftSchema.nullable(),
    /** Tracked custom events and funnel per project (`trackingKey`), kept when switching back and forth. */
    tracking: z.record(z.string(), TrackingSchema).default({}),
    /** Absent in files from before it existed (and until the first change): the defaults apply. */
    preferences: PreferencesSchema.optional(),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

/** The preferences in effect: the stored ones, or the defaults for a file that has none yet. */
export function preferencesOf(settings: Settings): Preferences {
  return settings.preferences ?? DEFAULT_PREFERENCES;
}

const EMPTY: Settings = { v: 1, connection: null, wizard: null, tracking: {} };

export type SettingsStore = JsonDocument<Settings>;

export async function openSettingsStore(dir: string, log: ErrorLog, now: () => number = Date.now): Promise<SettingsStore> {
  return openJsonDocument({ file: path.join(dir, 'settings.json'), schema: SettingsSchema, empty: EMPTY, log, now, consequence: 'started clean', indent: 2 });
}

/** The settings key of a project's tracking: host and project id. */
export function trackingKey(connection: Pick<SavedConnection, 'host' | 'projectId'>): string {
  return `${connection.host}#${connection.projectId}`;
}
