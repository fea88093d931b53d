/**
 * Canvas drawing of a Scene: marks (one path per level, so 10,000 marks are a handful of fills)
 * and arrows with heads and action labels. Used for the live view; the SVG export mirrors it.
 */
import { COLUMN_WIDTH, LEVEL_COLOURS, type Scene, type SceneArrow, type View, xOfColumn } from './scene';

export function markRadius(level: number, count: number): number {
  const base = level <= 1 ? 4.5 : level === 2 ? 4 : level === 5 ? 2.5 : 3;
  return count > 1 ? Math.min(7, base + Math.log2(count) * 0.6) : base;
}

export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, v: View, columns: number, selected?: { file: number; index: number }): void {
  ctx.clearRect(0, 0, v.width, v.height);
  // Column guides.
  ctx.strokeStyle = 'rgba(120,130,150,0.25)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let c = 0; c < columns; c++) {
    const x = Math.round(xOfColumn(v, c)) + 0.5;
    if (x < -COLUMN_WIDTH || x > v.width + COLUMN_WIDTH) continue;
    ctx.moveTo(x, 0);
    ctx.lineTo(x, v.height);
  }
  ctx.stroke();
  // Labels after every line: a later arrow's line must not run through an earlier one's label.
  for (const a of scene.arrows) drawArrow(ctx, a);
  const labels: Box[] = [];
  for (const a of scene.arrows) drawLabel(ctx, a, labels);
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
  if (selected) {
    const m = scene.marks.find((x) => x.file === selected.file && x.index === selected.index);
    if (m) {
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(m.x, m.y, 8, 0, Math.PI * 2);
      ctx.stroke();
      ctx.fillStyle = 'rgba(31,95,168,0.15)';
      ctx.fillRect(m.x - COLUMN_WIDTH / 2, m.y - 6, COLUMN_WIDTH, 12);
    }
  }
}

interface Box {
  x: number;
  y: number;
  w: number;
}

/** Labels are dropped where they would cover one already drawn (dense traffic when zoomed out). */
function overlaps(boxes: Box[], b: Box): boolean {
  for (let i = boxes.length - 1; i >= Math.max(0, boxes.length - 60); i--) {
    const o = boxes[i];
    if (Math.abs(o.y - b.y) < 13 && Math.abs(o.x - b.x) < (o.w + b.w) / 2) return true;
  }
  return false;
}

function drawArrow(ctx: CanvasRenderingContext2D, a: SceneArrow): void {
  ctx.strokeStyle = a.colour;
  ctx.fillStyle = a.colour;
  ctx.lineWidth = a.width;
  ctx.setLineDash(a.dashed ? [5, 3] : []);
  ctx.beginPath();
  ctx.moveTo(a.x1, a.y1);
  ctx.lineTo(a.x2, a.y2);
  ctx.stroke();
  ctx.setLineDash([]);
  const head = arrowHead(a);
  ctx.beginPath();
  ctx.moveTo(a.x2, a.y2);
  ctx.lineTo(head[0], head[1]);
  ctx.lineTo(head[2], head[3]);
  ctx.closePath();
  ctx.fill();
}

/** A message arrow's action, on a light box, unless it would cover a label drawn before. */
function drawLabel(ctx: CanvasRenderingContext2D, a: SceneArrow, labels: Box[]): void {
  if (a.arrow.kind === 'message' && Math.abs(a.x2 - a.x1) > 40) {
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    const [mx, my] = labelPoint(a, ctx.canvas.width / (window.devicePixelRatio || 1));
    // A reply's label goes under its line, the request's above: a pair stays readable.
    const below = a.arrow.role === 'reply';
    const top = below ? my + 2 : my - 14;
    const w = ctx.measureText(a.label).width;
    if (overlaps(labels, { x: mx, y: top, w })) return;
    labels.push({ x: mx, y: top, w });
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(mx - w / 2 - 2, top, w + 4, 13);
    ctx.fillStyle = a.colour;
    ctx.fillText(a.label, mx, top + 12);
  }
}

/** The two back corners of an arrow head at (x2, y2). */
export function arrowHead(a: { x1: number; y1: number; x2: number; y2: number }): [number, number, number, number] {
  const angle = Math.atan2(a.y2 - a.y1, a.x2 - a.x1);
  const len = 8;
  return [a.x2 - len * Math.cos(angle - 0.4), a.y2 - len * Math.sin(angle - 0.4), a.x2 - len * Math.cos(angle + 0.4), a.y2 - len * Math.sin(angle + 0.4)];
}

/** Where an arrow's label goes: its middle, slid along the arrow to stay on screen. */
export function labelPoint(a: { x1: number; y1: number; x2: number; y2: number }, width: number): [number, number] {
  const lo = Math.min(a.x1, a.x2);
  const hi = Math.max(a.x1, a.x2);
  const x = Math.max(Math.max(lo, 70), Math.min(Math.min(hi, width - 70), (a.x1 + a.x2) / 2));
  const f = a.x2 === a.x1 ? 0.5 : (x - a.x1) / (a.x2 - a.x1);
  return [x, a.y1 + (a.y2 - a.y1) * f];
}
