/**
 * WCF activities as link candidates for IIS requests, from the loaded svclog files: one candidate
 * per (activity, computer) with that computer's events only (its span on its own clock, its
 * errors and exception types) and the To addresses, HTTP methods and side of its message records
 * there. Activities without any message are left out: the linker needs an address to match a URI
 * stem. Built lazily (only when a request or an activity's requests are asked for) from the Traces
 * views' index, and kept while the svclog files stay the same.
 */
import type { SvclogIndex } from '../../engine/svclog';
import type { WcfTraceFile } from '../../engine/wcf-traces';
import type { WcfActivityCandidate } from '../../engine/iis';

export interface CandidateInfo {
  candidate: WcfActivityCandidate;
  /** Activity index in the svclog index. */
  activity: number;
  name: string;
  /** First trace of the activity on this computer (to open it in the Traces view). */
  first: { fileId: string; index: number } | null;
}

export interface CandidateSet {
  files: readonly WcfTraceFile[];
  list: CandidateInfo[];
  /** Candidates of each activity index. */
  byActivity: Map<number, CandidateInfo[]>;
}

interface PerHost {
  to: Set<string>;
  methods: Set<string>;
  side: 'service' | 'client' | 'unknown';
}

/** `index`: the svclog index the Traces views already built (one index per session, not two). */
export function buildCandidates(index: SvclogIndex, prev: CandidateSet | undefined): CandidateSet {
  const files = index.files;
  if (prev && prev.files.length === files.length && prev.files.every((f, i) => f === files[i])) return prev;
  const messagesOf = new Map<number, Map<string, PerHost>>();
  for (const m of index.messages) {
    const a = index.activityOf(m);
    let hosts = messagesOf.get(a);
    if (!hosts) messagesOf.set(a, (hosts = new Map()));
    let h = hosts.get(m.host);
    if (!h) hosts.set(m.host, (h = { to: new Set(), methods: new Set(), side: 'unknown' }));
    if (m.to) h.to.add(m.to);
    if (m.httpMethod) h.methods.add(m.httpMethod);
    if (m.role === 'request' && h.side === 'unknown') h.side = m.direction === 'receive' ? 'service' : 'client';
  }
  const list: CandidateInfo[] = [];
  const byActivity = new Map<number, CandidateInfo[]>();
  for (const [a, hosts] of messagesOf) {
    const act = index.activities[a];
    // Each computer's span, errors and exceptions, from its own events.
    const own = new Map<string, { first: { fileId: string; index: number }; startUs: number; endUs: number; errors: number; exceptions: Set<string> }>();
    for (const ref of index.eventsOf(a)) {
      const f = files[ref.file];
      const ev = f.events;
      const host = f.str(ev.computer[ref.event]);
      const t = ev.timeUs[ref.event];
      let o = own.get(host);
      if (!o) own.set(host, (o = { first: { fileId: f.fileId, index: ref.event }, startUs: t, endUs: t, errors: 0, exceptions: new Set() }));
      if (t < o.startUs) o.startUs = t;
      if (t > o.endUs) o.endUs = t;
      const level = ev.level[ref.event];
      if (level === 1 || level === 2) o.errors++;
      const exc = f.str(ev.exceptionType[ref.event]);
      if (exc) o.exceptions.add(exc.split(',')[0].trim());
    }
    for (const [computer, h] of hosts) {
      const o = own.get(computer);
      if (!o || h.to.size === 0) continue;
      const info: CandidateInfo = {
        candidate: {
          activityId: act.id,
          computer,
          endpoints: [],
          toAddresses: [...h.to],
          httpMethods: [...h.methods],
          startUs: o.startUs,
          endUs: o.endUs,
          errors: o.errors,
          exceptionTypes: [...o.exceptions],
          side: h.side,
        },
        activity: a,
        name: act.name,
        first: o.first,
      };
      list.push(info);
      byActivity.set(a, [...(byActivity.get(a) ?? []), info]);
    }
  }
  return { files, list, byActivity };
}
