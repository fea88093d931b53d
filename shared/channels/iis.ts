/**
 * IIS triage channels: the incident timeline, the request table, top URIs, 503 bursts, one
 * request's drill-down (candidate WCF activities, FREB trace) and the FREB view. Everything is
 * aggregated or paged on the main side; times are µs since the epoch (UTC) as everywhere on the
 * contract.
 */
import { z } from 'zod';
import { MAX_COMPUTER_CHARS, MAX_URI_CHARS } from '../limits';
import type { IisSeries } from '../iis-series';
import type { DetailField } from '../model';
import { fileId, rowAnchors } from './core';
import { traceFilterSchema } from './filter';

export { IIS_SERIES, type IisSeries } from '../iis-series';

const PAGE_MAX = 1000;
const shortText = z.string().max(500);
const time = z.number().finite();


export const IIS_SORT_KEYS = ['time', 'timeTaken', 'status', 'scBytes', 'csBytes', 'stem', 'server', 'file'] as const;
export type IisSortKey = (typeof IIS_SORT_KEYS)[number];

/** Filters of the request table and the aggregates (every part optional; all combine with AND). */
export const iisFilterSchema = z
  .object({
    fromUs: time.optional(),
    /** Exclusive. */
    toUs: time.optional(),
    status: z.number().int().min(0).max(999).optional(),
    substatus: z.number().int().min(0).max(99_999).optional(),
    /** Case-insensitive substring of the URI stem. */
    uri: z.string().max(MAX_URI_CHARS).optional(),
    /** Exactly this URI stem (a click on a top URI). */
    stem: z.string().max(MAX_URI_CHARS).optional(),
    /** Case-insensitive substring of c-ip. */
    client: shortText.optional(),
    /** Exact server (s-computername, else s-ip). */
    server: z.string().max(MAX_COMPUTER_CHARS).optional(),
    /** time-taken ≥ this many ms. */
    minTimeTaken: z.number().int().min(0).optional(),
    /** The one filter's parts that requests have fields for (level, host, source, process, query), from the filter bar. */
    shared: traceFilterSchema.optional(),
  })
  .strict();
export type IisFilter = z.infer<typeof iisFilterSchema>;

const filter = iisFilterSchema.optional();
const requestRef = { fileId, row: z.number().int().min(0) };

export const iisSchemas = {
  'iis.overview': z.object({}).strict(),
  /** Buckets of the range (default: every request); the width is the smallest nice one giving ≤ maxBuckets. */
  'iis.timeline': z
    .object({ fromUs: time.optional(), toUs: time.optional(), maxBuckets: z.number().int().min(1).max(2000), filter, slowMs: z.number().int().min(0).optional() })
    .strict(),
  'iis.requests': z
    /** `anchors`: requests (`index` is the row) whose positions are wanted too (`anchorsAt`). */
    .object({ filter, sortBy: z.enum(IIS_SORT_KEYS).optional(), descending: z.boolean().optional(), offset: z.number().int().min(0), limit: z.number().int().min(1).max(PAGE_MAX), anchors: rowAnchors })
    .strict(),
  'iis.topUris': z.object({ filter, by: z.enum(['count', 'errors', 'p95']).optional(), limit: z.number().int().min(1).max(500) }).strict(),
  'iis.bursts': z.object({ maxGapMs: z.number().int().min(0).max(3_600_000).optional(), minCount: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(1000) }).strict(),
  'iis.request': z.object(requestRef).strict(),
  'iis.freb': z.object({ fileId, eventLimit: z.number().int().min(1).max(5000).optional() }).strict(),
  /** The IIS requests (and FREB traces) a WCF activity served: the activity of this trace. */
  'iis.activityRequests': z.object({ fileId, index: z.number().int().min(0) }).strict(),
  /** The Capture next time configuration for a request (see capture.ts). */
  'iis.capture': z
    .object({ ...requestRef, timeTakenMs: z.number().int().min(0).max(86_400_000).optional(), dumpFolder: z.string().max(260).optional(), maxDumps: z.number().int().min(1).max(20).optional() })
    .strict(),
} as const;

export interface IisOverview {
  version: number;
  /** Request rows (W3C and native logs). */
  requests: number;
  httperr: number;
  /** Loaded FREB files: one failed request each. */
  frebs: { fileId: string; name: string; url: string; status: string; timeUs: number | null }[];
  fromUs: number | null;
  toUs: number | null;
  servers: string[];
  slowMs: number;
}

