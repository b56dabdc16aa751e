/**
 * The alerts the product promises, as ready-made rules: a drop in DAU, MAU or D7 retention, a spike in
 * error events ($exception and chosen error events), a low conversion rate, feature flag issues. Offered
 * after the first sync; one click enables one, or opens it in the editor to tune it first.
 *
 * DAU, MAU, D7 retention and errors use the "unusual" detector at medium sensitivity (anomaly.ts): no number to
 * choose, weekends compared with weekends, growth and the series' own noise allowed for — measured on
 * a labelled incident set (`npm run eval:alerts`). Conversion and flags keep plain conditions: their
 * failure modes (collapse, silence) are absolute.
 */
import { LEARNING_DAYS } from './anomaly';
import type { AlertRuleInput, Condition } from './rule';

export interface AlertTemplate {
  id: string;
  title: string;
  description: string;
  rule: AlertRuleInput;
}

export interface TemplateContext {
  /** Custom events the project tracks: those that look like errors get an error-spike template. */
  customEvents: readonly string[];
  /** The tracked funnels, each with its recent final daily rates (to suggest a threshold). */
  funnels: ReadonlyArray<{ id: string; name: string; title: string; windowDays: number; recentRates: readonly number[] }>;
  /** Days of history the plan keeps (null or absent: all). Fewer than the detector learns from is said up front. */
  keptDays?: number | null;
}

const ERROR_NAME = /error|exception|fail|crash/i;

/** Does an event name look like an error event? */
export function looksLikeErrorEvent(name: string): boolean {
  return ERROR_NAME.test(name);
}

/** Longest template id (the contract's, and a rule's `template`). */
const MAX_TEMPLATE_ID = 64;

/**
 * The id of an event's error-spike template, which is also its rules' `template` (so the list can say
 * "enabled"): a long event name keeps its start and a hash of the whole name, to stay unique.
 */
