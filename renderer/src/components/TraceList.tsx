import { useMemo } from 'react';
import type { TraceListRow } from '../../../shared/channels/svclog';
import { TRACE_GROUPS, isGroupRow, oneOf, type GroupRow, type TraceGroup } from '../../../shared/lists';
import { formatDurationUs, formatTimeUs } from '../../../shared/time';
import { getApi } from '../api';
import { LEVEL_LABEL, formatCount, timeHeader } from '../format';
import { rowActions } from '../rowActions';
import { displayText } from '../safeText';
import { useStore } from '../store';
import { effectiveFilter, scanKey, useView } from '../viewStore';
import { GroupBySelect } from './GroupBySelect';
import { highlightClass, useHighlightQueries } from './highlights';
import { Highlight } from './Highlight';
import { HighlightRules } from './HighlightRules';
import { LevelIcon } from './LevelIcon';
import type { RowRef } from './useListAnchor';
import { useFileSetKey } from './useColumnFit';
import { usePaged } from './usePaged';
import { VirtualTable, type Column } from './VirtualTable';

const GROUP_LABELS: Record<TraceGroup, string> = { none: 'None', activity: 'Activity boundary', process: 'Process / thread', message: 'Send & receive', file: 'Source file' };
/** Query fields of the columns, for "Filter by this value". */
const FIELD: Record<string, string> = { level: 'level', process: 'process', thread: 'thread', source: 'source', activityName: 'name', text: 'description', traceId: '' };

const levelText = (t: TraceListRow) => (t.boundary ? t.kind || 'Activity' : LEVEL_LABEL[t.level]);

