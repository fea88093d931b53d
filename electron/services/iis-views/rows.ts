/** One index row as the contract's request row: every W3C field, nulls where the log has none, the time adjusted for the server's clock. */
import type { IisRequestRow } from '../../../shared/channels/iis';
import type { RowRef } from '../../engine/iis';
import type { IisSet } from './iis-set';

export function requestRow(set: IisSet, ref: RowRef): IisRequestRow {
  const log = set.logs[ref.file];
  const t = log.table;
  const i = ref.row;
  // The index's time: shifted by the server's clock offset (see iis-set.ts).
  const ms = set.ix.datas[ref.file].timeMs.at(i);
  const num = (c: Parameters<typeof t.num>[0]) => t.num(c, i) ?? null;
  return {
    fileId: log.fileId,
    row: i,
    timeUs: Number.isNaN(ms) ? null : ms * 1000,
    offsetMs: set.shiftsMs[ref.file] ?? 0,
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