function eventTemplateId(event: string): string {
  const id = `error-spike:${event}`;
  if (id.length <= MAX_TEMPLATE_ID) return id;
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < event.length; i += 1) hash = Math.imul(hash ^ event.charCodeAt(i), 0x01000193);
  return `${id.slice(0, MAX_TEMPLATE_ID - 9)}~${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

const base = {
  enabled: true,
  notifyResolved: true,
  cooldownHours: 24,
} as const;

function median(values: readonly number[]): number | null {
  const sorted = values.filter(Number.isFinite).slice().sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Half the usual rate, to the nearest half percent (at least 0.5 %); 5 % without history. */
export function suggestedConversionThreshold(recentRates: readonly number[]): number {
  const usual = median(recentRates);
  if (usual === null || usual <= 0) return 0.05;
  return Math.max(0.005, Math.round(usual * 0.5 * 200) / 200);
}

const unusualDrop: Condition = { kind: 'unusual', direction: 'drop', sensitivity: 'medium' };
const unusualSpike: Condition = { kind: 'unusual', direction: 'spike', sensitivity: 'medium' };

/** What the detector needs, said when the plan keeps too little history for it ever to judge. */
function learningNote(keptDays: number | null | undefined, lagDays = 0): string {
  // The latest complete day (a lagging metric's: lagDays earlier) needs LEARNING_DAYS before it; the plan keeps today and the days before.
  if (keptDays === null || keptDays === undefined || keptDays >= LEARNING_DAYS + 2 + lagDays) return '';
  return ` It learns from ${LEARNING_DAYS} days of history${lagDays > 0 ? ` ending ${lagDays} days back` : ''} and this plan keeps ${keptDays}: it will stay in Learning on this plan.`;
}

/** A template on the unusual detector: one day, complete days only, with a volume guard. */
function unusualTemplate(t: { id: string; title: string; description: string; name: string; target: AlertRuleInput['target']; condition: Condition; minVolume: number; severity: AlertRuleInput['severity'] }): AlertTemplate {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    rule: {
      ...base,
      name: t.name,
      template: t.id,
      target: t.target,
      condition: t.condition,
      evaluation: { consecutiveDays: 1, minVolume: t.minVolume, includePartialDay: false },
      severity: t.severity,
    },
  };
}

export function alertTemplates(context: TemplateContext): AlertTemplate[] {
  const note = learningNote(context.keptDays);
  const templates: AlertTemplate[] = [
    unusualTemplate({
      id: 'dau-drop',
      title: 'Drop in daily active users',
      description: `DAU unusually low for its weekday, level and noise (medium sensitivity: about a 30 % fall on a few hundred users, 20 % on thousands; weekends are compared with weekends).${note}`,
      name: 'DAU drop',
      target: { metric: 'posthog_dau', key: '' },
      condition: unusualDrop,
      minVolume: 20,
      severity: 'critical',
    }),
    unusualTemplate({
      id: 'mau-drop',
      title: 'Drop in monthly active users',
      description: `MAU unusually low for its level and noise (medium sensitivity: at least a 20 % fall, so a sudden loss, such as tracking breaking).${note}`,
      name: 'MAU drop',
      target: { metric: 'posthog_mau', key: '' },
      condition: unusualDrop,
      minVolume: 50,
      severity: 'warning',
    }),
    unusualTemplate({
      id: 'retention-drop',
      title: 'Drop in D7 retention',
      description: `Of the persons first seen on a day, the share back 7 days later unusually low for its level and noise (medium sensitivity; days with at least 20 first-seen persons). Judged once the 7 days are over.${learningNote(context.keptDays, 7)}`,
      name: 'D7 retention drop',
      target: { metric: 'posthog_retention_d7', key: '' },
      condition: unusualDrop,
      minVolume: 20,
      severity: 'warning',
    }),
    unusualTemplate({
      id: 'error-spike',
      title: 'Spike in error events',
      description: `$exception events unusually high for their weekday, level and noise (medium sensitivity; at least 10 that day).${note}`,
      name: 'Error spike',
      target: { metric: 'posthog_errors', key: '' },
      condition: unusualSpike,
      minVolume: 10,
      severity: 'critical',
    }),
  ];
  for (const event of context.customEvents.filter(looksLikeErrorEvent)) {
    const id = eventTemplateId(event);
    templates.push(
      unusualTemplate({
        id,
        title: `Spike in ${event}`.slice(0, 200),
        description: `${event} events unusually high for their weekday, level and noise (medium sensitivity; at least 10 that day).${note}`,
        name: `${event} spike`.slice(0, 120),
        target: { metric: 'posthog_custom_event_count', key: event },
        condition: unusualSpike,
        minVolume: 10,
        severity: 'critical',
      }),
    );
  }
  for (const funnel of context.funnels) {
    const threshold = suggestedConversionThreshold(funnel.recentRates);
    const id = `low-conversion:${funnel.id}`.slice(0, MAX_TEMPLATE_ID);
    templates.push({
      id,
      title: `Low conversion: ${funnel.name}`.slice(0, 200),
      description: `${funnel.title} converting below ${(threshold * 100).toFixed(1)} % (half its usual rate), on days with at least 10 entries, judged once their ${funnel.windowDays}-day window is over.`.slice(0, 1000),
      rule: {
        ...base,
        name: `Low conversion: ${funnel.name}`.slice(0, 120),
        template: id,
        target: { metric: 'posthog_conversion_rate', key: funnel.id },
        condition: { kind: 'threshold', direction: 'below', value: threshold },
        evaluation: { consecutiveDays: 1, minVolume: 10, includePartialDay: false },
        severity: 'warning',
      },
    });
  }
  templates.push(
    {
      id: 'flag-stopped',
      title: 'Feature flag stopped being evaluated',
      description: 'Any flag that averaged at least 5 evaluations a day has none for a whole day (the code that checks it is gone or broken).',
      rule: {
        ...base,
        name: 'Flag stopped',
        template: 'flag-stopped',
        target: { metric: 'posthog_flag_evaluations', key: null },
        condition: { kind: 'stopped' },
        evaluation: { consecutiveDays: 1, minVolume: 5, includePartialDay: false },
        severity: 'warning',
      },
    },
    {
      id: 'flag-collapse',
      title: 'Feature flag evaluations collapsed',
      description: 'Any flag’s evaluations at least 80 % below its average over the previous 7 days (at least 20 a day before).',
      rule: {
        ...base,
        name: 'Flag evaluations collapsed',
        template: 'flag-collapse',
        target: { metric: 'posthog_flag_evaluations', key: null },
        condition: { kind: 'change', direction: 'drop', unit: 'percent', amount: 80, baseline: 'avg_7d' },
        evaluation: { consecutiveDays: 1, minVolume: 20, includePartialDay: false },
        severity: 'warning',
      },
    },
  );
  return templates;
}
