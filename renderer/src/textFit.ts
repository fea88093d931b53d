/**
 * Text measuring for the lists: column widths fitted to their content and names shortened from
 * the middle, so "Process action 'http://contoso.com/…/PlaceOrder'" keeps its operation visible.
 * One canvas measures; a canvas call costs tens of µs, and a list's first rows asked for over a
 * thousand (fitting, then a binary search per shortened name), so most widths are sums of
 * per-character advances, each character measured once per font. Text with characters whose
 * width depends on their neighbours (combining marks, complex scripts) is measured whole.
 */
let ctx: CanvasRenderingContext2D | null | undefined;
const cache = new Map<string, number>();
const MAX_CACHE = 20_000;
/** Advance width of each character code below TABLE_SIZE, per font (NaN: not measured yet). */
const advances = new Map<string, Float64Array>();
const TABLE_SIZE = 0x2070;
/** Latin, Greek, Cyrillic (combining marks aside) and general punctuation (…, –): no shaping, so a string's width is its characters' sum. */
const simple = (c: number) => (c < 0x0530 && (c < 0x0300 || c > 0x036f)) || (c >= 0x2000 && c < TABLE_SIZE);

function measure(text: string, font: string): number {
  ctx ??= document.createElement('canvas').getContext('2d');
  if (!ctx) return text.length * 7;
  ctx.font = font;
  return ctx.measureText(text).width;
}

/** Width in px of `text` drawn in the CSS `font`, measured by the canvas (cached per font and text). */
export function exactWidth(text: string, font: string): number {
  const key = `${font}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const w = measure(text, font);
  if (cache.size > MAX_CACHE) cache.clear();
  cache.set(key, w);
  return w;
}

/** The advances table of `font`. */
function table(font: string): Float64Array {
  let t = advances.get(font);
  if (!t) {
    t = new Float64Array(TABLE_SIZE).fill(NaN);
    advances.set(font, t);
  }
  return t;
}

/** Width in px of `text` drawn in the CSS `font`: the sum of its characters' advances where that holds. */
export function textWidth(text: string, font: string): number {
  const t = table(font);
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!simple(c)) return exactWidth(text, font);
    let a = t[c];
    if (Number.isNaN(a)) a = t[c] = measure(String.fromCharCode(c), font);
    w += a;
  }
  return w;
}

/**
 * `text` shortened to fit `px` with "…" in the middle. The end of an action or address names the
 * operation, so the end is kept whole from a "/" where it can be, and the start keeps the words
 * before a quoted address ("Process action '…/ICheckoutService/CancelOrder'.").
 */
export function middleEllipsis(text: string, px: number, font: string): string {
  if (px <= 0 || fits(text, px, font)) return text;
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
  // The search summed advances; the text drawn may be kerned a little wider.
  while (from < text.length - 1 && !fits(`${head}…${text.slice(from)}`, px, font)) from++;
  if (head) return `${head}…${text.slice(from)}`;
  // No address: keep a little of the start too.
  const tail = text.slice(from);
  const start = Math.max(0, Math.floor((text.length - from) * 0.3));
  return start > 3 && fits(`${text.slice(0, start)}…${tail.slice(start)}`, px, font) ? `${text.slice(0, start)}…${tail.slice(start)}` : `…${tail}`;
}

/** Whether `text` fits `px`: the advances' sum decides, and the canvas where it is within 3 % of the edge. */
function fits(text: string, px: number, font: string): boolean {
  const w = textWidth(text, font);
  return w <= px && (w < px * 0.97 || exactWidth(text, font) <= px);
}

/** Horizontal padding of a cell (5 px each side) and room for the resize grip. */
export const CELL_PADDING = 14;
