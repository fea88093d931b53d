import type { MouseEvent } from 'react';
import type { ActivityRow } from '../../../shared/channels/svclog';
import { formatDurationUs, formatTimeUs } from '../../../shared/time';
import { getApi } from '../api';
import { formatCount } from '../format';
import { displayText } from '../safeText';
import { effectiveFilter, scanKey, useView } from '../viewStore';
import { ActivityIcon } from './ActivityIcon';
import { rowActions } from '../rowActions';
import { useFileSetKey } from './useColumnFit';
import { usePaged } from './usePaged';
import { VirtualTable, type Column } from './VirtualTable';
import { keepSelectedActivity } from './keepSelectedActivity';

const startOf = (a: ActivityRow) => formatTimeUs(a.firstUs).slice(11);
const endOf = (a: ActivityRow) => formatTimeUs(a.lastUs).slice(11);
/** Query fields of the columns, for "Filter by this value". */
const FIELD: Record<string, string> = { name: 'name', hosts: 'host' };

const COLUMNS: Column<ActivityRow>[] = [
  {
    id: 'severity',
    label: '⚑',
    name: 'Severity',
    headerTitle: 'Type and severity: sort to bring activities with errors, then warnings, first',
    width: 44,
    min: 44,
    max: 44,
    sortKey: 'severity',
    text: (a) => (a.severity === 'none' ? '' : a.severity),
    render: (a) => (
      <>
        <ActivityIcon type={a.type} />
        {a.severity !== 'none' && <span className={`sev-dot ${a.severity}`} aria-label={a.severity} />}
      </>
    ),
  },
  // Long WCF names ("Process action 'http://…/IOrderService/SubmitOrder'.") are shortened in the middle: their end tells them apart.
  { id: 'name', label: 'Activity', width: 230, min: 200, max: 460, middle: true, sortKey: 'name', text: (a) => displayText(a.name), title: (a) => displayText(`${a.name}\n{${a.id}}`) },
  { id: 'traces', label: 'Traces', width: 60, sortKey: 'traces', text: (a) => formatCount(a.traces), title: (a) => `${a.traces} of ${a.allTraces} traces pass the filter` },
  { id: 'duration', label: 'Duration', width: 84, sortKey: 'duration', text: (a) => formatDurationUs(a.durationUs) },
  { id: 'start', label: 'Start', width: 124, sortKey: 'start', text: startOf, title: (a) => formatTimeUs(a.firstUs, { tick: a.firstTick }) },
  { id: 'end', label: 'End', width: 124, sortKey: 'end', text: endOf, title: (a) => formatTimeUs(a.lastUs, { tick: a.lastTick }) },
  { id: 'hosts', label: 'Hosts', width: 100, sortKey: 'hosts', text: (a) => displayText(a.hosts) },
  { id: 'id', label: 'Activity ID', width: 260, hidden: true, text: (a) => a.id },
];

/** Fetches the activity indexes between two list positions (a Shift+click range). */
async function rangeOf(from: number, to: number): Promise<number[]> {
  const s = useView.getState();
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  const out: number[] = [];
  for (let off = lo; off <= hi; off += 1000) {
    const page = await getApi().call('svclog.activities', { filter: effectiveFilter(s.filter), sortBy: s.sort.by, descending: s.sort.descending, offset: off, limit: Math.min(1000, hi - off + 1) });
    out.push(...page.rows.map((r) => r.index));
  }
  return out;
}

/** Selects an activity and shows the graph. */
function openActivityInGraph(activity: number): void {
  const v = useView.getState();
  v.selectActivities([activity]);
  v.setLeftTab('graph');
}

/** The STV activity view: every activity passing the filter, sortable, multi-select. */
export function ActivityTable() {
  const dataVersion = useView((s) => s.dataVersion);
  const fileSet = useFileSetKey();
  const filter = useView((s) => s.filter);
  const sort = useView((s) => s.sort);
  const selected = useView((s) => s.selected);
  const cursor = useView((s) => s.activityCursor);
  const anchor = useView((s) => s.anchor);
  const scrollTick = useView((s) => s.scrollTick);
  const setSort = useView((s) => s.setSort);
  const selectActivities = useView((s) => s.selectActivities);
  const f = effectiveFilter(filter);
  const scanning = useView(scanKey);
  const paged = usePaged<ActivityRow>(`${dataVersion}|${JSON.stringify(f)}|${sort.by}|${sort.descending}${scanning}`, (offset, limit) =>
    getApi().call('svclog.activities', { filter: f, soFar: true, sortBy: sort.by, descending: sort.descending, offset, limit }),
  );
  const chosen = new Set(selected);

  const choose = async (pos: number, row: ActivityRow | undefined, e: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }) => {
    if (e.shiftKey && anchor >= 0) {
      selectActivities(await rangeOf(anchor, pos), anchor, pos);
    } else if ((e.ctrlKey || e.metaKey) && row) {
      selectActivities(chosen.has(row.index) ? selected.filter((a) => a !== row.index) : [...selected, row.index], pos, pos);
    } else if (row) {
      selectActivities([row.index], pos, pos);
    }
  };

  return (
    <VirtualTable<ActivityRow>
      name="activity"
      label="Activities"
      columns={COLUMNS}
      paged={paged}
      sort={sort}
      onSort={(k) => setSort(k as typeof sort.by)}
      cursor={cursor}
      scrollTick={scrollTick}
      isSelected={(a) => chosen.has(a.index)}
      rowClass={(a) => `sev-${a.severity}`}
      rowAttrs={(a) => ({ index: a.index, severity: a.severity, type: a.type, traces: a.traces })}
      onRowClick={(i, row, e: MouseEvent) => void choose(i, row, e)}
      fitKey={fileSet}
      onSelectAll={() => void rangeOf(0, (paged.total ?? 0) - 1).then((all) => selectActivities(all, 0, cursor))}
      anchoring={{
        version: dataVersion,
        of: (a) => a.id,
        locate: async (anchors: string[]) => (await getApi().call('svclog.activities', { filter: f, soFar: true, sortBy: sort.by, descending: sort.descending, offset: 0, limit: 1, anchors })).anchorsAt ?? [],
        moveSelected: (position: number, id: string, from: number) =>
          void keepSelectedActivity(
            async (at, id) => {
              const page = await getApi().call('svclog.activities', { filter: f, sortBy: sort.by, descending: sort.descending, soFar: true, offset: at, limit: 1, anchors: [id] });
              return { row: page.rows[0], at: page.anchorsAt?.[0] ?? -1 };
            },
            position,
            id,
            from,
          ),
      }}
      rowMenu={(a, _i, col) => [
        ...rowActions({ value: col && FIELD[col.id] ? { field: FIELD[col.id], text: col.id === 'hosts' ? a.hosts.split(', ')[0] : a.name } : undefined }),
        { label: 'Open in graph', keys: 'F4', separator: true, run: () => void openActivityInGraph(a.index) },
      ]}
      onMove={(to, e) => {
        const shiftKey = e.shiftKey;
        void paged.rowAsync(to).then((row) => choose(to, row, { ctrlKey: false, metaKey: false, shiftKey }));
      }}
      empty={<p className="muted empty">No activity passes the filter.</p>}
    />
  );
}
