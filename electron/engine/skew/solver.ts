/**
 * Clock-skew estimation from matched messages. Each computer c has one unknown clock offset x_c
 * (its clock reads true time + x_c; processes on one computer share it). A message sent at t_s on
 * A and received at t_r on B cannot arrive before it left, so
 *
 *     x_B − x_A ≤ t_r − t_s + res_A + res_B        (res: each clock's timestamp resolution)
 *
 * These difference constraints form a graph (edge A→B with weight w); with x_ref = 0, shortest
 * paths give every host's feasible interval [low, high] relative to the reference, including hosts
 * linked only through another host. A negative cycle means the constraints contradict each other
 * (a clock jump, a mis-paired message): we name the messages on it and fall back to a
 * least-violation estimate instead of failing.
 */

export interface SkewObservation {
  sendHost: string;
  /** Send time on the sender's clock, µs. */
  sendUs: number;
  recvHost: string;
  /** Receive time on the receiver's clock, µs. */
  recvUs: number;
  /** What to show when this message is part of a conflict (e.g. action and message id). */
  label: string;
}

export interface SkewInput {
  observations: readonly SkewObservation[];
  /** Every computer to report, with its number of events (the default reference has the most). */
  hostEvents: ReadonlyMap<string, number>;
  /** Timestamp resolution per computer, µs (missing: 1 µs). */
  resolutionUs?: ReadonlyMap<string, number>;
  /** The user's pick of reference computer. */
  reference?: string;
}

export interface HostSkew {
  computer: string;
  /** Offset relative to the reference: adjusted time = raw time − offsetUs. */
  offsetUs: number;
  /** Feasible interval of the offset (null: unbounded on that side; both null when not connected). */
  lowUs: number | null;
  highUs: number | null;
  /** Matched messages between this computer and any other. */
  pairs: number;
  /** Linked to the reference through messages (directly or through other hosts). */
  connected: boolean;
}

export interface SkewConflict {
  /** The cycle of computers whose constraints contradict each other. */
  cycle: string[];
  /** The messages that define the contradicting bounds. */
  messages: string[];
  /** How far the constraints contradict each other, µs. */
  violationUs: number;
}

export interface SkewResult {
  reference: string;
  consistent: boolean;
  hosts: HostSkew[];
  conflicts: SkewConflict[];
}

interface Edge {
  /** Tightest bound x_to − x_from ≤ weight. */
  weight: number;
  /** The observation that gave the tightest bound. */
  label: string;
  count: number;
}

const DEFAULT_RES_US = 1;

export function solveSkew(input: SkewInput): SkewResult {
  const hosts = [...input.hostEvents.keys()].sort();
  for (const o of input.observations) {
    if (!input.hostEvents.has(o.sendHost)) hosts.push(o.sendHost);
    if (!input.hostEvents.has(o.recvHost)) hosts.push(o.recvHost);
  }
  const names = [...new Set(hosts)];
  const n = names.length;
  const id = new Map(names.map((h, i) => [h, i]));
  const reference = pickReference(input, names);
  const ref = id.get(reference) ?? 0;
  const res = (h: string) => input.resolutionUs?.get(h) ?? DEFAULT_RES_US;

  // Tightest bound per ordered pair of hosts.
  const edges = new Map<number, Edge>();
  const pairCount = new Array<number>(n).fill(0);
  for (const o of input.observations) {
    const a = id.get(o.sendHost)!;
    const b = id.get(o.recvHost)!;
    if (a === b) continue;
    pairCount[a]++;
    pairCount[b]++;
    const w = o.recvUs - o.sendUs + res(o.sendHost) + res(o.recvHost);
    const key = a * n + b;
    const e = edges.get(key);
    if (!e) edges.set(key, { weight: w, label: o.label, count: 1 });
    else {
      e.count++;
      if (w < e.weight) {
        e.weight = w;
        e.label = o.label;
      }
    }
  }

  // All-pairs shortest paths (hosts are few): d[i][j] = tightest bound on x_j − x_i.
  const d = floydWarshall(n, edges);
  const conflicts = findConflicts(n, d, edges, names);
  const consistent = conflicts.length === 0;
  const connected = names.map((_, i) => i === ref || (Number.isFinite(d[ref][i]) || Number.isFinite(d[i][ref])));

  const lowHigh = names.map((_, i) => ({
    high: Number.isFinite(d[ref][i]) ? d[ref][i] : null,
    low: Number.isFinite(d[i][ref]) ? -d[i][ref] : null,
  }));

  const offsets = consistent ? centralEstimates(n, ref, d, edges) : leastViolation(n, ref, edges);
  const hostsOut: HostSkew[] = names.map((computer, i) => ({
    computer,
    offsetUs: connected[i] ? offsets[i] : 0,
    lowUs: i === ref ? 0 : consistent ? lowHigh[i].low : null,
    highUs: i === ref ? 0 : consistent ? lowHigh[i].high : null,
    pairs: pairCount[i],
    connected: connected[i],
  }));
  return { reference, consistent, hosts: hostsOut, conflicts };
}

