/**
 * Formatting for the renderer: the shared formatters (shared/format.ts) and the browser's locale.
 */
export * from '../../shared/format';

/** The locale for numbers and dates: the browser's (and so the OS's) language. */
export function userLocale(): string {
  return typeof navigator !== 'undefined' && navigator.language !== '' ? navigator.language : 'en-US';
}
