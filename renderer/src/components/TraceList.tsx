import type { TraceListRow } from '../../../shared/channels/svclog';
import { formatTimeUs } from '../../../shared/time';
import { getApi } from '../api';
import { LEVEL_LABEL, formatCount, timeHeader } from '../format';
import { displayText } from '../safeText';
import { useStore } from '../store';
import { effectiveFilter, scanKey, useView } from '../viewStore';
import { Highlight } from './Highlight';
import { LevelIcon } from './LevelIcon';
import { usePaged } from './usePaged';
import { VirtualTable, type Column } from './VirtualTable';

/** The traces of the selected activities in time order (STV's top-right list). */
export function TraceList() {
  const dataVersion = useView((s) => s.dataVersion);
  const filter = useView((s) => s.filter);
  const selected = useView((s) => s.selected);
  const current = useView((s) => s.current);
  const scrollTick = useView((s) => s.scrollTick);
  const findText = useView((s) => (s.find.open ? s.find.text : ''));
  const setCurrent = useView((s) => s.setCurrent);
  const followTransfer = useView((s) => s.followTransfer);
  const files = useStore((s) => s.files);
  const colourOf = new Map(files.map((f) => [f.id, f.colour]));
  const f = effectiveFilter(filter);
  const scanning = useView(scanKey);
  const paged = usePaged<TraceListRow>(
    `${dataVersion}|${JSON.stringify(f)}|${selected.join(',')}${scanning}`,
    (offset, limit) => getApi().call('svclog.traces', { filter: f, soFar: true, activities: selected, offset, limit }),
    selected.length > 0,
  );
  const needle = findText.trim().toLowerCase();

  const columns: Column<TraceListRow>[] = [
    {
      id: 'time',
      label: timeHeader(),
      width: 230,
      render: (t) => (
        <>
          <span className={`swatch small c${colourOf.get(t.fileId) ?? 0}`} />
          {formatTimeUs(t.timeUs, { tick: t.tick })}
        </>
      ),
    },
    {
      id: 'level',
      label: 'Level',
      width: 104,
      render: (t) => (t.boundary ? <span className="boundary">{t.kind || 'Activity'}</span> : <><LevelIcon level={t.level} /> {LEVEL_LABEL[t.level]}</>),
    },
    { id: 'process', label: 'Process', width: 140, render: (t) => displayText(t.process), title: (t) => displayText(`${t.process} on ${t.host}`) },
    { id: 'thread', label: 'Thread', width: 56, render: (t) => (t.thread >= 0 ? t.thread : '') },
    { id: 'source', label: 'Source', width: 150, render: (t) => displayText(t.source) },
    { id: 'text', label: 'Description', width: 300, render: (t) => <Highlight text={t.text} needle={needle} />, title: (t) => displayText(t.text) },
  ];

  const isCurrent = (t: TraceListRow) => current?.fileId === t.fileId && current.index === t.index;
  const pick = (pos: number, t: TraceListRow | undefined) => t && setCurrent({ fileId: t.fileId, index: t.index, activity: t.activity, position: pos });

  return (
    <section className="trace-pane" aria-label="Traces">
      <div className="pane-title">
        <span>Traces</span>
        <span className="muted small" data-testid="trace-total">
          {selected.length === 0 ? 'select an activity' : `${formatCount(paged.total ?? 0)} traces of ${selected.length} ${selected.length === 1 ? 'activity' : 'activities'}`}
        </span>
      </div>
      <VirtualTable<TraceListRow>
        name="trace"
        label="Traces"
        columns={columns}
        paged={paged}
        cursor={current?.position ?? -1}
        scrollTick={scrollTick}
        isSelected={isCurrent}
        rowClass={(t) => `level-${t.level}${t.boundary ? ' boundary-row' : ''}${needle && t.text.toLowerCase().includes(needle) ? ' find-hit' : ''}`}
        rowAttrs={(t) => ({ kind: t.kind, level: t.level, activity: t.activity, file: t.fileId, index: t.index, transfer: t.transferTo })}
        onRowClick={(i, t) => pick(i, t)}
        onRowDoubleClick={(i, t) => {
          pick(i, t);
          if (t.transferTo >= 0) void followTransfer();
        }}
        onMove={(to) => void paged.rowAsync(to).then((t) => pick(to, t))}
        empty={<p className="muted empty">{selected.length ? 'No trace of the selection passes the filter.' : 'Select an activity (Ctrl/Shift for several) to see its traces.'}</p>}
      />
    </section>
  );
}
