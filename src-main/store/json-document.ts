/**
 * One small JSON document on disk, the pattern every main store but the series store follows:
 * validated with zod on load (a corrupt file is set aside by readJsonFile and the store starts from
 * `empty`), every update validated again and written atomically (temp + fsync + rename), updates
 * applied one at a time in call order, and the in-memory copy moved only once the write succeeded.
 */
import type { z } from 'zod';
import type { ErrorLog } from '../contract/dispatch';
import { writeFileAtomic } from '../vault/atomic-file';
import { readJsonFile } from './json-file';

export interface JsonDocument<T> {
  read(): T;
  /** Applies `change` to the current value, writes it durably, then makes it current. */
  update(change: (current: T) => T): Promise<T>;
}

export interface JsonDocumentOptions<S extends z.ZodType> {
  file: string;
  schema: S;
  empty: z.output<S>;
  log: ErrorLog;
  now: () => number;
  /** What happens to a corrupt file's content, for the log ("started a new log"). */
  consequence: string;
  /** `JSON.stringify`'s indent (settings are indented for people who look at them). */
  indent?: number;
}

export async function openJsonDocument<S extends z.ZodType>(options: JsonDocumentOptions<S>): Promise<JsonDocument<z.output<S>>> {
  type T = z.output<S>;
  let current: T = (await readJsonFile(options.file, options.schema, options.log, options.now, options.consequence)) ?? options.empty;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    read: () => current,
    update: (change) => {
      const next = queue.then(async () => {
        const updated: T = options.schema.parse(change(current));
        await writeFileAtomic(options.file, `${JSON.stringify(updated, null, options.indent)}\n`, 0o600);
        current = updated;
        return updated;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
