import { axisLeft, quadtree, scaleLinear, select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphData } from '../../../../shared/channels/skew';
import { formatDurationUs, formatTimeUs } from '../../../../shared/time';
import { getApi } from '../../api';
import { useClock } from '../../clockStore';
import { useStore } from '../../store';
import { useView } from '../../viewStore';
import { drawScene } from './draw';
import { buildSvg, exportPng, exportSvg } from './export';
import { GraphHeaders } from './GraphHeaders';
import { COLUMN_WIDTH, HEADER_HEIGHT, RULER_WIDTH, buildScene, timeAt, type Scene, type View } from './scene';
import { useGraphData } from './useGraphData';
import './graph.css';

/** Base time scale (zoom 1): the whole extent with a small margin. */
interface Base {
  topUs: number;
  usPerPx: number;
}

const ZOOM_STEP = 1.6;

/**
 * The message-flow graph: columns host → process → activity, time top to bottom, traces as marks
 * on a canvas, messages and transfers as arrows. d3 zoom drives time (wheel, +/-, drag); dragging
 * sideways pans the columns; dragging a host's header shifts its clock.
 */
export function GraphView() {
  const bodyRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rulerRef = useRef<SVGSVGElement>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const lastT = useRef<ZoomTransform>(zoomIdentity);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [base, setBase] = useState<Base | undefined>();
  const [transform, setTransform] = useState<{ k: number; y: number }>({ k: 1, y: 0 });
  const [scrollX, setScrollX] = useState(0);
  const [collapsedHosts, setCollapsedHosts] = useState<string[]>([]);
  const [collapsedProcesses, setCollapsedProcesses] = useState<string[]>([]);
  const [focus, setFocus] = useState<number | undefined>();
  const [drag, setDrag] = useState<{ host: string; px: number } | undefined>();
  const current = useView((s) => s.current);
  const mode = useClock((s) => s.report?.mode ?? 'adjusted');
  const notify = useStore((s) => s.notify);

  const view: View | undefined = useMemo(() => {
    if (!base || size.height === 0) return undefined;
    const usPerPx = base.usPerPx / transform.k;
    return { topUs: base.topUs - transform.y * usPerPx, usPerPx, scrollX, width: size.width, height: size.height };
  }, [base, size, transform, scrollX]);

  const resetZoom = useCallback(() => {
    if (bodyRef.current && zoomRef.current) select(bodyRef.current).call(zoomRef.current.transform, zoomIdentity);
    setScrollX(0);
  }, []);

  const { data, loading, error } = useGraphData(view, { collapsedHosts, collapsedProcesses, focus });

  // The first answer gives the extent: fit it to the height.
  useEffect(() => {
    if (!data?.extent || size.height === 0) return;
    if (base) return;
    const span = Math.max(1000, data.extent.lastUs - data.extent.firstUs);
    setBase({ topUs: data.extent.firstUs - span * 0.02, usPerPx: (span * 1.04) / size.height });
  }, [data, size.height, base]);

  // A new set of files: fit again, and start at process level when activities would not fit.
  const dataVersion = useView((s) => s.dataVersion);
  const filesKey = useStore((s) => s.files.map((f) => f.id).join(','));
  const autoCollapsed = useRef('');
  useEffect(() => {
    setBase(undefined);
    resetZoom();
  }, [filesKey, resetZoom]);
  useEffect(() => {
    if (!data || autoCollapsed.current === filesKey || size.width === 0) return;
    autoCollapsed.current = filesKey;
    if (data.columns.length * COLUMN_WIDTH > size.width || data.omittedColumns > 0) setCollapsedProcesses(processesOf(data));
  }, [data, filesKey, size.width]);

  // Size of the drawing area.
  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // d3 zoom: k and y drive time; horizontal drags pan the columns (wheel zoom keeps them still).
  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const z = zoom<HTMLDivElement, unknown>()
      .scaleExtent([0.5, 5e6])
      .filter((e: Event) => !(e instanceof MouseEvent && e.button !== 0) && !(e.target instanceof Element && e.target.closest('.graph-header')))
      .on('zoom', (e: { transform: ZoomTransform; sourceEvent: Event | null }) => {
        const t = e.transform;
        if (e.sourceEvent && e.sourceEvent.type !== 'wheel') {
          const dx = t.x - lastT.current.x;
          if (dx) setScrollX((x) => Math.min(0, x + dx));
        }
        lastT.current = t;
        setTransform({ k: t.k, y: t.y });
      });
    zoomRef.current = z;
    select(el).call(z).on('dblclick.zoom', null);
    return () => void select(el).on('.zoom', null);
  }, []);

  // Fewer columns (collapsed, focused) must not leave the view panned past the last one.
  const columnCount = data?.columns.length ?? 0;
  useEffect(() => {
    const min = Math.min(0, size.width - columnCount * COLUMN_WIDTH - 20);
    setScrollX((x) => Math.max(min, Math.min(0, x)));
  }, [columnCount, size.width, scrollX]);

  const dragShift = useMemo(() => {
    if (!drag || !data) return undefined;
    return { columns: new Set(data.columns.flatMap((c, i) => (c.host === drag.host ? [i] : []))), px: drag.px };
  }, [drag, data]);

  const scene: Scene | undefined = useMemo(() => (data && view ? buildScene(data, view, dragShift) : undefined), [data, view, dragShift]);
  const selected = useMemo(() => {
    if (!data || !current) return undefined;
    const file = data.fileIds.indexOf(current.fileId);
    return file < 0 ? undefined : { file, index: current.index };
  }, [data, current]);

  // Draw on the canvas at device resolution.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !view || !scene || !data) return;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(view.width * dpr) || canvas.height !== Math.round(view.height * dpr)) {
      canvas.width = Math.round(view.width * dpr);
      canvas.height = Math.round(view.height * dpr);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const t0 = performance.now();
    drawScene(ctx, scene, view, data.columns.length, selected);
    // Exposed for the frame-budget check (10,000 marks must draw well inside a 60 Hz frame).
    canvas.dataset.drawMs = (performance.now() - t0).toFixed(2);
    canvas.dataset.drawnMarks = String(scene.marks.length);
  }, [scene, view, data, selected]);

  // Time ruler: d3 axis with absolute time and time since the first trace.
  useEffect(() => {
    const svg = rulerRef.current;
    if (!svg || !view) return;
    const y = scaleLinear().domain([view.topUs, timeAt(view, view.height)]).range([0, view.height]);
    const origin = data?.extent?.firstUs ?? view.topUs;
    const ticks = Math.max(2, Math.floor(view.height / 70));
    const g = select(svg).selectAll<SVGGElement, null>('g.axis').data([null]).join('g').attr('class', 'axis').attr('transform', `translate(${RULER_WIDTH - 1},0)`);
    g.call(axisLeft<number>(y).ticks(ticks).tickFormat((d) => formatTimeUs(Number(d)).slice(11, 23)));
    g.selectAll<SVGGElement, number>('.tick').each(function (d) {
      select(this)
        .selectAll('text.rel')
        .data([d])
        .join('text')
        .attr('class', 'rel')
        .attr('x', -9)
        .attr('dy', '1.7em')
        .text((v) => (v >= origin ? '+' : '') + formatDurationUs(Math.round(v - origin)));
    });
  }, [view, data]);

  // The selection made elsewhere: bring it into view when it is off screen.
  useEffect(() => {
    if (!current || !view || !bodyRef.current || !zoomRef.current || !base) return;
    let stale = false;
    void getApi()
      .call('graph.data', { heightPx: 10, fromUs: 0, toUs: 0, collapsedHosts, collapsedProcesses, ...(focus !== undefined ? { focus } : {}), locate: { fileId: current.fileId, index: current.index } })
      .then((r) => {
        if (stale || !r.located || !bodyRef.current || !zoomRef.current) return;
        const y = (r.located.timeUs - view.topUs) / view.usPerPx;
        if (y < 20 || y > view.height - 20) {
          const k = transform.k;
          const ty = -((r.located.timeUs - base.topUs) / base.usPerPx) * k + view.height / 2;
          select(bodyRef.current).call(zoomRef.current.transform, zoomIdentity.translate(lastT.current.x, ty).scale(k));
        }
        const x = r.located.column * COLUMN_WIDTH + scrollX;
        if (r.located.column >= 0 && (x < 0 || x > view.width - COLUMN_WIDTH)) setScrollX(Math.min(0, -r.located.column * COLUMN_WIDTH + view.width / 2));
      })
      .catch(() => undefined);
    return () => {
      stale = true;
    };
    // Only when the selection changes, not on every pan.
  }, [current?.fileId, current?.index, base !== undefined]);

  /** A host's column dragged down by `deltaUs` shows its traces later: its offset shrinks by that much. */
  const shiftClock = async (host: string, deltaUs: number) => {
    const clock = useClock.getState();
    const h = clock.report?.hosts.find((x) => x.computer === host);
    const shown = clock.report?.mode === 'raw' ? 0 : (h?.effectiveMs ?? 0);
    await clock.setOverride(host, Math.round((shown - deltaUs / 1000) * 1000) / 1000);
    if (clock.report?.mode === 'raw') await clock.setMode('adjusted');
  };

  const zoomBy = (factor: number) => bodyRef.current && zoomRef.current && select(bodyRef.current).call(zoomRef.current.scaleBy, factor);

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === '+' || e.key === '=') zoomBy(ZOOM_STEP);
    else if (e.key === '-' || e.key === '_') zoomBy(1 / ZOOM_STEP);
    else if (e.key === '0') resetZoom();
    else if (e.key === 'ArrowLeft') setScrollX((x) => Math.min(0, x + COLUMN_WIDTH));
    else if (e.key === 'ArrowRight') setScrollX((x) => x - COLUMN_WIDTH);
    else return;
    e.preventDefault();
  };

  /** Click: the nearest mark within 8 px becomes the current trace of every view. */
  const onClick = async (e: React.MouseEvent) => {
    if (!scene || !data || !canvasRef.current) return;
    const r = canvasRef.current.getBoundingClientRect();
    const tree = quadtree(
      scene.marks,
      (m) => m.x,
      (m) => m.y,
    );
    const hit = tree.find(e.clientX - r.left, e.clientY - r.top, 8);
    if (!hit) return;
    const fileId = data.fileIds[hit.file];
    try {
      const where = await getApi().call('svclog.activityOf', { fileId, index: hit.index });
      await useView.getState().goTo({ fileId, index: hit.index, activity: where.activity }, { replace: true });
    } catch (err) {
      notify(err instanceof Error ? err.message : String(err));
    }
  };

  const onExport = async (kind: 'svg' | 'png') => {
    if (!scene || !view || !data) return;
    const svg = buildSvg(scene, view, data.columns, `TraceLens message flow (${data.mode} time)`);
    if (kind === 'svg') exportSvg(svg);
    else await exportPng(svg).catch((err: unknown) => notify(err instanceof Error ? err.message : String(err)));
  };

  // A point near the middle and the mark a click there selects, for tests and automation; worked
  // out once the view rests, so panning does not pay for a quadtree per frame.
  const [sampleMark, setSampleMark] = useState('');
  useEffect(() => {
    setSampleMark('');
    const timer = setTimeout(() => setSampleMark(scene && view && data ? clickTarget(scene, view, data) : ''), 150);
    return () => clearTimeout(timer);
  }, [scene, view, data]);

  const messageArrows = data?.arrows.filter((a) => a.kind === 'message') ?? [];
  const crossHost = messageArrows.filter((a) => a.crossHost).length;
  const focusName = focus !== undefined && data ? (data.columns.find((c) => c.activity === focus)?.label ?? `activity ${focus}`) : '';
  return (
    <section className="graph-view" aria-label="Message flow graph">
      <div className="graph-toolbar">
        <button type="button" onClick={() => zoomBy(ZOOM_STEP)} title="Zoom in (+)" aria-label="Zoom in" data-testid="graph-zoom-in">
          +
        </button>
        <button type="button" onClick={() => zoomBy(1 / ZOOM_STEP)} title="Zoom out (−)" aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={resetZoom} title="Fit everything (0)">
          Fit
        </button>
        {focus === undefined ? (
          <button type="button" disabled={!current || current.activity < 0} onClick={() => current && setFocus(current.activity)} title="Show only the selected trace's activity and what it transfers or sends to" data-testid="graph-focus">
            Focus
          </button>
        ) : (
          <button type="button" className="on" onClick={() => setFocus(undefined)} title="Show every activity again" data-testid="graph-unfocus">
            Focus: {focusName} ✕
          </button>
        )}
        <button type="button" onClick={() => setCollapsedProcesses(data ? processesOf(data) : [])} title="One column per process" data-testid="graph-collapse-all">
          Processes
        </button>
        <button
          type="button"
          onClick={() => {
            setCollapsedHosts([]);
            setCollapsedProcesses([]);
          }}
          title="One column per activity in each process"
          data-testid="graph-expand-all"
        >
          Activities
        </button>
        <button type="button" onClick={() => void onExport('svg')} data-testid="graph-export-svg">
          Export SVG
        </button>
        <button type="button" onClick={() => void onExport('png')} data-testid="graph-export-png">
          Export PNG
        </button>
        <span
          className="graph-summary muted"
          data-testid="graph-summary"
          data-mode={data?.mode ?? mode}
          data-clock-version={data?.clockVersion ?? -1}
          data-columns={data?.columns.length ?? 0}
          data-marks={data?.marks.column.length ?? 0}
          data-traces={data?.traceCount ?? 0}
          data-arrows={messageArrows.length}
          data-cross-host={crossHost}
          data-backwards={data?.backwardsTotal ?? 0}
          data-lod={data?.lod ? 'true' : 'false'}
        >
          {summaryText(data)}
          {loading ? ' · loading…' : ''}
        </span>
      </div>
      {error && <div className="banner error">{error}</div>}
      <div className="graph-frame">
        {data && view && (
          <GraphHeaders
            columns={data.columns}
            view={view}
            collapsedHosts={collapsedHosts}
            collapsedProcesses={collapsedProcesses}
            onToggleHost={(h) => setCollapsedHosts((l) => (l.includes(h) ? l.filter((x) => x !== h) : [...l, h]))}
            onToggleProcess={(p) => setCollapsedProcesses((l) => (l.includes(p) ? l.filter((x) => x !== p) : [...l, p]))}
            onDrag={setDrag}
            onDrop={(host, px) => void shiftClock(host, px * view.usPerPx)}
          />
        )}
        <div className="graph-main" style={{ top: HEADER_HEIGHT }}>
          <svg className="graph-ruler" ref={rulerRef} width={RULER_WIDTH} height={size.height} data-testid="graph-ruler" />
          <div className="graph-body" ref={bodyRef} tabIndex={0} onKeyDown={onKey} onClick={(e) => void onClick(e)} data-testid="graph-body" data-sample-mark={sampleMark}>
            <canvas
              ref={canvasRef}
              className="graph-canvas"
              style={{ width: size.width, height: size.height }}
              data-testid="graph-canvas"
              data-selected-drawn={selected && scene?.marks.some((m) => m.file === selected.file && m.index === selected.index) ? 'true' : 'false'}
            />
            {data && data.columns.length === 0 && <div className="graph-empty muted">No svclog traces to draw{dataVersion ? '' : ' yet'}.</div>}
          </div>
        </div>
      </div>
    </section>
  );
}

