/**
 * Stable sorts of row numbers by a 64-bit unsigned key given as two 32-bit halves. Keys in a small
 * range (time-taken, status) take one counting pass; otherwise LSD radix passes of at most 11 bits
 * (the counters and write positions of a pass stay in cache) over only the bits that differ between
 * the smallest and the largest key. Millions of rows sort in tens of milliseconds.
 */

const MAX_DIGIT_BITS = 11;

/** Returns `rows` ordered by (hi, lo) ascending; ties keep their input order. Keys are indexed like `rows` and used as scratch space (their contents are lost). */
export function radixSort(rows: Uint32Array, hi: Uint32Array | null, lo: Uint32Array): Uint32Array {
  const n = rows.length;
  if (n < 2) return rows.slice();
  if (!hi) {
    const sorted = countingSort(rows, lo);
    if (sorted) return sorted;
  }
  let r: Uint32Array = rows.slice();
  let r2: Uint32Array = new Uint32Array(n);
  // The keys travel with the rows, so every pass reads its keys in order.
  let kl: Uint32Array = lo;
  let kl2: Uint32Array = new Uint32Array(n);
  let kh: Uint32Array | null = hi;
  let kh2: Uint32Array | null = hi ? new Uint32Array(n) : null;
  const count = new Uint32Array(1 << MAX_DIGIT_BITS);

  /** One counting pass over digit (key >>> shift) & mask; moves rows and the keys still needed. */
  const pass = (key: Uint32Array, shift: number, mask: number, moveLo: boolean, moveHi: boolean): void => {
    count.fill(0, 0, mask + 1);
    for (let k = 0; k < n; k++) count[(key[k] >>> shift) & mask]++;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    // One loop per combination of moved keys: a test per row in the hottest loop costs more than the code.
    const src = r;
    const dst = r2;
    if (moveLo && moveHi) {
      const [a, a2, b, b2] = [kl, kl2, kh!, kh2!];
      for (let k = 0; k < n; k++) {
        const at = count[(key[k] >>> shift) & mask]++;
        dst[at] = src[k];
        a2[at] = a[k];
        b2[at] = b[k];
      }
    } else if (moveLo || moveHi) {
      const [a, a2] = moveLo ? [kl, kl2] : [kh!, kh2!];
      for (let k = 0; k < n; k++) {
        const at = count[(key[k] >>> shift) & mask]++;
        dst[at] = src[k];
        a2[at] = a[k];
      }
    } else {
      for (let k = 0; k < n; k++) dst[count[(key[k] >>> shift) & mask]++] = src[k];
    }
    [r, r2] = [r2, r];
    if (moveLo) [kl, kl2] = [kl2, kl];
    if (moveHi) [kh, kh2] = [kh2!, kh!];
  };

  /** Sorts by one 32-bit half; `last` when no later half needs its keys moved along. */
  const sortHalf = (isLo: boolean, last: boolean) => {
    const key = () => (isLo ? kl : kh!);
    const bits = varyingBits(key());
    if (bits === 0) return;
    const passes = Math.ceil(bits / MAX_DIGIT_BITS);
    const width = Math.ceil(bits / passes);
    for (let p = 0; p < passes; p++) {
      const lastPass = p === passes - 1;
      // This half's keys move only while a later pass of it reads them; the other half's while it is still to come.
      pass(key(), p * width, (1 << width) - 1, isLo ? !lastPass : !last, !isLo ? !lastPass : !last && !!kh);
    }
  };
  sortHalf(true, !hi);
  if (hi) sortHalf(false, true);
  return r;
}

/**
 * `rows` ordered by their keys like radixSort, with two shortcuts worth a check: keys already in
 * order (a time sort of one log) and keys in reverse order (the same log sorted newest first).
 */
export function sortByKeys(rows: Uint32Array, hi: Uint32Array | null, lo: Uint32Array): Uint32Array {
  const n = rows.length;
  if (hi) {
    for (let k = 1; k < n; k++) if (hi[k] < hi[k - 1] || (hi[k] === hi[k - 1] && lo[k] < lo[k - 1])) return radixSort(rows, hi, lo);
    return rows.slice();
  }
  let up = true;
  let down = true;
  for (let k = 1; k < n && (up || down); k++) {
    if (lo[k] < lo[k - 1]) up = false;
    else if (lo[k] > lo[k - 1]) down = false;
  }
  if (up) return rows.slice();
  return down ? reversedStable(rows, lo) : radixSort(rows, hi, lo);
}

/** Rows whose keys never increase, in ascending key order: reversed, but runs of equal keys keep their order. */
function reversedStable(rows: Uint32Array, lo: Uint32Array): Uint32Array {
  const out = new Uint32Array(rows.length);
  let w = 0;
  for (let end = rows.length; end > 0; ) {
    let start = end - 1;
    while (start > 0 && lo[start - 1] === lo[end - 1]) start--;
    for (let k = start; k < end; k++) out[w++] = rows[k];
    end = start;
  }
  return out;
}

/** Keys spanning at most this many values (and not many more than the rows) are sorted in one counting pass. */
const MAX_COUNTING_RANGE = 1 << 22;

/**
 * One-pass counting sort when the keys span a small range (time-taken, status, ranks): a counter
 * per key value, then each row written straight to its place. Null when the range is too wide.
 */
function countingSort(rows: Uint32Array, key: Uint32Array): Uint32Array | null {
  const n = rows.length;
  let min = 0xffffffff;
  let max = 0;
  for (let k = 0; k < n; k++) {
    const v = key[k];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min + 1;
  if (range > MAX_COUNTING_RANGE || range > Math.max(n, 1 << 16)) return null;
  const count = new Uint32Array(range);
  for (let k = 0; k < n; k++) count[key[k] - min]++;
  let sum = 0;
  for (let d = 0; d < range; d++) {
    const c = count[d];
    count[d] = sum;
    sum += c;
  }
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[count[key[k] - min]++] = rows[k];
  return out;
}

/** How many low bits differ among the keys (bits above are the same in every key). */
function varyingBits(key: Uint32Array): number {
  let min = 0xffffffff;
  let max = 0;
  for (let k = 0; k < key.length; k++) {
    const v = key[k];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return 32 - Math.clz32((min ^ max) >>> 0);
}