function pickReference(input: SkewInput, names: string[]): string {
  if (input.reference && names.includes(input.reference)) return input.reference;
  let best = names[0] ?? '';
  let bestCount = -1;
  for (const h of names) {
    const c = input.hostEvents.get(h) ?? 0;
    if (c > bestCount) {
      best = h;
      bestCount = c;
    }
  }
  return best;
}

function floydWarshall(n: number, edges: Map<number, Edge>): number[][] {
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  for (const [key, e] of edges) {
    const a = Math.floor(key / n);
    const b = key % n;
    d[a][b] = Math.min(d[a][b], e.weight);
  }
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) {
      if (d[i][k] === Infinity) continue;
      for (let j = 0; j < n; j++) if (d[i][k] + d[k][j] < d[i][j]) d[i][j] = d[i][k] + d[k][j];
    }
  return d;
}

/** Negative cycles: a host i with d[i][i] < 0. Each is reported once with the messages on it. */
function findConflicts(n: number, d: number[][], edges: Map<number, Edge>, names: string[]): SkewConflict[] {
  const out: SkewConflict[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (d[i][i] >= 0) continue;
    const cycle = negativeCycleThrough(i, n, edges);
    if (!cycle) continue;
    const key = [...cycle].sort((a, b) => a - b).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    let total = 0;
    const messages: string[] = [];
    for (let k = 0; k < cycle.length; k++) {
      const e = edges.get(cycle[k] * n + cycle[(k + 1) % cycle.length])!;
      total += e.weight;
      messages.push(e.label);
    }
    out.push({ cycle: cycle.map((c) => names[c]), messages, violationUs: -total });
  }
  return out;
}

/** Bellman-Ford from `start` on the direct edges, walking predecessors back to a cycle. */
function negativeCycleThrough(start: number, n: number, edges: Map<number, Edge>): number[] | null {
  const dist = new Array<number>(n).fill(Infinity);
  const pred = new Array<number>(n).fill(-1);
  dist[start] = 0;
  let last = -1;
  for (let round = 0; round < n; round++) {
    last = -1;
    for (const [key, e] of edges) {
      const a = Math.floor(key / n);
      const b = key % n;
      if (dist[a] + e.weight < dist[b]) {
        dist[b] = dist[a] + e.weight;
        pred[b] = a;
        last = b;
      }
    }
    if (last < 0) return null;
  }
  let v = last;
  for (let k = 0; k < n; k++) v = pred[v];
  const cycle: number[] = [];
  for (let u = v; ; u = pred[u]) {
    cycle.push(u);
    if (u === v && cycle.length > 1) break;
  }
  cycle.pop();
  return cycle.reverse();
}

/**
 * A jointly feasible central estimate: hosts are fixed one at a time, nearest the reference first,
 * each at the middle of its interval given those already fixed; a host bounded on one side only
 * (one-way traffic) sits at that bound less the typical one-way latency seen on two-way links.
 */
