/**
 * Links between an IIS request and what else was loaded: the WCF activities that served it, and
 * the FREB trace of it. Independent of the svclog engine: callers pass plain candidates.
 */
import type { TimeUs } from '../../../shared/time';
import type { IisIndex, RowRef } from './iis-index';
import { NO_NUM } from './store';

/** A WCF activity as the linker needs it (built by the caller from the svclog index). */
export interface WcfActivityCandidate {
  activityId: string;
  /** Machine name from the trace (Computer). */
  computer: string;
  /** Endpoint addresses the activity's records name (listen URIs, EndpointAddress). */
  endpoints: readonly string[];
  /** To headers of the messages in the activity. */
  toAddresses: readonly string[];
  startUs: TimeUs;
  endUs: TimeUs;
}

/** The request side: where it ran, its URI stem, and when it ended and how long it took. */
export interface IisRequestSpan {
  /** s-computername, else s-ip. */
  server: string;
  /** s-ip, when known: a candidate's computer may be given as an address. */
  serverIp?: string;
  stem: string;
  /** The row's time: IIS logs a request when it ends. */
  endUs: TimeUs;
  /** time-taken in ms (0 when absent). */
  timeTakenMs: number;
}

export interface WcfLink {
  activity: WcfActivityCandidate;
  reason: string;
}

/** W3C times have whole seconds: a request logged at 12:00:01 ended somewhere in [12:00:01, 12:00:02). */
export const IIS_CLOCK_RESOLUTION_US = 1_000_000;

/** Lower-cased host name without its domain ("WEB01.contoso.com" → "web01"); IPs stay whole. */
export function machineKey(name: string): string {
  const n = name.trim().toLowerCase();
  if (/^[\d.]+$/.test(n) || n.includes(':')) return n;
  return n.split('.')[0];
}

