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

export const SettingsSchema = z
  .object({
    v: z.literal(1),
    connection: SavedConnectionSchema.nullable(),
    wizard: WizardDraftSchema.nullable(),
    /** Tracked custom events and funnel per project (`trackingKey`), kept when switching back and forth. */
    tracking: z.record(z.string(), TrackingSchema).default({}),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

const EMPTY: Settings = { v: 1, connection: null, wizard: null, tracking: {} };

export type SettingsStore = JsonDocument<Settings>;

export async function openSettingsStore(dir: string, log: ErrorLog, now: () => number = Date.now): Promise<SettingsStore> {
  return openJsonDocument({ file: path.join(dir, 'settings.json'), schema: SettingsSchema, empty: EMPTY, log, now, consequence: 'started clean', indent: 2 });
}

/** The settings key of a project's tracking: host and project id. */
export function trackingKey(connection: Pick<SavedConnection, 'host' | 'projectId'>): string {
  return `${connection.host}#${connection.projectId}`;
}