/** The traces of the selected activities in time order (STV's top-right list), grouped on request. */
export function TraceList() {
  const dataVersion = useView((s) => s.dataVersion);
  const fileSet = useFileSetKey();
  const filter = useView((s) => s.filter);
  const selected = useView((s) => s.selected);
  const current = useView((s) => s.current);
  const scrollTick = useView((s) => s.scrollTick);
  const findText = useView((s) => (s.find.open ? s.find.text : ''));
  const setCurrent = useView((s) => s.setCurrent);
  const followTransfer = useView((s) => s.followTransfer);
  const back = useView((s) => s.back);
  const layout = useView((s) => s.lists.trace);
  const collapsed = useView((s) => s.collapsed.trace);
  const toggleGroup = useView((s) => s.toggleGroup);
  const bookmarks = useView((s) => s.bookmarks);
  const { colours, request: highlighting, key: highlightKey } = useHighlightQueries();
  const files = useStore((s) => s.files);
  const colourOf = new Map(files.map((f) => [f.id, f.colour]));
  const f = effectiveFilter(filter);
  const groupBy = oneOf(TRACE_GROUPS, layout?.groupBy, 'none');
  const identifiers = !(layout?.hidden ?? ['traceId']).includes('traceId');
  const request = { filter: f, activities: selected, ...(groupBy !== 'none' ? { groupBy, collapsed } : {}), ...highlighting, ...(identifiers ? { identifiers } : {}) };
  const scanning = useView(scanKey);
  const paged = usePaged<TraceListRow | GroupRow>(
    `${dataVersion}|${JSON.stringify(f)}|${selected.join(',')}|${groupBy}|${(collapsed ?? []).join('\u0001')}|${highlightKey}|${identifiers}${scanning}`,
    (offset, limit) => getApi().call('svclog.traceList', { ...request, soFar: true, offset, limit }),
    selected.length > 0,
  );
  const needle = findText.trim().toLowerCase();
  const marked = useMemo(() => new Set(bookmarks.map((b) => `${b.fileId}:${b.index}`)), [bookmarks]);

  const columns: Column<TraceListRow>[] = useMemo(
    () => [
      {
        id: 'time',
        // A getter: the header names the display zone at each render.
        get label() {
          return timeHeader();
        },
        name: 'Time',
        width: 230,
        extra: 26, // the file's swatch and room for a bookmark mark
        text: (t) => formatTimeUs(t.timeUs, { tick: t.tick }),
        render: (t) => (
          <>
            <span className={`swatch small c${colourOf.get(t.fileId) ?? 0}`} />
            {formatTimeUs(t.timeUs, { tick: t.tick })}
          </>
        ),
      },
      { id: 'delta', label: 'Δ time', name: 'Delta time', width: 90, headerTitle: 'Time since the previous row of the list', text: (t) => formatDurationUs(t.deltaUs) },
      { id: 'level', label: 'Level', width: 104, extra: 18, text: levelText, render: (t) => (t.boundary ? <span className="boundary">{levelText(t)}</span> : <><LevelIcon level={t.level} /> {levelText(t)}</>) },
      { id: 'process', label: 'Process', width: 140, max: 260, text: (t) => displayText(t.process), title: (t) => displayText(`${t.process} on ${t.host}`) },
      { id: 'thread', label: 'Thread', width: 56, text: (t) => (t.thread >= 0 ? String(t.thread) : '') },
      { id: 'source', label: 'Source', width: 150, max: 260, text: (t) => displayText(t.source) },
      { id: 'activityName', label: 'Activity name', width: 200, max: 320, middle: true, text: (t) => displayText(t.activityName), title: (t) => displayText(t.activityName) },
      { id: 'traceId', label: 'Trace identifier', width: 220, max: 420, middle: true, hidden: true, text: (t) => displayText(t.traceId ?? ''), title: (t) => displayText(t.traceId ?? '') },
      { id: 'text', label: 'Description', width: 300, text: (t) => displayText(t.text), render: (t) => <Highlight text={t.text} needle={needle} />, title: (t) => displayText(t.text) },
    ],
    [files, needle],
  );

  const isCurrent = (t: TraceListRow) => current?.fileId === t.fileId && current.index === t.index;
  const pick = (pos: number, t: TraceListRow | GroupRow | undefined) => t && !isGroupRow(t) && setCurrent({ fileId: t.fileId, index: t.index, activity: t.activity, position: pos, timeUs: t.timeUs });

  return (
    <section className="trace-pane" aria-label="Traces">
      <div className="pane-title">
        <span>Traces</span>
        <span className="muted small" data-testid="trace-total">
          {selected.length === 0 ? 'select an activity' : `${formatCount(paged.total ?? 0)} ${groupBy === 'none' ? 'traces' : 'rows'} of ${selected.length} ${selected.length === 1 ? 'activity' : 'activities'}`}
        </span>
        {bookmarks.length > 0 && (
          <span className="muted small" data-testid="bookmark-count" title="F2 / Shift+F2: next / previous bookmark; Ctrl+F2: bookmark the selected trace or remove its bookmark">
            <span className="bookmark-mark" /> {bookmarks.length === 1 ? '1 bookmark' : `${formatCount(bookmarks.length)} bookmarks`}
          </span>
        )}
        <GroupBySelect list="trace" options={TRACE_GROUPS} labels={GROUP_LABELS} />
        <HighlightRules />
      </div>
      <VirtualTable<TraceListRow>
        name="trace"
        label="Traces"
        columns={columns}
        paged={paged}
        fitKey={fileSet}
        cursor={current?.position ?? -1}
        scrollTick={scrollTick}
        isSelected={isCurrent}
        marker={(t) => (marked.has(`${t.fileId}:${t.index}`) ? <span className="bookmark-mark" data-testid="bookmark-mark" aria-label="bookmarked" /> : null)}
        rowClass={(t) => `level-${t.level}${t.boundary ? ' boundary-row' : ''}${needle && t.text.toLowerCase().includes(needle) ? ' find-hit' : ''}${highlightClass(colours, t.highlight)}${marked.has(`${t.fileId}:${t.index}`) ? ' bookmarked' : ''}`}
        rowAttrs={(t) => ({ kind: t.kind, level: t.level, activity: t.activity, file: t.fileId, index: t.index, transfer: t.transferTo, highlight: t.highlight ?? -1, bookmarked: marked.has(`${t.fileId}:${t.index}`) })}
        onRowClick={(i, t) => pick(i, t)}
        onRowDoubleClick={(i, t) => {
          pick(i, t);
          if (t.transferTo >= 0) void followTransfer();
        }}
        onArrow={(dir, t) => {
          // STV: → on a Transfer goes into the activity it leads to, ← comes back.
          if (dir === 'right' && t && t.transferTo >= 0) return void followTransfer(), true;
          if (dir === 'left') return back(), true;
          return false;
        }}
        onToggleGroup={(key) => toggleGroup('trace', key)}
        rowMenu={(t, _i, col) =>
          rowActions({
            trace: { fileId: t.fileId, index: t.index, activity: t.activity, timeUs: t.timeUs },
            value: col && col.id in FIELD ? { field: FIELD[col.id], text: col.text?.(t) ?? '' } : undefined,
            process: t.host ? `${t.process} on ${t.host}` : t.process,
          })
        }
        onMove={(to) => void paged.rowAsync(to).then((t) => pick(to, t))}
        anchoring={{
          version: dataVersion,
          of: (t) => ({ fileId: t.fileId, index: t.index }),
          locate: async (anchors: RowRef[]) => (await getApi().call('svclog.traceList', { ...request, identifiers: undefined, soFar: true, offset: 0, limit: 1, anchors })).anchorsAt ?? [],
          moveSelected: (position: number, t: RowRef) => {
            const c = useView.getState().current;
            if (c && c.fileId === t.fileId && c.index === t.index) setCurrent({ ...c, position });
          },
        }}
        empty={<p className="muted empty">{selected.length ? 'No trace of the selection passes the filter.' : 'Select an activity (Ctrl/Shift for several) to see its traces.'}</p>}
      />
    </section>
  );
}
