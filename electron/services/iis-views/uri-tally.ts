/**
 * Top URIs of grown logs from tallies kept across growth (tallies.ts): per URI stem (by the log's
 * own string id, which growth never changes) the requests, errors, server errors and how many times
 * each time-taken occurred, so the percentiles are exact (nearest rank, as `topUris` computes them
 * by selection over all rows) and a growth costs a pass over its new rows only.
 */
import { OTHER, rankUris, type IisIndex, type UriStat } from '../../engine/iis';
import { tally } from './tallies';

type Data = IisIndex['datas'][number];

/** How often each value occurred, with its distinct values sorted when read. */
class Counts {
  private readonly n = new Map<number, number>();
  private sorted?: Float64Array;
  total = 0;

  add(v: number): void {
    const c = this.n.get(v);
    if (c === undefined) {
      this.n.set(v, 1);
      this.sorted = undefined;
    } else this.n.set(v, c + 1);
    this.total++;
  }

  addAll(o: Counts): void {
    for (const [v, c] of o.n) {
      const had = this.n.get(v);
      if (had === undefined) this.sorted = undefined;
      this.n.set(v, (had ?? 0) + c);
    }
    this.total += o.total;
  }

  /** Nearest-rank percentiles (NaN without values). */
  percentiles(ps: readonly number[]): number[] {
    if (this.total === 0) return ps.map(() => NaN);
    const keys = (this.sorted ??= Float64Array.from(this.n.keys()).sort());
    return ps.map((p) => {
      const rank = Math.min(this.total, Math.max(1, Math.ceil((p / 100) * this.total)));
      let seen = 0;
      for (const k of keys) {
        seen += this.n.get(k)!;
        if (seen >= rank) return k;
      }
      return keys[keys.length - 1];
    });
  }
}

interface StemTally {
  count: number;
  errors: number;
  serverErrors: number;
  times: Counts;
}

/** Per local stem id (LAZY ids under their own key). */
type UriTally = Map<number, StemTally>;

function uriTally(lineage: object, data: Data): UriTally {
  return tally<UriTally>(
    lineage,
    'uris',
    data,
    () => new Map(),
    (m, d, from, to) => {
      const ids = d.str.stem?.ids;
      const st = d.num.status;
      const tt = d.num.timeTaken;
      let last = -1;
      let s: StemTally | undefined;
      for (let i = from; i < to; i++) {
        const id = ids && i < ids.length ? ids[i] : 0;
        if (id !== last || !s) {
          s = m.get(id);
          if (!s) m.set(id, (s = { count: 0, errors: 0, serverErrors: 0, times: new Counts() }));
          last = id;
        }
        s.count++;
        const status = st && i < st.length ? st[i] : -1;
        if (status >= 400) s.errors++;
        if (status >= 500) s.serverErrors++;
        const v = tt && i < tt.length ? tt[i] : -1;
        if (v >= 0) s.times.add(v);
      }
    },
  );
}

/** Top URIs over every row of the set's logs (no filter), as `topUris` ranks them. */
export function tallyTopUris(ix: IisIndex, lineages: readonly object[], opts: { by?: 'count' | 'errors' | 'p95'; limit?: number }): UriStat[] {
  const byStem = new Map<number, StemTally>();
  ix.datas.forEach((d, f) => {
    for (const [local, s] of uriTally(lineages[f], d)) {
      const g = ix.stems.global(f, local);
      const into = byStem.get(g);
      if (!into) {
        byStem.set(g, s);
        continue;
      }
      // A stem in several logs: summed into a tally of its own (the logs' tallies stay as they are).
      const sum: StemTally = { count: into.count + s.count, errors: into.errors + s.errors, serverErrors: into.serverErrors + s.serverErrors, times: new Counts() };
      sum.times.addAll(into.times);
      sum.times.addAll(s.times);
      byStem.set(g, sum);
    }
  });
  const stats: UriStat[] = [];
  for (const [g, s] of byStem) {
    if (s.count === 0) continue;
    const [p50, p95, p99] = s.times.percentiles([50, 95, 99]);
    stats.push({ stem: g === OTHER ? '(other)' : ix.stems.name(g), count: s.count, errors: s.errors, serverErrors: s.serverErrors, p50, p95, p99 });
  }
  return rankUris(stats, opts);
}
