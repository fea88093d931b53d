/**
 * The fixture of the tests that follow growing logs main-side: a fresh Session and a temporary
 * folder per test, live follow closed and the folder removed after it, and a poll for what the
 * follower has read. (Kept apart from growing-logs.ts, which the bench and the e2e tests import
 * without the engine.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { liveFollow } from '../../electron/services/follow/live-follow';
import { Session } from '../../electron/services/session';

export interface GrowingSession {
  /** This test's folder and session (new before each test). */
  readonly dir: string;
  readonly session: Session;
}

/** Registers the per-test session and folder (prefix names the folder) with the calling file's hooks. */
export function useGrowingSession(prefix: string): GrowingSession {
  const current = { dir: '', session: undefined as unknown as Session };
  beforeEach(() => {
    current.dir = mkdtempSync(join(tmpdir(), prefix));
    current.session = new Session();
  });
  afterEach(() => {
    liveFollow(current.session).close();
    rmSync(current.dir, { recursive: true, force: true });
  });
  return current;
}

/** Resolves once `what()` holds (polled every 50 ms); throws after `ms`. */
export async function until(what: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
