/**
 * Text measuring for the lists: column widths fitted to their content and names shortened from
 * the middle, so "Process action 'http://contoso.com/…/PlaceOrder'" keeps its operation visible.
 * One canvas measures every string (no layout); results are cached per font and text.
 */
let ctx: CanvasRenderingContext2D | null | undefined;
const cache = new Map<string, number>();
const MAX_CACHE = 20_000;

/** Width in px of `text` drawn in the CSS `font`. */
export function textWidth(text: string, font: string): number {
  const key = `${font}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  ctx ??= document.createElement('canvas').getContext('2d');
  let w: number;
  if (ctx) {
    ctx.font = font;
    w = ctx.measureText(text).width;
  } else w = text.length * 7;
  if (cache.size > MAX_CACHE) cache.clear();
  cache.set(key, w);
  return w;
}

/**
 * `text` shortened to fit `px` with "…" in the middle. The end of an action or address names the
 * operation, so the end is kept whole from a "/" where it can be, and the start keeps the words
 * before a quoted address ("Process action '…/ICheckoutService/CancelOrder'.").
 */
export function middleEllipsis(text: string, px: number, font: string): string {
  if (px <= 0 || textWidth(text, font) <= px) return text;
  const quote = text.search(/['"]/);
  const words = quote > 0 ? text.slice(0, quote + 1) : '';
  const head = words && textWidth(`${words}…`, font) <= px * 0.45 ? words : '';
  const room = px - textWidth(`${head}…`, font);
  // The longest end that fits (binary search on its start).
  let lo = head.length + 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (textWidth(text.slice(mid), font) <= room) hi = mid;
    else lo = mid + 1;
  }
  let from = lo;
  const slash = text.indexOf('/', from);
  if (slash > 0 && slash - from < (text.length - from) * 0.3) from = slash;
  if (head) return `${head}…${text.slice(from)}`;
  // No address: keep a little of the start too.
  const tail = text.slice(from);
  const start = Math.max(0, Math.floor((text.length - from) * 0.3));
  return start > 3 && textWidth(`${text.slice(0, start)}…${tail.slice(start)}`, font) <= px ? `${text.slice(0, start)}…${tail.slice(start)}` : `…${tail}`;
}

/** Horizontal padding of a cell (5 px each side) and room for the resize grip. */
export const CELL_PADDING = 14;
