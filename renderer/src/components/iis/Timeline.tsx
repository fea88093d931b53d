import * as d3 from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { IisTimeline } from '../../../../shared/channels/iis';
import { IIS_SERIES, type IisSeries } from '../../../../shared/iis-series';
import { formatTimeUs } from '../../../../shared/time';
import { formatCount } from '../../format';
import { requestFilter, useSharedFilter, selectRange, useIis, useSharedRange, type TimeRange } from '../../iisStore';
import { useTimeZone } from '../../timeZone';
import type { ZoneChoice } from '../../../../shared/time-zone';
import { useIisCall } from './useIisData';
import { zoneTicks } from './zoneAxis';

const HEIGHT = 210;

const EVENT_KIND_LABEL: Record<IisTimeline['events'][number]['kind'], string> = {
  'rapid-fail': 'Application pool stopped by rapid-fail protection',
  crash: 'Worker process crashed or stopped answering',
  recycle: 'Worker process recycled',
  pool: 'Application pool event',
};
const M = { l: 52, r: 12, t: 16, b: 22 };
/** Bars get at least this many px: the bucket width follows the visible range and the chart's width. */
const PX_PER_BUCKET = 4;
const MIN_SPAN_US = 10_000_000;

export const SERIES_LABEL: Record<IisSeries, string> = { '2xx': '2xx', '3xx': '3xx', '4xx': '4xx', '503': '503.x', '5xx': 'other 5xx', none: 'no status', httperr: 'HTTPERR' };

/** The full range padded by one bucket-ish margin so the first and last bars are not on the edges. */
function padded(r: TimeRange): TimeRange {
  const pad = Math.max(1_000_000, (r.toUs - r.fromUs) * 0.02);
  return { fromUs: r.fromUs - pad, toUs: r.toUs + pad };
}

/**
 * The incident timeline: requests per bucket stacked by status series (503.x and other 5xx apart,
 * HTTPERR its own series), slow-request markers, FREB markers. Wheel zooms around the pointer,
 * Shift+drag (or dragging the axis) pans, dragging over the plot brushes a range, which becomes the
 * shared time window. Each zoom asks the main side for buckets of the new range at the chart's
 * resolution (level of detail), so bars stay a few px wide at any zoom.
 */