export interface IisTimeline {
  version: number;
  startUs: number;
  widthUs: number;
  /** Per series, requests per bucket (all arrays the same length). */
  series: Record<IisSeries, number[]>;
  /** Requests with time-taken ≥ slowMs per bucket. */
  slow: number[];
  slowMs: number;
  /** FREB requests in the range (first event time). */
  frebs: { fileId: string; timeUs: number; url: string; status: string }[];
  /**
   * Event-log records in the range that explain 503s: WAS rapid-fail protection, worker process
   * crashes (WAS, Application Error, .NET Runtime on w3wp.exe), recycles and other pool events.
   */
  events: { fileId: string; index: number; timeUs: number; kind: 'rapid-fail' | 'crash' | 'recycle' | 'pool'; provider: string; eventId: number; text: string }[];
}

/** One request row: every W3C field the table shows (empty / null when the log lacks it). */
export interface IisRequestRow {
  fileId: string;
  row: number;
  /** Displayed time: raw − the server machine's clock offset (adjusted mode). */
  timeUs: number | null;
  /** The offset applied, ms (0: none). */
  offsetMs: number;
  server: string;
  site: string;
  sIp: string;
  port: number | null;
  method: string;
  stem: string;
  query: string;
  user: string;
  client: string;
  userAgent: string;
  referer: string;
  host: string;
  status: number | null;
  substatus: number | null;
  win32: number | null;
  scBytes: number | null;
  csBytes: number | null;
  timeTaken: number | null;
  file: string;
}

export interface IisRequestPage {
  version: number;
  total: number;
  offset: number;
  rows: IisRequestRow[];
  /** Position of each asked anchor in the list; -1 for one the list does not hold. */
  anchorsAt?: number[];
}

export interface IisUriStat {
  stem: string;
  count: number;
  errors: number;
  serverErrors: number;
  /** time-taken percentiles in ms (null without values). */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface IisBurst {
  startUs: number;
  endUs: number;
  count: number;
  /** Requests per substatus ("2" for 503.2). */
  substatus: Record<string, number>;
  servers: string[];
}

export interface WcfCandidate {
  activityId: string;
  name: string;
  computer: string;
  startUs: number;
  endUs: number;
  /** First trace of the activity, to open it in the Traces view (svclog.activityOf gives its activity index). */
  first: { fileId: string; index: number } | null;
  /** Evidence score (higher ranks first). */
  score: number;
  reason: string;
}

export interface IisRequestDetail {
  version: number;
  request: IisRequestRow;
  /** Every field of the log line, as written. */
  fields: DetailField[];
  candidates: WcfCandidate[];
  /** Candidates considered (activities on the loaded traces). */
  candidatesConsidered: number;
  /** Why no service activity exists by design (503.x), else null. */
  serviceNote: string | null;
  /** For 503.x: the client activities that failed at that moment (ServerTooBusy first). */
  clientFailures: WcfCandidate[];
  frebs: { fileId: string; name: string; reason: string }[];
}

export interface FrebEventRow {
  index: number;
  timeUs: number | null;
  provider: string;
  name: string;
  level: number;
  data: { name: string; value: string }[];
}

export interface FrebStep {
  index: number;
  name: string;
  provider: string;
  /** Time until the next event (µs). */
  durationUs: number;
}

export interface FrebView {
  fileId: string;
  name: string;
  url: string;
  status: string;
  failureReason: string;
  timeTaken: string;
  verb: string;
  attributes: { name: string; value: string }[];
  totalEvents: number;
  events: FrebEventRow[];
  slowest: FrebStep[];
  /** IIS rows of this request in the loaded logs, closest first. */
  requests: { fileId: string; row: number; reason: string }[];
}

export interface ActivityRequests {
  /** The activity's name, or its id. */
  activity: string;
  requests: (IisRequestRow & { reason: string })[];
  frebs: { fileId: string; name: string; reason: string }[];
}

export interface CaptureConfig {
  /** The URL the rule watches (the request's stem). */
  url: string;
  timeTakenMs: number;
  statusCodes: string[];
  /** Sections, each a title and a text to copy. */
  sections: { title: string; language: 'xml' | 'text' | 'cmd'; text: string }[];
}

export interface IisResponses {
  'iis.overview': IisOverview;
  'iis.timeline': IisTimeline;
  'iis.requests': IisRequestPage;
  'iis.topUris': { version: number; rows: IisUriStat[] };
  'iis.bursts': { version: number; total: number; rows: IisBurst[] };
  'iis.request': IisRequestDetail;
  'iis.freb': FrebView;
  'iis.activityRequests': ActivityRequests;
  'iis.capture': CaptureConfig;
}
