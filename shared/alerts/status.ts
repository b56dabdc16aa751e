/**
 * What main tells the renderer about alerts: each rule's state after its last evaluation, the
 * history of firings and resolutions, and the notifications it sends. zod schemas (contract and
 * main's alerts file).
 */
import { z } from 'zod';
import { METRIC_IDS, MAX_EVENT_NAME_LENGTH } from '../metrics';
import { AlertRuleSchema, SEVERITIES } from './rule';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Text = z.string().max(1000);
const Key = z.string().max(MAX_EVENT_NAME_LENGTH);

/**
 * - `pending`: not evaluated yet (saved since the last sync);
 * - `ok`, `firing`; `resolved`: it recovered at its last evaluation;
 * - `no_data`: the metric is missing or its query failed (shown, never silently OK);
 * - `error`: the evaluation itself failed;
 * - `disabled`: switched off.
 */
export const RULE_STATUSES = ['pending', 'ok', 'firing', 'resolved', 'no_data', 'error', 'disabled'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export const RuleStateSchema = z
  .object({
    status: z.enum(RULE_STATUSES),
    /** Why: the firing sentence, what is missing, what failed. */
    message: Text.nullable(),
    evaluatedAt: z.string().datetime().nullable(),
    /** The last day evaluated. */
    day: Day.nullable(),
    /** Open incidents, one per firing series. */
    firing: z.array(z.object({ key: Key, since: Day, text: Text }).strict()).max(500),
  })
  .strict();
export type RuleState = z.infer<typeof RuleStateSchema>;

export const PENDING_STATE: RuleState = { status: 'pending', message: null, evaluatedAt: null, day: null, firing: [] };

export const AlertRuleViewSchema = z.object({ rule: AlertRuleSchema, state: RuleStateSchema }).strict();
export type AlertRuleView = z.infer<typeof AlertRuleViewSchema>;

/** One firing or resolution, with its numbers, as the history keeps it. */
export const AlertEventSchema = z
  .object({
    id: z.string().min(1).max(64),
    ruleId: z.string().min(1).max(64),
    ruleName: z.string().max(120),
    kind: z.enum(['fired', 'resolved']),
    severity: z.enum(SEVERITIES),
    metric: z.enum(METRIC_IDS),
    key: Key,
    /** The day it fired (the incident's first day) or recovered. */
    day: Day,
    /** The incident's first day (the dedupe key with the rule and the series). */
    incidentStart: Day,
    recordedAt: z.string().datetime(),
    value: z.number().nullable(),
    reference: z.number().nullable(),
    change: z.number().nullable(),
    text: Text,
    notified: z.boolean(),
    /** Why no notification went out: the rule was snoozed, or within its cool-down. */
    suppressed: z.enum(['snoozed', 'cooldown']).nullable(),
  })
  .strict();
export type AlertEvent = z.infer<typeof AlertEventSchema>;

/** What a notification says and where clicking it leads (the metric's detail at that day). */
export const AlertNotificationSchema = z
  .object({
    id: z.string().min(1).max(64),
    ruleId: z.string().min(1).max(64),
    kind: z.enum(['fired', 'resolved']),
    severity: z.enum(SEVERITIES),
    title: z.string().min(1).max(200),
    body: Text,
    metric: z.enum(METRIC_IDS),
    key: Key,
    day: Day,
  })
  .strict();
export type AlertNotification = z.infer<typeof AlertNotificationSchema>;

/** History kept at most (on top of tier retention, which prunes by day like the series). */
export const MAX_ALERT_HISTORY = 1000;
