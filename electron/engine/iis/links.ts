/**
 * Links between an IIS request and what else was loaded: the WCF activities that served it, and
 * the FREB trace of it. Independent of the svclog engine: callers pass plain candidates.
 */
import { formatIsoUs, type TimeUs } from '../../../shared/time';
import { ZONE_UTC, type ZoneChoice } from '../../../shared/time-zone';
import type { IisIndex, RowRef } from './iis-index';
import { NO_NUM } from './store';
import { machineKey } from '../../../shared/machines';

/**
 * A WCF activity on one computer, as the linker needs it (built by the caller from the svclog
 * index): one candidate per (activity, computer), with that computer's own events only, so its
 * times are on that computer's clock.
 */
export interface WcfActivityCandidate {
  activityId: string;
  /** Machine name from the trace (Computer). */
  computer: string;
  /** Endpoint addresses the activity's records name (listen URIs, EndpointAddress). */
  endpoints: readonly string[];
  /** To headers of the messages in the activity. */
  toAddresses: readonly string[];
  /** HTTP methods of the messages received over HTTP (empty when not logged). */
  httpMethods?: readonly string[];
  startUs: TimeUs;
  endUs: TimeUs;
  /** Error and critical traces of the activity on this computer. */
  errors?: number;
  /** Exception types thrown in it (distinct). */
  exceptionTypes?: readonly string[];
  /** 'service' when it received a request here, 'client' when it sent one. */
  side?: 'service' | 'client' | 'unknown';
}

/** The request side: where it ran, its URI stem, and when it ended (displayed time) and how long it took. */
export interface IisRequestSpan {
  /** s-computername, else s-ip. */
  server: string;
  /** s-ip, when known: a candidate's computer may be given as an address. */
  serverIp?: string;
  method?: string;
  stem: string;
  /** The row's time: IIS logs a request when it ends. */
  endUs: TimeUs;
  /** time-taken in ms (0 when absent). */
  timeTakenMs: number;
  status?: number;
  substatus?: number;
}

export interface WcfLink {
  activity: WcfActivityCandidate;
  /** Evidence score: higher ranks first. */
  score: number;
  reason: string;
}

export interface LinkOptions {
  /** The IIS log's time resolution (default 1 s: W3C times have whole seconds). */
  resolutionUs?: number;
  /** Whether two names are the same machine (default: equal ignoring case and domain). */
  sameMachine?: (a: string, b: string) => boolean;
  /** A candidate computer's clock offset (adjusted = raw − offset), µs; default 0. The request's time is given adjusted already. */
  offsetUs?: (computer: string) => number;
  /** Half-width of a computer's offset's feasible interval, µs (how wrong the offset may be); default 0. */
  skewUs?: (computer: string) => number;
  /** The zone the reasons print times in (the user's Time choice); UTC by default. */
  zone?: ZoneChoice;
}

/** W3C times have whole seconds: a request logged at 12:00:01 ended somewhere in [12:00:01, 12:00:02). */
export const IIS_CLOCK_RESOLUTION_US = 1_000_000;

export { machineKey };

const defaultSame = (a: string, b: string) => machineKey(a) === machineKey(b);

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

/** An instant in a reason: ISO 8601 in the zone the user reads (its offset written out), UTC by default. */
function fmt(us: number, zone: ZoneChoice = ZONE_UTC): string {
  return formatIsoUs(Math.floor(us / 1000) * 1000, undefined, zone).replace(/(\.\d{3})000(?=Z|[+-])/, '$1');
}

const isTooBusy = (types: readonly string[] | undefined) => (types ?? []).some((t) => /ServerTooBusy/i.test(t));

/** The request's span on its own clock: [end − time-taken − widen, end + widen]. */
function spanOf(req: IisRequestSpan, widenUs: number): { from: number; to: number } {
  return { from: req.endUs - Math.max(0, req.timeTakenMs) * 1000 - widenUs, to: req.endUs + widenUs };
}

