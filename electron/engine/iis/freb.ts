/**
 * IIS Failed Request Tracing files (fr*.xml): the <failedRequest> attributes and its events. FREB
 * files are small (KBs to a few MB), so fast-xml-parser is used, one event at a time so a broken
 * event costs only itself. No DOCTYPE is honoured (it is removed, with a warning) and entity
 * expansion is bounded.
 */
import { readFile } from 'node:fs/promises';
import { untrustedXmlParser } from '../untrusted-xml';
import type { Problem, RecordDetail, RecordLevel, RecordRow } from '../../../shared/model';
import { formatTimeUs } from '../../../shared/time';
import { decode, detectBom } from '../encoding';
import type { LoadedFile } from '../types';
import { findDoctype, scanAttributes } from '../xml-scan';
import { normalizeNewlines, scanFrebEvent, unescapeXml } from './freb-scan';

export interface FrebSummary {
  url: string;
  statusCode: number | string;
  timeTaken: number | string;
  failureReason: string;
  events: number;
}

export interface FrebEvent {
  /** µs UTC (NaN when the event has no valid TimeCreated). */
  timeUs: number;
  provider: string;
  /** RenderingInfo Opcode name (GENERAL_REQUEST_START, …), else the EventID. */
  name: string;
  /** ETW level 0..5. */
  level: number;
  computer: string;
  processId: string;
  activityId: string;
  data: { name: string; value: string }[];
  /** [start, end) of the event's XML in the file's text. */
  start: number;
  end: number;
}

export interface FrebRequest {
  /** Every attribute of <failedRequest> (url, statusCode, subStatus, timeTaken, failureReason, activityId, siteId, processId, verb, …). */
  attributes: Record<string, string>;
  events: FrebEvent[];
  problems: Problem[];
  /** The file text (normalised line breaks), for raw event XML. */
  text: string;
}

const parser = untrustedXmlParser({ removeNSPrefix: true, isArray: (name) => name === 'Data' });

/** Attributes glued together (`a="1"b="2"`) get the space XML requires (for the XML parser). Only inside tags. */
function spaceAttributes(tag: string): string {
  return tag.replace(/("|')(?=[A-Za-z_][\w:.-]{0,200}\s{0,50}=\s{0,50}["'])/g, '$1 ');
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of scanAttributes(tag)) out[k] = unescapeXml(v);
  return out;
}

type Node = Record<string, unknown>;
const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? String((v as Node)['#text'] ?? '') : String(v));
const obj = (v: unknown): Node => (v && typeof v === 'object' ? (v as Node) : {});

function parseEvent(xml: string, start: number, end: number): FrebEvent {
  const scanned = scanFrebEvent(xml);
  if (scanned) {
    const t = Date.parse(scanned.systemTime);
    return {
      timeUs: Number.isNaN(t) ? NaN : t * 1000,
      provider: scanned.provider,
      name: scanned.renderedOpcode || `Event ${scanned.eventId} opcode ${scanned.opcode}`,
      level: Number(scanned.level) || 0,
      computer: scanned.computer,
      processId: scanned.processId,
      activityId: scanned.activityId,
      data: scanned.data,
      start,
      end,
    };
  }
  return parseEventXml(normalizeNewlines(xml).replace(/<[A-Za-z][^<>]*>/g, spaceAttributes), start, end);
}

/** The XML parser's reading of an event the scanner does not take (the reference for the scanner's tests). */
export function parseEventXml(xml: string, start: number, end: number): FrebEvent {
  const doc = obj(parser.parse(xml));
  const ev = obj(doc.Event);
  const sys = obj(ev.System);
  const t = Date.parse(str(obj(sys.TimeCreated)['@SystemTime']));
  const rendering = obj(ev.RenderingInfo);
  const dataNodes = (obj(ev.EventData).Data as unknown[] | undefined) ?? [];
  const data = dataNodes.map((d) => ({ name: str(obj(d)['@Name']), value: str(d) }));
  const opcode = str(rendering.Opcode);
  return {
    timeUs: Number.isNaN(t) ? NaN : t * 1000,
    provider: str(obj(sys.Provider)['@Name']),
    name: opcode || `Event ${str(sys.EventID)} opcode ${str(sys.Opcode)}`,
    level: Number(str(sys.Level)) || 0,
    computer: str(sys.Computer),
    processId: str(obj(sys.Execution)['@ProcessID']),
    activityId: str(obj(sys.Correlation)['@ActivityID']),
    data,
    start,
    end,
  };
}

/** [start, end) of each `<Event …>…</Event>` from `from`, by indexOf (linear: no regex backtracking). */
function* eventSpans(text: string, from: number): Generator<[number, number]> {
  let at = text.indexOf('<Event', from);
  while (at >= 0) {
    const c = text.charCodeAt(at + 6);
    if (c === 0x20 || c === 0x3e || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f) {
      const close = text.indexOf('</Event>', at);
      if (close < 0) return;
      yield [at, close + 8];
      at = text.indexOf('<Event', close + 8);
    } else at = text.indexOf('<Event', at + 1);
  }
}

