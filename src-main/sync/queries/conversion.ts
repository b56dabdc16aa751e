/**
 * Query 5, `conversion` (only when a funnel is defined): a two-step funnel `from` → `to` within
 * `windowDays`, per local day of `from`, written with plain aggregates and a join (no `windowFunnel`,
 * which is ClickHouse-only).
 *
 * For each day: `entered` = distinct persons with at least one `from` event that day; `converted` =
 * those with a `to` event (any day) at or after their FIRST `from` event of that day and at most
 * `windowDays` × 24 hours after it (both ends inclusive; when `from` = `to` the `from` event itself
 * converts); rate = converted ÷ entered, null when nobody entered.
 * The `to` events are scanned from the window's start (a `to` before the first `from` never counts) to
 * `windowDays` + 1 local days past its end (plus the scan margin), which holds every `to` that can
 * count: a DST change shortens a local day by an hour at most, a couple of times a year.
 * Event names travel as placeholders.
 */
import { z } from 'zod';
import { addDays } from '../../../shared/time';
import type { ConversionDefinition, MetricId } from '../../../shared/metrics';
import { MAX_ROWS } from './limits';
import { CountCell, DayCell, SeriesCollector, parseRows } from './parse';
import { MetricQueryError, type MetricQuery } from './types';
import { EVENTS_IN_WINDOW, SCAN_MARGIN_DAYS, localMidnight, timestampBetween, windowValues, type PlanWindow } from './window';

const METRICS = ['posthog_conversion_entered', 'posthog_conversion_converted', 'posthog_conversion_rate'] as const satisfies readonly MetricId[];

const Row = z.tuple([DayCell, CountCell, CountCell]);

export const CONVERSION_HOGQL = `SELECT
    day,
    count() AS entered,
    countIf(reached) AS converted
FROM (
    SELECT
        a.person_id AS person_id,
        a.day AS day,
        countIf(b.timestamp >= a.first_at AND b.timestamp <= a.first_at + INTERVAL {window_hours} HOUR) > 0 AS reached
    FROM (
        SELECT person_id, toDate(timestamp) AS day, min(timestamp) AS first_at
        FROM events
        WHERE event = {from_event} AND ${EVENTS_IN_WINDOW}
        GROUP BY person_id, day
    ) AS a
    LEFT JOIN (
        SELECT person_id, timestamp
        FROM events
        WHERE event = {to_event} AND ${timestampBetween('scan_start', 'to_scan_end')}
    ) AS b ON a.person_id = b.person_id
    GROUP BY person_id, day, a.first_at
)
GROUP BY day
ORDER BY day
LIMIT ${MAX_ROWS}`;

export function conversionQuery(window: PlanWindow, conversion: ConversionDefinition): MetricQuery {
  const id = 'conversion';
  const key = conversion.id;
  return {
    id,
    hogql: CONVERSION_HOGQL,
    values: {
      ...windowValues(window),
      from_event: conversion.from,
      to_event: conversion.to,
      window_hours: conversion.windowDays * 24,
      to_scan_end: localMidnight(addDays(window.to, 1 + conversion.windowDays + 1 + SCAN_MARGIN_DAYS)),
    },
    metrics: [...METRICS],
    parse(result) {
      const series = new SeriesCollector(id, window);
      for (const metric of METRICS) series.ensure(metric, key);
      for (const [day, entered, converted] of parseRows(id, result, Row, MAX_ROWS)) {
        if (converted > entered) throw new MetricQueryError(id, `${converted} conversions of ${entered} entries on ${day}`);
        series.set('posthog_conversion_entered', key, day, entered);
        series.set('posthog_conversion_converted', key, day, converted);
        series.set('posthog_conversion_rate', key, day, entered > 0 ? converted / entered : null);
      }
      return series.points((metric) => (metric === 'posthog_conversion_rate' ? null : 0));
    },
  };
}
