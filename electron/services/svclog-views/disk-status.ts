/** "Changed on disk": a file whose size or modification time moved since it finished loading. */
import { stat } from 'node:fs/promises';
import type { FileInfo } from '../../../shared/model';
import type { Session } from '../session';

/** Whether a loaded file changed (or vanished) on disk since it was loaded. */
export async function changedOnDisk(session: Session, f: FileInfo): Promise<boolean> {
  if (f.state !== 'loaded' || f.loadedAt === undefined) return false;
  try {
    const s = await stat(session.sourcePath(f.id));
    return s.size !== f.size || s.mtimeMs > f.loadedAt;
  } catch {
    // Gone from disk (or an upload's copy removed): that is a change too.
    return true;
  }
}

export async function diskStatus(session: Session): Promise<{ fileId: string; changed: boolean }[]> {
  return Promise.all(session.list().map(async (f) => ({ fileId: f.id, changed: await changedOnDisk(session, f) })));
}
