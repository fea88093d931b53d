/**
 * Message records (MessageLogTraceRecord) across loaded files, with their role derived from the
 * logging Source: direction (send/receive), layer (transport/service) and exchange role.
 */
import type { SvclogFile } from '../file';

export type Direction = 'send' | 'receive';
export type Layer = 'transport' | 'service';
export type ExchangeRole = 'request' | 'reply' | 'datagram' | 'unknown';

/** A message record: file slot in the index, event row and message row in that file. */
export interface MessageRef {
  file: number;
  event: number;
  message: number;
}

export interface MessageInfo extends MessageRef {
  fileId: string;
  timeUs: number;
  tick: number;
  /** Logging point: TransportSend, ServiceLevelReceiveRequest, …, Malformed. */
  source: string;
  direction: Direction;
  layer: Layer;
  role: ExchangeRole;
  malformed: boolean;
  type: string;
  action: string;
  messageId: string;
  relatesTo: string;
  to: string;
  replyTo: string;
  activityHeader: string;
  correlationId: string;
  httpMethod: string;
  httpStatus: string;
  /** '1.1', '1.2' or '' when no envelope was logged. */
  soapVersion: string;
  /** Body bytes as logged, -1 without a body. */
  bodySize: number;
  host: string;
  process: string;
  /** The event's ActivityID. */
  activityId: string;
}

/** What pairing reads of a message record (see pairs.ts): a subset cheap to build for every record. */
export type PairableMessage = Pick<
  MessageInfo,
  | 'file'
  | 'event'
  | 'message'
  | 'timeUs'
  | 'tick'
  | 'host'
  | 'process'
  | 'direction'
  | 'layer'
  | 'role'
  | 'messageId'
  | 'relatesTo'
  | 'activityHeader'
  | 'correlationId'
  | 'action'
  | 'activityId'
>;

const classified = new Map<string, { direction: Direction; layer: Layer; role: ExchangeRole }>();

export function classifySource(source: string): { direction: Direction; layer: Layer; role: ExchangeRole } {
  let c = classified.get(source);
  if (!c) classified.set(source, (c = classifyUncached(source)));
  return c;
}

function classifyUncached(source: string): { direction: Direction; layer: Layer; role: ExchangeRole } {
  // Malformed messages are ones WCF failed to read: always incoming.
  const direction: Direction = /Send/.test(source) ? 'send' : 'receive';
  const layer: Layer = source.startsWith('ServiceLevel') ? 'service' : 'transport';
  const role: ExchangeRole = /Request$/.test(source) ? 'request' : /Reply$/.test(source) ? 'reply' : /Datagram$/.test(source) ? 'datagram' : 'unknown';
  return { direction, layer, role };
}

export function messageInfo(files: readonly SvclogFile[], ref: MessageRef): MessageInfo {
  const f = files[ref.file];
  const mc = f.data.messages;
  const m = ref.message;
  const p = pairableMessage(files, ref);
  const source = f.str(mc.source[m]);
  return {
    file: p.file,
    event: p.event,
    message: p.message,
    fileId: f.fileId,
    timeUs: p.timeUs,
    tick: p.tick,
    source,
    direction: p.direction,
    layer: p.layer,
    role: p.role,
    malformed: source === 'Malformed',
    type: f.str(mc.type[m]),
    action: p.action,
    messageId: p.messageId,
    relatesTo: p.relatesTo,
    to: f.str(mc.to[m]),
    replyTo: f.str(mc.replyTo[m]),
    activityHeader: p.activityHeader,
    correlationId: p.correlationId,
    httpMethod: f.str(mc.httpMethod[m]),
    httpStatus: f.str(mc.httpStatus[m]),
    soapVersion: mc.soap[m] === 12 ? '1.2' : mc.soap[m] === 11 ? '1.1' : '',
    bodySize: mc.bodySize[m],
    host: p.host,
    process: p.process,
    activityId: p.activityId,
  };
}

/** The fields pairing needs: built for every record while loading, when MessageInfo objects are not yet wanted. */
export function pairableMessage(files: readonly SvclogFile[], ref: MessageRef): PairableMessage {
  const f = files[ref.file];
  const mc = f.data.messages;
  const ev = f.data.events;
  const m = ref.message;
  const i = ref.event;
  const c = classifySource(f.str(mc.source[m]));
  return {
    file: ref.file,
    event: i,
    message: m,
    timeUs: ev.timeUs[i],
    tick: ev.tick[i],
    host: f.str(ev.computer[i]),
    process: f.processLabelOf(i),
    direction: c.direction,
    layer: c.layer,
    role: c.role,
    messageId: f.str(mc.messageId[m]),
    relatesTo: f.str(mc.relatesTo[m]),
    activityHeader: f.str(mc.activityHeader[m]),
    correlationId: f.str(mc.correlationId[m]),
    action: f.str(mc.action[m]),
    activityId: f.str(ev.activity[i]),
  };
}

/** Every message record of the files, in time order (ties: file, then position). */
export function listMessages(files: readonly SvclogFile[]): MessageRef[] {
  const out: MessageRef[] = [];
  files.forEach((f, file) => {
    const mc = f.data.messages;
    for (let m = 0; m < f.data.messageCount; m++) out.push({ file, event: mc.event[m], message: m });
  });
  const times = files.map((f) => f.data.events.timeUs);
  const order = (a: MessageRef, b: MessageRef) => times[a.file][a.event] - times[b.file][b.event] || a.file - b.file || a.event - b.event;
  // One file written in time order is in order already: checked in one pass instead of sorted.
  if (!inOrder(out, order)) out.sort(order);
  return out;
}

/** True when no element sorts before its predecessor. */
function inOrder<T>(list: readonly T[], order: (a: T, b: T) => number): boolean {
  for (let k = 1; k < list.length; k++) if (!(order(list[k - 1], list[k]) <= 0)) return false;
  return true;
}
