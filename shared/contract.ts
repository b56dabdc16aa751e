/**
 * The one contract between main and renderer.
 *
 * Every request, response and event that crosses the process boundary is described here as a zod
 * schema. Both transports (Electron IPC and the browser host's HTTP + server-sent events) carry exactly
 * this contract and validate it on both ends. Channel names are `domain.action`.
 *
 * Pure TypeScript: no Node and no DOM imports (checked by the two tsconfigs and by lint).
 */
import { z } from 'zod';
import { MAX_FUNNEL_STEPS, MAX_FUNNELS, MIN_FUNNEL_STEPS, PROPERTY_OPERATORS } from './funnels';
import { MAX_CONVERSION_WINDOW_DAYS, MAX_CUSTOM_EVENTS, MAX_EVENT_NAME_LENGTH, METRIC_IDS } from './metrics';
import { TierSchema } from './tiers';
import { AlertRuleInputSchema } from './alerts/rule';
import { AlertEventSchema, AlertNotificationSchema, AlertRuleViewSchema, MAX_ALERT_HISTORY } from './alerts/status';

// ---------------------------------------------------------------------------------------------
// Result and error shape
// ---------------------------------------------------------------------------------------------

/** Every failure a caller can see. Grows with the features; each code maps to one actionable message. */
export const ErrorCodeSchema = z.enum([
  /** The payload did not match the channel's request schema. */
  'bad_request',
  /** No such channel in the contract. */
  'unknown_channel',
  /** The caller is not who it claims to be (browser host: missing or wrong token). */
  'unauthorized',
  /** The caller is known but not allowed here (foreign frame, foreign origin). */
  'forbidden',
  /** The main process could not be reached (network to the browser host, closed window). */
  'unavailable',
  /** The main process answered with something the contract does not allow. */
  'bad_response',
  /** A bug: something failed that has no better code. The message never carries secrets. */
  'internal',
  // --- Talking to PostHog (connect, test, sync). Each has one founder-facing message and hint. ---
  /** The host URL is not a usable PostHog address (no scheme, not http(s), garbage). */
  'invalid_host',
  /** A project API key (`phc_…`): it can only send events. */
  'project_key',
  /** Not a PostHog personal API key at all (wrong prefix or shape). */
  'invalid_key_format',
  /** PostHog answered 401: the key is unknown, revoked or mistyped. */
  'invalid_key',
  /** The key is valid but lacks scopes; `details.missingScopes` lists every one. */
  'missing_scopes',
  /** The key belongs to the other PostHog cloud; `details.suggestedHost` is where it works. */
  'wrong_region',
  /** The project does not exist on this host (404). */
  'project_not_found',
  /** The key cannot access this project (403 without a scope problem). */
  'no_project_access',
  /** The key can see no project at all. */
  'no_projects',
  /** DNS could not resolve the host. */
  'dns_failure',
  /** Nothing listens at that address and port. */
  'connection_refused',
  /** PostHog did not answer in time. */
  'timeout',
  /** No network at all. */
  'offline',
  /** TLS: the certificate is self-signed. */
  'tls_self_signed',
  /** TLS: the certificate is signed by a CA this machine does not trust (a private CA). */
  'tls_untrusted_ca',
  /** TLS: the certificate has expired (or is not yet valid). */
  'tls_expired',
  /** TLS: the certificate is for another host name. */
  'tls_hostname_mismatch',
  /** TLS: any other handshake failure. */
  'tls_error',
  /** PostHog's rate limit; `details.retryAfterSeconds` says when to try again. */
  'rate_limited',
  /** PostHog answered 5xx. */
  'posthog_unavailable',
  /** The answer is not PostHog's (wrong URL, a proxy page, malformed JSON). */
  'not_posthog',
  /** A HogQL query was refused by PostHog (400 validation_error). */
  'query_rejected',
  // --- The sealed key ---
  /** The stored key cannot be decrypted (tampered, truncated, data key gone, unknown format). */
  'vault_unreadable',
  /** No key is stored. */
  'not_connected',
  /** A license key Sightline cannot accept (malformed, not signed by Sightline, expired, unknown version). */
  'license_invalid',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** Machine-readable facts that go with some errors, so the UI can offer the right action. */
export const ErrorDetailsSchema = z
  .object({
    missingScopes: z.array(z.string().max(64)).max(20).optional(),
    suggestedHost: z.string().url().max(500).optional(),
    suggestedRegion: z.enum(['us', 'eu']).optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    status: z.number().int().min(100).max(599).optional(),
  })
  .strict();
export type ErrorDetails = z.infer<typeof ErrorDetailsSchema>;

export const AppErrorSchema = z
  .object({
    code: ErrorCodeSchema,
    message: z.string().min(1).max(2000),
    hint: z.string().min(1).max(2000).optional(),
    details: ErrorDetailsSchema.optional(),
  })
  .strict();
export type AppError = z.infer<typeof AppErrorSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

/** The schema of `Result<T>` for a given data schema. */
export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }).strict(),
    z.object({ ok: z.literal(false), error: AppErrorSchema }).strict(),
  ]);
}

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, hint?: string): { ok: false; error: AppError } {
  return { ok: false, error: hint === undefined ? { code, message } : { code, message, hint } };
}

