import { memo, useRef } from 'react';
import { formatCount } from '../../format';
import { displayName } from '../../safeText';
import type { GraphColumn } from '../../../../shared/channels/skew';
import { HEADER_HEIGHT, HEADER_LAST_ROW, HEADER_ROW, RULER_WIDTH, compactUrls, headerGroups, spanOf, type View } from './scene';

interface Props {
  columns: readonly GraphColumn[];
  view: View;
  collapsedHosts: readonly string[];
  collapsedProcesses: readonly string[];
  onToggleHost(host: string): void;
  onToggleProcess(process: string): void;
  /** A host's header dragged vertically by `px` (undefined when the drag ends or is cancelled). */
  onDrag(drag: { host: string; px: number } | undefined): void;
  /** The drag ended: shift the host's clock by `px`. */
  onDrop?(host: string, px: number): void;
}

/**
 * Three header rows over the columns: hosts, processes, activities. Hosts and processes collapse
 * into one column; a host's header can be dragged up or down to move its clock.
 */
function Headers({ columns, view, collapsedHosts, collapsedProcesses, onToggleHost, onToggleProcess, onDrag, onDrop }: Props) {
  const groups = headerGroups(columns);
  const drag = useRef<{ host: string; y: number; px: number } | undefined>(undefined);
  const place = (from: number, to: number, row: number) => {
    const s = spanOf(view, from, to);
    return { left: RULER_WIDTH + s.left, width: s.width, top: row * HEADER_ROW, height: row === 2 ? HEADER_LAST_ROW : HEADER_ROW };
  };
  return (
    <div className="graph-header" style={{ height: HEADER_HEIGHT }}>
      {groups.hosts.map((h) => {
        const collapsed = collapsedHosts.includes(h.host);
        return (
          <div
            key={`h${h.host}`}
            className="gh-cell gh-host"
            style={place(h.from, h.to, 0)}
            title={`${h.host}: drag up or down to shift its clock`}
            data-testid="graph-host"
            data-host={h.host}
            onPointerDown={(e) => {
              if ((e.target as Element).closest('button')) return;
              e.currentTarget.setPointerCapture(e.pointerId);
              drag.current = { host: h.host, y: e.clientY, px: 0 };
            }}
            onPointerMove={(e) => {
              if (!drag.current) return;
              drag.current.px = e.clientY - drag.current.y;
              onDrag({ host: h.host, px: drag.current.px });
            }}
            onPointerUp={() => {
              const d = drag.current;
              drag.current = undefined;
              onDrag(undefined);
              if (d && Math.abs(d.px) >= 3) onDrop?.(d.host, d.px);
            }}
            onPointerCancel={() => {
              drag.current = undefined;
              onDrag(undefined);
            }}
          >
            <button type="button" className="gh-toggle" onClick={() => onToggleHost(h.host)} aria-label={collapsed ? `Expand ${h.host}` : `Collapse ${h.host}`} data-testid="graph-toggle-host">
              {collapsed ? '▸' : '▾'}
            </button>
            <span className="gh-grip" aria-hidden="true">
              ⇕
            </span>
            {displayName(h.host, 60)}
          </div>
        );
      })}
      {groups.processes.map((p) => {
        const collapsed = collapsedProcesses.includes(p.process);
        return (
          <div key={`p${p.process}:${p.from}`} className="gh-cell gh-process" style={place(p.from, p.to, 1)} title={p.process}>
            <button type="button" className="gh-toggle" onClick={() => onToggleProcess(p.process)} aria-label={collapsed ? `Expand ${p.process}` : `Collapse ${p.process}`}>
              {collapsed ? '▸' : '▾'}
            </button>
            {displayName(p.process.replace(/ on [^ ]+$/, ''), 60)}
          </div>
        );
      })}
      {columns.map((c, i) => {
        const label = columnLabel(c);
        return (
          <div key={`a${i}`} className={`gh-cell gh-activity gh-${c.level} sev-${c.severity}`} style={place(i, i, 2)} title={`${c.level === 'activity' ? c.label : c.level === 'process' ? `${label} collapsed: click a transfer's + to give one its own column` : label}\n${c.process || c.host}\n${formatCount(c.traces)} traces`} data-testid="graph-column" data-level={c.level} data-activity={c.activity}>
            <span className="gh-wrap">{label}</span>
          </div>
        );
      })}
    </div>
  );
}

/**
 * Headers depend on the view's horizontal placement only: a vertical pan or zoom (every frame of
 * a gesture's end, every answer) does not render hundreds of header cells again.
 */
export const GraphHeaders = memo(Headers, (a, b) => {
  const { view: va, ...ra } = a;
  const { view: vb, ...rb } = b;
  return va.scrollX === vb.scrollX && va.width === vb.width && va.cols === vb.cols && (Object.keys(ra) as (keyof typeof ra)[]).every((k) => ra[k] === rb[k]);
});

/** The third header row: the activity or thread, or what a shared column holds. */
export function columnLabel(c: GraphColumn): string {
  if (c.level === 'activity' || c.level === 'thread') return compactUrls(c.label);
  const what = c.level === 'host' ? 'processes and activities' : c.members === 1 ? 'activity' : 'activities';
  return c.level === 'host' ? `all ${what}` : `${formatCount(c.members)} ${what}`;
}
