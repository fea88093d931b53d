import { useRef } from 'react';
import type { GraphColumn } from '../../../../shared/channels/skew';
import { COLUMN_WIDTH, HEADER_ROW, RULER_WIDTH, headerGroups, type View } from './scene';
import { displayName } from '../../safeText';

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
export function GraphHeaders({ columns, view, collapsedHosts, collapsedProcesses, onToggleHost, onToggleProcess, onDrag, onDrop }: Props) {
  const groups = headerGroups(columns);
  const drag = useRef<{ host: string; y: number; px: number } | undefined>(undefined);
  const place = (from: number, to: number, row: number) => ({ left: RULER_WIDTH + from * COLUMN_WIDTH + view.scrollX, width: (to - from + 1) * COLUMN_WIDTH, top: row * HEADER_ROW, height: HEADER_ROW });
  return (
    <div className="graph-header" style={{ height: HEADER_ROW * 3 }}>
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
      {columns.map((c, i) =>
        c.level === 'activity' ? (
          <div key={`a${i}`} className={`gh-cell gh-activity sev-${c.severity}`} style={place(i, i, 2)} title={`${c.label} (${c.traces} traces)`}>
            {c.label}
          </div>
        ) : null,
      )}
    </div>
  );
}