export function Timeline({ full }: { full: TimeRange | undefined }) {
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(900);
  const zoom = useIis((s) => s.zoom);
  const setZoom = useIis((s) => s.setZoom);
  const openFreb = useIis((s) => s.openFreb);
  const filter = useIis((s) => s.filter);
  const range = useSharedRange();
  const zone = useTimeZone();
  const base = useMemo(() => (full ? padded(full) : undefined), [full?.fromUs, full?.toUs]);
  const domain = zoom ?? base;
  const plotW = Math.max(50, width - M.l - M.r);
  const maxBuckets = Math.max(10, Math.min(2000, Math.floor(plotW / PX_PER_BUCKET)));
  const f = requestFilter(filter, undefined, useSharedFilter());
  const req = domain ? { fromUs: Math.floor(domain.fromUs), toUs: Math.ceil(domain.toUs), maxBuckets, filter: f } : null;
  const { value: tl } = useIisCall('iis.timeline', req, JSON.stringify(req));

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  // Wheel zoom and pan: kept as plain handlers on the element (passive: false to stop page scroll).
  const latest = useRef({ domain, base, plotW });
  latest.current = { domain, base, plotW };
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const clamp = (r: TimeRange): TimeRange | undefined => {
      const b = latest.current.base!;
      const span = Math.max(MIN_SPAN_US, Math.min(r.toUs - r.fromUs, b.toUs - b.fromUs));
      if (span >= b.toUs - b.fromUs) return undefined;
      const from = Math.max(b.fromUs, Math.min(r.fromUs, b.toUs - span));
      return { fromUs: from, toUs: from + span };
    };
    const onWheel = (e: WheelEvent) => {
      const { domain: d, plotW: w } = latest.current;
      if (!d) return;
      e.preventDefault();
      const px = Math.max(0, Math.min(w, e.offsetX - M.l));
      const c = d.fromUs + ((d.toUs - d.fromUs) * px) / w;
      const k = Math.exp(e.deltaY * 0.0015);
      setZoom(clamp({ fromUs: c - (c - d.fromUs) * k, toUs: c + (d.toUs - c) * k }));
    };
    let drag: { x: number; d: TimeRange } | undefined;
    const onDown = (e: PointerEvent) => {
      const onAxis = e.offsetY > HEIGHT - M.b;
      if (!(e.shiftKey || onAxis) || !latest.current.domain) return;
      e.preventDefault();
      e.stopPropagation();
      drag = { x: e.clientX, d: latest.current.domain };
      svg.setPointerCapture(e.pointerId);
    };
    const onMove = (e: PointerEvent) => {
      if (!drag) return;
      const dUs = ((e.clientX - drag.x) * (drag.d.toUs - drag.d.fromUs)) / latest.current.plotW;
      setZoom(clamp({ fromUs: drag.d.fromUs - dUs, toUs: drag.d.toUs - dUs }));
    };
    const onUp = () => (drag = undefined);
    svg.addEventListener('wheel', onWheel, { passive: false });
    svg.addEventListener('pointerdown', onDown, { capture: true });
    svg.addEventListener('pointermove', onMove);
    svg.addEventListener('pointerup', onUp);
    return () => {
      svg.removeEventListener('wheel', onWheel);
      svg.removeEventListener('pointerdown', onDown, { capture: true });
      svg.removeEventListener('pointermove', onMove);
      svg.removeEventListener('pointerup', onUp);
    };
  }, [setZoom]);

  useEffect(() => {
    if (svgRef.current && domain) draw(svgRef.current, { tl, domain, width, range, zone, openFreb });
  }, [tl, domain?.fromUs, domain?.toUs, width, range?.fromUs, range?.toUs, zone, openFreb]);

  const totals = useMemo(() => Object.fromEntries(IIS_SERIES.map((s) => [s, tl ? d3.sum(tl.series[s]) : 0])) as Record<IisSeries, number>, [tl]);
  const slowTotal = tl ? d3.sum(tl.slow) : 0;
  return (
    <section className="iis-timeline" data-testid="iis-timeline" data-ready={!!tl} data-buckets={tl?.slow.length ?? 0} data-width-us={tl?.widthUs ?? 0} data-domain-from={domain?.fromUs ?? ''}>
      <div className="timeline-head">
        <span className="legend">
          {IIS_SERIES.filter((s) => s !== 'none' || totals.none > 0).map((s) => (
            <span key={s} className="legend-item" data-testid={`legend-${s}`} data-count={totals[s]}>
              <span className={`swatch s-${s}`} /> {SERIES_LABEL[s]} {formatCount(totals[s])}
            </span>
          ))}
          <span className="legend-item" data-testid="legend-slow" data-count={slowTotal}>
            <span className="swatch slow" /> slow ≥ {tl ? tl.slowMs / 1000 : 5} s {formatCount(slowTotal)}
          </span>
          {tl && tl.events.length > 0 && (
            <span className="legend-item" data-testid="legend-events" data-count={tl.events.length} title="Windows event log: WAS rapid-fail protection, worker process crashes, recycles">
              <span className="swatch event" /> Event log {tl.events.length}
            </span>
          )}
          {tl && tl.frebs.length > 0 && (
            <span className="legend-item" data-testid="legend-freb" data-count={tl.frebs.length}>
              <span className="swatch freb" /> FREB {tl.frebs.length}
            </span>
          )}
        </span>
        <span className="spacer" />
        <span className="muted small" data-testid="bucket-width">
          {tl ? `${bucketLabel(tl.widthUs)} buckets` : ''}
        </span>
        <button type="button" disabled={!range} onClick={() => range && setZoom(padded(range))} data-testid="zoom-to-range" title="Zoom the chart to the selected window">
          Zoom to window
        </button>
        <button type="button" disabled={!zoom} onClick={() => setZoom(undefined)} data-testid="zoom-reset" title="Show every request">
          Reset zoom
        </button>
      </div>
      <div ref={wrap} className="timeline-plot" title="Wheel: zoom · Shift+drag or drag the axis: pan · drag: select a window">
        <svg ref={svgRef} width={width} height={HEIGHT} data-testid="timeline-svg" />
      </div>
    </section>
  );
}

