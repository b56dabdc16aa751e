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
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const AppErrorSchema = z
  .object({
    code: ErrorCodeSchema,
    message: z.string().min(1).max(2000),
    hint: z.string().min(1).max(2000).optional(),
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
export const ViewIdSchema = z.enum(['dashboard', 'alerts', 'settings', 'sync-log']);
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

/**
 * Which PostHog project Sightline reads, as the renderer may know it (never the key).
 * `demo` marks the PostHog emulator started by `npm run demo`.
 */
export const ConnectionStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not-connected') }).strict(),
  z
    .object({
      state: z.literal('connected'),
      host: z.string().url().max(500),
      projectId: z.number().int().positive(),
      projectName: z.string().min(1).max(200),
      timezone: z.string().min(1).max(64),
      demo: z.boolean(),
    })
    .strict(),
]);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Request/response channels (renderer → main)
// ---------------------------------------------------------------------------------------------

export const channels = {
  /** Who is answering: version, platform, transport, whether this is Electron. */
  'app.info': { request: EmptyRequest, response: AppInfoSchema },
  /** The connected PostHog project, if any. */
  'connection.status': { request: EmptyRequest, response: ConnectionStatusSchema },
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
  'app.navigate': z.object({ view: ViewIdSchema }).strict(),
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
  return { ok: true, event: { name, payload: parsed.data } };
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