// ---------------------------------------------------------------------------------------------
// Shared value schemas
// ---------------------------------------------------------------------------------------------

export const TransportSchema = z.enum(['electron', 'browser']);
export type Transport = z.infer<typeof TransportSchema>;

/** The views of the renderer that main may ask to show (tray menu, notification click, shortcuts). */
export const ViewIdSchema = z.enum(['dashboard', 'retention', 'funnels', 'flags', 'tracking', 'connect', 'alerts', 'settings', 'sync-log']);
export type ViewId = z.infer<typeof ViewIdSchema>;

const EmptyRequest = z.object({}).strict();

export const AppInfoSchema = z
  .object({
    name: z.literal('Sightline'),
    version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/),
    /** Node's `process.platform` of the main process (`darwin`, `win32`, `linux`, …). */
    platform: z.string().min(1).max(32),
    arch: z.string().min(1).max(32),
    transport: TransportSchema,
    /** Electron's version when main runs inside Electron; null in browser mode. */
    electronVersion: z.string().min(1).max(64).nullable(),
    /** Why Sightline runs in a browser rather than its own window; null inside Electron. */
    browserModeReason: z.string().min(1).max(500).nullable(),
  })
  .strict()
  .refine((info) => (info.transport === 'electron') === (info.electronVersion !== null), {
    message: 'electronVersion is set exactly when the transport is electron',
  });
export type AppInfo = z.infer<typeof AppInfoSchema>;

const HostUrl = z.string().url().max(500);
const CloudSchema = z.enum(['us', 'eu']).nullable();
/** A key as the renderer may see it: `phx_…abcd`. Never more. */
const KeyHintSchema = z.string().regex(/^(phx_|phc_|phs_)?…[A-Za-z0-9_-]{0,4}$/);

export const ProjectSummarySchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string().min(1).max(200),
    timezone: z.string().min(1).max(64),
    /** The project's first day of the week (PostHog's `week_start_day`): 0 Sunday, 1 Monday. */
    weekStartDay: z.union([z.literal(0), z.literal(1)]).optional(),
  })
  .strict();
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

/** How the sealed key's data key is protected on this machine. */
export const KeyProtectionSchema = z
  .object({
    kind: z.enum(['os-keychain', 'file-only']),
    /** Shown persistently in Settings when the protection is weaker than an OS keychain. */
    warning: z.string().min(1).max(1000).nullable(),
  })
  .strict();

/**
 * Which PostHog project Sightline reads, as the renderer may know it (never the key).
 * `demo` marks the PostHog emulator started by `npm run demo`.
 */
export const ConnectionStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not-connected'), keyProtection: KeyProtectionSchema.optional() }).strict(),
  z
    .object({
      state: z.literal('connected'),
      host: HostUrl,
      cloud: CloudSchema.optional(),
      projectId: z.number().int().positive(),
      projectName: z.string().min(1).max(200),
      timezone: z.string().min(1).max(64),
      demo: z.boolean(),
      keyHint: KeyHintSchema.optional(),
      scopes: z.array(z.string().max(64)).max(50).optional(),
      caLabel: z.string().max(200).nullable().optional(),
      connectedAt: z.string().datetime().optional(),
      lastVerifiedAt: z.string().datetime().nullable().optional(),
      keyProtection: KeyProtectionSchema.optional(),
      /** Set when the stored key can't be used (e.g. it can't be decrypted): the app keeps working from cache. */
      problem: AppErrorSchema.nullable().optional(),
    })
    .strict(),
]);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

