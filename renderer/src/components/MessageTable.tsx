import type { MessageRow } from '../../../shared/channels/svclog';
import { formatTimeUs } from '../../../shared/time';
import { getApi } from '../api';
import { timeHeader } from '../format';
import { displayText } from '../safeText';
import { effectiveFilter, scanKey, useView } from '../viewStore';
import { usePaged } from './usePaged';
import { VirtualTable, type Column } from './VirtualTable';
import { useState } from 'react';

const COLUMNS: Column<MessageRow>[] = [
  // A getter: the header names the display zone at each render.
  { id: 'time', get label() { return timeHeader(); }, width: 120, render: (m) => formatTimeUs(m.timeUs).slice(11), title: (m) => formatTimeUs(m.timeUs, { tick: m.tick }) },
  { id: 'dir', label: '⇄', width: 26, render: (m) => (m.direction === 'send' ? '→' : '←'), title: (m) => (m.direction === 'send' ? 'sent' : 'received') },
  { id: 'action', label: 'Action', width: 220, render: (m) => displayText(m.action), title: (m) => displayText(m.action) },
  { id: 'from', label: 'From', width: 150, render: (m) => displayText(m.from), title: (m) => displayText(m.from) },
  { id: 'to', label: 'To', width: 150, render: (m) => displayText(m.to), title: (m) => displayText(m.to) },
  { id: 'source', label: 'Source', width: 150, render: (m) => displayText(m.source) },
  { id: 'process', label: 'Process', width: 140, render: (m) => displayText(`${m.process} on ${m.host}`) },
];

/** STV's message view: every message record; a click shows its activity's traces and its detail, a double-click jumps to the activity. */
export function MessageTable() {
  const dataVersion = useView((s) => s.dataVersion);
  const filter = useView((s) => s.filter);
  const current = useView((s) => s.current);
  const goTo = useView((s) => s.goTo);
  const [cursor, setCursor] = useState(-1);
  const f = effectiveFilter(filter);
  const scanning = useView(scanKey);
  const paged = usePaged<MessageRow>(`${dataVersion}|${JSON.stringify(f)}${scanning}`, (offset, limit) => getApi().call('svclog.messages', { filter: f, soFar: true, offset, limit }));
  const show = (pos: number, m: MessageRow | undefined, tab?: 'activities') => {
    if (!m) return;
    setCursor(pos);
    void goTo({ fileId: m.fileId, index: m.index, activity: m.activity }, { replace: true, tab });
  };
  return (
    <VirtualTable<MessageRow>
      name="message"
      label="Messages"
      columns={COLUMNS}
      paged={paged}
      cursor={cursor}
      isSelected={(m) => current?.fileId === m.fileId && current.index === m.index}
      rowClass={(m) => `dir-${m.direction}`}
      rowAttrs={(m) => ({ activity: m.activity, direction: m.direction, file: m.fileId, index: m.index })}
      onRowClick={(i, m) => show(i, m)}
      onRowDoubleClick={(i, m) => show(i, m, 'activities')}
      onMove={(to) => void paged.rowAsync(to).then((m) => show(to, m))}
      empty={<p className="muted empty">No message records (or none passes the filter).</p>}
    />
  );
}
