/**
 * Alert rules, what each remembers between evaluations (open incidents, dedupe keys, last
 * notification), their last state, and the history of firings and resolutions: one JSON document
 * (atomic writes, zod on load; a corrupt file is set aside and alerting starts over empty).
 */
import path from 'node:path';
import { z } from 'zod';
import { AlertRuleSchema } from '../../shared/alerts/rule';
import { AlertEventSchema, MAX_ALERT_HISTORY, RuleStateSchema } from '../../shared/alerts/status';
import { RuleRuntimeSchema } from '../alerts/lifecycle';
import type { ErrorLog } from '../contract/dispatch';
import { openJsonDocument, type JsonDocument } from './json-document';

export const MAX_ALERT_RULES = 200;

const AlertFileSchema = z
  .object({
    v: z.literal(1),
    rules: z.array(AlertRuleSchema).max(MAX_ALERT_RULES),
    runtime: z.record(z.string(), RuleRuntimeSchema),
    states: z.record(z.string(), RuleStateSchema),
    /** Newest first. */
    history: z.array(AlertEventSchema).max(MAX_ALERT_HISTORY),
  })
  .strict();
export type AlertFile = z.infer<typeof AlertFileSchema>;

export const EMPTY_ALERT_FILE: AlertFile = { v: 1, rules: [], runtime: {}, states: {}, history: [] };

export type AlertStore = JsonDocument<AlertFile>;

export function openAlertStore(dir: string, log: ErrorLog, now: () => number = Date.now): Promise<AlertStore> {
  return openJsonDocument({
    file: path.join(dir, 'alerts.json'),
    schema: AlertFileSchema,
    empty: EMPTY_ALERT_FILE,
    log,
    now,
    consequence: 'alert rules and history start over',
  });
}
