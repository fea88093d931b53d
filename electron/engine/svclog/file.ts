/** One loaded svclog file: the generic LoadedFile view over its columns, plus typed accessors. */
import type { DetailField, Problem, RecordDetail, RecordRow } from '../../../shared/model';
import type { TextEncoding } from '../encoding';
import type { Capabilities } from '../capabilities';
import type { WcfTraceFile } from '../wcf-traces';
import { svclogCapabilities } from './capabilities';
import { EVENT_FLAG } from './extraction/columns';
import type { SvclogData } from './extraction/data';
import { buildDetail, decodeRange, readRange, timeField } from './queries/detail';
import { LEVEL_NAMES, recordLevel } from './levels';
import { processesOf, type FileProcesses } from './indexing/processes';
import { groupsOf } from './indexing/part-groups';

/** The most of one event the detail pane reads. */
export const MAX_DETAIL_BYTES = 1024 * 1024;

export class SvclogFile implements WcfTraceFile {
  readonly format = 'svclog' as const;
  readonly recordCount: number;
  private summaryCache?: Record<string, unknown>;
  private processCache?: FileProcesses;
  private labelCache?: string[];
  private capabilities?: Capabilities;

  constructor(
    readonly path: string,
    readonly fileId: string,
    readonly size: number,
    readonly encoding: TextEncoding,
    readonly data: SvclogData,
    /** Builds this file's summary section (injected to keep file.ts free of the cross-file index). */
    private readonly summarizeOne: (file: SvclogFile) => Record<string, unknown>,
  ) {
    this.recordCount = data.eventCount;
  }

  get problems(): readonly Problem[] {
    return this.data.problems;
  }

  get summary(): Readonly<Record<string, unknown>> {
    this.summaryCache ??= this.summarizeOne(this);
    return this.summaryCache;
  }

  get provides(): Capabilities {
    return (this.capabilities ??= svclogCapabilities(this));
  }

  /**
   * The columns the activities capability offers its users (views, filter, exports): one row per
   * event, per message record, and the string table their ids index. `data` is the engine's own.
   */
  get events(): SvclogData['events'] {
    return this.data.events;
  }

  get messages(): SvclogData['messages'] {
    return this.data.messages;
  }

  get strings(): readonly string[] {
    return this.data.strings;
  }

  /** The process of each event (computed once). */
  processes(): FileProcesses {
    this.processCache ??= groupsOf(this.data)?.processes ?? processesOf(this.data, this.recordCount);
    return this.processCache;
  }

  /** processLabel(i) from the process table: one string per process instead of one per call. */
  processLabelOf(i: number): string {
    const procs = this.processes();
    this.labelCache ??= procs.first.map((j) => this.processLabel(j));
    return this.labelCache[procs.of[i]];
  }

  str(id: number): string {
    return this.data.strings[id] ?? '';
  }

  timeUs(i: number): number {
    return this.data.events.timeUs[i];
  }

  /** "w3wp (4212)". */
  processLabel(i: number): string {
    const ev = this.data.events;
    const name = this.str(ev.processName[i]);
    return ev.pid[i] >= 0 ? `${name} (${ev.pid[i]})` : name;
  }

  /** The one-line description: TraceRecord Description / ApplicationData text / message source + action. */
  description(i: number): string {
    const ev = this.data.events;
    const m = ev.message[i];
    if (m >= 0) {
      const mc = this.data.messages;
      const action = this.str(mc.action[m]);
      const source = this.str(mc.source[m]);
      const extra = action || [this.str(mc.httpMethod[m]), this.str(mc.httpStatus[m])].filter(Boolean).join(' ') || this.str(mc.to[m]);
      return extra ? `${source} ${extra}` : source;
    }
    const d = withoutDiagnostics(this.str(ev.description[i]));
    const x = this.str(ev.exceptionMessage[i]);
    return d && x ? `${d} ${x}` : d || x;
  }

  row(i: number): RecordRow {
    const ev = this.data.events;
    return {
      fileId: this.fileId,
      index: i,
      timeUs: ev.timeUs[i],
      tick: ev.tick[i],
      level: recordLevel(ev.level[i]),
      kind: this.str(ev.subType[i]),
      source: this.str(ev.source[i]),
      host: this.str(ev.computer[i]),
      process: this.processLabel(i),
      text: this.description(i),
    };
  }

