import type { IisRequestRow } from '../../../../shared/channels/iis';
import { getApi } from '../../api';
import { requestFilter, useSharedFilter, useIis, useSharedRange } from '../../iisStore';
import { useView } from '../../viewStore';
import { timeHeader } from '../../format';
import { useState } from 'react';
import type { RowRef } from '../useListAnchor';
import { usePaged } from '../usePaged';
import { VirtualTable, type Column } from '../VirtualTable';
import { dayTime, fullTime, ms, statusClass, statusLabel } from './format';

const text = (get: (r: IisRequestRow) => string) => ({ render: get, title: get });
/** Every field of a request; headers with a sort key sort on the main side. */
const COLUMNS: Column<IisRequestRow>[] = [
  { id: 'time', get label() { return timeHeader(); }, width: 196, sortKey: 'time', render: (r) => dayTime(r.timeUs), title: (r) => fullTime(r.timeUs) },
  { id: 'server', label: 'Server', width: 80, sortKey: 'server', ...text((r) => r.server) },
  { id: 'method', label: 'Method', width: 60, ...text((r) => r.method) },
  { id: 'stem', label: 'URI stem', width: 200, sortKey: 'stem', ...text((r) => r.stem) },
  { id: 'query', label: 'Query', width: 110, ...text((r) => r.query) },
  { id: 'status', label: 'Status', width: 62, sortKey: 'status', render: (r) => statusLabel(r.status, r.substatus) },
  { id: 'win32', label: 'Win32', width: 56, render: (r) => ms(r.win32) },
  { id: 'timeTaken', label: 'Time taken (ms)', width: 122, sortKey: 'timeTaken', render: (r) => ms(r.timeTaken) },
  { id: 'scBytes', label: 'Sent', width: 70, sortKey: 'scBytes', render: (r) => ms(r.scBytes) },
  { id: 'csBytes', label: 'Received', width: 78, sortKey: 'csBytes', render: (r) => ms(r.csBytes) },
  { id: 'client', label: 'Client', width: 100, ...text((r) => r.client) },
  { id: 'user', label: 'User', width: 90, ...text((r) => r.user) },
  // A port is a number, not a quantity: no digit grouping.
  { id: 'port', label: 'Port', width: 50, render: (r) => (r.port === null ? '' : String(r.port)) },
  { id: 'site', label: 'Site', width: 70, ...text((r) => r.site) },
  { id: 'sIp', label: 'Server IP', width: 90, ...text((r) => r.sIp) },
  { id: 'host', label: 'Host', width: 100, ...text((r) => r.host) },
  { id: 'referer', label: 'Referer', width: 120, ...text((r) => r.referer) },
  { id: 'userAgent', label: 'User agent', width: 160, ...text((r) => r.userAgent) },
  { id: 'file', label: 'File', width: 120, sortKey: 'file', ...text((r) => r.file) },
];

/** The request table: filtered by the IIS filters and the shared window, sorted and paged on the main side. */
export function RequestTable() {
  const dataVersion = useView((s) => s.dataVersion);
  const filter = useIis((s) => s.filter);
  const sort = useIis((s) => s.sort);
  const setSort = useIis((s) => s.setSort);
  const selected = useIis((s) => s.selected);
  const select = useIis((s) => s.select);
  const range = useSharedRange();
  const f = requestFilter(filter, range, useSharedFilter());
  const paged = usePaged<IisRequestRow>(`${dataVersion}|${JSON.stringify(f)}|${sort.by}|${sort.descending}`, (offset, limit) =>
    getApi().call('iis.requests', { filter: f, sortBy: sort.by, descending: sort.descending, offset, limit }),
  );
  // The selected request's position: keyboard moves start there, and it follows its request as followed logs grow.
  const [cursor, setCursor] = useState(-1);
  const pick = (i: number, r: IisRequestRow | undefined) => {
    if (!r) return;
    setCursor(i);
    select({ fileId: r.fileId, row: r.row });
  };
  return (
    <VirtualTable<IisRequestRow>
      name="iis-request"
      label="Requests"
      columns={COLUMNS}
      paged={paged}
      sort={sort}
      onSort={(k) => setSort(k as typeof sort.by)}
      cursor={cursor}
      isSelected={(r) => r.fileId === selected?.fileId && r.row === selected.row}
      rowClass={(r) => statusClass(r.status)}
      rowAttrs={(r) => ({ file: r.fileId, row: r.row, status: r.status ?? '', substatus: r.substatus ?? '', time: r.timeUs ?? '', 'time-taken': r.timeTaken ?? '', stem: r.stem })}
      onRowClick={(i, r) => pick(i, r)}
      onMove={(to) => void paged.rowAsync(to).then((r) => pick(to, r))}
      anchoring={{
        version: dataVersion,
        of: (r) => ({ fileId: r.fileId, index: r.row }),
        locate: async (anchors: RowRef[]) => (await getApi().call('iis.requests', { filter: f, sortBy: sort.by, descending: sort.descending, offset: 0, limit: 1, anchors })).anchorsAt ?? [],
        moveSelected: (position: number, _r: RowRef, from: number) => setCursor((c) => (c === from ? position : c)),
      }}
      empty={<p className="muted empty">No request passes the filters.</p>}
    />
  );
}
