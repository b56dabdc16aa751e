/**
 * "A crash between the store write and the rename loses nothing" (issue 6), two ways:
 * - the real writeFileAtomic, with `rename` failing in node:fs/promises (mocked for this file only);
 * - an injected write that leaves the fsynced temp file behind and never renames, as a process killed
 *   at that instant would, then a restart.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SERIES_FILE, openSeriesStore } from '../../../src-main/store/series-store';
import { pt, recordingLog, series, tempDir } from './series-fixtures';

const failRename = vi.hoisted(() => ({ to: null as string | null }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const rename: typeof real.rename = async (from, to) => {
    if (failRename.to !== null && String(to) === failRename.to) throw Object.assign(new Error('EIO: simulated failure, rename'), { code: 'EIO' });
    return real.rename(from, to);
  };
  return { ...real, default: { ...real, rename }, rename };
});

const W = { from: '2026-01-01', to: '2026-01-30' };

describe('series store: a crash mid-write loses nothing', () => {
  it('a failed rename (real atomic write) leaves the previous file, revision and memory intact', async () => {
    const dir = tempDir();
    const file = path.join(dir, SERIES_FILE);
    const log = recordingLog();
    const store = await openSeriesStore(dir, log);
    const first = series([['posthog_dau', ''], ['posthog_events', '']], W.from, W.to);
    await store.replaceWindow({ ...W, metrics: ['posthog_dau', 'posthog_events'], points: first });
    const before = readFileSync(file, 'utf8');

    failRename.to = file;
    try {
      await expect(store.replaceWindow({ ...W, metrics: ['posthog_dau'], points: [pt('posthog_dau', '2026-01-01', 42)] })).rejects.toThrow(/simulated failure/);
      await expect(store.pruneBefore('2026-01-20')).rejects.toThrow(/simulated failure/);
    } finally {
      failRename.to = null;
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual([SERIES_FILE]);
    // Memory did not move ahead of the disk either.
    expect(store.revision).toBe(1);
    expect(store.points()).toEqual(first);
    expect(store.changesSince(1).deletions).toEqual([]);

    const reopened = await openSeriesStore(dir, log);
    expect(reopened.revision).toBe(1);
    expect(reopened.points()).toEqual(first);

    // And the store still works afterwards.
    expect(await store.replaceWindow({ ...W, metrics: ['posthog_dau'], points: [pt('posthog_dau', '2026-01-01', 42)] })).toEqual({ revision: 2, changed: 30 });
  });

  it('a process killed after the temp file was written and before the rename: the restart finds the previous data', async () => {
    const dir = tempDir();
    const log = recordingLog();
    const first = series([['posthog_dau', ''], ['posthog_flag_evaluations', 'beta']], W.from, W.to);
    const store = await openSeriesStore(dir, log);
    await store.replaceWindow({ ...W, metrics: ['posthog_dau', 'posthog_flag_evaluations'], points: first });
    const epoch = store.epoch;

    // What writeFileAtomic does up to the rename, then the process "dies": no rename, no cleanup.
    let leftover = '';
    const killedBeforeRename = async (target: string, data: string, mode: number): Promise<void> => {
      leftover = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(leftover, 'wx', mode);
      await handle.writeFile(data.slice(0, Math.floor(data.length / 2)));
      await handle.sync();
      await handle.close();
      throw new Error('killed');
    };
    const doomed = await openSeriesStore(dir, log, Date.now, { writeFile: killedBeforeRename });
    await expect(doomed.replaceWindow({ ...W, metrics: ['posthog_dau'], points: [] })).rejects.toThrow('killed');
    expect(readdirSync(dir).sort()).toEqual([path.basename(leftover), SERIES_FILE].sort());

    const restarted = await openSeriesStore(dir, log);
    expect(restarted.revision).toBe(1);
    expect(restarted.epoch).toBe(epoch);
    expect(restarted.points()).toEqual(first);
    // The half-written temp file is cleaned up, and said so; nothing was set aside as corrupt.
    expect(readdirSync(dir)).toEqual([SERIES_FILE]);
    expect(log.messages).toEqual([expect.stringMatching(/^removed \.series\.json\.[0-9a-f]{12}\.tmp, an unfinished series\.json write/)]);
  });
});
