import { useMemo, useState } from 'react';
import type { MessageRow } from '../../../shared/channels/svclog';
import { MESSAGE_GROUPS, MESSAGE_SORT_KEYS, isGroupRow, oneOf, type GroupRow, type MessageGroup } from '../../../shared/lists';
import { formatDurationUs, formatTimeUs } from '../../../shared/time';
import { getApi } from '../api';
import { timeHeader } from '../format';
import { rowActions } from '../rowActions';
import { displayText } from '../safeText';
import { effectiveFilter, scanKey, useView } from '../viewStore';
import { GroupBySelect } from './GroupBySelect';
import { highlightClass, useHighlightQueries } from './highlights';
import type { RowRef } from './useListAnchor';
import { useFileSetKey } from './useColumnFit';
import { usePaged } from './usePaged';
import { VirtualTable, type Column } from './VirtualTable';

const GROUP_LABELS: Record<MessageGroup, string> = { none: 'None', activity: 'Activity', process: 'Process', message: 'Send & receive' };
const FIELD: Record<string, string> = { action: 'action', to: 'to', from: 'from', source: 'source', process: 'process' };
const processOf = (m: MessageRow) => (m.host ? `${m.process} on ${m.host}` : m.process);

const COLUMNS: Column<MessageRow>[] = [
  // A getter: the header names the display zone at each render.
  { id: 'time', get label() { return timeHeader(); }, name: 'Time', width: 120, sortKey: 'time', text: (m) => formatTimeUs(m.timeUs).slice(11), title: (m) => formatTimeUs(m.timeUs, { tick: m.tick }) },
  { id: 'severity', label: '⚑', name: 'Severity', width: 30, min: 30, max: 30, sortKey: 'severity', headerTitle: "Its activity's worst level: sort to bring messages of failing activities first", text: (m) => (m.severity === 'none' ? '' : m.severity), render: (m) => (m.severity !== 'none' ? <span className={`sev-dot ${m.severity}`} aria-label={m.severity} /> : null) },
  { id: 'dir', label: '⇄', name: 'Direction', width: 26, min: 26, max: 30, sortKey: 'direction', text: (m) => (m.direction === 'send' ? '→' : '←'), title: (m) => (m.direction === 'send' ? 'sent' : 'received') },
  // The end of an action names the operation: shortened in the middle, never cut before it.
  { id: 'action', label: 'Action', width: 220, min: 160, max: 460, middle: true, sortKey: 'action', text: (m) => displayText(m.action), title: (m) => displayText(m.action) },
  { id: 'delta', label: 'Δ time', name: 'Delta time', width: 90, hidden: true, headerTitle: 'Time since the previous row of the list', text: (m) => formatDurationUs(m.deltaUs) },
  { id: 'from', label: 'From', width: 150, max: 260, sortKey: 'from', text: (m) => displayText(m.from), title: (m) => displayText(m.from) },
  { id: 'to', label: 'To', width: 150, max: 260, sortKey: 'to', text: (m) => displayText(m.to), title: (m) => displayText(m.to) },
  { id: 'source', label: 'Source', width: 150, max: 220, sortKey: 'source', text: (m) => displayText(m.source) },
  { id: 'process', label: 'Process', width: 140, sortKey: 'process', text: (m) => displayText(processOf(m)) },
];

/**
 * STV's message view: every message record, sortable by every column and grouped on request, red
 * or yellow by its activity's worst level; a click shows its activity's traces and its detail, a
 * double-click opens it in the graph.
 */
export function MessageTable() {
  const dataVersion = useView((s) => s.dataVersion);
  const fileSet = useFileSetKey();
  const filter = useView((s) => s.filter);
  const current = useView((s) => s.current);
  const goTo = useView((s) => s.goTo);
  const layout = useView((s) => s.lists.message);
  const setList = useView((s) => s.setList);
  const collapsed = useView((s) => s.collapsed.message);
  const toggleGroup = useView((s) => s.toggleGroup);
  const { colours, request: highlighting } = useHighlightQueries();
  const [cursor, setCursor] = useState(-1);
  const f = effectiveFilter(filter);
  const groupBy = oneOf(MESSAGE_GROUPS, layout?.groupBy, 'none');
  const sort = useMemo(() => ({ by: oneOf(MESSAGE_SORT_KEYS, layout?.sort?.by, 'time'), descending: layout?.sort?.descending ?? false }), [layout?.sort]);
  const request = { filter: f, sortBy: sort.by, descending: sort.descending, ...(groupBy !== 'none' ? { groupBy, collapsed } : {}), ...highlighting };
  const scanning = useView(scanKey);
  const paged = usePaged<MessageRow | GroupRow>(`${dataVersion}|${JSON.stringify(request)}${scanning}`, (offset, limit) => getApi().call('svclog.messageList', { ...request, soFar: true, offset, limit }));
  const show = (pos: number, m: MessageRow | GroupRow | undefined, tab?: 'graph') => {
    if (!m || isGroupRow(m)) return;
    setCursor(pos);
    void goTo({ fileId: m.fileId, index: m.index, activity: m.activity }, { replace: true, tab });
  };
  return (
    <>
      <div className="list-tools">
        <GroupBySelect list="message" options={MESSAGE_GROUPS} labels={GROUP_LABELS} />
      </div>
      <VirtualTable<MessageRow>
        name="message"
        label="Messages"
        columns={COLUMNS}
        paged={paged}
        fitKey={fileSet}
        cursor={cursor}
        sort={sort}
        onSort={(k) => setList('message', { sort: { by: k, descending: sort.by === k ? !sort.descending : false } })}
        isSelected={(m) => current?.fileId === m.fileId && current.index === m.index}
        rowClass={(m) => `dir-${m.direction} sev-${m.severity}${highlightClass(colours, m.highlight)}`}
        rowAttrs={(m) => ({ activity: m.activity, direction: m.direction, file: m.fileId, index: m.index, severity: m.severity, highlight: m.highlight ?? -1 })}
        onRowClick={(i, m) => show(i, m)}
        onRowDoubleClick={(i, m) => show(i, m, 'graph')}
        onToggleGroup={(key) => toggleGroup('message', key)}
        rowMenu={(m, _i, col) =>
          rowActions({
            trace: { fileId: m.fileId, index: m.index, activity: m.activity, timeUs: m.timeUs },
            value: col && col.id in FIELD ? { field: FIELD[col.id], text: col.id === 'process' ? m.process : (col.text?.(m) ?? '') } : undefined,
            process: processOf(m),
          })
        }
        onMove={(to) => void paged.rowAsync(to).then((m) => show(to, m))}
        anchoring={{
          version: dataVersion,
          of: (m) => ({ fileId: m.fileId, index: m.index }),
          locate: async (anchors: RowRef[]) => (await getApi().call('svclog.messageList', { ...request, soFar: true, offset: 0, limit: 1, anchors })).anchorsAt ?? [],
          moveSelected: (position: number, _m: RowRef, from: number) => setCursor((c) => (c === from ? position : c)),
        }}
        empty={<p className="muted empty">No message records (or none passes the filter).</p>}
      />
    </>
  );
}
