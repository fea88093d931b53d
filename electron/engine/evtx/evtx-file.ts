/**
 * A loaded EVTX file as the rest of the app sees it (LoadedFile) over its columns, and one
 * record's full detail parsed again from its chunk on demand.
 */
import { open } from 'node:fs/promises';
import type { Problem, RecordDetail, RecordLevel, RecordRow } from '../../../shared/model';
import { formatTimeUs } from '../../../shared/time';
import { namesFrom, type Capabilities, type MachineNames } from '../capabilities';
import type { LoadedFile } from '../types';
import { BinXmlError, ChunkXml, type XmlElement, type XmlNode } from './binxml';
import { eventExportRows } from './export-rows';
import { eventFields, renderXml } from './fields';
import { CHUNK_SIZE, parseRecord, unreadableData, type EvtxData, type SummaryTexts } from './parse-file';
import { SummaryLines } from './summaries';

/** Windows levels: 1 Critical, 2 Error, 3 Warning, 4 Information, 5 Verbose; 0 (LogAlways) shows as Information. */
export function levelOf(level: number): RecordLevel {
  switch (level) {
    case 1: return 'critical';
    case 2: return 'error';
    case 3: return 'warning';
    case 5: return 'verbose';
    default: return 'info';
  }
}

export const LEVEL_NAMES: Record<number, string> = { 0: 'Information', 1: 'Critical', 2: 'Error', 3: 'Warning', 4: 'Information', 5: 'Verbose' };

/** The record columns other modules read; the header, problems and counts stay the engine's. */
export type EvtxColumns = Readonly<Omit<EvtxData, 'header' | 'problems' | 'problemCount' | 'chunks'>>;

export interface EventLogFacets {
  /** Provider names with their record counts. */
  providers: [string, number][];
  computers: string[];
}

export class EvtxFile implements LoadedFile {
  readonly format = 'evtx' as const;
  /** The load's problems, then those found later (records whose EventData could not be read). */
  readonly problems: Problem[];
  private capabilities?: Capabilities;
  private problemWatchers: (() => void)[] = [];
  private facetCache?: EventLogFacets;
  private readonly lines: SummaryLines;

  constructor(
    readonly fileId: string,
    readonly path: string,
    readonly data: EvtxData,
    /** Builds every record's summary line (the loader passes its workers' way). */
    readAllTexts: () => Promise<SummaryTexts>,
  ) {
    this.problems = [...data.problems];
    this.lines = new SummaryLines(path, data, readAllTexts, (p) => this.found(p));
  }

  watchProblems(onNew: () => void): void {
    this.problemWatchers.push(onNew);
  }

  private found(p: Problem): void {
    this.problems.push(p);
    for (const w of this.problemWatchers) w();
  }

  /** Record i's EventData/UserData fields as one line (built on demand, see summaries.ts). */
  text(i: number): string {
    return this.lines.line(i);
  }

  /** Builds every record's line at once, before a scan reads them all (text filter, export). */
  readyForScan(): Promise<void> {
    return this.lines.ready();
  }

  get recordCount(): number {
    return this.data.count;
  }

  /** System events (timeline markers, providers for the filter) and the Computer names; no clock runs yet. */
  get provides(): Capabilities {
    if (this.capabilities) return this.capabilities;
    const d = this.data;
    let names: MachineNames | undefined;
    return (this.capabilities = {
      systemEvents: this,
      exportRows: eventExportRows(this),
      // Computed on first use and kept: a loaded file does not change.
      get machineNames() {
        return (names ??= { names: namesFrom([...new Set(d.computer.subarray(0, d.count))].map((id) => d.strings[id] ?? ''), 'event log Computer'), together: [] });
      },
    });
  }

  /** Records per provider and the computers named, for the filter bar (computed once). */
  facets(): EventLogFacets {
    if (this.facetCache) return this.facetCache;
    const d = this.data;
    const perString = new Int32Array(d.strings.length);
    const computers = new Set<string>();
    for (let i = 0; i < d.count; i++) {
      perString[d.provider[i]]++;
      if (d.strings[d.computer[i]]) computers.add(d.strings[d.computer[i]]);
    }
    const providers: [string, number][] = [];
    perString.forEach((n, s) => n && d.strings[s] && providers.push([d.strings[s], n]));
    return (this.facetCache = { providers, computers: [...computers] });
  }

  /** The record columns (typed arrays indexed by record, string ids into `strings`), for exports. */
  get columns(): EvtxColumns {
    return this.data;
  }

  get times(): Float64Array {
    return this.data.timeUs;
  }

  get summary(): Readonly<Record<string, unknown>> {
    const d = this.data;
    const providers = new Set<number>();
    for (let i = 0; i < d.count; i++) providers.add(d.provider[i]);
    return { records: d.count, chunks: d.chunks, providers: providers.size, dirty: d.header.dirty, problems: d.problemCount };
  }

  timeUs(i: number): number {
    return this.data.timeUs[i];
  }

  str(col: Int32Array, i: number): string {
    return this.data.strings[col[i]] ?? '';
  }

  provider(i: number): string {
    return this.str(this.data.provider, i);
  }

  activityId(i: number): string {
    return this.str(this.data.activity, i);
  }

  /** The row; its `text` is built when first read (a filter by provider or level never builds it). */
  row(i: number): RecordRow {
    const d = this.data;
    const lines = this.lines;
    let text: string | undefined;
    return {
      fileId: this.fileId,
      index: i,
      timeUs: d.timeUs[i],
      tick: d.tick[i],
      level: levelOf(d.level[i]),
      kind: `Event ${d.eventId[i]}`,
      source: this.provider(i),
      host: this.str(d.computer, i),
      process: d.pid[i] >= 0 ? String(d.pid[i]) : '',
      get text() {
        return (text ??= lines.line(i));
      },
    };
  }