/** "15 s", "5 min", "3 h", "1 d". */
export function bucketLabel(us: number): string {
  const s = us / 1e6;
  if (s < 1) return `${s * 1000} ms`;
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${s / 60} min`;
  if (s < 86400) return `${s / 3600} h`;
  return `${s / 86400} d`;
}

interface DrawInput {
  tl?: IisTimeline;
  domain: TimeRange;
  width: number;
  range?: TimeRange;
  zone: ZoneChoice;
  openFreb(fileId: string): void;
}

/** What each chart's axes and clip were last drawn for (see `draw`). */
const axesDrawn = new WeakMap<SVGSVGElement, { x?: string; y?: string; clip?: string }>();

/** The brush of each chart and what it was set up for (see `draw`). */
const brushes = new WeakMap<SVGSVGElement, { brush?: d3.BrushBehavior<null>; x: d3.ScaleTime<number, number>; w: number; h: number; shown: string }>();

/** One series' bars as one path (a rectangle per bucket that has requests of it). */
interface StackedSeries {
  series: IisSeries;
  bars: number;
  path: string;
}

/**
 * The bars stacked by series, one path per series: a few elements whatever the bucket count, so an
 * update of a followed log sets seven attributes instead of one element per bar and series.
 */
function stackedBars(tl: IisTimeline | undefined, totals: Float64Array, y: d3.ScaleLinear<number, number>, bx: (b: number) => number, bw: number): StackedSeries[] {
  if (!tl) return [];
  const base = new Float64Array(totals.length);
  const px = (v: number) => Math.round(v * 10) / 10;
  return IIS_SERIES.map((series) => {
    const counts = tl.series[series];
    let path = '';
    let bars = 0;
    for (let b = 0; b < counts.length; b++) {
      const v = counts[b];
      if (!(v > 0)) continue;
      const top = y(base[b] + v);
      const height = Math.max(0.5, y(base[b]) - top);
      base[b] += v;
      path += `M${px(bx(b))},${px(top)}h${px(bw)}v${px(height)}h${-px(bw)}z`;
      bars++;
    }
    return { series, bars, path };
  });
}

/** Redraws the chart (bars, markers, axes, brush) with d3: text through .text(), never HTML. */
function draw(svgEl: SVGSVGElement, p: DrawInput): void {
  const svg = d3.select(svgEl);
  const w = p.width - M.l - M.r;
  const h = HEIGHT - M.t - M.b;
  const x = d3.scaleUtc().domain([new Date(p.domain.fromUs / 1000), new Date(p.domain.toUs / 1000)]).range([0, w]);
  const xu = (us: number) => x(new Date(us / 1000));
  const ticks = zoneTicks(p.domain.fromUs, p.domain.toUs, Math.floor(w / 130), p.zone);
  const root = svg.selectAll<SVGGElement, null>('g.root').data([null]).join('g').attr('class', 'root').attr('transform', `translate(${M.l},${M.t})`);
  const tl = p.tl;
  const n = tl ? tl.slow.length : 0;
  const totals = new Float64Array(n);
  if (tl) for (const s of IIS_SERIES) for (let b = 0; b < n; b++) totals[b] += tl.series[s][b];
  const y = d3.scaleLinear().domain([0, Math.max(1, d3.max(totals) ?? 1)]).nice().range([h, 0]);
  const bx = (b: number) => xu(tl!.startUs + b * tl!.widthUs);
  const bw = () => Math.max(1, xu(tl!.startUs + tl!.widthUs) - xu(tl!.startUs) - 1);

  // Request counts are whole: a bucket scale of at most a few requests must not label 200m (0.2).
  const yTicks = y.ticks(4).filter((t) => Number.isInteger(t));
  // Axes and the clip are set again only when they change: d3 sets every attribute of every tick
  // on each call, and each SVG attribute set is laid out again (a followed log redraws a few times a second).
  const drawn = axesDrawn.get(svgEl) ?? {};
  axesDrawn.set(svgEl, drawn);
  const yKey = `${y.domain().join()}|${h}`;
  if (drawn.y !== yKey) {
    root.selectAll<SVGGElement, null>('g.y-axis').data([null]).join('g').attr('class', 'axis y-axis').call(d3.axisLeft(y).tickValues(yTicks).tickFormat(d3.format('~s')));
    drawn.y = yKey;
  }
  const xKey = `${p.domain.fromUs}|${p.domain.toUs}|${w}|${h}|${ticks.labels.join()}`;
  if (drawn.x !== xKey) {
    root.selectAll<SVGGElement, null>('g.x-axis').data([null]).join('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${h})`).call(d3.axisBottom(x).tickValues(ticks.at).tickFormat((_d, i) => ticks.labels[i] ?? ''));
    drawn.x = xKey;
  }
  const clipId = 'iis-clip';
  const clipKey = `${w}|${h}`;
  if (drawn.clip !== clipKey) {
    svg.selectAll('defs').data([null]).join('defs').selectAll('clipPath').data([null]).join('clipPath').attr('id', clipId).selectAll('rect').data([null]).join('rect').attr('width', w).attr('height', h + M.t).attr('y', -M.t);
    drawn.clip = clipKey;
  }
  const plot = root.selectAll<SVGGElement, null>('g.plot').data([null]).join('g').attr('class', 'plot').attr('clip-path', `url(#${clipId})`);
  plot
    .selectAll<SVGPathElement, StackedSeries>('path.bar')
    .data(stackedBars(tl, totals, y, bx, tl ? bw() : 0), (d) => d.series)
    .join('path')
    .attr('class', (d) => `bar s-${d.series}`)
    .attr('data-testid', 'timeline-bars')
    .attr('data-series', (d) => d.series)
    .attr('data-bars', (d) => d.bars)
    .attr('d', (d) => d.path);
  const slow = tl ? tl.slow.flatMap((c, b) => (c > 0 ? [{ b, c }] : [])) : [];
  plot
    .selectAll<SVGPathElement, (typeof slow)[number]>('path.slow-marker')
    .data(slow)
    .join((e) => e.append('path').attr('class', 'slow-marker').attr('data-testid', 'slow-marker').call((p2) => p2.append('title')))
    .attr('d', d3.symbol(d3.symbolTriangle, 30)())
    .attr('transform', (d) => `translate(${bx(d.b) + bw() / 2},${y(totals[d.b]) - 6}) rotate(180)`)
    .select('title')
    .text((d) => `${d.c} slow request${d.c === 1 ? '' : 's'} (time-taken ≥ ${tl!.slowMs / 1000} s) at ${formatTimeUs(tl!.startUs + d.b * tl!.widthUs).slice(0, 19)}`);
  plot
    .selectAll<SVGPathElement, IisTimeline['frebs'][number]>('path.freb-marker')
    .data(tl?.frebs ?? [])
    .join((e) => e.append('path').attr('class', 'freb-marker').attr('data-testid', 'freb-marker').call((p2) => p2.append('title')))
    .attr('d', d3.symbol(d3.symbolDiamond, 60)())
    .attr('transform', (d) => `translate(${xu(d.timeUs)},-6)`)
    .on('click', (_e, d) => p.openFreb(d.fileId))
    .select('title')
    .text((d) => `FREB: ${d.status} ${d.url}`);

  // Event-log markers: a line through the bars at the event's time, a flag above them.
  const eventTitle = (d: IisTimeline['events'][number]) => `${EVENT_KIND_LABEL[d.kind]}: ${d.provider} ${d.eventId} at ${formatTimeUs(d.timeUs).slice(0, 23)}${d.text ? `\n${d.text}` : ''}`;
  const events = plot
    .selectAll<SVGGElement, IisTimeline['events'][number]>('g.event-marker')
    .data(tl?.events ?? [])
    .join((e) => {
      const g = e.append('g').attr('data-testid', 'event-marker');
      g.append('line');
      g.append('path');
      g.append('title');
      return g;
    })
    .attr('class', (d) => `event-marker k-${d.kind}`)
    .attr('data-kind', (d) => d.kind)
    .attr('data-time-us', (d) => d.timeUs)
    .attr('transform', (d) => `translate(${xu(d.timeUs)},0)`);
  events.select('line').attr('y1', -2).attr('y2', h);
  events.select('path').attr('d', d3.symbol(d3.symbolSquare, 40)()).attr('transform', 'translate(0,-8) rotate(45)');
  events.select('title').text(eventTitle);

  // The brush last, so it receives drags over the bars; markers above it stay clickable via pointer-events.
  // It is set up once per chart size (setting it up again on every update of a followed log cost
  // more than the bars) and moved only when the shared window moves on screen.
  const held = brushes.get(svgEl) ?? { x, w: -1, h: -1, shown: '' };
  brushes.set(svgEl, held);
  held.x = x;
  const bg = root.selectAll<SVGGElement, null>('g.brush').data([null]).join('g').attr('class', 'brush').attr('data-testid', 'timeline-brush');
  if (held.w !== w || held.h !== h || !held.brush) {
    held.brush = d3
      .brushX<null>()
      .extent([
        [0, 0],
        [w, h],
      ])
      .filter((e: MouseEvent) => !e.shiftKey && !e.button)
      .on('end', (e: d3.D3BrushEvent<null>) => {
        if (!e.sourceEvent) return;
        const sel = e.selection as [number, number] | null;
        if (!sel || sel[1] - sel[0] < 2) return selectRange(undefined);
        const from = held.x.invert(sel[0]).getTime() * 1000;
        const to = held.x.invert(sel[1]).getTime() * 1000;
        selectRange({ fromUs: Math.floor(from / 1000) * 1000, toUs: Math.ceil(to / 1000) * 1000 });
      });
    bg.call(held.brush);
    held.w = w;
    held.h = h;
    held.shown = '';
  }
  const sel: [number, number] | null = p.range ? [Math.max(0, xu(p.range.fromUs)), Math.min(w, xu(p.range.toUs))] : null;
  const move = sel && sel[1] - sel[0] >= 1 ? sel : null;
  const shown = move ? `${move[0].toFixed(1)},${move[1].toFixed(1)}` : 'none';
  if (shown !== held.shown) {
    bg.call(held.brush.move, move);
    held.shown = shown;
  }
  plot.raise();
  plot.selectAll('path.bar').attr('pointer-events', 'none');
  plot.selectAll('path.slow-marker').attr('pointer-events', 'none');
  plot.selectAll('g.event-marker line').attr('pointer-events', 'none');
}
