import type { Page } from '@playwright/test';
import { SeriesChangesSchema } from '../../shared/contract';
import { EMULATOR_KEYS } from '../posthog-emulator/index';
import { DEMO_SCALE_LICENSE } from '../support/license-test-key';
import { expect, test } from './fixtures';

interface IdbPoint {
  metric: string;
  key: string;
  day: string;
  value: number | null;
  rev: number;
}
interface IdbReplica {
  meta: { revision: number; epoch: string } | null;
  points: IdbPoint[];
}

/** The page's IndexedDB `sightline`, read with the raw API (not through the app's code). Null if it has no schema yet. */
function readReplica(page: Page): Promise<IdbReplica | null> {
  return page.evaluate(
    () =>
      new Promise<IdbReplica | null>((resolve, reject) => {
        const open = indexedDB.open('sightline');
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('points') || !db.objectStoreNames.contains('meta')) {
            db.close();
            resolve(null);
            return;
          }
          const tx = db.transaction(['points', 'meta'], 'readonly');
          const points = tx.objectStore('points').getAll();
          const meta = tx.objectStore('meta').get('replica');
          tx.oncomplete = () => {
            db.close();
            const m = meta.result as { revision: number; epoch: string } | undefined;
            resolve({ meta: m === undefined ? null : { revision: m.revision, epoch: m.epoch }, points: points.result as IdbPoint[] });
          };
          tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
        };
      }),
  );
}

test('the first sync lands in the page’s IndexedDB replica, equal to what main stores', async ({ page, host, emulator }) => {
  test.setTimeout(60_000);
  const us = emulator.region('us').url;

  // On the default Starter plan only 3 days are kept; the Scale plan keeps the whole first sync.
  const plan = await host.app.dispatch('plan.installLicense', { license: DEMO_SCALE_LICENSE });
  expect(plan).toMatchObject({ ok: true, data: { tier: 'scale' } });
  await page.goto(host.pageUrl);
  await page.getByTestId('start-connect').click();
  await page.getByLabel('Self-hosted').check();
  await page.getByTestId('self-hosted-url').fill(us);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('api-key').fill(EMULATOR_KEYS.usFull);
  await page.getByTestId('test-connection').click();
  await page.getByLabel(/Acme Web/).check();
  await page.getByTestId('connect-project').click();
  await expect(page.getByTestId('dashboard-connected')).toBeVisible();

  // The first sync starts by itself; wait for it in the Sync log.
  await page.getByRole('button', { name: 'Sync log' }).click();
  const rows = page.getByTestId('sync-log-table').locator('tbody tr');
  await expect(rows).toHaveCount(1, { timeout: 30_000 });
  await expect(rows.first()).toHaveAttribute('data-status', 'ok');

  // What main has, asked from the test process.
  const answer = await host.app.dispatch('series.changes', { since: 0, epoch: null });
  if (!answer.ok) throw new Error(`series.changes failed: ${answer.error.message}`);
  const main = SeriesChangesSchema.parse(answer.data);
  expect(main.revision).toBeGreaterThan(0);

  // The replica follows main's series.changed event; wait until it reached main's revision.
  await expect.poll(async () => (await readReplica(page))?.meta ?? null, { timeout: 15_000 }).toEqual({ revision: main.revision, epoch: main.epoch });
  const replica = await readReplica(page);
  if (replica === null) throw new Error('IndexedDB sightline has no replica schema');

  const dau = (points: ReadonlyArray<{ metric: string; key: string; day: string; value: number | null }>) =>
    points
      .filter((p) => p.metric === 'posthog_dau' && p.key === '')
      .map((p) => ({ day: p.day, value: p.value }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const mainDau = dau(main.upserts);
  expect(mainDau).toHaveLength(31); // 30 complete days + today
  expect(mainDau.some((p) => p.value !== null && p.value > 0)).toBe(true);
  expect(dau(replica.points)).toEqual(mainDau);

  // And every other point too, revisions included.
  const byId = (p: { metric: string; key: string; day: string }) => `${p.metric}|${p.key}|${p.day}`;
  const sorted = <T extends { metric: string; key: string; day: string }>(points: readonly T[]): T[] =>
    [...points].sort((a, b) => (byId(a) < byId(b) ? -1 : byId(a) > byId(b) ? 1 : 0));
  expect(sorted(replica.points)).toEqual(sorted(main.upserts));
});
