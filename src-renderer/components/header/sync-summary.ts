/**
 * What the header says about syncs, as pure functions of the audit log: when the data was last
 * synced, whether PostHog could be reached, and what the last sync came to.
 */
import type { AppError, ErrorCode, SyncEntry } from '../../../shared/contract';
import { METRICS, type MetricInfo } from '../../../shared/metrics';
import { formatCount } from '../../format/format';
import type { SyncOutcome } from '../../state/sync-store';

/** The key of `entry.rows` that counts the feature flags listed (not series values). */
export const FLAG_LIST = 'flag-list';

/** When the newest successful (`ok`) sync of the project finished, or null if none did. */
export function lastSuccessfulSyncAt(log: readonly SyncEntry[], projectId: number): string | null {
  return log.find((e) => e.status === 'ok' && e.projectId === projectId)?.finishedAt ?? null;
}

/** The newest sync of the project (entries of syncs that could not even start belong to no project). */
export function newestSync(log: readonly SyncEntry[], projectId: number): SyncEntry | undefined {
  return log.find((e) => e.projectId === projectId || e.projectId === null);
}

/** Failures below HTTP: the machine, the network or TLS, not PostHog's answer. */
export const NETWORK_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'offline',
  'dns_failure',
  'connection_refused',
  'timeout',
  'tls_self_signed',
  'tls_untrusted_ca',
  'tls_expired',
  'tls_hostname_mismatch',
  'tls_error',
]);

/** The network-level error that made this sync fail, or null (it did not fail, or not for that). */
export function unreachableError(entry: SyncEntry | undefined): AppError | null {
  if (entry?.status !== 'failed') return null;
  return entry.errors.find((e) => NETWORK_ERROR_CODES.has(e.error.code))?.error ?? null;
}

export interface OutcomeView {
  tone: 'ok' | 'warn' | 'error' | 'neutral';
  text: string;
  hint: string | null;
}

const plural = (n: number, one: string, many: string, locale: string): string => `${formatCount(n, locale)} ${n === 1 ? one : many}`;

/** `Updated 412 values · 12 feature flags`: series values stored, and the flag list if it was fetched. */
export function updatedText(rows: Readonly<Record<string, number>>, locale: string): string {
  const values = Object.entries(rows).reduce((sum, [key, n]) => (key === FLAG_LIST ? sum : sum + n), 0);
  const flags = rows[FLAG_LIST];
  const flagText = flags === undefined ? '' : ` · ${plural(flags, 'feature flag', 'feature flags', locale)}`;
  return `Updated ${plural(values, 'value', 'values', locale)}${flagText}`;
}

const metricLabel = (id: string): string => (METRICS as Readonly<Record<string, MetricInfo | undefined>>)[id]?.label ?? id;

/** Metric labels, at most three named: `Daily active users, Events and 3 more`. */
function metricList(ids: readonly string[]): string {
  const labels = ids.map(metricLabel);
  if (labels.length <= 3) return labels.length <= 2 ? labels.join(' and ') : `${labels[0]}, ${labels[1]} and ${labels[2]}`;
  return `${labels.slice(0, 2).join(', ')} and ${labels.length - 2} more`;
}

/**
 * A failed query as the outcome line names it: its id (as the sync log has it) and the metrics it
 * covers, `the activity query (Daily active users, Events and 3 more)`, or `the feature flag list`.
 */
export function queryLabel(failure: SyncEntry['errors'][number]): string {
  if (failure.queryId === FLAG_LIST) return 'the feature flag list';
  const metrics = failure.metrics.length === 0 ? '' : ` (${metricList(failure.metrics)})`;
  return `the ${failure.queryId} query${metrics}`;
}

function finishedView(entry: SyncEntry, locale: string): OutcomeView {
  const first = entry.errors[0];
  switch (entry.status) {
    case 'ok':
      return { tone: 'ok', text: updatedText(entry.rows, locale), hint: null };
    case 'cancelled':
      return { tone: 'neutral', text: 'Cancelled', hint: null };
    case 'partial': {
      if (first === undefined) return { tone: 'warn', text: 'Partly updated', hint: null };
      const more = entry.errors.length > 1 ? ` and ${entry.errors.length - 1} more` : '';
      return { tone: 'warn', text: `Partly updated: ${queryLabel(first)}${more} failed — ${first.error.message}`, hint: first.error.hint ?? null };
    }
    case 'failed':
      return { tone: 'error', text: first === undefined ? 'Failed' : `Failed: ${first.error.message}`, hint: first?.error.hint ?? null };
  }
}

/** The outcome line: `Updated 412 values`, `Partly updated: the activity query (…) failed — …`, `Cancelled`, `Failed: …`. */
export function describeOutcome(outcome: SyncOutcome, locale: string): OutcomeView {
  if (outcome.kind === 'finished') return finishedView(outcome.entry, locale);
  const what = outcome.action === 'refresh' ? 'Failed' : 'Could not cancel';
  return { tone: 'error', text: `${what}: ${outcome.error.message}`, hint: outcome.error.hint ?? null };
}
