/**
 * The rows of each Parquet dataset for what the one filter keeps, in the datasets' column order
 * (engine/export/parquet/datasets.ts). svclog records are judged by the views' pass mask, every
 * other record as All records judges it (filter/records.ts), so the datasets hold exactly what the
 * status bar counts. Times: adjusted = raw − the machine's clock offset (none in raw mode).
 */
import { levelName } from '../../engine/export';
import type { Cell } from '../../engine/export';
import type { EvtxFile } from '../../engine/evtx';
import type { FrebFile, IisLogFile } from '../../engine/iis';
import { NUM_COLS, STR_COLS } from '../../engine/iis';
import type { FilterResult } from '../svclog-views/filter';
import type { ViewIndex } from '../svclog-views/view-index';

/** One row: its partition (UTC day and machine name) and its cells. */
export interface DatasetRow {
  timeUs: number;
  machine: string;
  cells: Cell[];
}

export interface RowContext {
  view: ViewIndex;
  result: FilterResult;
  /** The machine a computer name belongs to (names joined), by the name the views show. */
  machine(name: string): string;
  /** Offset (µs) to subtract from a machine's raw times; 0 in raw mode. */
  offsetUs(name: string): number;
}

const t = (us: number): number | null => (Number.isFinite(us) ? us : null);
const orNull = (s: string): string | null => (s === '' ? null : s);
const passes = (ctx: RowContext, g: number) => !ctx.result.mask || ctx.result.mask[g] === 1;

export function* svclogEventRows(ctx: RowContext, events: Int32Array): Generator<DatasetRow> {
  const { view } = ctx;
  for (const g of events) {
    const { file: f, event: i } = view.eventOf(g);
    const ev = f.events;
    const computer = f.str(ev.computer[i]);
    yield {
      timeUs: view.timeUs[g],
      machine: ctx.machine(computer),
      cells: [
        t(view.timeUs[g]), t(view.rawTimeUs[g]), ev.tick[i], f.path, i, ev.start[i], orNull(computer), orNull(f.str(ev.processName[i])), ev.pid[i], ev.tid[i],
        levelName(ev.level[i]), orNull(f.str(ev.subType[i])), orNull(f.str(ev.source[i])), ev.eventId[i], orNull(f.str(ev.activity[i])), orNull(f.str(ev.related[i])),
        orNull(f.str(ev.activityName[i])), orNull(f.description(i)), orNull(f.str(ev.exceptionType[i])), orNull(f.str(ev.exceptionMessage[i])),
      ],
    };
  }
}

export function* svclogActivityRows(ctx: RowContext): Generator<DatasetRow> {
  const { view, result } = ctx;
  const span = view.activityTimes;
  for (let k = 0; k < view.index.activities.length; k++) {
    if (result.activityCounts[k] === 0) continue;
    const a = view.index.activities[k];
    // Partitioned by the machine of its first trace in displayed time.
    let first = -1;
    for (const g of view.membersOf(k)) if (first < 0 || view.rank[g] < view.rank[first]) first = g;
    yield {
      timeUs: span.firstUs[k],
      machine: ctx.machine(first < 0 ? (a.hosts[0] ?? '') : view.hosts.names[view.hosts.of[first]]),
      cells: [
        a.id, orNull(a.name), view.activityTypes[k], t(span.firstUs[k]), t(span.lastUs[k]), t(a.firstUs), t(a.lastUs), t(span.lastUs[k] - span.firstUs[k]),
        result.activityCounts[k], a.traceCount, levelName(a.worstLevel), a.hosts.join(','), a.processes.join(','), a.transfersIn, a.transfersOut, a.unbalanced,
      ],
    };
  }
}

export function* svclogMessageRows(ctx: RowContext): Generator<DatasetRow> {
  const { view } = ctx;
  for (const m of view.index.messages) {
    const g = view.base[m.file] + m.event;
    if (!passes(ctx, g)) continue;
    const f = view.files[m.file];
    yield {
      timeUs: view.timeUs[g],
      machine: ctx.machine(m.host),
      cells: [
        t(view.timeUs[g]), t(view.rawTimeUs[g]), f.path, m.event, f.events.start[m.event], orNull(m.host), orNull(m.process), m.direction === 'send' ? 'sent' : 'received', m.layer,
        orNull(m.source), orNull(m.type), orNull(m.action), orNull(m.messageId), orNull(m.relatesTo), orNull(m.to), orNull(m.activityId), orNull(m.correlationId),
        orNull(m.httpMethod), orNull(m.httpStatus), m.bodySize,
      ],
    };
  }
}