/** The connect wizard's saved progress. Never holds the key: after a restart it is asked again. */
export const WizardStepSchema = z.enum(['host', 'key', 'project']);
export const ConnectWizardSchema = z
  .object({
    step: WizardStepSchema,
    host: HostUrl.nullable(),
    cloud: CloudSchema,
    caLabel: z.string().max(200).nullable(),
    keyHint: KeyHintSchema.nullable(),
    /** Projects the tested key can read (only while its key is held in memory by main). */
    projects: z.array(ProjectSummarySchema).max(500),
  })
  .strict();
export type ConnectWizard = z.infer<typeof ConnectWizardSchema>;

const PEM = z.string().max(64 * 1024).regex(/-----BEGIN CERTIFICATE-----/, 'not a PEM certificate (it must contain -----BEGIN CERTIFICATE-----)');

export const ConnectionTestRequestSchema = z
  .object({
    host: z.string().min(1).max(500),
    /** Sent once, from the wizard to main; main never sends it back. */
    apiKey: z.string().min(1).max(200),
    caPem: PEM.nullable().optional(),
    caLabel: z.string().max(200).nullable().optional(),
  })
  .strict();

/** One sync, as the audit log and the renderer see it (never the key). */
const DayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const SyncKindSchema = z.enum(['initial', 'refresh']);
export const SyncEntrySchema = z
  .object({
    id: z.string().min(1).max(64),
    kind: SyncKindSchema,
    /** Null when the sync could not even start (no connection, the key can't be decrypted). */
    projectId: z.number().int().positive().nullable(),
    window: z.object({ from: DayString, to: DayString }).strict().nullable(),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime(),
    requests: z.number().int().min(0),
    rows: z.record(z.string(), z.number().int().min(0)),
    /** `cancelled`: stopped on request; the queries that had finished kept what they stored. */
    status: z.enum(['ok', 'partial', 'failed', 'cancelled']),
    errors: z.array(z.object({ queryId: z.string(), metrics: z.array(z.string()), error: AppErrorSchema }).strict()).max(20),
    revision: z.number().int().min(0),
  })
  .strict();
export type SyncEntry = z.infer<typeof SyncEntrySchema>;

export const SyncProgressSchema = z
  .object({
    kind: SyncKindSchema,
    step: z.number().int().min(0),
    total: z.number().int().min(0),
    queryId: z.string().nullable(),
  })
  .strict();
export type SyncProgressEvent = z.infer<typeof SyncProgressSchema>;

export const SyncStatusSchema = z
  .object({
    running: SyncProgressSchema.nullable(),
    last: SyncEntrySchema.nullable(),
  })
  .strict();
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/**
 * Replication of main's series store into the renderer's IndexedDB replica: everything changed since
 * the replica's revision (or everything, with `reset`, when it cannot catch up incrementally).
 */
const MetricIdSchema = z.enum(METRIC_IDS);
const SeriesKey = z.string().max(200);
export const SeriesChangesRequestSchema = z
  .object({ since: z.number().int().min(0), epoch: z.string().max(64).nullable() })
  .strict();
export const SeriesChangesSchema = z
  .object({
    reset: z.boolean(),
    epoch: z.string().min(1).max(64),
    revision: z.number().int().min(0),
    upserts: z.array(
      z.object({ metric: MetricIdSchema, key: SeriesKey, day: DayString, value: z.number().nullable(), rev: z.number().int().min(0) }).strict(),
    ),
    deletions: z.array(z.object({ metric: MetricIdSchema, key: SeriesKey, day: DayString, rev: z.number().int().min(0) }).strict()),
  })
  .strict();
export type SeriesChanges = z.infer<typeof SeriesChangesSchema>;