function clickTarget(scene: Scene, view: View, data: GraphData): string {
  const tree = quadtree(
    scene.marks,
    (m) => m.x,
    (m) => m.y,
  );
  const m = tree.find(view.width / 2, view.height / 2);
  if (!m || m.x < 10 || m.y < 10 || m.x > view.width - 10 || m.y > view.height - 10) return '';
  const [x, y] = [Math.round(m.x), Math.round(m.y)];
  const hit = tree.find(x, y, 8);
  return hit ? `${x},${y},${data.fileIds[hit.file]},${hit.index}` : '';
}

/** Every process of the data (collapsed or not, drawn or omitted). */
function processesOf(d: GraphData): string[] {
  return d.processes;
}

function summaryText(d: GraphData | undefined): string {
  if (!d) return '';
  const msgs = d.arrows.filter((a) => a.kind === 'message');
  const cross = msgs.filter((a) => a.crossHost).length;
  const parts = [
    `${d.mode === 'raw' ? 'Raw' : 'Adjusted'} time`,
    `${d.columns.length} columns${d.omittedColumns ? ` (+${d.omittedColumns} not shown)` : ''}`,
    `${d.traceCount.toLocaleString('en-US')} traces${d.lod ? ' (grouped per pixel row)' : ''}`,
    `${msgs.length} message arrows (${cross} across hosts)`,
    `${d.backwardsTotal} backwards`,
  ];
  return parts.join(' · ');
}