/** Path of an address or stem, decoded, lower-cased, without a trailing slash. */
export function pathKey(uriOrPath: string): string {
  let p = uriOrPath.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(p);
  if (scheme) p = p.slice(scheme[0].length);
  p = p.split(/[?#]/)[0];
  try {
    p = decodeURIComponent(p);
  } catch {
    /* keep it encoded */
  }
  p = p.toLowerCase();
  // Not /\/+$/: that regex is quadratic on a long run of slashes that does not end the path.
  let end = p.length;
  while (end > 0 && p.charCodeAt(end - 1) === 0x2f) end--;
  p = p.slice(0, end);
  return p.startsWith('/') ? p : `/${p}`;
}

/** An address serves a stem when their paths are equal (an endpoint's relative address may follow the .svc). */
function addressMatches(address: string, stemKey: string): boolean {
  const a = pathKey(address);
  return a === stemKey || a.startsWith(`${stemKey}/`) || stemKey.startsWith(`${a}/`);
}

function fmt(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

/**
 * The candidates on the same machine whose endpoint address or To header matches the request's
 * URI stem and whose time lies within the request's span: [end − time-taken, end], widened by the
 * clock resolution on both sides. Each result says why it matched.
 */
export function linkRequestToWcf(
  req: IisRequestSpan,
  candidates: readonly WcfActivityCandidate[],
  opts: { resolutionUs?: number } = {},
): WcfLink[] {
  const res = opts.resolutionUs ?? IIS_CLOCK_RESOLUTION_US;
  const from = req.endUs - Math.max(0, req.timeTakenMs) * 1000 - res;
  const to = req.endUs + res;
  const machines = new Set([machineKey(req.server), ...(req.serverIp ? [machineKey(req.serverIp)] : [])]);
  const stemKey = pathKey(req.stem);
  const out: WcfLink[] = [];
  for (const c of candidates) {
    if (!machines.has(machineKey(c.computer))) continue;
    const to1 = c.toAddresses.find((a) => addressMatches(a, stemKey));
    const ep = to1 ? undefined : c.endpoints.find((a) => addressMatches(a, stemKey));
    if (!to1 && !ep) continue;
    const end = Number.isFinite(c.endUs) ? c.endUs : c.startUs;
    if (!(c.startUs >= from && c.startUs <= to && end >= from && end <= to)) continue;
    const addr = to1 ? `To header ${to1}` : `endpoint address ${ep}`;
    out.push({
      activity: c,
      reason:
        `same machine (${c.computer}); ${addr} matches URI stem ${req.stem}; ` +
        `activity ${fmt(c.startUs)}–${fmt(end)} lies within the request ${fmt(from + res)}–${fmt(req.endUs)} (±${res / 1000} ms clock resolution)`,
    });
  }
  return out.sort((a, b) => a.activity.startUs - b.activity.startUs);
}

/** The request fields of a row of an IisIndex, for `linkRequestToWcf`. */
export function requestSpan(ix: IisIndex, ref: RowRef): IisRequestSpan {
  const d = ix.datas[ref.file];
  const tt = d.num.timeTaken?.[ref.row] ?? NO_NUM;
  const table = ix.tables[ref.file];
  return {
    server: table.server(ref.row),
    serverIp: table.str('sIp', ref.row) || undefined,
    stem: table.str('stem', ref.row),
    endUs: d.timeMs[ref.row] * 1000,
    timeTakenMs: tt === NO_NUM ? 0 : tt,
  };
}

/** What the FREB linker needs of a FREB file (FrebFile.request + span()). */
export interface FrebRequestInfo {
  url: string;
  statusCode: number | string;
  subStatus?: number | string;
  /** First and last event times (µs). */
  startUs: TimeUs;
  endUs: TimeUs;
}

export interface FrebLink {
  ref: RowRef;
  reason: string;
}

/**
 * The IIS rows of the FREB's request: same URI stem (the FREB url's path), same status (and
 * substatus when both have one), and a row time within the FREB's events, widened by the clock
 * resolution. Closest in time first.
 */
export function linkFrebToIis(freb: FrebRequestInfo, ix: IisIndex, opts: { resolutionUs?: number } = {}): FrebLink[] {
  const res = opts.resolutionUs ?? IIS_CLOCK_RESOLUTION_US;
  const stemKey = pathKey(freb.url);
  const status = Number(freb.statusCode);
  const sub = freb.subStatus === undefined || freb.subStatus === '' ? undefined : Number(freb.subStatus);
  const fromMs = (freb.startUs - res) / 1000;
  const toMs = (freb.endUs + res) / 1000;
  const out: (FrebLink & { dist: number })[] = [];
  for (let f = 0; f < ix.datas.length; f++) {
    const d = ix.datas[f];
    const st = d.num.status;
    const ss = d.num.substatus;
    const stems = d.str.stem;
    if (!st || !stems) continue;
    // Stems matching the FREB url, as a lookup over this file's local ids.
    const ok = new Uint8Array(stems.values.length);
    stems.values.forEach((v, k) => (ok[k] = v && pathKey(v) === stemKey ? 1 : 0));
    for (let i = 0; i < d.rows; i++) {
      const t = d.timeMs[i];
      if (!(t >= fromMs && t <= toMs) || st[i] !== status) continue;
      const id = stems.ids[i];
      const stemOk = id < ok.length ? ok[id] === 1 : pathKey(ix.tables[f].str('stem', i)) === stemKey;
      if (!stemOk) continue;
      if (sub !== undefined && ss && ss[i] !== NO_NUM && ss[i] !== sub) continue;
      out.push({
        ref: { file: f, row: i },
        dist: Math.abs(t * 1000 - freb.endUs),
        reason: `URI stem ${ix.tables[f].str('stem', i)} and status ${status}${sub !== undefined ? `.${sub}` : ''} match; logged at ${new Date(t).toISOString()}, within the FREB events ${fmt(freb.startUs)}–${fmt(freb.endUs)} (±${res / 1000} ms)`,
      });
    }
  }
  return out.sort((a, b) => a.dist - b.dist).map(({ ref, reason }) => ({ ref, reason }));
}
