/**
 * Event-log records that explain IIS 503s, for the IIS triage timeline: WAS stopping an
 * application pool (rapid-fail protection), worker processes crashing or failing to answer
 * (WAS, Application Error / .NET Runtime / Windows Error Reporting on w3wp.exe), and recycles.
 */
import type { EvtxFile } from './evtx-file';

export type MarkerKind = 'rapid-fail' | 'crash' | 'recycle' | 'pool';

export interface EventMarker {
  fileId: string;
  index: number;
  timeUs: number;
  kind: MarkerKind;
  provider: string;
  eventId: number;
  /** One line: what happened, from the event's own fields. */
  text: string;
}

/** WAS event ids (Microsoft-Windows-WAS, System log) by what they mean for requests. */
const WAS: Record<number, MarkerKind> = {
  5002: 'rapid-fail',
  5009: 'crash',
  5010: 'crash',
  5011: 'crash',
  5012: 'crash',
  5013: 'crash',
  5074: 'recycle',
  5075: 'recycle',
  5076: 'recycle',
  5077: 'recycle',
  5079: 'recycle',
  5080: 'recycle',
  5081: 'recycle',
  5117: 'recycle',
  5186: 'recycle',
};

const CRASH_PROVIDERS = new Set(['Application Error', '.NET Runtime', 'Windows Error Reporting', 'Application Hang']);

/** Every provider markerKind can answer for. */
const MARKER_PROVIDERS = new Set(['Microsoft-Windows-WAS', 'WAS', ...CRASH_PROVIDERS]);

export function markerKind(provider: string, eventId: number, text: string): MarkerKind | null {
  if (provider === 'Microsoft-Windows-WAS' || provider === 'WAS') return WAS[eventId] ?? 'pool';
  if (CRASH_PROVIDERS.has(provider) && /w3wp\.exe/i.test(text)) return 'crash';
  return null;
}

/** Markers of the files' records between `fromUs` and `toUs` (inclusive), in time order, at most `max`. */
export function eventMarkers(files: readonly EvtxFile[], fromUs: number, toUs: number, max = 500): EventMarker[] {
  const out: EventMarker[] = [];
  for (const f of files) {
    const d = f.data;
    for (let i = 0; i < d.count; i++) {
      const t = d.timeUs[i];
      if (t < fromUs || t > toUs) continue;
      const provider = d.strings[d.provider[i]];
      // The line is built only for the providers a marker can come from (it is read from the chunk).
      if (!MARKER_PROVIDERS.has(provider)) continue;
      const text = f.text(i);
      const kind = markerKind(provider, d.eventId[i], text);
      if (kind) out.push({ fileId: f.fileId, index: i, timeUs: t, kind, provider, eventId: d.eventId[i], text });
    }
  }
  return out.sort((a, b) => a.timeUs - b.timeUs).slice(0, max);
}
