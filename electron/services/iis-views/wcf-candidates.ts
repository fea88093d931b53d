/**
 * WCF activities as link candidates for IIS requests, from the loaded svclog files: one candidate
 * per (activity, machine) with the To addresses of the activity's message records and its time span.
 * Activities without any message are left out: the linker needs an address to match a URI stem.
 * Built lazily (only when a request is drilled into) from the Traces views' index, and kept while
 * the svclog files stay the same.
 */
import type { SvclogFile, SvclogIndex } from '../../engine/svclog';
import type { WcfActivityCandidate } from '../../engine/iis';

export interface CandidateInfo {
  candidate: WcfActivityCandidate;
  name: string;
  /** First trace of the activity (to open it in the Traces view). */
  first: { fileId: string; index: number } | null;
}

export interface CandidateSet {
  files: readonly SvclogFile[];
  list: CandidateInfo[];
}

/** `index`: the svclog index the Traces views already built (one index per session, not two). */
export function buildCandidates(index: SvclogIndex, prev: CandidateSet | undefined): CandidateSet {
  const files = index.files;
  if (prev && prev.files.length === files.length && prev.files.every((f, i) => f === files[i])) return prev;
  const toByActivity = new Map<number, Set<string>>();
  for (const m of index.messages) {
    if (!m.to) continue;
    const a = index.activityOf(m);
    let s = toByActivity.get(a);
    if (!s) toByActivity.set(a, (s = new Set()));
    s.add(m.to);
  }
  const list: CandidateInfo[] = [];
  for (const [a, to] of toByActivity) {
    const act = index.activities[a];
    const firstRef = index.eventsOf(a)[0];
    const first = firstRef ? { fileId: files[firstRef.file].fileId, index: firstRef.event } : null;
    for (const computer of act.hosts) {
      list.push({
        candidate: { activityId: act.id, computer, endpoints: [], toAddresses: [...to], startUs: act.firstUs, endUs: act.lastUs },
        name: act.name,
        first,
      });
    }
  }
  return { files, list };
}
