/** A worker's browser slots with real Chromium: runs beyond BROWSERS_PER_WORKER wait their turn. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findChromium } from '../../../server/browser/chromium-path';
import { createBrowserPool } from '../../../server/browser/pool';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'taskmaster-pool-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('browser pool', () => {
  it('runs one browser at a time with one slot: the second run waits until the first closes', async () => {
    const pool = createBrowserPool({ database: null, profilesDir: dir, maxBrowsers: 1 });
    const first = pool.forRun('run_a', new AbortController().signal);
    const second = pool.forRun('run_b', new AbortController().signal);
    const waits: string[] = [];
    const signal = new AbortController().signal;
    const opened = await first.open({ profileId: null, profileWaitMs: 0, signal });
    expect(opened).toMatchObject({ reused: false, profileName: 'a temporary browser' });
    expect((await first.open({ profileId: null, profileWaitMs: 0, signal })).reused).toBe(true);

    let secondOpen = false;
    const pending = second.open({ profileId: null, profileWaitMs: 0, signal, onWait: (m) => waits.push(m) }).then((o) => {
      secondOpen = true;
      return o;
    });
    // Wait for the pool to say the second run waits (an event, not a guess at how long that takes).
    await vi.waitFor(() => expect(waits).toEqual(['The browser this worker may run is busy; waiting for it to close.']), {
      timeout: 60_000,
    });
    expect(secondOpen).toBe(false);

    await first.close();
    expect(first.current()).toBeNull();
    const next = await pending;
    expect(next.page.isClosed()).toBe(false);
    await second.close();
    expect(pool.slots.inUse).toBe(0);
  });

  it('says what to do when CHROMIUM_PATH points nowhere', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/no/such/chromium' })).toThrow(
      'CHROMIUM_PATH is set to "/no/such/chromium", but there is no program there.',
    );
  });
});