/** The plan: tier from a verified license, what it allows, and when auto-sync runs next. */
export const PlanStatusSchema = z
  .object({
    tier: TierSchema,
    tierLabel: z.string(),
    license: z.discriminatedUnion('state', [
      z.object({ state: z.literal('none') }).strict(),
      z.object({ state: z.literal('licensed'), licensee: z.string().max(200), expiresAt: z.string().datetime().nullable() }).strict(),
      z.object({ state: z.literal('invalid'), message: z.string(), hint: z.string() }).strict(),
    ]),
    /** "Auto-sync every 30 minutes." or why there is none. */
    autoSync: z.string(),
    /** "Keeps the last 3 days." / "Keeps all history." */
    retention: z.string(),
    nextAutoSyncAt: z.string().datetime().nullable(),
  })
  .strict();
export type PlanStatus = z.infer<typeof PlanStatusSchema>;

/** A PostHog event name as Sightline tracks it (it becomes a series key). */
const EventNameSchema = z
  .string()
  .min(1, 'an event name cannot be empty')
  .max(MAX_EVENT_NAME_LENGTH, `Sightline tracks event names of at most ${MAX_EVENT_NAME_LENGTH} characters`);

/** A step's property filter (shared/funnels.ts). */
const StepFilterSchema = z
  .object({
    key: z.string().min(1, 'a property filter needs a property').max(MAX_EVENT_NAME_LENGTH),
    operator: z.enum(PROPERTY_OPERATORS),
    value: z.string().min(1, 'a property filter needs a value').max(500),
  })
  .strict();
const FunnelStepSchema = z.object({ event: EventNameSchema, filter: StepFilterSchema.nullable() }).strict();
const FunnelFields = {
  name: z.string().trim().min(1, 'give the funnel a name').max(120),
  steps: z.array(FunnelStepSchema).min(MIN_FUNNEL_STEPS, `a funnel needs at least ${MIN_FUNNEL_STEPS} steps`).max(MAX_FUNNEL_STEPS, `a funnel has at most ${MAX_FUNNEL_STEPS} steps`),
  windowDays: z.number().int().min(1).max(MAX_CONVERSION_WINDOW_DAYS),
};
const FunnelIdSchema = z.string().min(1).max(64).regex(/^[^:]+$/, 'a funnel id has no colon');

/** A funnel as the founder asks for it: `id` names the funnel being edited (null for a new one). */
export const FunnelRequestSchema = z.object({ id: FunnelIdSchema.nullable(), ...FunnelFields }).strict();
export type FunnelRequest = z.infer<typeof FunnelRequestSchema>;

/** A stored funnel: main gives it an id, which keys its series (a funnel asking another question gets a new id). */
export const FunnelSchema = z.object({ id: FunnelIdSchema, ...FunnelFields }).strict();
export type Funnel = z.infer<typeof FunnelSchema>;

const distinctNames = (names: readonly string[]): boolean => new Set(names).size === names.length;
const CustomEventsSchema = z
  .array(EventNameSchema)
  .max(MAX_CUSTOM_EVENTS, `Sightline syncs at most ${MAX_CUSTOM_EVENTS} custom events`)
  .refine(distinctNames, 'an event is chosen twice');

/** What the retention table and the Day-N series measure (shared/retention.ts). */
export const RetentionDefinitionSchema = z
  .object({
    period: z.enum(['day', 'week', 'month']),
    startEvent: EventNameSchema.nullable(),
    returnEvent: EventNameSchema.nullable(),
    mode: z.enum(['first_time', 'recurring']),
  })
  .strict();

const distinctIds = (funnels: ReadonlyArray<{ id: string | null }>): boolean => {
  const ids = funnels.flatMap((f) => (f.id === null ? [] : [f.id]));
  return new Set(ids).size === ids.length;
};

/**
 * Settings written before funnels had several steps hold one two-step `conversion` (or null): read as
 * a funnel with the same id, so its series and the alert rules on them carry on.
 */
function fromLegacyConversion(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('conversion' in value) || 'funnels' in value) return value;
  const { conversion, ...rest } = value as { conversion: unknown } & Record<string, unknown>;
  if (conversion === null) return { ...rest, funnels: [] };
  const c = conversion as { id?: unknown; from?: unknown; to?: unknown; windowDays?: unknown };
  const step = (event: unknown) => ({ event, filter: null });
  return { ...rest, funnels: [{ id: c.id, name: `${String(c.from)} → ${String(c.to)}`.slice(0, 120), steps: [step(c.from), step(c.to)], windowDays: c.windowDays }] };
}

