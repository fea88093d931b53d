/** One index row as the contract's request row: every W3C field, nulls where the log has none, the time adjusted for the server's clock. */
import type { IisRequestRow } from '../../../shared/channels/iis';
import type { RowRef } from '../../engine/iis';
import type { IisSet } from './iis-set';

/** `offsetUs`: the clock offset of a server machine (adjusted = raw − offset); none by default. */
export function requestRow(set: IisSet, ref: RowRef, offsetUs: (server: string) => number = () => 0): IisRequestRow {
  const log = set.logs[ref.file];
  const t = log.table;
  const i = ref.row;
  const ms = t.data.timeMs[i];
  const num = (c: Parameters<typeof t.num>[0]) => t.num(c, i) ?? null;
  const offset = offsetUs(t.server(i));
  return {
    fileId: log.fileId,
    row: i,
    timeUs: Number.isNaN(ms) ? null : ms * 1000 - offset,
    offsetMs: offset / 1000,
    server: t.server(i),
    site: t.str('site', i),
    sIp: t.str('sIp', i),
    port: num('port'),
    method: t.str('method', i),
    stem: t.str('stem', i),
    query: t.str('query', i),
    user: t.str('user', i),
    client: t.str('cIp', i),
    userAgent: t.str('userAgent', i),
    referer: t.str('referer', i),
    host: t.str('host', i),
    status: num('status'),
    substatus: num('substatus'),
    win32: num('win32'),
    scBytes: num('scBytes'),
    csBytes: num('csBytes'),
    timeTaken: num('timeTaken'),
    file: set.names.get(log.fileId) ?? log.path,
  };
}
