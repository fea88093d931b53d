/**
 * The svclog engine (XmlWriterTraceListener / WCF traces: .svclog, .e2e, .xml) and the public API
 * the views use: `SvclogIndex` over several loaded files, and the page queries.
 */
import { looksLikeSvclog } from './sniff';
import type { FileFormat } from '../../../shared/model';
import type { FileHead, FormatEngine, LoadContext, LoadedFile } from '../types';
import { provided } from '../capabilities';
import type { TextEncoding } from '../encoding';
import type { SvclogData } from './extraction/data';
import { SvclogFile, ownFile } from './file';
import type { WcfTraceFile } from '../wcf-traces';
import { parseSvclogFile, type SvclogLoadOptions } from './load';
import { prewarmSvclogEngine } from './prewarm';
import { summarizeSvclog } from './queries/summary';

export { SvclogIndex, type EventRef } from './indexing/svclog-index';
export { ROOT_ACTIVITY_ID, type Activity, type Transfer } from './indexing/activities';
export type { MessageInfo, MessageRef, Direction, Layer, ExchangeRole } from './indexing/messages';
export type { MessagePair, PairEnd } from './indexing/pairs';
export { activitiesPage, tracesOf, messagesPage, pairsOf, type Page, type ActivityQuery, type ActivitySortKey, type TraceRow, type MessageQuery } from './queries/queries';
export { levelName, traceRow, TRACE_COLUMNS } from './queries/export-rows';
export { summarizeSvclog, type SvclogSummary } from './queries/summary';
export { prewarmSvclogEngine };
export type { SvclogLoadOptions } from './load';


/** Loads one svclog file; `opts` tunes threading (tests force the worker and split paths with it). */
export async function loadSvclog(ctx: LoadContext, opts: SvclogLoadOptions = {}): Promise<SvclogFile> {
  const make = (encoding: TextEncoding, data: SvclogData) => new SvclogFile(ctx.path, ctx.fileId, ctx.size, encoding, data, (f) => summarizeSvclog([f]) as unknown as Record<string, unknown>);
  // Partial snapshots: the first events of the file, in their final positions (see partial.ts).
  const onPartial = ctx.onPartial && ((data: SvclogData, encoding: TextEncoding) => ctx.onPartial?.(make(encoding, data)));
  const parsed = await parseSvclogFile(ctx, opts, onPartial);
  return make(parsed.encoding, parsed.data);
}

/** The WCF trace files among `files` (the activities capability). */
export function svclogFiles(files: readonly LoadedFile[]): WcfTraceFile[] {
  return provided(files, 'activities');
}

export const svclogEngine: FormatEngine = {
  formats: ['svclog'],
  sniff(head: FileHead): FileFormat | null {
    const text = head.text();
    return text !== null && looksLikeSvclog(text) ? 'svclog' : null;
  },
  load(_format: FileFormat, ctx: LoadContext): Promise<LoadedFile> {
    return loadSvclog(ctx);
  },
  summarize(files: readonly LoadedFile[]): Record<string, unknown> {
    return { svclog: summarizeSvclog(svclogFiles(files).map(ownFile)) };
  },
  prewarm: () => prewarmSvclogEngine(),
};
export { appendSvclog, withoutTail } from './append';
export { GrowingSvclog } from './growing';
export { buildDetail, decodeRange } from './queries/detail';