/** Which address of the candidate matches the stem, said as evidence; undefined when none. */
function addressEvidence(c: WcfActivityCandidate, stemKey: string): string | undefined {
  const to = c.toAddresses.find((a) => addressMatches(a, stemKey));
  if (to) return `To header ${to}`;
  const ep = c.endpoints.find((a) => addressMatches(a, stemKey));
  return ep ? `endpoint address ${ep}` : undefined;
}

/**
 * The candidates on the request's machine (after joining names) whose To or endpoint address
 * matches the URI stem and whose span overlaps the request's span
 * [end − time-taken − resolution, end + resolution] (both on that machine's clock), ranked by
 * evidence: address and time overlap, the HTTP method, the service side, and the status agreeing
 * (a 5xx with an exception in the activity, a success without one). Each says why.
 */
export function linkRequestToWcf(req: IisRequestSpan, candidates: readonly WcfActivityCandidate[], opts: LinkOptions = {}): WcfLink[] {
  const res = opts.resolutionUs ?? IIS_CLOCK_RESOLUTION_US;
  const same = opts.sameMachine ?? defaultSame;
  const offset = opts.offsetUs ?? (() => 0);
  const { from, to } = spanOf(req, res);
  // Not cs-host: that is the name the client used, often a load balancer's. No skew widening
  // either: the activity and the log are on one machine, so on one clock.
  const names = [req.server, req.serverIp].filter((n): n is string => !!n);
  const stemKey = pathKey(req.stem);
  const failed = (req.status ?? 0) >= 500;
  const out: WcfLink[] = [];
  for (const c of candidates) {
    const machine = names.find((n) => same(n, c.computer));
    if (!machine) continue;
    const addr = addressEvidence(c, stemKey);
    if (!addr) continue;
    // The same machine's clock: its offset moves the activity as it moved the request.
    const shift = offset(c.computer);
    const start = c.startUs - shift;
    const end = (Number.isFinite(c.endUs) ? c.endUs : c.startUs) - shift;
    if (!(start <= to && end >= from)) continue;
    const inside = start >= from && end <= to;
    const why = [`same machine (${c.computer}${machineKey(machine) === machineKey(c.computer) ? '' : ` = ${machine}`})`, `${addr} matches ${req.stem}`];
    let score = 3 + (inside ? 2 : 1);
    const z = opts.zone;
    why.push(`${inside ? 'runs within' : 'overlaps'} the request ${fmt(from + res, z)}–${fmt(req.endUs, z)} (activity ${fmt(start, z)}–${fmt(end, z)}, ±${res / 1000} ms log resolution)`);
    if (req.method && c.httpMethods?.some((m) => m.toUpperCase() === req.method!.toUpperCase())) {
      score += 1;
      why.push(`HTTP ${req.method}`);
    }
    if (c.side === 'service') score += 1;
    const errors = c.errors ?? 0;
    const exc = c.exceptionTypes?.length ? c.exceptionTypes.join(', ') : 'an error';
    if (failed && errors > 0) {
      score += 4;
      why.push(`${exc} in the activity agrees with status ${req.status}`);
    } else if (failed) {
      score -= 1;
      why.push(`no error in the activity, though the status is ${req.status}`);
    } else if (req.status !== undefined && errors === 0) score += 1;
    else if (req.status !== undefined && errors > 0) score -= 1;
    out.push({ activity: c, score, reason: why.join('; ') });
  }
  const closeness = (l: WcfLink) => Math.abs((Number.isFinite(l.activity.endUs) ? l.activity.endUs : l.activity.startUs) - offset(l.activity.computer) - req.endUs);
  return out.sort((a, b) => b.score - a.score || closeness(a) - closeness(b) || a.activity.startUs - b.activity.startUs);
}

/** True for the 503 substatuses IIS and HTTP.sys answer before any service code runs. */
export function rejectedBeforeService(req: Pick<IisRequestSpan, 'status'>): boolean {
  return req.status === 503;
}

