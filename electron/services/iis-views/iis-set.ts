/**
 * The IIS files of a session as one queryable set: an IisIndex over every loaded W3C / native /
 * HTTPERR log (HTTPERR rows are requests HTTP.sys answered itself, so they live in the same index
 * and are told apart by file), and the loaded FREB files. Rebuilt only when the set of loaded file
 * objects or their clock shifts change, not on every session change (progress of an unrelated
 * svclog must not renumber).
 *
 * Times in the index are displayed times: each log's rows are shifted by its server machine's
 * clock offset (adjusted = raw − offset, as the traces are), so the timeline, the bursts, the
 * window shared with the Traces view and the links all compare like with like. A log with no
 * offset keeps its own columns; a shifted one gets a copy of its time column only.
 */
import type { LoadedFile } from '../../engine/types';
import type { EvtxFile } from '../../engine/evtx';
import { IisIndex, type FrebFile, type IisLogFile } from '../../engine/iis';
import { provided } from '../../engine/capabilities';

export interface IisSet {
  /** Build number, echoed in answers. */
  version: number;
  ix: IisIndex;
  /** Position in `ix` → the file. */
  logs: IisLogFile[];
  /** Positions of HTTPERR files in `ix`. */
  httperr: ReadonlySet<number>;
  frebs: FrebFile[];
  /** Loaded Windows event logs: their WAS / worker-process events are timeline markers. */
  eventLogs: EvtxFile[];
  /** The file objects this set was built from, to tell when it is stale. */
  sources: readonly LoadedFile[];
  /** File id → the name the user knows it by (uploads are stored under another path). */
  names: ReadonlyMap<string, string>;
  /** Whether two server names are one machine (the session's joins; set by the view service). */
  sameMachine?: (a: string, b: string) => boolean;
  /** The machine a server name belongs to (the session's joins; set by the view service). */
  machineOf?: (name: string) => string;
  /** Per log position: the clock offset its times were shifted by, ms (0: none). */
  shiftsMs: number[];
  /** Per FREB file id: the offset of its computer's clock, µs. */
  frebShiftsUs: ReadonlyMap<string, number>;
}

/** A log's and a FREB file's clock offsets (µs; adjusted = raw − offset). */
export interface SetClock {
  logUs(log: IisLogFile): number;
  frebUs(freb: FrebFile): number;
}

const NO_CLOCK: SetClock = { logUs: () => 0, frebUs: () => 0 };

/** Position of a log by its file id, or -1. */
export function logPosition(set: IisSet, fileId: string): number {
  return set.logs.findIndex((l) => l.fileId === fileId);
}

function sameFiles(a: readonly LoadedFile[], b: readonly LoadedFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/** Returns `prev` when the IIS files are still the same objects, else a new set. */
export function buildIisSet(visible: readonly { info: { id: string; name: string }; file: LoadedFile }[], prev: IisSet | undefined, clock: SetClock = NO_CLOCK): IisSet {
  const mine = visible.filter(({ file: { provides: p } }) => p.requests || p.requestTrace || p.systemEvents);
  const sources = mine.map((v) => v.file);
  const logs = provided(sources, 'requests');
  const frebs = provided(sources, 'requestTrace');
  const shiftsMs = logs.map((l) => Math.round(clock.logUs(l)) / 1000);
  const frebShiftsUs = new Map(frebs.map((f) => [f.fileId, clock.frebUs(f)]));
  const sameShifts = prev && prev.shiftsMs.every((s, k) => s === shiftsMs[k]) && frebs.every((f) => prev.frebShiftsUs.get(f.fileId) === frebShiftsUs.get(f.fileId));
  if (prev && sameFiles(prev.sources, sources) && sameShifts) return prev;
  const httperr = new Set<number>();
  logs.forEach((l, k) => l.format === 'httperr' && httperr.add(k));
  return {
    version: (prev?.version ?? 0) + 1,
    ix: new IisIndex(logs.map((l, k) => l.table.shiftedBy(shiftsMs[k]))),
    logs,
    httperr,
    frebs,
    eventLogs: provided(sources, 'systemEvents'),
    sources,
    names: new Map(mine.map((v) => [v.info.id, v.info.name])),
    shiftsMs,
    frebShiftsUs,
  };
}
