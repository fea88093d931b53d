/**
 * The IIS files of a session as one queryable set: an IisIndex over every loaded W3C / native /
 * HTTPERR log (HTTPERR rows are requests HTTP.sys answered itself, so they live in the same index
 * and are told apart by file), and the loaded FREB files. Rebuilt only when the set of loaded file
 * objects changes, not on every session change (progress of an unrelated svclog must not renumber).
 */
import type { LoadedFile } from '../../engine/types';
import { FrebFile, IisIndex, IisLogFile } from '../../engine/iis';

export interface IisSet {
  /** Build number, echoed in answers. */
  version: number;
  ix: IisIndex;
  /** Position in `ix` → the file. */
  logs: IisLogFile[];
  /** Positions of HTTPERR files in `ix`. */
  httperr: ReadonlySet<number>;
  frebs: FrebFile[];
  /** The file objects this set was built from, to tell when it is stale. */
  sources: readonly LoadedFile[];
  /** File id → the name the user knows it by (uploads are stored under another path). */
  names: ReadonlyMap<string, string>;
  /** Whether two server names are one machine (the session's joins; set by the view service). */
  sameMachine?: (a: string, b: string) => boolean;
}

/** Position of a log by its file id, or -1. */
export function logPosition(set: IisSet, fileId: string): number {
  return set.logs.findIndex((l) => l.fileId === fileId);
}

function sameFiles(a: readonly LoadedFile[], b: readonly LoadedFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/** Returns `prev` when the IIS files are still the same objects, else a new set. */
export function buildIisSet(visible: readonly { info: { id: string; name: string }; file: LoadedFile }[], prev: IisSet | undefined): IisSet {
  const mine = visible.filter((v) => v.file instanceof IisLogFile || v.file instanceof FrebFile);
  const sources = mine.map((v) => v.file);
  if (prev && sameFiles(prev.sources, sources)) return prev;
  const logs = sources.filter((f): f is IisLogFile => f instanceof IisLogFile);
  const httperr = new Set<number>();
  logs.forEach((l, k) => l.format === 'httperr' && httperr.add(k));
  return {
    version: (prev?.version ?? 0) + 1,
    ix: new IisIndex(logs.map((l) => l.table)),
    logs,
    httperr,
    frebs: sources.filter((f): f is FrebFile => f instanceof FrebFile),
    sources,
    names: new Map(mine.map((v) => [v.info.id, v.info.name])),
  };
}
