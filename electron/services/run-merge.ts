/**
 * Time order by merging runs. Shifting each computer's events by its clock offset moves them out
 * of file order, but the events of one computer in one file keep their order: so the order of all
 * events is a merge of those few runs (O(n log k)), not a sort of a million events through a
 * JavaScript comparator (O(n log n), a tenth of a second per rebuild).
 */

/**
 * Indices 0…n-1 ordered by (t, tick, index), given that the records of each run (`runOf[i]` <
 * `runs`; a run's records in index order) are in that order already; null when one is not (NaN
 * times included: the caller then sorts). `tick` breaks ties of equal times (none: index only).
 */
export function mergeRuns(n: number, runOf: ArrayLike<number>, runs: number, t: ArrayLike<number>, tick?: ArrayLike<number>): Int32Array | null {
  // The runs' members, run by run (counting sort on the run id: index order within a run).
  const start = new Int32Array(runs + 1);
  for (let i = 0; i < n; i++) start[runOf[i] + 1]++;
  for (let r = 0; r < runs; r++) start[r + 1] += start[r];
  const members = new Int32Array(n);
  const fill = start.slice(0, runs);
  for (let i = 0; i < n; i++) members[fill[runOf[i]]++] = i;
  const before = (a: number, b: number) => t[a] < t[b] || (t[a] === t[b] && (tick ? tick[a] < tick[b] || (tick[a] === tick[b] && a < b) : a < b));
  for (let r = 0; r < runs; r++) {
    for (let k = start[r] + 1; k < start[r + 1]; k++) if (!before(members[k - 1], members[k])) return null;
  }
  const live: number[] = [];
  for (let r = 0; r < runs; r++) if (start[r + 1] > start[r]) live.push(r);
  return live.length <= LINEAR_RUNS ? mergeFew(n, live, start, members, before) : mergeMany(n, live, start, members, before);
}

/** Up to this many runs, the next record is found by looking at every run's head. */
const LINEAR_RUNS = 16;

type Before = (a: number, b: number) => boolean;

function mergeFew(n: number, live: number[], start: Int32Array, members: Int32Array, before: Before): Int32Array {
  const k = live.length;
  const pos = Int32Array.from(live, (r) => start[r]);
  const end = Int32Array.from(live, (r) => start[r + 1]);
  const out = new Int32Array(n);
  for (let o = 0; o < n; o++) {
    let best = -1;
    for (let j = 0; j < k; j++) if (pos[j] < end[j] && (best < 0 || before(members[pos[j]], members[pos[best]]))) best = j;
    out[o] = members[pos[best]++];
  }
  return out;
}

/** Many runs (many files and computers): a binary heap of runs keyed by their next record. */
function mergeMany(n: number, live: number[], start: Int32Array, members: Int32Array, before: Before): Int32Array {
  const pos = start.slice(0, start.length - 1);
  const heap = live.slice();
  const less = (x: number, y: number) => before(members[pos[x]], members[pos[y]]);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (l + 1 < heap.length && less(heap[l + 1], heap[m])) m = l + 1;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = heap[0];
    out[k] = members[pos[r]++];
    if (pos[r] === start[r + 1]) {
      heap[0] = heap[heap.length - 1];
      heap.pop();
    }
    if (heap.length > 0) down(0);
  }
  return out;
}