  /** Reads the record's chunk again and renders the record in full. */
  async detail(i: number): Promise<RecordDetail> {
    const d = this.data;
    const offset = d.offset[i];
    const chunkAt = d.header.blockSize + Math.floor((offset - d.header.blockSize) / CHUNK_SIZE) * CHUNK_SIZE;
    const buf = Buffer.alloc(CHUNK_SIZE);
    const fh = await open(this.path, 'r');
    let n: number;
    try {
      n = (await fh.read(buf, 0, CHUNK_SIZE, chunkAt)).bytesRead;
    } finally {
      await fh.close();
    }
    const chunk = buf.subarray(0, n);
    const pos = offset - chunkAt;
    const size = pos + 8 <= n ? chunk.readUInt32LE(pos + 4) : 0;
    if (size < 28 || pos + size > n) throw new BinXmlError(`the record at byte ${offset} is no longer where it was (the file changed on disk)`);
    let root: XmlElement;
    try {
      root = parseRecord(new ChunkXml(chunk), pos, size);
    } catch (e) {
      if (!(e instanceof BinXmlError)) throw e;
      return this.systemOnlyDetail(i, e.message);
    }
    const f = eventFields(root);
    const xml = renderXml(root);
    const level = LEVEL_NAMES[f.level] ?? String(f.level);
    const fields = [
      { name: 'Time (UTC)', value: formatTimeUs(d.timeUs[i], { zone: 'UTC' }), timeUs: d.timeUs[i] },
      { name: 'Provider', value: f.provider },
      { name: 'Event ID', value: String(f.eventId) },
      { name: 'Level', value: level },
      { name: 'Task', value: String(f.task) },
      { name: 'Opcode', value: String(f.opcode) },
      { name: 'Keywords', value: f.keywords },
      { name: 'Record ID', value: String(d.recordId[i]) },
      { name: 'Channel', value: f.channel },
      { name: 'Computer', value: f.computer },
      ...(f.pid >= 0 ? [{ name: 'Process ID', value: String(f.pid) }, { name: 'Thread ID', value: String(f.tid) }] : []),
      ...(f.activityId ? [{ name: 'Activity ID', value: f.activityId }] : []),
      ...(f.relatedActivityId ? [{ name: 'Related activity ID', value: f.relatedActivityId }] : []),
      ...(f.user ? [{ name: 'User', value: f.user }] : []),
      { name: 'Byte offset', value: String(offset) },
      ...f.data.map(([name, value]) => ({ name, value })),
    ].filter((x) => x.value !== '' && x.value !== '-1');
    return {
      fileId: this.fileId,
      index: i,
      title: `${f.provider} ${f.eventId}${f.data.length ? `: ${this.text(i)}` : ''}`.slice(0, 200),
      fields,
      tree: toTree(root),
      raw: xml,
      xml,
    };
  }

  /**
   * The detail of a record the load read (its System fields) whose XML cannot be rendered (its
   * EventData is damaged): what was read, and why the rest is missing, reported like a load problem.
   */
  private systemOnlyDetail(i: number, why: string): RecordDetail {
    const d = this.data;
    const note = unreadableData(d.recordId[i], d.offset[i], why);
    if (!this.problems.some((p) => p.offset === note.offset && p.message === note.message)) this.found(note);
    const fields = [...systemFields(this, i), { name: 'EventData', value: `could not be read: ${why}` }];
    return { fileId: this.fileId, index: i, title: `${this.provider(i)} ${d.eventId[i]} (its EventData could not be read)`, fields, raw: note.message };
  }
}

/** Fields of record i from its System columns (what the load read), for a record whose data cannot be rendered. */
function systemFields(file: EvtxFile, i: number): RecordDetail['fields'] {
  const d = file.data;
  const str = (col: Int32Array) => file.str(col, i);
  return [
    { name: 'Time (UTC)', value: formatTimeUs(d.timeUs[i], { zone: 'UTC' }), timeUs: d.timeUs[i] },
    { name: 'Provider', value: file.provider(i) },
    { name: 'Event ID', value: String(d.eventId[i]) },
    { name: 'Level', value: LEVEL_NAMES[d.level[i]] ?? String(d.level[i]) },
    { name: 'Record ID', value: String(d.recordId[i]) },
    { name: 'Channel', value: str(d.channel) },
    { name: 'Computer', value: str(d.computer) },
    ...(d.pid[i] >= 0 ? [{ name: 'Process ID', value: String(d.pid[i]) }, { name: 'Thread ID', value: String(d.tid[i]) }] : []),
    { name: 'Byte offset', value: String(d.offset[i]) },
  ].filter((x) => x.value !== '' && x.value !== '-1');
}

function toTree(e: XmlElement): { name: string; value?: string; children?: ReturnType<typeof toTree>[] } {
  const kids = e.children.filter((c): c is XmlElement => typeof c !== 'string');
  const text = e.children.filter((c: XmlNode): c is string => typeof c === 'string').join('');
  const attrs = e.attrs.map(([name, value]) => ({ name: `@${name}`, value }));
  const children = [...attrs, ...kids.map(toTree)];
  return { name: e.name, ...(text ? { value: text } : {}), ...(children.length ? { children } : {}) };
}
