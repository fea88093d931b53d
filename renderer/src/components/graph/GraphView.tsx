import { quadtree, select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphColumnsBy, GraphData, GraphLayout } from '../../../../shared/channels/skew';
import { getApi } from '../../api';
import { useClock } from '../../clockStore';
import { formatCount } from '../../format';
import { useStore } from '../../store';
import { useView } from '../../viewStore';
import { useMenu, type MenuItem } from '../../menuStore';
import { rowActions } from '../../rowActions';
import { distanceToArrow, drawScene, LABEL_FONT, TOGGLE_SIZE } from './draw';
import { GesturePreview, SETTLE_MS } from './gesture-preview';
import { buildSvg, exportPng, exportSvg } from './export';
import { GraphA11y } from './GraphA11y';
import { GraphHeaders } from './GraphHeaders';
import { GraphRuler } from './GraphRuler';
import { LABEL_HEIGHT } from './labels';
import { arrowTitle, buildScene, columnGeometry, HEADER_HEIGHT, MIN_COLUMN_WIDTH, type Scene, type SceneArrow, type View } from './scene';
import { graphShape, useGraphData } from './useGraphData';
import './graph.css';

const ZOOM_STEP = 1.6;
/** At most this many pixels per sequence row when fitting a few traces. */
const MAX_ROW_PX = 34;

/** Zoom 1: the whole axis with a small margin. */
function baseOf(data: GraphData, height: number): { topPos: number; posPerPx: number } {
  const len = Math.max(data.axis.length, data.layout === 'sequence' ? 1 : 1000);
  const pad = data.layout === 'sequence' ? 1 : len * 0.02;
  return { topPos: -pad, posPerPx: (len + 2 * pad) / Math.max(1, height) };
}

/** What a pending answer should do to the view once it arrives. */
/** `focus`: the fit waits for the answer of that focus (an answer of the shape before may still arrive first). */
type Pending = { kind: 'fit-answer'; focus?: number } | { kind: 'centre-selection' } | undefined;

/**
 * The message-flow graph, in Service Trace Viewer's sequence layout by default: columns host →
 * process → activity (or thread), one row per distinct time, messages and transfers as arrows,
 * drawn on a canvas from what the main side laid out. d3 zoom drives the axis (wheel, +/-, drag);
 * dragging sideways pans the columns; dragging a host's header shifts its clock.
 */
