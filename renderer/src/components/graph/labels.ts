/**
 * Label placement for the graph: labels never print over each other. Each is tried at its
 * anchors in priority order (the selected activity's first, then errors and backwards messages,
 * then other messages), shortened with "…" when it is wider than its room or when only a shorter
 * form fits, and dropped when nothing fits. A grid of occupied boxes keeps it linear.
 */

export const LABEL_HEIGHT = 13;
const CELL_W = 64;
const CELL_H = 16;
/** Room kept between two labels' lines, so a column of labels stays a list, not a block. */
const GAP_Y = 3;

export interface LabelRequest {
  /** 0 first. */
  priority: number;
  kind: 'mark' | 'arrow';
  text: string;
  colour: string;
  /** Where the label may go: `y` is its top; `x` its left edge or centre. */
  anchors: { x: number; y: number; align: 'left' | 'center' }[];
  maxWidth: number;
  /** The whole text, shown on hover. */
  title: string;
}

export interface PlacedLabel {
  x: number;
  y: number;
  w: number;
  text: string;
  colour: string;
  title: string;
  kind: LabelRequest['kind'];
}

/** `text` cut to fit `width` px, with an ellipsis ('' when not even one character fits). */
export function shorten(text: string, width: number, measure: (t: string) => number): string {
  if (measure(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${text.slice(0, lo).trimEnd()}…`;
}

class Occupied {
  private readonly cells = new Map<number, { x: number; y: number; w: number }[]>();
  private keys(b: { x: number; y: number; w: number }): number[] {
    const out: number[] = [];
    for (let cx = Math.floor(b.x / CELL_W); cx <= Math.floor((b.x + b.w) / CELL_W); cx++) for (let cy = Math.floor(b.y / CELL_H); cy <= Math.floor((b.y + LABEL_HEIGHT) / CELL_H); cy++) out.push(cx * 100_003 + cy);
    return out;
  }
  free(b: { x: number; y: number; w: number }): boolean {
    for (const k of this.keys(b)) for (const o of this.cells.get(k) ?? []) if (o.x < b.x + b.w + 3 && b.x < o.x + o.w + 3 && o.y < b.y + LABEL_HEIGHT + GAP_Y && b.y < o.y + LABEL_HEIGHT + GAP_Y) return false;
    return true;
  }
  add(b: { x: number; y: number; w: number }): void {
    for (const k of this.keys(b)) {
      const l = this.cells.get(k);
      if (l) l.push(b);
      else this.cells.set(k, [b]);
    }
  }
}

export function placeLabels(requests: LabelRequest[], view: { width: number; height: number }, measure: (t: string) => number): PlacedLabel[] {
  const order = requests.map((r, i) => ({ r, i })).sort((a, b) => a.r.priority - b.r.priority || a.r.anchors[0].y - b.r.anchors[0].y || a.i - b.i);
  const taken = new Occupied();
  const placed: PlacedLabel[] = [];
  for (const { r } of order) {
    const full = shorten(r.text, r.maxWidth, measure);
    if (!full) continue;
    // The whole (or room-cut) text first, then a short form of about a dozen characters.
    const forms = [full];
    const short = shorten(full, Math.min(measure(full) - 1, 80), measure);
    if (short && short !== full) forms.push(short);
    let done = false;
    for (const text of forms) {
      const w = measure(text);
      for (const a of r.anchors) {
        const x = Math.max(2, Math.min(view.width - w - 2, a.align === 'center' ? a.x - w / 2 : a.x));
        const box = { x, y: a.y, w };
        if (box.y < 0 || box.y + LABEL_HEIGHT > view.height || !taken.free(box)) continue;
        taken.add(box);
        placed.push({ ...box, text, colour: r.colour, title: r.title, kind: r.kind });
        done = true;
        break;
      }
      if (done) break;
    }
  }
  return placed;
}
