import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, SUPPORTED_FUNCTION_NAMES, findFunction } from '../../posthog-emulator/hogql/functions';
import { POSTHOG_FUNCTION_NAMES } from '../../posthog-emulator/hogql/posthog-functions';
import { closestMatch, sequenceRatio } from '../../posthog-emulator/hogql/similar';

const listFile = new URL('./posthog-functions.txt', import.meta.url);
const posthogNames = readFileSync(listFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0 && !line.startsWith('#'));

describe('the HogQL function list', () => {
  it('the copy of PostHog’s list names its source and is sorted like it', () => {
    const header = readFileSync(listFile, 'utf8').split('\n')[0] ?? '';
    expect(header).toMatch(/^# .*functions\.go.*commit [0-9a-f]{40}/);
    expect(posthogNames.length).toBeGreaterThan(1000);
    expect([...posthogNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(posthogNames);
  });

  it('the engine’s embedded list is the same list', () => {
    expect([...POSTHOG_FUNCTION_NAMES]).toEqual(posthogNames);
  });

  it('every function the emulator implements is a PostHog HogQL function', () => {
    const known = new Set(posthogNames);
    const missing = SUPPORTED_FUNCTION_NAMES.filter((name) => !known.has(name));
    expect(missing).toEqual([]);
    // The functions real metric queries need.
    for (const name of ['count', 'countIf', 'uniq', 'uniqIf', 'uniqExact', 'sum', 'sumIf', 'avg', 'avgIf', 'min', 'max', 'any', 'toStartOfDay', 'toStartOfWeek',
      'toStartOfMonth', 'toDate', 'toDateTime', 'toTimeZone', 'toUnixTimestamp', 'now', 'today', 'yesterday', 'toIntervalDay', 'toIntervalHour',
      'toIntervalMinute', 'toIntervalSecond', 'toIntervalWeek', 'toIntervalMonth', 'dateDiff', 'dateAdd', 'dateSub', 'date_add', 'addDays',
      'subtractDays', 'if', 'multiIf', 'coalesce', 'ifnull', 'isnull', 'isNotNull', 'in', 'notIn', 'like', 'ilike', 'lower', 'upper', 'length', 'concat',
      'toString', 'toInt', 'toFloat', 'round', 'floor', 'greatest', 'least', 'arrayJoin', 'range', 'has', 'groupArray', 'groupUniqArray',
      'arrayMap', 'arrayFilter', 'tuple', 'intDiv']) {
      expect(SUPPORTED_FUNCTION_NAMES, name).toContain(name);
    }
  });

  it('looks names up like PostHog: exact, or lower-cased only for case-insensitive ones', () => {
    expect(findFunction('countIf')?.key).toBe('countIf');
    expect(findFunction('COUNT')?.key).toBe('count');
    expect(findFunction('isNull')?.key).toBe('isnull');
    expect(findFunction('IFNULL')?.key).toBe('ifnull');
    expect(findFunction('COUNTIF')).toBeNull();
    expect(findFunction('toString')?.key).toBe('toString');
    expect(findFunction('constructor')).toBeNull();
    expect(findFunction('hasOwnProperty')).toBeNull();
    expect(Object.keys(FUNCTIONS).every((name) => SUPPORTED_FUNCTION_NAMES.includes(name))).toBe(true);
  });
});

describe('difflib-compatible suggestions', () => {
  it('ratio matches Python’s SequenceMatcher', () => {
    expect(sequenceRatio('abcd', 'bcde')).toBeCloseTo(0.75);
    expect(sequenceRatio('floor', 'foo')).toBeCloseTo(0.75);
    expect(sequenceRatio('', '')).toBe(1);
  });

  it('closest match above 0.6, else none', () => {
    expect(closestMatch('counte', POSTHOG_FUNCTION_NAMES)).toBe('count');
    expect(closestMatch('toStartOfDya', POSTHOG_FUNCTION_NAMES)).toBe('toStartOfDay');
    expect(closestMatch('qqqqqqqq', POSTHOG_FUNCTION_NAMES)).toBeNull();
  });
});