function centralEstimates(n: number, ref: number, d0: number[][], edges: Map<number, Edge>): number[] {
  const d = d0.map((row) => row.slice());
  const x = new Array<number>(n).fill(0);
  const fixed = new Array<boolean>(n).fill(false);
  fixed[ref] = true;
  const latency = typicalLatency(n, edges);
  const order = [...Array(n).keys()].filter((i) => i !== ref).sort((a, b) => hops(d0, ref, a) - hops(d0, ref, b));
  for (const i of order) {
    const high = d[ref][i];
    const low = -d[i][ref];
    let v: number;
    if (Number.isFinite(high) && Number.isFinite(low)) v = (low + high) / 2;
    else if (Number.isFinite(high)) v = high - latency;
    else if (Number.isFinite(low)) v = low + latency;
    else continue;
    x[i] = v;
    fixed[i] = true;
    // Pin x_i − x_ref = v and tighten every bound through it.
    d[ref][i] = Math.min(d[ref][i], v);
    d[i][ref] = Math.min(d[i][ref], -v);
    for (const [p, q] of [
      [ref, i],
      [i, ref],
    ])
      for (let a = 0; a < n; a++)
        for (let b = 0; b < n; b++) if (d[a][p] + d[p][q] + d[q][b] < d[a][b]) d[a][b] = d[a][p] + d[p][q] + d[q][b];
  }
  return x;
}

/** Rough distance (number of finite bounds) used only to order hosts nearest-first. */
function hops(d: number[][], ref: number, i: number): number {
  return (Number.isFinite(d[ref][i]) ? 0 : 1) + (Number.isFinite(d[i][ref]) ? 0 : 1);
}

/** Half the smallest round trip over host pairs with traffic both ways, or 0 when there is none. */
function typicalLatency(n: number, edges: Map<number, Edge>): number {
  let best = Infinity;
  for (const [key, e] of edges) {
    const a = Math.floor(key / n);
    const b = key % n;
    const back = edges.get(b * n + a);
    if (back) best = Math.min(best, (e.weight + back.weight) / 2);
  }
  return Number.isFinite(best) && best > 0 ? best : 0;
}

/**
 * When the bounds contradict each other: weighted least squares on each linked pair's midpoint
 * estimate (or its one-sided bound), anchored at the reference, so one bad message shifts the
 * answer a little instead of making it impossible.
 */
function leastViolation(n: number, ref: number, edges: Map<number, Edge>): number[] {
  const x = new Array<number>(n).fill(0);
  const targets: { a: number; b: number; diff: number; weight: number }[] = [];
  const done = new Set<number>();
  for (const [key, e] of edges) {
    const a = Math.floor(key / n);
    const b = key % n;
    const back = edges.get(b * n + a);
    const pairKey = Math.min(a, b) * n + Math.max(a, b);
    if (done.has(pairKey)) continue;
    done.add(pairKey);
    // x_b − x_a ≤ e.weight and (if back) x_b − x_a ≥ −back.weight.
    const diff = back ? (e.weight - back.weight) / 2 : e.weight;
    targets.push({ a, b, diff, weight: e.count + (back?.count ?? 0) });
  }
  // Gauss-Seidel iterations: hosts are few and the system is well conditioned.
  for (let iter = 0; iter < 500; iter++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      if (i === ref) continue;
      let num = 0;
      let den = 0;
      for (const t of targets) {
        if (t.b === i) {
          num += t.weight * (x[t.a] + t.diff);
          den += t.weight;
        } else if (t.a === i) {
          num += t.weight * (x[t.b] - t.diff);
          den += t.weight;
        }
      }
      if (den === 0) continue;
      const v = num / den;
      moved = Math.max(moved, Math.abs(v - x[i]));
      x[i] = v;
    }
    if (moved < 0.01) break;
  }
  return x;
}
