import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { describeIssues } from '../../shared/contract';
import type { ErrorLog } from '../contract/dispatch';

/**
 * Reads a JSON file that must match `schema`. A missing file is null. A file that is not JSON or does
 * not match is moved aside as `<name>.corrupt-<ms>` (never deleted), logged with `consequence`
 * ("started clean"), and read as null, so the app keeps running. Other read errors are thrown.
 */
export async function readJsonFile<S extends z.ZodType>(file: string, schema: S, log: ErrorLog, now: () => number, consequence: string): Promise<z.output<S> | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = schema.safeParse(parsed);
  if (result.success) return result.data;
  const aside = `${file}.corrupt-${now()}`;
  await rename(file, aside);
  const why = parsed === undefined ? 'not JSON' : describeIssues(result.error, 2);
  log(`${path.basename(file)} was unreadable (${why}); kept it as ${path.basename(aside)} and ${consequence}`, undefined);
  return null;
}
