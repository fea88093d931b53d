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
 * `text` shortened to fit `px` with "…" in the middle. The end keeps more than the start: the
 * end of an action or address names the operation.
 */
export function middleEllipsis(text: string, px: number, font: string): string {
  if (px <= 0 || textWidth(text, font) <= px) return text;
  const chars = [...text];
  // Binary search the number of characters kept (60 % from the end).
  let lo = 0;
  let hi = chars.length;
  const shorten = (keep: number) => {
    const tail = Math.ceil(keep * 0.6);
    return `${chars.slice(0, keep - tail).join('')}…${chars.slice(chars.length - tail).join('')}`;
  };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(shorten(mid), font) <= px) lo = mid;
    else hi = mid - 1;
  }
  return shorten(lo);
}

/** Horizontal padding of a cell (5 px each side) and room for the resize grip. */
export const CELL_PADDING = 14;