export function GraphView() {
  const bodyRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const lastT = useRef<ZoomTransform>(zoomIdentity);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [transform, setTransform] = useState<{ k: number; y: number }>({ k: 1, y: 0 });
  const [scrollX, setScrollX] = useState(0);
  const scrollXRef = useRef(scrollX);
  scrollXRef.current = scrollX;
  const preview = useMemo(() => new GesturePreview(), []);
  /** A user's pan or zoom not yet in React state: sideways px and the transform it reached. */
  const gesture = useRef<{ dx: number; t?: { k: number; y: number }; timer?: number }>({ dx: 0 });
  const [layout, setLayout] = useState<GraphLayout>('sequence');
  const [columnsBy, setColumnsBy] = useState<GraphColumnsBy>('activity');
  const [collapsedHosts, setCollapsedHosts] = useState<string[]>([]);
  const [collapsedProcesses, setCollapsedProcesses] = useState<string[]>([]);
  const current = useView((s) => s.current);
  const selectedActivity = current && current.activity >= 0 ? current.activity : useView.getState().selected[0];
  // Opening: the selected activity and what it leads to, expanded, and fitted in the pane.
  const [around, setAround] = useState<number | undefined>(selectedActivity);
  // With nothing selected: one column per process; a transfer's + (or Expand all) opens activities.
  const [expanded, setExpanded] = useState<number[] | null>(selectedActivity === undefined ? [] : null);
  const [focus, setFocus] = useState<number | undefined>();
  const pending = useRef<Pending>(selectedActivity !== undefined ? { kind: 'fit-answer' } : undefined);
  const [drag, setDrag] = useState<{ host: string; px: number } | undefined>();
  const mode = useClock((s) => s.report?.mode ?? 'adjusted');
  const notify = useStore((s) => s.notify);

  const req = { layout, columnsBy, collapsedHosts, collapsedProcesses, expanded, expandAround: around, focus };
  const lastBase = useRef<{ topPos: number; posPerPx: number } | undefined>(undefined);
  const [viewData, setViewData] = useState<GraphData | undefined>();
  const base = useMemo(() => {
    if (!viewData || size.height === 0) return lastBase.current;
    return (lastBase.current = baseOf(viewData, size.height));
  }, [viewData, size.height]);
  const cols = useMemo(() => columnGeometry(size.width, viewData?.columns ?? []), [size.width, viewData]);

  const view: View | undefined = useMemo(() => {
    if (!base || size.height === 0) return undefined;
    const posPerPx = base.posPerPx / transform.k;
    return { topPos: base.topPos - transform.y * posPerPx, posPerPx, scrollX, width: size.width, height: size.height, cols };
  }, [base, size, transform, scrollX, cols]);

  const { data, loading, error } = useGraphData(view, req);
  useEffect(() => setViewData(data), [data]);

  const setZoom = useCallback((k: number, y: number) => {
    if (bodyRef.current && zoomRef.current) select(bodyRef.current).call(zoomRef.current.transform, zoomIdentity.translate(lastT.current.x, y).scale(k));
  }, []);
  const resetZoom = useCallback(() => {
    setZoom(1, 0);
    setScrollX(0);
  }, [setZoom]);

  /** Shows axis positions [from, to] in the pane (a few traces are not blown up past MAX_ROW_PX a row). */
  const fitSpan = useCallback(
    (d: GraphData, from: number, to: number) => {
      if (size.height === 0) return;
      const b = baseOf(d, size.height);
      const pad = d.layout === 'sequence' ? 1.5 : (to - from) * 0.06 + 1;
      const minPerPx = d.layout === 'sequence' ? 1 / MAX_ROW_PX : 1;
      const perPx = Math.max(minPerPx, (to - from + 2 * pad) / size.height);
      const top = (from + to) / 2 - (perPx * size.height) / 2;
      setZoom(b.posPerPx / perPx, (b.topPos - top) / perPx);
      transformBase.current = b;
    },
    [size.height, setZoom],
  );

  /** Scrolls columns sideways so that column `c` is in view. */
  const showColumn = useCallback(
    (c: number) => {
      if (c < 0 || size.width === 0) return;
      setScrollX((x) => {
        const left = (cols.left[c] ?? 0) + x;
        const w = cols.width[c] ?? 0;
        return left >= 0 && left + w <= size.width ? x : Math.min(0, -(cols.left[c] ?? 0) + size.width / 2 - w / 2);
      });
    },
    [size.width, cols],
  );

  // The transform means positions only with the base it was set against. A new base (the pane's
  // height changed, the axis grew or shrank a little: a new clock, a load) keeps the rows in view
  // where they were, unless the view shows everything.
  const baseRef = useRef(base);
  baseRef.current = base;
  const transformBase = useRef(base);
  useEffect(() => {
    const old = transformBase.current;
    transformBase.current = base;
    const t = lastT.current;
    if (!old || !base || (t.k === 1 && t.y === 0) || (old.topPos === base.topPos && old.posPerPx === base.posPerPx)) return;
    const perPx = old.posPerPx / t.k;
    const top = old.topPos - t.y * perPx;
    setZoom(base.posPerPx / perPx, (base.topPos - top) / perPx);
  }, [base, setZoom]);

  // Answers that finish an opening, a focus or a switch.
  useEffect(() => {
    if (!data) return;
    // The window was moved with its anchor trace (a clock switch): move the view with it.
    const b = baseRef.current;
    if (data.shift && b) {
      const t = lastT.current;
      const perPx = b.posPerPx / t.k;
      setZoom(t.k, (b.topPos - (b.topPos - t.y * perPx + data.shift)) / perPx);
      transformBase.current = b;
    }
    if (around !== undefined && data.expanded) {
      setExpanded(data.expanded);
      setAround(undefined);
    }
    const p = pending.current;
    if (!p || size.height === 0 || (p.kind === 'fit-answer' && p.focus !== undefined && data.focus !== p.focus)) return;
    pending.current = undefined;
    if (p.kind === 'fit-answer' && data.fit) {
      fitSpan(data, data.fit.fromPos, data.fit.toPos);
      const a = data.focus ?? data.expanded?.[0];
      showColumn(data.columns.findIndex((c) => c.activity === a));
    } else if (p.kind === 'centre-selection') void centreSelection(true).catch(() => undefined);
    // Only when an answer arrives.
  }, [data]);

  // A new set of files: start again with one column per process.
  const filesKey = useStore((s) => s.files.map((f) => f.id).join(','));
  const firstFiles = useRef(filesKey);
  useEffect(() => {
    if (firstFiles.current === filesKey) return;
    firstFiles.current = filesKey;
    setExpanded([]);
    resetZoom();
  }, [filesKey, resetZoom]);

  // Size of the drawing area.
  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // d3 zoom: k and y drive the axis; horizontal drags pan the columns (wheel zoom keeps them still).
  // A user's wheel or drag is previewed frame by frame from the last drawing (gesture-preview.ts)
  // and reaches React state once it rests; zooms set by the app (Fit, Focus, keys) apply at once.
  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const g = gesture.current;
    const commit = () => {
      clearTimeout(g.timer);
      preview.cancel();
      const { dx, t } = g;
      g.dx = 0;
      g.t = undefined;
      if (dx) setScrollX((x) => Math.min(0, x + dx));
      if (t) setTransform(t);
    };
    const z = zoom<HTMLDivElement, unknown>()
      .scaleExtent([0.5, 5e7])
      .filter((e: Event) => !(e instanceof MouseEvent && e.button !== 0) && !(e.target instanceof Element && e.target.closest('.graph-header')))
      .on('zoom', (e: { transform: ZoomTransform; sourceEvent: Event | null }) => {
        const t = e.transform;
        if (e.sourceEvent && e.sourceEvent.type !== 'wheel') g.dx += t.x - lastT.current.x;
        lastT.current = t;
        g.t = { k: t.k, y: t.y };
        const b = baseRef.current;
        if (!e.sourceEvent || !b || !canvasRef.current) return commit();
        transformBase.current = b;
        const posPerPx = b.posPerPx / t.k;
        preview.show(canvasRef.current, { topPos: b.topPos - t.y * posPerPx, posPerPx, scrollX: Math.min(0, scrollXRef.current + g.dx) });
        clearTimeout(g.timer);
        g.timer = window.setTimeout(commit, SETTLE_MS);
      });
    zoomRef.current = z;
    select(el).call(z).on('dblclick.zoom', null);
    return () => {
      clearTimeout(g.timer);
      preview.cancel();
      select(el).on('.zoom', null);
    };
  }, []);

  // Fewer columns (collapsed, focused) must not leave the view panned past the last one.
  const columnCount = data?.columns.length ?? 0;
  useEffect(() => {
    const min = Math.min(0, size.width - cols.total - 20);
    setScrollX((x) => Math.max(min, Math.min(0, x)));
  }, [columnCount, size.width, scrollX, cols]);

  const dragShift = useMemo(() => {
    if (!drag || !data) return undefined;
    return { columns: new Set(data.columns.flatMap((c, i) => (c.host === drag.host ? [i] : []))), px: drag.px };
  }, [drag, data]);
  const selectedColumns = useMemo(() => new Set(data?.columns.flatMap((c, i) => (c.activity >= 0 && c.activity === selectedActivity ? [i] : [])) ?? []), [data, selectedActivity]);

  const measure = useMemo(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return undefined;
    ctx.font = LABEL_FONT;
    const cache = new Map<string, number>();
    return (t: string) => {
      let w = cache.get(t);
      if (w === undefined) {
        if (cache.size > 20_000) cache.clear();
        cache.set(t, (w = ctx.measureText(t).width));
      }
      return w;
    };
  }, []);
  const ownColumns = useMemo(() => new Set(data?.columns.flatMap((c, i) => (c.level === 'activity' || c.level === 'thread' ? [i] : [])) ?? []), [data]);
  const scene: Scene | undefined = useMemo(() => (data && view ? buildScene(data, view, { shiftPx: dragShift, selectedColumns, ownColumns, measure }) : undefined), [data, view, dragShift, selectedColumns, ownColumns, measure]);
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
    const t1 = performance.now();
    // Exposed for the frame-budget checks and the bench (when the answer was first drawn).
    canvas.dataset.drawMs = (t1 - t0).toFixed(2);
    canvas.dataset.drawnAt = t1.toFixed(1);
    canvas.dataset.drawnMarks = String(scene.marks.length);
    preview.keep(canvas, view);
    canvas.dataset.labels = String(scene.labels.length);
  }, [scene, view, data, selected]);

  /**
   * Brings the current trace into view (vertically and sideways) when it is off screen; with `fit`
   * (after a switch of layout or columns) fits its activity in the pane. Reads the view from refs
   * when the answer arrives, so a base that changed meanwhile is the one used.
   */
  const centreSelection = useCallback(
    async (fit = false) => {
      const c = useView.getState().current;
      if (!c) return;
      const r = await getApi().call('graph.data', { ...graphShape(req), heightPx: 10, fromPos: 0, toPos: 0, locate: { fileId: c.fileId, index: c.index } });
      const b = baseRef.current;
      if (!r.located || !b || size.height === 0) return;
      if (fit && r.fit) fitSpan(r, r.fit.fromPos, r.fit.toPos);
      else {
        const t = lastT.current;
        const perPx = b.posPerPx / t.k;
        const y = (r.located.pos - (b.topPos - t.y * perPx)) / perPx;
        if (y < 24 || y > size.height - 24) {
          setZoom(t.k, (b.topPos - (r.located.pos - (size.height / 2) * perPx)) / perPx);
          transformBase.current = b;
        }
      }
      showColumn(r.located.column);
    },
    [req, size.height, setZoom, showColumn, fitSpan],
  );

  // The selection made elsewhere (or stepped with ↑/↓): bring it into view.
  useEffect(() => {
    if (!current || !base || pending.current) return;
    centreSelection().catch(() => undefined);
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

  /** Time per pixel near the middle of the view (dragging a host header moves its clock by it). */
  const usPerPxNearMiddle = () => {
    const t = data?.axis.ticks;
    if (!t || t.pos.length < 2 || !view) return 0;
    const span = t.pos[t.pos.length - 1] - t.pos[0];
    return span > 0 ? ((t.timeUs[t.timeUs.length - 1] - t.timeUs[0]) / span) * view.posPerPx : 0;
  };

  // Stable header callbacks (the headers are memoised); the drop reads the latest view through a ref.
  const dropRef = useRef({ shiftClock, usPerPxNearMiddle });
  dropRef.current = { shiftClock, usPerPxNearMiddle };
  const onDropHost = useCallback((host: string, px: number) => void dropRef.current.shiftClock(host, px * dropRef.current.usPerPxNearMiddle()), []);
  const onToggleHost = useCallback((h: string) => setCollapsedHosts((l) => (l.includes(h) ? l.filter((x) => x !== h) : [...l, h])), []);
  const onToggleProcess = useCallback((p: string) => setCollapsedProcesses((l) => (l.includes(p) ? l.filter((x) => x !== p) : [...l, p])), []);

  const zoomBy = (factor: number) => bodyRef.current && zoomRef.current && select(bodyRef.current).call(zoomRef.current.scaleBy, factor);

  /** ↑/↓: the previous/next trace of the current trace's column becomes the current trace. */
  const step = async (dir: -1 | 1) => {
    const c = useView.getState().current;
    if (!c) return;
    const r = await getApi().call('graph.data', { ...graphShape(req), heightPx: 10, fromPos: 0, toPos: 0, locate: { fileId: c.fileId, index: c.index, step: dir } });
    if (r.located && (r.located.fileId !== c.fileId || r.located.index !== c.index)) await useView.getState().goTo({ fileId: r.located.fileId, index: r.located.index, activity: r.located.activity }, { replace: true });
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === '+' || e.key === '=') zoomBy(ZOOM_STEP);
    else if (e.key === '-' || e.key === '_') zoomBy(1 / ZOOM_STEP);
    else if (e.key === '0') resetZoom();
    else if (e.key === 'ArrowLeft') setScrollX((x) => Math.min(0, x + MIN_COLUMN_WIDTH));
    else if (e.key === 'ArrowRight') setScrollX((x) => x - MIN_COLUMN_WIDTH);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') void step(e.key === 'ArrowUp' ? -1 : 1).catch((err: unknown) => notify(err instanceof Error ? err.message : String(err)));
    else return;
    e.preventDefault();
  };

  /** Expands or collapses one transfer's target activity. */
  const toggleActivity = (activity: number) => {
    if (!data) return;
    const now = expanded ?? [...new Set(data.columns.flatMap((c) => (c.activity >= 0 ? [c.activity] : [])))];
    setExpanded(now.includes(activity) ? now.filter((a) => a !== activity) : [...now, activity]);
  };

  const select1 = async (fileId: string, index: number) => {
    const where = await getApi().call('svclog.activityOf', { fileId, index });
    await useView.getState().goTo({ fileId, index, activity: where.activity }, { replace: true });
  };

  /** Follows a message arrow to its receive (or a transfer to its target's first trace). */
  const follow = async (a: SceneArrow) => {
    if (!data) return;
    if (a.arrow.kind === 'transfer' && a.toggle) return toggleActivity(a.arrow.target);
    await select1(data.fileIds[a.arrow.to.file], a.arrow.to.index);
  };

  /** What is under the pointer: a +/− box, a mark, a label, an arrow. */
  const hitTest = (x: number, y: number) => {
    if (!scene) return undefined;
    const toggle = scene.arrows.find((a) => a.toggle && Math.abs(a.toggle.x - x) <= TOGGLE_SIZE / 2 + 2 && Math.abs(a.toggle.y - y) <= TOGGLE_SIZE / 2 + 2);
    if (toggle) return { toggle };
    const tree = quadtree(
      scene.marks,
      (m) => m.x,
      (m) => m.y,
    );
    const mark = tree.find(x, y, 7);
    if (mark) return { mark };
    const label = scene.labels.find((l) => x >= l.x - 2 && x <= l.x + l.w + 2 && y >= l.y && y <= l.y + LABEL_HEIGHT);
    let arrow: SceneArrow | undefined;
    let best = 5;
    for (const a of scene.arrows) {
      const d = distanceToArrow(a, x, y);
      if (d < best) [best, arrow] = [d, a];
    }
    return { label, arrow };
  };

  const local = (e: React.MouseEvent) => {
    const r = canvasRef.current!.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };

  /** Click: a +/− box toggles its transfer, a mark becomes the current trace, an arrow is followed to its receive. */
  const onClick = async (e: React.MouseEvent) => {
    if (!scene || !data || !canvasRef.current) return;
    const hit = hitTest(...local(e));
    try {
      if (hit?.toggle) toggleActivity(hit.toggle.arrow.target);
      else if (hit?.mark) await select1(data.fileIds[hit.mark.file], hit.mark.index);
      else if (hit?.arrow) await follow(hit.arrow);
    } catch (err) {
      notify(err instanceof Error ? err.message : String(err));
    }
  };

  /** Right-click on a mark: it becomes the current trace and gets the list rows' menu (copy its text, find, bookmark…). */
  const onContextMenu = async (e: React.MouseEvent) => {
    if (!scene || !data || !canvasRef.current) return;
    const hit = hitTest(...local(e));
    if (!hit?.mark) return;
    e.preventDefault();
    const { clientX, clientY } = e;
    const fileId = data.fileIds[hit.mark.file];
    const { index, timeUs, text } = hit.mark;
    try {
      const where = await getApi().call('svclog.activityOf', { fileId, index });
      await select1(fileId, index);
      const items: MenuItem[] = [
        ...(text ? [{ label: 'Copy text', run: () => void navigator.clipboard?.writeText(text).catch(() => notify('The clipboard refused the copy.')) }] : []),
        ...rowActions({ trace: { fileId, index, activity: where.activity, timeUs }, value: text ? { field: '', text } : undefined }).filter((i) => i.label !== 'Open in graph'),
      ];
      useMenu.getState().open(clientX, clientY, items, 'graph-menu');
    } catch (err) {
      notify(err instanceof Error ? err.message : String(err));
    }
  };

  /** Hover: the whole action, the trace's text or the label's full text as the tooltip. */
  const onMove = (e: React.MouseEvent) => {
    if (!bodyRef.current || !canvasRef.current || e.buttons) return;
    const hit = hitTest(...local(e));
    const title = hit?.toggle ? arrowTitle(hit.toggle.arrow) : hit?.mark ? (hit.mark.text ?? `${hit.mark.count} traces`) : hit?.label ? hit.label.title : hit?.arrow ? arrowTitle(hit.arrow.arrow) : '';
    if (bodyRef.current.title !== title) bodyRef.current.title = title;
  };

  const onExport = async (kind: 'svg' | 'png') => {
    if (!scene || !view || !data) return;
    const svg = buildSvg(scene, view, data, `TraceLens message flow (${data.mode} time, ${data.layout} layout)`);
    if (kind === 'svg') exportSvg(svg);
    else await exportPng(svg).catch((err: unknown) => notify(err instanceof Error ? err.message : String(err)));
  };

  // A point near the middle and the mark a click there selects, for tests and automation; worked
  // out once the view rests, so panning does not pay for a quadtree per frame.
  // The accessible lists follow the same rest: rebuilding hundreds of list items per frame while
  // panning would cost more than drawing the canvas.
  const [sampleMark, setSampleMark] = useState('');
  const [settled, setSettled] = useState<{ data: GraphData; scene: Scene; view: View } | undefined>();
  useEffect(() => {
    setSampleMark('');
    const timer = setTimeout(() => {
      setSampleMark(scene && view && data ? clickTarget(scene, view, data) : '');
      setSettled(scene && view && data ? { data, scene, view } : undefined);
    }, 150);
    return () => clearTimeout(timer);
  }, [scene, view, data]);

  const focusName = focus !== undefined && data ? (data.columns.find((c) => c.activity === focus)?.label ?? `activity ${focus}`) : '';
  const messages = data?.arrows.filter((a) => a.kind === 'message') ?? [];
  const switchButton = <T extends string>(value: T, on: T, set: (v: T) => void, label: string, testId: string, title: string) => (
    <button
      type="button"
      className={value === on ? 'on' : ''}
      aria-pressed={value === on}
      data-testid={testId}
      title={title}
      onClick={() => {
        if (value === on) return;
        // Positions of one layout mean nothing on another: start from Fit, then fit the selection.
        pending.current = { kind: 'centre-selection' };
        resetZoom();
        set(on);
      }}
    >
      {label}
    </button>
  );
  return (
    <section className="graph-view" aria-label="Message flow graph">
      <div className="graph-toolbar">
        <span className="graph-switch" role="group" aria-label="Layout">
          {switchButton(layout, 'sequence', setLayout, 'Sequence', 'graph-layout-sequence', 'One row per trace in time order (Service Trace Viewer)')}
          {switchButton(layout, 'time', setLayout, 'Time', 'graph-layout-time', 'Rows proportional to time; long gaps still cut out')}
        </span>
        <span className="graph-switch" role="group" aria-label="Columns">
          {switchButton(columnsBy, 'activity', setColumnsBy, 'Activities', 'graph-by-activity', 'Columns host → process → activity')}
          {switchButton(columnsBy, 'thread', setColumnsBy, 'Threads', 'graph-by-thread', 'Columns host → process → thread')}
        </span>
        <button type="button" onClick={() => zoomBy(ZOOM_STEP)} title="Zoom in (+)" aria-label="Zoom in" data-testid="graph-zoom-in">
          +
        </button>
        <button type="button" onClick={() => zoomBy(1 / ZOOM_STEP)} title="Zoom out (−)" aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={resetZoom} title="Fit everything (0)" data-testid="graph-fit">
          Fit
        </button>
        {focus === undefined ? (
          <button
            type="button"
            disabled={selectedActivity === undefined}
            onClick={() => {
              pending.current = { kind: 'fit-answer', focus: selectedActivity };
              setFocus(selectedActivity);
            }}
            title="Show only the selected activity and what it transfers or sends to, fitted in the pane"
            data-testid="graph-focus"
          >
            Focus
          </button>
        ) : (
          <button
            type="button"
            className="on"
            onClick={() => {
              setFocus(undefined);
              resetZoom();
            }}
            title="Show every activity again"
            data-testid="graph-unfocus"
          >
            Focus: {focusName} ✕
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            setCollapsedProcesses([]);
            setExpanded([]);
          }}
          title="One column per process (expand a transfer's activity with its +)"
          data-testid="graph-collapse-all"
        >
          Collapse all
        </button>
        <button
          type="button"
          onClick={() => {
            setCollapsedHosts([]);
            setCollapsedProcesses([]);
            setExpanded(null);
          }}
          title="One column per activity in each process"
          data-testid="graph-expand-all"
        >
          Expand all
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
          data-layout={data?.layout ?? layout}
          data-columns-by={data?.columnsBy ?? columnsBy}
          data-clock-version={data?.clockVersion ?? -1}
          data-columns={data?.columns.length ?? 0}
          data-marks={data?.marks.column.length ?? 0}
          data-traces={data?.traceCount ?? 0}
          data-focus={data?.focus ?? ''}
          data-rows={data?.axis.rows ?? 0}
          data-breaks={data?.axis.breaks.length ?? 0}
          data-arrows={data?.arrowTotal ?? 0}
          data-arrows-drawn={messages.filter((a) => a.count === 1).length}
          data-arrows-bundled={messages.reduce((n, a) => n + (a.count > 1 ? a.count : 0), 0)}
          data-cross-host={messages.filter((a) => a.crossHost).length}
          data-backwards={data?.backwardsTotal ?? 0}
          data-lod={data?.lod ? 'true' : 'false'}
          data-expanded={data?.expanded?.join(',') ?? 'all'}
          data-fit={data?.fit ? `${data.fit.fromPos},${data.fit.toPos}` : ''}
          data-view={view ? `${view.topPos.toFixed(2)},${(view.topPos + view.height * view.posPerPx).toFixed(2)}` : ''}
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
            onToggleHost={onToggleHost}
            onToggleProcess={onToggleProcess}
            onDrag={setDrag}
            onDrop={onDropHost}
          />
        )}
        <div className="graph-main" style={{ top: HEADER_HEIGHT }}>
          <GraphRuler data={data} view={view} height={size.height} />
          <div
            className="graph-body"
            ref={bodyRef}
            tabIndex={0}
            onKeyDown={onKey}
            onClick={(e) => void onClick(e)}
            onContextMenu={(e) => void onContextMenu(e)}
            onMouseMove={onMove}
            data-testid="graph-body"
            data-sample-mark={sampleMark}
            aria-label="Graph: arrows ↑/↓ step through the column's traces, + and − zoom, 0 fits"
          >
            <canvas
              ref={canvasRef}
              className="graph-canvas"
              style={{ width: size.width, height: size.height }}
              data-testid="graph-canvas"
              data-selected-drawn={selected && scene?.marks.some((m) => m.file === selected.file && m.index === selected.index) ? 'true' : 'false'}
            />
            {data && data.columns.length === 0 && <div className="graph-empty muted">No svclog traces to draw{useView.getState().dataVersion ? '' : ' yet'}.</div>}
          </div>
        </div>
        {settled && <GraphA11y data={settled.data} scene={settled.scene} view={settled.view} onFollow={(a) => void follow(a).catch((err: unknown) => notify(String(err)))} />}
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
  const hit = tree.find(x, y, 7);
  return hit ? `${x},${y},${data.fileIds[hit.file]},${hit.index}` : '';
}

function summaryText(d: GraphData | undefined): string {
  if (!d) return '';
  const msgs = d.arrows.filter((a) => a.kind === 'message');
  const bundles = msgs.filter((a) => a.count > 1);
  const parts = [
    `${d.mode === 'raw' ? 'Raw' : 'Adjusted'} time`,
    `${d.columns.length} columns${d.omittedColumns ? ` (+${d.omittedColumns} not shown)` : ''}`,
    `${formatCount(d.traceCount)} traces${d.lod ? ' (grouped per pixel row)' : ''}`,
    `${formatCount(d.arrowTotal)} messages${bundles.length ? ` (${formatCount(bundles.reduce((n, a) => n + a.count, 0))} in ${bundles.length} bundles)` : ''}`,
    `${d.backwardsTotal} backwards`,
  ];
  if (d.axis.breaks.length) parts.push(`${d.axis.breaks.length} gaps cut`);
  return parts.join(' · ');
}