/**
 * The project's tracked custom events, funnels and retention definition (per project, in main's
 * settings). `retention` is absent until the founder changes it (the default applies); a request
 * without it keeps the current one.
 */
export const TrackingSchema = z.preprocess(
  fromLegacyConversion,
  z
    .object({
      customEvents: CustomEventsSchema,
      funnels: z.array(FunnelSchema).max(MAX_FUNNELS, `Sightline syncs at most ${MAX_FUNNELS} funnels`).refine(distinctIds, 'two funnels have the same id'),
      retention: RetentionDefinitionSchema.optional(),
    })
    .strict(),
);
export type Tracking = z.infer<typeof TrackingSchema>;
export const TrackingRequestSchema = z
  .object({
    customEvents: CustomEventsSchema,
    funnels: z.array(FunnelRequestSchema).max(MAX_FUNNELS, `Sightline syncs at most ${MAX_FUNNELS} funnels`).refine(distinctIds, 'a funnel is listed twice'),
    retention: RetentionDefinitionSchema.optional(),
  })
  .strict();

/** One entry of the event picker, from PostHog's event definitions. */
export const EventDefinitionInfoSchema = z
  .object({
    name: z.string().max(1000),
    /** Events in the last 30 days, when PostHog reports it. */
    volume30Day: z.number().int().min(0).nullable(),
    lastSeenAt: z.string().datetime({ offset: true }).nullable(),
  })
  .strict();
export type EventDefinitionInfo = z.infer<typeof EventDefinitionInfoSchema>;

/** The project's feature flags as PostHog's flag API lists them (not deleted), fetched with every sync. */
export const FlagListSchema = z
  .object({
    /** When the list was fetched; null before the first sync that got it. */
    fetchedAt: z.string().datetime().nullable(),
    flags: z
      .array(z.object({ id: z.number().int(), key: z.string().max(400), name: z.string().max(1000), active: z.boolean() }).strict())
      .max(5000),
  })
  .strict();
export type FlagList = z.infer<typeof FlagListSchema>;

/** A ready-made rule offered after the first sync (shared/alerts/templates.ts). */
export const AlertTemplateSchema = z
  .object({ id: z.string().min(1).max(64), title: z.string().max(200), description: z.string().max(1000), rule: AlertRuleInputSchema, enabled: z.boolean() })
  .strict();

/** Where a view should open: the metric's detail at a day (a notification click). */
export const NavigateFocusSchema = z
  .object({ metric: MetricIdSchema, key: SeriesKey, day: DayString })
  .strict();
export type NavigateFocus = z.infer<typeof NavigateFocusSchema>;

/** One desktop behaviour as this host offers it: can it be chosen here, and what it does on this platform. */
export const HostBehaviourSchema = z
  .object({ available: z.boolean(), explanation: z.string().min(1).max(500) })
  .strict();
export type HostBehaviour = z.infer<typeof HostBehaviourSchema>;

/**
 * How Sightline behaves around its window and its schedule, and what each choice means on this host
 * (Electron on macOS / Windows / Linux with or without a tray, or the browser host).
 */
export const AppSettingsSchema = z
  .object({
    /** Closing the window hides it (tray / menu bar) and syncing and alerting go on. */
    keepRunningInBackground: z.boolean(),
    openAtLogin: z.boolean(),
    /** Auto-sync by tier is held; Refresh still works. */
    autoSyncPaused: z.boolean(),
    host: z.object({ background: HostBehaviourSchema, openAtLogin: HostBehaviourSchema }).strict(),
  })
  .strict();
export type AppSettings = z.infer<typeof AppSettingsSchema>;