/** Parses a FREB document's text. Never throws: broken parts become problems. */
export function parseFreb(raw: string): FrebRequest {
  const problems: Problem[] = [];
  // The text is kept as written (CRLF included: no copy of a large file); values are normalised
  // as an XML parser does (freb-scan.ts), and an event's raw XML is normalised when shown.
  let text = raw;
  const doctype = findDoctype(text);
  if (doctype) {
    problems.push({ severity: 'warning', message: 'The file has a DOCTYPE; it was ignored (entity declarations are not expanded).' });
    text = text.slice(0, doctype.start) + ' '.repeat(doctype.end - doctype.start) + text.slice(doctype.end);
  }
  const headAt = text.indexOf('<failedRequest');
  const headEnd = headAt < 0 ? -1 : text.indexOf('>', headAt);
  const head = headAt >= 0 && headEnd >= 0;
  const attributes = head ? attrs(text.slice(headAt + '<failedRequest'.length, headEnd)) : {};
  if (!head) problems.push({ severity: 'error', message: 'No <failedRequest> element found.' });
  const events: FrebEvent[] = [];
  let scanned = 0;
  for (const [s, e] of eventSpans(text, 0)) {
    scanned = e;
    try {
      events.push(parseEvent(text.slice(s, e), s, e));
    } catch (err) {
      problems.push({ severity: 'warning', message: `An event could not be read: ${err instanceof Error ? err.message : String(err)}`, offset: s });
    }
  }
  if (text.indexOf('<Event', scanned) >= 0) problems.push({ severity: 'warning', message: 'The last event is cut off.' });
  else if (head && !text.includes('</failedRequest>')) problems.push({ severity: 'warning', message: 'The file ends before </failedRequest> (truncated?).' });
  return { attributes, events, problems, text };
}

function level(l: number): RecordLevel {
  return l === 1 ? 'critical' : l === 2 ? 'error' : l === 3 ? 'warning' : l === 5 ? 'verbose' : 'info';
}

const numOr = (v: string | undefined): number | string => (v !== undefined && /^\d+$/.test(v) ? Number(v) : (v ?? ''));

export class FrebFile implements LoadedFile {
  readonly format = 'freb' as const;
  readonly problems: readonly Problem[];

  constructor(
    readonly fileId: string,
    readonly path: string,
    readonly parsed: FrebRequest,
  ) {
    this.problems = parsed.problems;
  }

  get recordCount(): number {
    return this.parsed.events.length;
  }

  /** The request as the summary lists it. */
  get request(): FrebSummary {
    const a = this.parsed.attributes;
    return {
      url: a.url ?? '',
      statusCode: numOr(a.statusCode),
      timeTaken: numOr(a.timeTaken),
      failureReason: a.failureReason ?? '',
      events: this.parsed.events.length,
    };
  }

  get summary(): Readonly<Record<string, unknown>> {
    return { freb: { requests: [this.request] } };
  }

  /** First and last event times (µs), the request's span as FREB saw it. */
  span(): { startUs: number; endUs: number } | null {
    const ts = this.parsed.events.map((e) => e.timeUs).filter((t) => !Number.isNaN(t));
    return ts.length ? { startUs: Math.min(...ts), endUs: Math.max(...ts) } : null;
  }

  timeUs(i: number): number {
    for (let k = i; k >= 0; k--) {
      const t = this.parsed.events[k].timeUs;
      if (!Number.isNaN(t)) return t;
    }
    return 0;
  }

  row(i: number): RecordRow {
    const e = this.parsed.events[i];
    const text = e.data
      .filter((d) => d.name !== 'ContextId')
      .map((d) => `${d.name}=${d.value}`)
      .join(', ');
    return {
      fileId: this.fileId,
      index: i,
      timeUs: this.timeUs(i),
      level: level(e.level),
      kind: e.name,
      source: e.provider,
      host: e.computer,
      process: e.processId,
      text: text.length > 300 ? `${text.slice(0, 299)}…` : text,
    };
  }

  async detail(i: number): Promise<RecordDetail> {
    const e = this.parsed.events[i];
    const xml = normalizeNewlines(this.parsed.text.slice(e.start, e.end));
    return {
      fileId: this.fileId,
      index: i,
      title: `${e.name} (${e.provider})`,
      fields: [
        { name: 'Time (UTC)', value: Number.isNaN(e.timeUs) ? '' : formatTimeUs(e.timeUs) },
        { name: 'Provider', value: e.provider },
        { name: 'Level', value: String(e.level) },
        { name: 'Computer', value: e.computer },
        { name: 'Process', value: e.processId },
        { name: 'Activity', value: e.activityId },
        ...e.data,
      ],
      tree: {
        name: 'failedRequest',
        children: [
          { name: 'attributes', children: Object.entries(this.parsed.attributes).map(([name, value]) => ({ name, value })) },
          { name: 'EventData', children: e.data.map((d) => ({ name: d.name, value: d.value })) },
        ],
      },
      raw: xml,
      xml,
    };
  }
}

/** Reads and parses a FREB file (decoded per its BOM; FREB files are UTF-8). */
/** Failed request traces are tens or hundreds of KB; far larger ones are reported as suspicious. */
export const LARGE_FREB_BYTES = 16 * 1024 * 1024;

export async function loadFreb(fileId: string, path: string): Promise<FrebFile> {
  const bytes = await readFile(path);
  const bom = detectBom(bytes);
  const parsed = parseFreb(decode(bytes.subarray(bom.length), bom.encoding));
  if (bytes.length > LARGE_FREB_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(0);
    parsed.problems.unshift({ severity: 'warning', message: `The file is ${mb} MiB; a failed request trace is normally under 1 MB, so it may be damaged or hostile. What could be read is shown.` });
  }
  return new FrebFile(fileId, path, parsed);
}
