/** "Changed on disk": a file whose size or modification time moved since it finished loading. */
import { stat } from 'node:fs/promises';
import type { Session } from '../session';

export async function diskStatus(session: Session): Promise<{ fileId: string; changed: boolean }[]> {
  return Promise.all(
    session.list().map(async (f) => {
      if (f.state !== 'loaded' || f.loadedAt === undefined) return { fileId: f.id, changed: false };
      try {
        const s = await stat(session.sourcePath(f.id));
        return { fileId: f.id, changed: s.size !== f.size || s.mtimeMs > f.loadedAt };
      } catch {
        // Gone from disk (or an upload's copy removed): that is a change too.
        return { fileId: f.id, changed: true };
      }
    }),
  );
}