  /** The indexed fields of event i, as the detail pane lists them first. */
  fields(i: number): DetailField[] {
    const ev = this.data.events;
    const out: DetailField[] = [];
    const add = (name: string, value: string | number) => {
      if (value !== '' && !(typeof value === 'number' && !Number.isFinite(value))) out.push({ name, value: String(value) });
    };
    if (Number.isFinite(ev.timeUs[i])) out.push({ name: 'Time', value: timeField(ev.timeUs[i], ev.tick[i]), timeUs: ev.timeUs[i], tick: ev.tick[i] });
    add('Type', this.str(ev.subType[i]));
    add('Level', LEVEL_NAMES[ev.level[i]] ?? (ev.level[i] === 255 ? 'Activity tracing' : ev.level[i] || ''));
    add('Source', this.str(ev.source[i]));
    add('Event ID', ev.eventId[i]);
    add('Computer', this.str(ev.computer[i]));
    add('Process', this.processLabel(i));
    if (ev.tid[i] >= 0) add('Thread', ev.tid[i]);
    add('Activity ID', this.str(ev.activity[i]));
    add('Related activity ID', this.str(ev.related[i]));
    add('Activity name', this.str(ev.activityName[i]));
    add('Description', this.description(i));
    add('Exception type', this.str(ev.exceptionType[i]));
    add('Exception message', this.str(ev.exceptionMessage[i]));
    const m = ev.message[i];
    if (m >= 0) {
      const mc = this.data.messages;
      add('Message source', this.str(mc.source[m]));
      if (ev.flags[i] & EVENT_FLAG.malformed) add('Malformed', 'yes: the message was logged as escaped text');
      add('Message type', this.str(mc.type[m]));
      add('Action', this.str(mc.action[m]));
      add('Message ID', this.str(mc.messageId[m]));
      add('Relates to', this.str(mc.relatesTo[m]));
      add('To', this.str(mc.to[m]));
      add('Reply to', this.str(mc.replyTo[m]));
      add('ActivityId header', this.str(mc.activityHeader[m]));
      add('CorrelationId', this.str(mc.correlationId[m]));
      add('HTTP method', this.str(mc.httpMethod[m]));
      add('HTTP status', this.str(mc.httpStatus[m]));
      if (mc.soap[m]) add('SOAP version', mc.soap[m] === 12 ? '1.2' : '1.1');
      if (mc.bodySize[m] >= 0) add('Body size', `${mc.bodySize[m]} bytes`);
    }
    add('Byte range', `${ev.start[i]}–${ev.end[i]}`);
    return out;
  }

  async detail(i: number): Promise<RecordDetail> {
    const ev = this.data.events;
    const base = { fileId: this.fileId, index: i, title: `${this.str(ev.subType[i]) || 'Event'}: ${this.description(i)}`.slice(0, 200), fields: this.fields(i) };
    if (!(i >= 0 && i < this.recordCount)) return { ...base, title: `No event ${i}`, fields: [], raw: '' };
    try {
      // A huge event is shown by its start only: the renderer gets one record's detail, never megabytes.
      const end = Math.min(ev.end[i], ev.start[i] + MAX_DETAIL_BYTES);
      const raw = decodeRange(await readRange(this.path, ev.start[i], end), this.encoding);
      if (end === ev.end[i]) return buildDetail(base, raw);
      const rest = ev.end[i] - end;
      return { ...base, raw: `${raw}\n… ${rest.toLocaleString('en-US')} more bytes of this event are not shown.`, fields: [...base.fields, { name: 'Size', value: `${(ev.end[i] - ev.start[i]).toLocaleString('en-US')} bytes: only the first ${MAX_DETAIL_BYTES.toLocaleString('en-US')} are shown` }] };
    } catch (e) {
      return { ...base, raw: '', fields: [...base.fields, { name: 'Read problem', value: e instanceof Error ? e.message : String(e) }] };
    }
  }
}

/**
 * The engine's own file behind the activities capability: only this engine provides it, so every
 * WcfTraceFile is one (the engine's modules read its store; nothing outside this folder may).
 */
export function ownFile(f: WcfTraceFile): SvclogFile {
  if (!(f instanceof SvclogFile)) throw new Error(`${f.path} was not read by the svclog engine`);
  return f;
}

/**
 * ApplicationData text as a description, without the <System.Diagnostics> block that
 * XmlWriterTraceListener appends after it when traceOutputOptions ask for a call stack (both
 * field extractors, JavaScript and WebAssembly, take the text up to </ApplicationData>).
 */
function withoutDiagnostics(text: string): string {
  const cut = text.indexOf('<System.Diagnostics');
  return cut < 0 ? text : text.slice(0, cut).trimEnd();
}