/** A change to some of them (at least one). */
export const AppSettingsChangeSchema = z
  .object({ keepRunningInBackground: z.boolean().optional(), openAtLogin: z.boolean().optional(), autoSyncPaused: z.boolean().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, { message: 'name at least one setting to change' });
export type AppSettingsChange = z.infer<typeof AppSettingsChangeSchema>;

// ---------------------------------------------------------------------------------------------
// Request/response channels (renderer → main)
// ---------------------------------------------------------------------------------------------

export const channels = {
  /** Who is answering: version, platform, transport, whether this is Electron. */
  'app.info': { request: EmptyRequest, response: AppInfoSchema },
  /** The connected PostHog project, if any. */
  'connection.status': { request: EmptyRequest, response: ConnectionStatusSchema },
  /** The wizard's saved progress (survives a restart, without the key). */
  'connection.wizard': { request: EmptyRequest, response: ConnectWizardSchema },
  /** Step 1 of the wizard: where PostHog is (normalised and remembered). */
  'connection.setHost': {
    request: z.object({ host: z.string().min(1).max(500), caPem: PEM.nullable().optional(), caLabel: z.string().max(200).nullable().optional() }).strict(),
    response: ConnectWizardSchema,
  },
  /** Tests host + key against PostHog; on success main holds the key in memory and lists its projects. */
  'connection.test': { request: ConnectionTestRequestSchema, response: ConnectWizardSchema },
  /** Seals the tested key for the chosen project and connects. */
  'connection.save': { request: z.object({ projectId: z.number().int().positive() }).strict(), response: ConnectionStatusSchema },
  /** Back to the wizard's first step, forgetting any key held in memory. */
  'connection.resetWizard': { request: EmptyRequest, response: ConnectWizardSchema },
  /** Re-tests the saved connection with the sealed key. */
  'connection.retest': { request: EmptyRequest, response: ConnectionStatusSchema },
  /** Projects the sealed key can read (to switch project). */
  'connection.projects': { request: EmptyRequest, response: z.array(ProjectSummarySchema).max(500) },
  'connection.switchProject': { request: z.object({ projectId: z.number().int().positive() }).strict(), response: ConnectionStatusSchema },
  /** Deletes the sealed key and stops syncing; synced history stays (under tier retention). */
  'connection.disconnect': { request: EmptyRequest, response: ConnectionStatusSchema },
  /** Refresh: the last 7 days and today. Joins a sync that is already running. */
  'sync.refresh': { request: EmptyRequest, response: SyncEntrySchema },
  'sync.status': { request: EmptyRequest, response: SyncStatusSchema },
  'plan.status': { request: EmptyRequest, response: PlanStatusSchema },
  /** Installs a license key (verified offline); the tier follows from it. */
  'plan.installLicense': { request: z.object({ license: z.string().min(1).max(8192) }).strict(), response: PlanStatusSchema },
  'plan.removeLicense': { request: EmptyRequest, response: PlanStatusSchema },
  /** The machine woke up or came back online (Electron's powerMonitor; the browser host's page can say so too). */
  'app.resumed': { request: EmptyRequest, response: z.object({}).strict() },
  /** What the renderer's replica needs to catch up with main's series store. */
  'series.changes': { request: SeriesChangesRequestSchema, response: SeriesChangesSchema },
  /** The audit log, newest first. */
  'sync.log': { request: EmptyRequest, response: z.array(SyncEntrySchema).max(500) },
  /** Stops the running sync; what its finished queries stored stays. `cancelled` is false when none was running. */
  'sync.cancel': { request: EmptyRequest, response: z.object({ cancelled: z.boolean() }).strict() },
  /** The network came back or went away (the page's `online`/`offline` events): auto-sync pauses while offline. */
  'app.network': { request: z.object({ online: z.boolean() }).strict(), response: z.object({}).strict() },
  /** The tracked custom events and conversion funnel of the connected project. */
  'tracking.get': { request: EmptyRequest, response: TrackingSchema },
  /** Replaces them: series of events no longer tracked are removed, new ones are fetched (30 days) at once. */
  'tracking.set': { request: TrackingRequestSchema, response: TrackingSchema },
  /** The event picker: the project's event definitions matching `search`, busiest first. */
  'events.definitions': { request: z.object({ search: z.string().max(200) }).strict(), response: z.array(EventDefinitionInfoSchema).max(500) },
  /** The feature flag list stored by the last sync (works offline). */
  'flags.list': { request: EmptyRequest, response: FlagListSchema },
  /** Alert rules with their state after the last evaluation. */
  'alerts.rules': { request: EmptyRequest, response: z.array(AlertRuleViewSchema).max(200) },
  /** Creates (`id` null) or replaces a rule; it is evaluated after the next sync. */
  'alerts.save': { request: z.object({ id: z.string().min(1).max(64).nullable(), rule: AlertRuleInputSchema }).strict(), response: AlertRuleViewSchema },
  'alerts.delete': { request: z.object({ id: z.string().min(1).max(64) }).strict(), response: z.object({ deleted: z.boolean() }).strict() },
  /** Holds a rule's notifications for 1 hour, 1 day or 1 week (null: un-snooze). */
  'alerts.snooze': {
    request: z.object({ id: z.string().min(1).max(64), duration: z.enum(['1h', '1d', '1w']).nullable() }).strict(),
    response: AlertRuleViewSchema,
  },
  /** Every firing and resolution, newest first. */
  'alerts.history': { request: EmptyRequest, response: z.array(AlertEventSchema).max(MAX_ALERT_HISTORY) },
  /** The ready-made rules for what this project syncs, each saying whether it is enabled already. */
  'alerts.templates': { request: EmptyRequest, response: z.array(AlertTemplateSchema).max(100) },
  /** Running in the background, opening at login, auto-sync paused, and what each does on this host. */
  'app.settings': { request: EmptyRequest, response: AppSettingsSchema },
  /** Changes some of them; answers with all of them (also sent as `app.settingsChanged`). */
  'app.setSettings': { request: AppSettingsChangeSchema, response: AppSettingsSchema },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type Channel = keyof typeof channels;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]['response']>;

export const channelNames = Object.keys(channels) as readonly Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

// ---------------------------------------------------------------------------------------------
// Events (main → renderer)
// ---------------------------------------------------------------------------------------------

export const events = {
  /** Main asks the renderer to show a view (tray menu, notification click, keyboard shortcut). */
  'app.navigate': z.object({ view: ViewIdSchema, focus: NavigateFocusSchema.optional() }).strict(),
  /** The connection changed (connected, switched, re-tested, disconnected) — in any window. */
  'connection.changed': ConnectionStatusSchema,
  /** A sync moved on (for a determinate progress bar). */
  'sync.progress': SyncProgressSchema,
  /** A sync ended; its audit entry. */
  'sync.finished': SyncEntrySchema,
  /** Main's series store moved to `revision`: replicas should ask for `series.changes`. */
  'series.changed': z.object({ revision: z.number().int().min(0), epoch: z.string().min(1).max(64) }).strict(),
  /** The tier, license or next auto-sync changed. */
  'plan.changed': PlanStatusSchema,
  /** A sync stored a new feature flag list. */
  'flags.changed': FlagListSchema,
  /** The tracked events or funnel changed (in any window). */
  'tracking.changed': TrackingSchema,
  /** Rules or their states changed (an edit, an evaluation): the history may have grown too. */
  'alerts.changed': z.array(AlertRuleViewSchema).max(200),
  /**
   * An alert to show in the page: the browser host's notifier (Web Notifications when permitted,
   * otherwise an in-app toast). Inside Electron the shell shows a native notification instead.
   */
  'alerts.notification': AlertNotificationSchema,
  /** The app settings changed (Settings in any window, or the tray's Pause/Resume auto-sync). */
  'app.settingsChanged': AppSettingsSchema,
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export type AppEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const eventNames = Object.keys(events) as readonly EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Validates an event envelope as it arrives on either transport. */
export function parseEvent(raw: unknown): { ok: true; event: AppEvent } | { ok: false; error: string } {
  const envelope = z.object({ name: z.string(), payload: z.unknown() }).strict().safeParse(raw);
  if (!envelope.success) return { ok: false, error: 'event is not {name, payload}' };
  const { name, payload } = envelope.data;
  if (!isEventName(name)) return { ok: false, error: `unknown event "${name.slice(0, 64)}"` };
  const parsed = events[name].safeParse(payload);
  if (!parsed.success) return { ok: false, error: `invalid ${name} payload: ${describeIssues(parsed.error)}` };
  // TypeScript cannot correlate `name` with its schema's output across the union; the lookup above does.
  return { ok: true, event: { name, payload: parsed.data } as AppEvent };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A short, human-readable account of a zod error: `path: message; path: message`. */
export function describeIssues(error: z.ZodError, max = 5): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > max) parts.push(`…and ${error.issues.length - max} more`);
  return parts.join('; ');
}
