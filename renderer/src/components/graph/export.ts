/**
 * Export of the visible graph: an SVG built with DOM calls (text nodes only, nothing parsed from
 * log content) and a PNG rasterised from that SVG on an offscreen canvas. Both are downloads.
 */
import type { GraphData } from '../../../../shared/channels/skew';
import { formatTimeUs } from '../../../../shared/time';
import { arrowHead, markRadius } from './draw';
import { columnLabel } from './GraphHeaders';
import { LABEL_HEIGHT } from './labels';
import { HEADER_HEIGHT, HEADER_ROW, LEVEL_COLOURS, RULER_WIDTH, type Scene, type View, headerGroups, spanOf, xOfColumn, yOf } from './scene';

const NS = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(parent: Element, tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.appendChild(document.createTextNode(text));
  parent.appendChild(node);
  return node;
}

export function buildSvg(scene: Scene, v: View, data: GraphData, title: string): SVGSVGElement {
  const columns = data.columns;
  const width = RULER_WIDTH + v.width;
  const height = HEADER_HEIGHT + v.height;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('xmlns', NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('font-family', 'system-ui, sans-serif');
  svg.setAttribute('font-size', '11');
  el(svg, 'title', {}, title);
  el(svg, 'rect', { x: 0, y: 0, width, height, fill: '#ffffff' });
  // Headers.
  const head = el(svg, 'g', { transform: `translate(${RULER_WIDTH},0)` });
  const groups = headerGroups(columns);
  const cell = (row: number, from: number, to: number, label: string, bold = false) => {
    const { left: x, width: w } = spanOf(v, from, to);
    if (x + w < 0 || x > v.width) return;
    const h = row === 2 ? HEADER_HEIGHT - 2 * HEADER_ROW : HEADER_ROW;
    el(head, 'rect', { x: x + 1, y: row * HEADER_ROW + 1, width: w - 2, height: h - 2, fill: row === 0 ? '#dfe7f2' : '#f3f5f8', stroke: '#d5dbe3' });
    const fit = Math.max(1, Math.floor((w - 10) / 6));
    el(head, 'text', { x: x + 5, y: row * HEADER_ROW + 15, 'font-weight': bold ? 700 : 400 }, label.length > fit ? `${label.slice(0, Math.max(1, fit - 1))}…` : label);
  };
  for (const h of groups.hosts) cell(0, h.from, h.to, h.host, true);
  for (const p of groups.processes) cell(1, p.from, p.to, p.process);
  columns.forEach((c, i) => cell(2, i, i, columnLabel(c)));
  // Ruler: the rows' times and the gap breaks.
  const ruler = el(svg, 'g', { transform: `translate(0,${HEADER_HEIGHT})` });
  let lastY = -Infinity;
  data.axis.ticks.pos.forEach((p, i) => {
    const y = yOf(v, p);
    if (y < 6 || y > v.height - 4 || y - lastY < 15) return;
    lastY = y;
    el(ruler, 'line', { x1: RULER_WIDTH - 6, x2: RULER_WIDTH, y1: y, y2: y, stroke: '#667085' });
    el(ruler, 'text', { x: RULER_WIDTH - 8, y: y + 4, 'text-anchor': 'end', fill: '#344054' }, formatTimeUs(data.axis.ticks.timeUs[i]).slice(11, 26));
  });
  // Body, clipped to the visible area.
  const clip = el(svg, 'clipPath', { id: 'body' });
  el(clip, 'rect', { x: 0, y: 0, width: v.width, height: v.height });
  const body = el(svg, 'g', { transform: `translate(${RULER_WIDTH},${HEADER_HEIGHT})`, 'clip-path': 'url(#body)' });
  for (const b of scene.breaks) {
    el(body, 'rect', { x: 0, y: b.y, width: v.width, height: Math.max(2, b.h), fill: 'rgba(152,162,179,0.16)' });
    el(ruler, 'text', { x: RULER_WIDTH / 2, y: b.y + Math.max(2, b.h) / 2 + 4, 'text-anchor': 'middle', 'font-weight': 600 }, b.label);
  }
  for (let c = 0; c < columns.length; c++) el(body, 'line', { x1: xOfColumn(v, c), x2: xOfColumn(v, c), y1: 0, y2: v.height, stroke: '#e4e7ec' });
  for (const a of scene.arrows) {
    el(body, 'line', { x1: a.x1, y1: a.y1, x2: a.x2, y2: a.y2, stroke: a.colour, 'stroke-width': a.width, ...(a.dashed ? { 'stroke-dasharray': '5 3' } : {}) });
    const h = arrowHead(a);
    el(body, 'polygon', { points: `${a.x2},${a.y2} ${h[0]},${h[1]} ${h[2]},${h[3]}`, fill: a.colour });
  }
  for (const m of scene.marks) {
    const r = markRadius(m.level, m.count);
    el(body, 'circle', { cx: m.x, cy: m.y, r, fill: LEVEL_COLOURS[m.level], ...(m.level <= 2 ? { stroke: LEVEL_COLOURS[m.level], 'stroke-width': 1.5, 'stroke-opacity': 0.6 } : {}) });
  }
  // The labels the live view placed (none overlaps another), each on a white box.
  for (const l of scene.labels) {
    el(body, 'rect', { x: l.x - 2, y: l.y, width: l.w + 4, height: LABEL_HEIGHT, fill: '#ffffff', 'fill-opacity': 0.88 });
    el(body, 'text', { x: l.x, y: l.y + LABEL_HEIGHT - 2.5, fill: l.colour }, l.text);
  }
  return svg;
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function svgBlob(svg: SVGSVGElement): Blob {
  return new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' });
}

export function exportSvg(svg: SVGSVGElement, name = 'tracelens-graph.svg'): void {
  download(svgBlob(svg), name);
}

/** Rasterises the SVG at device pixel ratio on an offscreen canvas. */
export async function pngBlob(svg: SVGSVGElement): Promise<Blob> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const url = URL.createObjectURL(svgBlob(svg));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const scale = Math.min(2, window.devicePixelRatio || 1);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function exportPng(svg: SVGSVGElement, name = 'tracelens-graph.png'): Promise<void> {
  download(await pngBlob(svg), name);
}
