/**
 * Days in a project's timezone. Every metric is per local day (`YYYY-MM-DD`), and DST days are 23 or
 * 25 hours long, so day arithmetic is done on calendar dates, never by adding 24 hours.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local calendar day of an instant in `timeZone`. */
export function localDay(utcMs: number, timeZone: string): string {
  return formatter(timeZone).format(new Date(utcMs));
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(text: string): boolean {
  const m = DAY_PATTERN.exec(text);
  if (m === null) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  if (!isDay(day)) throw new Error(`not a day: ${day}`);
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, inclusive. */
export function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}
