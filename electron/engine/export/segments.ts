/**
 * The part of each activity that ran in each process ("segment"), in skew-adjusted time: what the
 * Perfetto slices and OTLP spans are made of. An activity propagated from a client to a service
 * has one segment in each.
 */
import type { SvclogIndex } from '../svclog';
import { adjust, type HostOffsets } from './clock';

export interface ProcessTrack {
  key: string;
  host: string;
  /** "name (pid)". */
  label: string;
  name: string;
  pid: number;
}

export interface ActivitySegment {
  activity: number;
  track: number;
  firstUs: number;
  lastUs: number;
  traces: number;
  /** Worst Level element value (1 Critical … 16 Verbose; 255 boundary traces only). */
  worstLevel: number;
}

export interface Segments {
  tracks: ProcessTrack[];
  segments: ActivitySegment[];
  /** segmentsOf[activity] = indices into `segments`, earliest first. */
  segmentsOf: number[][];
  /** Track of an event. */
  trackOf(file: number, event: number): number;
}

export function activitySegments(index: SvclogIndex, offsets?: HostOffsets): Segments {
  const tracks: ProcessTrack[] = [];
  const trackIds = new Map<string, number>();
  // Per file: process number → track number.
  const fileTracks = index.files.map((f) => {
    const procs = f.processes();
    return procs.computer.map((c, p) => {
      const host = f.str(c);
      const name = f.str(procs.name[p]);
      const key = `${host}\u0000${name}\u0000${procs.pid[p]}`;
      let t = trackIds.get(key);
      if (t === undefined) {
        t = tracks.length;
        trackIds.set(key, t);
        tracks.push({ key, host, label: `${name} (${procs.pid[p]})`, name, pid: procs.pid[p] });
      }
      return t;
    });
  });
  const trackOf = (file: number, event: number) => fileTracks[file][index.files[file].processes().of[event]];

  const segments: ActivitySegment[] = [];
  const segmentsOf: number[][] = [];
  for (let a = 0; a < index.activities.length; a++) {
    const byTrack = new Map<number, ActivitySegment>();
    for (const ref of index.eventsOf(a)) {
      const file = index.files[ref.file];
      const track = trackOf(ref.file, ref.event);
      const t = adjust(offsets, tracks[track].host, file.timeUs(ref.event));
      const level = file.events.level[ref.event];
      const seg = byTrack.get(track);
      if (!seg) byTrack.set(track, { activity: a, track, firstUs: t, lastUs: t, traces: 1, worstLevel: level });
      else {
        seg.firstUs = Math.min(seg.firstUs, t);
        seg.lastUs = Math.max(seg.lastUs, t);
        seg.traces++;
        seg.worstLevel = Math.min(seg.worstLevel, level);
      }
    }
    const list = [...byTrack.values()].sort((x, y) => x.firstUs - y.firstUs);
    segmentsOf.push(list.map((s) => segments.push(s) - 1));
  }
  return { tracks, segments, segmentsOf, trackOf };
}

/** Hosts in first-seen order, for numbering Perfetto processes and OTLP resources. */
export function hostsOf(tracks: readonly ProcessTrack[]): string[] {
  return [...new Set(tracks.map((t) => t.host))];
}
