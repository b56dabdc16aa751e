import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openSettingsStore } from '../../../src-main/store/settings-store';
import { openSyncLogStore } from '../../../src-main/store/sync-log-store';

const dir = (): string => mkdtempSync(path.join(tmpdir(), 'sightline-json-'));

describe('settings and sync-log files', () => {
  it('round-trip through a restart', async () => {
    const d = dir();
    const settings = await openSettingsStore(d, () => {});
    await settings.update((s) => ({ ...s, wizard: { host: 'https://eu.posthog.com', cloud: 'eu', caPem: null, caLabel: null, projects: [] } }));
    expect((await openSettingsStore(d, () => {})).read().wizard?.host).toBe('https://eu.posthog.com');
  });

  it.each([
    ['settings.json', (d: string, log: () => void) => openSettingsStore(d, log, () => 42).then((s) => s.read())],
    ['sync-log.json', (d: string, log: () => void) => openSyncLogStore(d, log, () => 42).then((s) => s.entries())],
  ])('a corrupt %s is kept aside (not deleted), logged, and the app starts clean', async (name, open) => {
    for (const content of ['{not json', '{"v": 2, "surprise": true}']) {
      const d = dir();
      writeFileSync(path.join(d, name), content);
      const log = vi.fn();
      const state = await open(d, log);
      expect(state).toEqual(name === 'settings.json' ? { v: 1, connection: null, wizard: null, tracking: {} } : []);
      expect(readdirSync(d)).toContain(`${name}.corrupt-42`);
      expect(readFileSync(path.join(d, `${name}.corrupt-42`), 'utf8')).toBe(content);
      expect(log.mock.calls[0]?.[0]).toContain(`kept it as ${name}.corrupt-42`);
    }
  });
});
