// @vitest-environment jsdom
// The metric detail: ranges, the plan's retention, comparison, today's partial value, the text summary.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, renderHook, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tier } from '../../../shared/tiers';
import { useWidestStart } from '../../../src-renderer/views/dashboard/useSeries';
import type { ReplicaDb } from '../../../src-renderer/db/replica-db';
import { closeDbs, entry, newDb, renderDashboard, seed, series, TODAY } from './fixtures';

afterEach(() => {
  cleanup();
  closeDbs();
});

/** 100 days of DAU ending today: 100, 101, … 198 on the complete days, and 5 so far today. */
async function seedDau(db: ReplicaDb, days = 100): Promise<void> {
  await seed(db, 'posthog_dau', '', { ...series(TODAY, days, (_d, i) => 100 + i), [TODAY]: 5 });
}

async function openDau(db: ReplicaDb, tier: Tier, log = [entry()]) {
  renderDashboard({ db, tier, log });
  fireEvent.click(await screen.findByRole('button', { name: /Daily active users/ }));
  return screen.findByTestId('metric-detail');
}

const summary = (): string => screen.getByTestId('metric-summary').textContent ?? '';
const range = (name: string): HTMLElement => within(screen.getByRole('group', { name: 'Range' })).getByRole('button', { name });

describe('metric detail', () => {
  it('summarises the range in words (lowest, highest, latest complete day, today apart) and switches ranges', async () => {
    const db = newDb();
    await seedDau(db);
    await openDau(db, 'scale');

    // 30 d is the last 30 days including today: Feb 2 (170) … Mar 2 (198), today partial.
    await waitFor(() => expect(summary()).toContain('lowest 170 on Mon, Feb 2'));
    expect(range('30 d').getAttribute('aria-pressed')).toBe('true');
    expect(summary()).toBe(
      'Daily active users, Feb 2 to Mar 3: lowest 170 on Mon, Feb 2, highest 198 on Mon, Mar 2, latest complete day 198 on Mon, Mar 2. So far today: 5 (partial).',
    );

    fireEvent.click(range('7 d'));
    expect(range('7 d').getAttribute('aria-pressed')).toBe('true');
    expect(range('30 d').getAttribute('aria-pressed')).toBe('false');
    await waitFor(() => expect(summary()).toContain('Feb 25 to Mar 3: lowest 193 on Wed, Feb 25'));

    fireEvent.click(range('90 d'));
    await waitFor(() => expect(summary()).toContain('Dec 4 to Mar 3: lowest 110 on Thu, Dec 4'));

    fireEvent.click(range('All'));
    await waitFor(() => expect(summary()).toContain('Nov 24 to Mar 3: lowest 100 on Mon, Nov 24'));
    expect(screen.queryByTestId('retention-cut')).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'Compare to previous period' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('All history has no previous period to compare with.')).toBeTruthy();
  });

  it('bounds the ranges by the plan’s retention and says so when it cuts one', async () => {
    const db = newDb();
    await seedDau(db, 3);
    await openDau(db, 'starter');

    const cut = await screen.findByTestId('retention-cut');
    expect(cut.textContent).toContain('Your Starter plan keeps 3 days of history');
    expect(cut.textContent).toContain('starts on Sun, Mar 1');
    await waitFor(() => expect(summary()).toContain('Mar 1 to Mar 3'));

    fireEvent.click(range('7 d'));
    expect(screen.getByTestId('retention-cut').textContent).toContain('Your Starter plan keeps 3 days of history');
    expect(summary()).toContain('Mar 1 to Mar 3');
    // The previous period is older than what the plan keeps.
    expect(screen.getByRole('checkbox', { name: 'Compare to previous period' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Your plan does not keep the previous period.')).toBeTruthy();

    fireEvent.click(range('All'));
    expect(screen.queryByTestId('retention-cut')).toBeNull();
  });

  it('a plan that keeps everything cuts nothing; comparing overlays the previous period', async () => {
    const db = newDb();
    await seedDau(db);
    await openDau(db, 'pro');
    fireEvent.click(range('7 d'));
    expect(screen.queryByTestId('retention-cut')).toBeNull();
    const compare = screen.getByRole('checkbox', { name: 'Compare to previous period' });
    expect(compare.hasAttribute('disabled')).toBe(false);
    expect(screen.queryByText('Previous period')).toBeNull();
    fireEvent.click(compare);
    expect((compare as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('Previous period')).toBeTruthy();
  });

  it('shows the metric’s failure from the last sync, above its cached chart', async () => {
    const db = newDb();
    await seedDau(db, 10);
    const failed = entry({
      status: 'partial',
      errors: [{ queryId: 'activity', metrics: ['posthog_dau'], error: { code: 'rate_limited', message: 'PostHog is rate limiting Sightline.', hint: 'Wait 30 seconds.' } }],
    });
    const detail = await openDau(db, 'scale', [failed]);
    const notice = within(detail).getByRole('alert');
    expect(notice.textContent).toContain('PostHog is rate limiting Sightline.');
    expect(notice.textContent).toContain('Wait 30 seconds.');
    await waitFor(() => expect(summary()).toContain('latest complete day 108'));
  });
});

describe('useWidestStart', () => {
  it('widens to earlier days and to "everything", never narrows back (a narrower range slices what is read)', () => {
    const initialProps: { needed: string | null } = { needed: '2026-02-02' };
    const { result, rerender } = renderHook(({ needed }: { needed: string | null }) => useWidestStart(needed), { initialProps });
    expect(result.current).toBe('2026-02-02');
    rerender({ needed: '2026-02-25' });
    expect(result.current).toBe('2026-02-02');
    rerender({ needed: '2025-12-04' });
    expect(result.current).toBe('2025-12-04');
    rerender({ needed: null });
    expect(result.current).toBeNull();
    rerender({ needed: '2026-02-25' });
    expect(result.current).toBeNull();
  });
});
