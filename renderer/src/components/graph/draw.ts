/**
 * Canvas drawing of a Scene: gap breaks, arrows (bundles thicker), transfer +/− boxes, marks (one
 * path per level, so 10,000 marks are a handful of fills) and the placed labels last, on a light
 * box so no line runs through them. Used for the live view; the SVG export mirrors it.
 */
import { LABEL_HEIGHT } from './labels';
import { LEVEL_COLOURS, type Scene, type SceneArrow, type View, xOfColumn } from './scene';

export const LABEL_FONT = '11px system-ui, sans-serif';

export function markRadius(level: number, count: number): number {
  const base = level <= 1 ? 4.5 : level === 2 ? 4 : level === 5 ? 2.5 : 3;
  return count > 1 ? Math.min(7, base + Math.log2(count) * 0.6) : base;
}

export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, v: View, columns: number, selected?: { file: number; index: number }): void {
  ctx.clearRect(0, 0, v.width, v.height);
  // Gap breaks: a hatched band where time was cut out (the ruler names the gap).
  for (const b of scene.breaks) {
    if (b.y + b.h < 0 || b.y > v.height) continue;
    ctx.fillStyle = 'rgba(152,162,179,0.16)';
    ctx.fillRect(0, b.y, v.width, Math.max(2, b.h));
    ctx.strokeStyle = 'rgba(102,112,133,0.55)';
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(0, Math.round(b.y) + 0.5);
    ctx.lineTo(v.width, Math.round(b.y) + 0.5);
    ctx.moveTo(0, Math.round(b.y + Math.max(2, b.h)) + 0.5);
    ctx.lineTo(v.width, Math.round(b.y + Math.max(2, b.h)) + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  // Column guides.
  ctx.strokeStyle = 'rgba(120,130,150,0.25)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let c = 0; c < columns; c++) {
    const x = Math.round(xOfColumn(v, c)) + 0.5;
    if (x < -10 || x > v.width + 10) continue;
    ctx.moveTo(x, 0);
    ctx.lineTo(x, v.height);
  }
  ctx.stroke();
  const sel = selected ? scene.marks.find((x) => x.file === selected.file && x.index === selected.index) : undefined;
  if (sel) {
    // The selected trace's row, across every column, as Service Trace Viewer highlights it.
    ctx.fillStyle = 'rgba(31,95,168,0.10)';
    ctx.fillRect(0, sel.y - 7, v.width, 14);
  }
  drawArrows(ctx, scene.arrows);
  // Marks by level, quietest first so errors are drawn on top. Ordinary traces are small squares
  // (fillRect is far cheaper than arcs on a software canvas); errors and warnings are discs.
  for (let level = LEVEL_COLOURS.length - 1; level >= 0; level--) {
    ctx.fillStyle = LEVEL_COLOURS[level];
    const disc = level <= 2;
    if (disc) ctx.beginPath();
    for (const m of scene.marks) {
      if (m.level !== level) continue;
      const r = markRadius(m.level, m.count);
      if (m.count > 1) ctx.fillRect(m.x - r, m.y - 1.5, r * 2, 3);
      else if (!disc) ctx.fillRect(m.x - r, m.y - r, r * 2, r * 2);
      else {
        ctx.moveTo(m.x + r, m.y);
        ctx.arc(m.x, m.y, r, 0, Math.PI * 2);
      }
    }
    if (disc) ctx.fill();
  }
  // Errors and warnings get a ring so they stand out among thousands of marks.
  ctx.lineWidth = 1.5;
  for (const m of scene.marks) {
    if (m.level > 2) continue;
    ctx.strokeStyle = LEVEL_COLOURS[m.level];
    ctx.beginPath();
    ctx.arc(m.x, m.y, markRadius(m.level, m.count) + 2.5, 0, Math.PI * 2);
    ctx.stroke();
  }
  if (sel) {
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(sel.x, sel.y, 8, 0, Math.PI * 2);
    ctx.stroke();
  }
  for (const a of scene.arrows) if (a.toggle) drawToggle(ctx, a.toggle);
  // Labels after every line and mark: nothing runs through them, and they never overlap.
  ctx.font = LABEL_FONT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  for (const l of scene.labels) {
    ctx.fillStyle = 'rgba(255,255,255,0.88)';
    ctx.fillRect(l.x - 2, l.y, l.w + 4, LABEL_HEIGHT);
    ctx.fillStyle = l.colour;
    ctx.fillText(l.text, l.x, l.y + LABEL_HEIGHT - 2.5);
  }
}

/** Arrows grouped by style: one stroked path per style and one filled path of heads per colour (thousands of strokes were most of a frame). */
function drawArrows(ctx: CanvasRenderingContext2D, arrows: readonly SceneArrow[]): void {
  const byStyle = new Map<string, SceneArrow[]>();
  for (const a of arrows) {
    const key = `${a.colour}|${a.width}|${a.dashed ? 1 : 0}`;
    const l = byStyle.get(key);
    if (l) l.push(a);
    else byStyle.set(key, [a]);
  }
  for (const group of byStyle.values()) {
    const { colour, width, dashed } = group[0];
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = width;
    ctx.setLineDash(dashed ? [5, 3] : []);
    ctx.beginPath();
    for (const a of group) {
      ctx.moveTo(a.x1, a.y1);
      ctx.lineTo(a.x2, a.y2);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    for (const a of group) {
      const head = arrowHead(a);
      ctx.moveTo(a.x2, a.y2);
      ctx.lineTo(head[0], head[1]);
      ctx.lineTo(head[2], head[3]);
      ctx.closePath();
    }
    ctx.fill();
  }
}

/** The +/− box of a transfer (Service Trace Viewer's expand and collapse of one transfer). */
export const TOGGLE_SIZE = 11;
function drawToggle(ctx: CanvasRenderingContext2D, t: { x: number; y: number; expand: boolean }): void {
  const h = TOGGLE_SIZE / 2;
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = '#667085';
  ctx.lineWidth = 1;
  ctx.fillRect(t.x - h, t.y - h, TOGGLE_SIZE, TOGGLE_SIZE);
  ctx.strokeRect(t.x - h + 0.5, t.y - h + 0.5, TOGGLE_SIZE - 1, TOGGLE_SIZE - 1);
  ctx.strokeStyle = '#344054';
  ctx.beginPath();
  ctx.moveTo(t.x - 3, t.y + 0.5);
  ctx.lineTo(t.x + 3, t.y + 0.5);
  if (t.expand) {
    ctx.moveTo(t.x + 0.5, t.y - 3);
    ctx.lineTo(t.x + 0.5, t.y + 3);
  }
  ctx.stroke();
}

/** The two back corners of an arrow head at (x2, y2). */
export function arrowHead(a: { x1: number; y1: number; x2: number; y2: number }): [number, number, number, number] {
  const angle = Math.atan2(a.y2 - a.y1, a.x2 - a.x1);
  const len = 8;
  return [a.x2 - len * Math.cos(angle - 0.4), a.y2 - len * Math.sin(angle - 0.4), a.x2 - len * Math.cos(angle + 0.4), a.y2 - len * Math.sin(angle + 0.4)];
}

/** Distance from (px, py) to the segment of an arrow (hover and click on arrows). */
export function distanceToArrow(a: { x1: number; y1: number; x2: number; y2: number }, px: number, py: number): number {
  const dx = a.x2 - a.x1;
  const dy = a.y2 - a.y1;
  const len = dx * dx + dy * dy;
  const f = len ? Math.max(0, Math.min(1, ((px - a.x1) * dx + (py - a.y1) * dy) / len)) : 0;
  return Math.hypot(a.x1 + f * dx - px, a.y1 + f * dy - py);
}