export function* svclogPairRows(ctx: RowContext): Generator<DatasetRow> {
  const { view } = ctx;
  for (const p of view.index.pairs) {
    const from = view.base[p.from.file] + p.from.event;
    const to = view.base[p.to.file] + p.to.event;
    if (!passes(ctx, from) && !passes(ctx, to)) continue;
    yield {
      timeUs: view.timeUs[from],
      machine: ctx.machine(p.from.host),
      cells: [
        p.kind, p.by, view.files[p.from.file].path, p.from.event, orNull(p.from.host), t(view.timeUs[from]), t(view.rawTimeUs[from]),
        view.files[p.to.file].path, p.to.event, orNull(p.to.host), t(view.timeUs[to]), t(view.rawTimeUs[to]), t(view.timeUs[to] - view.timeUs[from]),
      ],
    };
  }
}

/** A request log's kept rows, with the WCF activity that served each (`serving`: by row), in the columns of requestColumns (datasets.ts). */
export function* requestRowsOf(ctx: RowContext, f: IisLogFile, keep: (i: number) => boolean, serving: ReadonlyMap<number, string> | undefined): Generator<DatasetRow> {
  const tb = f.table;
  const str = (col: (typeof STR_COLS)[number], i: number) => (tb.has(col) ? tb.str(col, i) : null);
  const num = (col: (typeof NUM_COLS)[number], i: number) => (tb.has(col) ? (tb.num(col, i) ?? null) : null);
  const custom = tb.customNames;
  for (let i = 0; i < f.recordCount; i++) {
    if (!keep(i)) continue;
    const server = tb.server(i);
    const raw = f.timeUs(i);
    const time = raw - ctx.offsetUs(server);
    const extra = custom.length ? JSON.stringify(Object.fromEntries(custom.map((k) => [k, tb.custom(k, i)]))) : null;
    yield {
      timeUs: time,
      machine: ctx.machine(server),
      cells: [
        t(time), t(raw), f.path, i, tb.offset(i), orNull(server), f.format,
        str('site', i), str('sIp', i), num('port', i), str('cIp', i), num('cPort', i), str('method', i), str('stem', i), str('query', i), str('user', i), str('userAgent', i),
        str('referer', i), str('host', i), str('version', i), str('cookie', i), num('status', i), num('substatus', i), num('win32', i), num('timeTaken', i),
        num('scBytes', i), num('csBytes', i), str('reason', i), str('queue', i), extra, serving?.get(i) ?? null,
      ],
    };
  }
}

/** The FREB file as one request row (when any of its events is kept) and its kept events. */
export function frebRows(ctx: RowContext, f: FrebFile, keep: (i: number) => boolean): { request?: DatasetRow; events: DatasetRow[] } {
  const events: DatasetRow[] = [];
  const evs = f.parsed.events;
  for (let i = 0; i < evs.length; i++) {
    if (!keep(i)) continue;
    const e = evs[i];
    const time = e.timeUs - ctx.offsetUs(e.computer);
    const data = JSON.stringify(Object.fromEntries(e.data.map((x) => [x.name, x.value])));
    events.push({ timeUs: time, machine: ctx.machine(e.computer), cells: [t(time), t(e.timeUs), f.path, i, e.start, orNull(e.computer), orNull(e.provider), orNull(e.name), e.level, orNull(e.processId), orNull(e.activityId), data] });
  }
  if (events.length === 0) return { events };
  const a = f.parsed.attributes;
  const computer = evs.find((e) => e.computer)?.computer ?? '';
  const span = f.span();
  const shift = ctx.offsetUs(computer);
  const int = (v: string | undefined) => (v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v) : null);
  const start = span ? span.startUs - shift : NaN;
  return {
    events,
    request: {
      timeUs: start,
      machine: ctx.machine(computer),
      cells: [
        t(start), span ? t(span.endUs - shift) : null, f.path, orNull(computer), a.url ?? null, a.verb ?? null, int(a.statusCode), int(a.subStatus), int(a.timeTaken),
        a.failureReason ?? null, a.activityId ?? null, a.siteId ?? null, a.processId ?? null, evs.length,
      ],
    },
  };
}

export function* evtxRows(ctx: RowContext, f: EvtxFile, keep: (i: number) => boolean): Generator<DatasetRow> {
  const d = f.columns;
  const str = (col: Int32Array, i: number) => orNull(f.str(col, i));
  for (let i = 0; i < d.count; i++) {
    if (!keep(i)) continue;
    const computer = f.str(d.computer, i);
    const time = d.timeUs[i] - ctx.offsetUs(computer);
    yield {
      timeUs: time,
      machine: ctx.machine(computer),
      cells: [
        t(time), t(d.timeUs[i]), d.tick[i], f.path, i, d.offset[i], orNull(computer), d.recordId[i], d.eventId[i], d.level[i], d.task[i], d.opcode[i], d.pid[i], d.tid[i],
        str(d.provider, i), str(d.channel, i), str(d.user, i), str(d.activity, i), str(d.related, i), str(d.keywords, i), orNull(f.text(i)),
      ],
    };
  }
}

