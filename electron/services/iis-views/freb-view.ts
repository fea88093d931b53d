/** The FREB view of one failed request: its attributes, events (bounded) and slowest steps. */
import type { FrebEventRow, FrebStep, FrebView } from '../../../shared/channels/iis';
import { linkFrebToIis, type FrebFile } from '../../engine/iis';
import { sentenceZone } from '../display-zone';
import type { IisSet } from './iis-set';

const VALUE_MAX = 2000;
const SLOWEST = 10;

/** Each step's time until the next timed event, slowest first. */
export function slowestSteps(freb: FrebFile, limit = SLOWEST): FrebStep[] {
  const ev = freb.parsed.events;
  const steps: FrebStep[] = [];
  let prev = -1;
  for (let k = 0; k < ev.length; k++) {
    if (Number.isNaN(ev[k].timeUs)) continue;
    if (prev >= 0) steps.push({ index: prev, name: ev[prev].name, provider: ev[prev].provider, durationUs: ev[k].timeUs - ev[prev].timeUs });
    prev = k;
  }
  // Steps that took no measurable time say nothing about where the time went.
  return steps.filter((s) => s.durationUs > 0).sort((a, b) => b.durationUs - a.durationUs || a.index - b.index).slice(0, limit);
}

/** The IIS rows of a FREB's request (cached per set: a scan of every row). */
const linkCache = new WeakMap<IisSet, Map<string, { fileId: string; row: number; reason: string }[]>>();
export function frebRequests(set: IisSet, freb: FrebFile): { fileId: string; row: number; reason: string }[] {
  let bySet = linkCache.get(set);
  if (!bySet) linkCache.set(set, (bySet = new Map()));
  // The reasons print times in the user's zone: one cache entry per zone.
  const zone = sentenceZone();
  const key = `${freb.fileId}|${zone}`;
  let out = bySet.get(key);
  if (!out) {
    const raw = freb.span();
    const shift = set.frebShiftsUs.get(freb.fileId) ?? 0;
    // The index holds displayed times: the FREB's are shifted by its computer's offset too.
    const span = raw && { startUs: raw.startUs - shift, endUs: raw.endUs - shift };
    const a = freb.parsed.attributes;
    out = span
      ? linkFrebToIis({ url: a.url ?? '', statusCode: a.statusCode ?? '', subStatus: a.subStatus, ...span }, set.ix, { zone })
          .slice(0, 20)
          .map((l) => ({ fileId: set.logs[l.ref.file].fileId, row: l.ref.row, reason: l.reason }))
      : [];
    bySet.set(key, out);
  }
  return out;
}

export function frebView(set: IisSet, freb: FrebFile, eventLimit = 2000): FrebView {
  const a = freb.parsed.attributes;
  const cut = (v: string) => (v.length > VALUE_MAX ? `${v.slice(0, VALUE_MAX - 1)}…` : v);
  const events: FrebEventRow[] = freb.parsed.events.slice(0, eventLimit).map((e, index) => ({
    index,
    timeUs: Number.isNaN(e.timeUs) ? null : e.timeUs,
    provider: e.provider,
    name: e.name,
    level: e.level,
    data: e.data.slice(0, 50).map((d) => ({ name: d.name, value: cut(d.value) })),
  }));
  return {
    fileId: freb.fileId,
    name: set.names.get(freb.fileId) ?? freb.path,
    url: a.url ?? '',
    status: `${a.statusCode ?? ''}${a.subStatus && a.subStatus !== '0' ? `.${a.subStatus}` : ''}`,
    failureReason: a.failureReason ?? '',
    timeTaken: a.timeTaken ?? '',
    verb: a.verb ?? '',
    attributes: Object.entries(a).slice(0, 100).map(([name, value]) => ({ name, value: cut(value) })),
    totalEvents: freb.parsed.events.length,
    events,
    slowest: slowestSteps(freb),
    requests: frebRequests(set, freb),
  };
}