/**
 * For a request answered without running the service (503.x): the client-side activities on
 * other machines that sent to the URI stem and failed at that moment — the other side of the
 * rejected message. Times are compared in adjusted time (each clock's offset removed), widened by
 * the log's resolution and each clock's skew interval. ServerTooBusy failures rank first.
 */
export function clientFailures(req: IisRequestSpan, candidates: readonly WcfActivityCandidate[], opts: LinkOptions = {}): WcfLink[] {
  const res = opts.resolutionUs ?? IIS_CLOCK_RESOLUTION_US;
  const same = opts.sameMachine ?? defaultSame;
  const offset = opts.offsetUs ?? (() => 0);
  const skew = opts.skewUs ?? (() => 0);
  const stemKey = pathKey(req.stem);
  const out: WcfLink[] = [];
  for (const c of candidates) {
    if (same(req.server, c.computer) || c.side === 'service') continue;
    if (!(c.errors ?? 0)) continue;
    const addr = addressEvidence(c, stemKey);
    if (!addr) continue;
    const widen = res + skew(c.computer) + skew(req.server);
    const { from, to } = spanOf(req, widen);
    const start = c.startUs - offset(c.computer);
    const end = (Number.isFinite(c.endUs) ? c.endUs : c.startUs) - offset(c.computer);
    if (!(start <= to && end >= from)) continue;
    const busy = isTooBusy(c.exceptionTypes);
    const exc = c.exceptionTypes?.length ? c.exceptionTypes.join(', ') : 'an error';
    out.push({
      activity: c,
      score: busy ? 10 : 5,
      reason:
        `client on ${c.computer}; ${addr} matches ${req.stem}; ${exc}${busy ? ' (the service refused the call)' : ''}; ` +
        `at ${fmt(start, opts.zone)}–${fmt(end, opts.zone)} adjusted, during the request (±${Math.round(widen / 1000)} ms: log resolution and clock skew)`,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.activity.startUs - b.activity.startUs);
}

/** The request fields of a row of an IisIndex, for `linkRequestToWcf`. */
export function requestSpan(ix: IisIndex, ref: RowRef): IisRequestSpan {
  const d = ix.datas[ref.file];
  const tt = d.num.timeTaken?.[ref.row] ?? NO_NUM;
  const table = ix.tables[ref.file];
  const num = (v: number | undefined) => (v === undefined || v === NO_NUM ? undefined : v);
  return {
    server: table.server(ref.row),
    serverIp: table.str('sIp', ref.row) || undefined,
    method: table.str('method', ref.row) || undefined,
    stem: table.str('stem', ref.row),
    endUs: d.timeMs.at(ref.row) * 1000,
    timeTakenMs: tt === NO_NUM ? 0 : tt,
    status: num(d.num.status?.[ref.row]),
    substatus: num(d.num.substatus?.[ref.row]),
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
export function linkFrebToIis(freb: FrebRequestInfo, ix: IisIndex, opts: Pick<LinkOptions, 'resolutionUs' | 'zone'> = {}): FrebLink[] {
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
      const t = d.timeMs.at(i);
      if (!(t >= fromMs && t <= toMs) || st[i] !== status) continue;
      const id = stems.ids[i];
      const stemOk = id < ok.length ? ok[id] === 1 : pathKey(ix.tables[f].str('stem', i)) === stemKey;
      if (!stemOk) continue;
      if (sub !== undefined && ss && ss[i] !== NO_NUM && ss[i] !== sub) continue;
      out.push({
        ref: { file: f, row: i },
        dist: Math.abs(t * 1000 - freb.endUs),
        reason: `URI stem ${ix.tables[f].str('stem', i)} and status ${status}${sub !== undefined ? `.${sub}` : ''} match; logged at ${fmt(t * 1000, opts.zone)}, within the FREB events ${fmt(freb.startUs, opts.zone)}–${fmt(freb.endUs, opts.zone)} (±${res / 1000} ms)`,
      });
    }
  }
  return out.sort((a, b) => a.dist - b.dist).map(({ ref, reason }) => ({ ref, reason }));
}
