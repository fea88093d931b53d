/** Queries over an index of several files, and the WCF / FREB links. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FrebFile,
  IisIndex,
  IisLogFile,
  bucketWidth,
  bucketize,
  bursts503,
  linkFrebToIis,
  linkRequestToWcf,
  pageRows,
  percentile,
  percentiles,
  perServer,
  requestSpan,
  slowRequests,
  sortRows,
  filterRows,
  topUris,
  type WcfActivityCandidate,
} from '../../../electron/engine/iis';
import { radixSort, sortByKeys } from '../../../electron/engine/iis/radix';
import { load } from './helpers';

const T0 = Date.UTC(2024, 2, 1, 10, 0, 0);
const tmp = mkdtempSync(join(tmpdir(), 'tl-iis-q-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Req {
  s: number; // seconds after T0
  server: string;
  stem: string;
  status: number;
  sub?: number;
  tt?: number;
}

/** Writes a W3C log of the given requests and loads it. */
async function logOf(name: string, reqs: Req[]): Promise<IisLogFile> {
  const lines = ['#Software: Microsoft Internet Information Services 10.0', '#Fields: date time s-computername cs-method cs-uri-stem sc-status sc-substatus time-taken'];
  for (const r of reqs) {
    const t = new Date(T0 + r.s * 1000).toISOString();
    lines.push(`${t.slice(0, 10)} ${t.slice(11, 19)} ${r.server} GET ${r.stem} ${r.status} ${r.sub ?? 0} ${r.tt ?? 10}`);
  }
  const p = join(tmp, name);
  writeFileSync(p, lines.join('\r\n') + '\r\n');
  return (await load(p)).file as IisLogFile;
}

let a: IisLogFile;
let b: IisLogFile;
let ix: IisIndex;
beforeAll(async () => {
  a = await logOf('a.log', [
    { s: 0, server: 'WEB01', stem: '/a', status: 200, tt: 100 },
    { s: 1, server: 'WEB01', stem: '/svc', status: 503, sub: 2, tt: 1 },
    { s: 12, server: 'WEB01', stem: '/svc', status: 503, sub: 2, tt: 1 },
    { s: 60, server: 'WEB01', stem: '/svc', status: 503, sub: 3, tt: 6000 },
    { s: 61, server: 'WEB01', stem: '/b', status: 404, tt: 5000 },
  ]);
  b = await logOf('b.log', [
    { s: 5, server: 'WEB02', stem: '/svc', status: 503, sub: 2, tt: 2 },
    { s: 6, server: 'WEB02', stem: '/a', status: 500, sub: 19, tt: 300 },
    { s: 7, server: 'WEB02', stem: '/a', status: 302, tt: 3 },
  ]);
  ix = new IisIndex([a.table, b.table]);
});

describe('time buckets', () => {
  it('picks the smallest nice width within the bucket limit', () => {
    expect(bucketWidth(61_000, 300)).toBe(1000);
    expect(bucketWidth(61_000, 10)).toBe(10_000);
    expect(bucketWidth(86_400_000, 300)).toBe(300_000);
    expect(bucketWidth(30 * 86_400_000, 300)).toBe(3_600_000 * 3);
  });

  it('counts per series with 503 apart from other 5xx, across files', () => {
    const bk = bucketize(ix, { maxBuckets: 10 });
    expect(bk.widthMs).toBe(10_000);
    expect(bk.startMs).toBe(T0);
    expect(Array.from(bk.series['503'])).toEqual([2, 1, 0, 0, 0, 0, 1]);
    expect(Array.from(bk.series['5xx'])).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(bk.series['2xx'])).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(bk.series['3xx'])).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(bk.series['4xx'])).toEqual([0, 0, 0, 0, 0, 0, 1]);
    const total = Object.values(bk.series).reduce((n, s) => n + s.reduce((x, y) => x + y, 0), 0);
    expect(total).toBe(8);
  });

  it('re-buckets a range with a filter', () => {
    const bk = bucketize(ix, { fromMs: T0, toMs: T0 + 9_999, maxBuckets: 10, filter: { servers: ['WEB02'] } });
    expect(bk.widthMs).toBe(1000);
    expect(bk.series['503'][5]).toBe(1);
    expect(bk.series['503'][1]).toBe(0);
  });
});

describe('503 bursts', () => {
  it('runs of 503s with gaps up to 10 s, with substatus and servers', () => {
    const bs = bursts503(ix);
    expect(bs).toHaveLength(2);
    expect(bs[0]).toEqual({ startMs: T0 + 1000, endMs: T0 + 12_000, count: 3, substatus: { '2': 3 }, servers: ['WEB01', 'WEB02'] });
    expect(bs[1]).toEqual({ startMs: T0 + 60_000, endMs: T0 + 60_000, count: 1, substatus: { '3': 1 }, servers: ['WEB01'] });
    expect(bursts503(ix, { maxGapMs: 5000 })).toHaveLength(3);
    expect(bursts503(ix, { minCount: 2 })).toHaveLength(1);
  });
});

describe('top URIs and percentiles', () => {
  it('nearest-rank percentiles', () => {
    const v = Int32Array.from({ length: 100 }, (_, k) => k + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(Int32Array.of(7), 99)).toBe(7);
    // Selection on unsorted values gives what the sorted array gives.
    let seed = 3;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    for (const [n, range] of [[1, 5], [2, 5], [7, 3], [100, 1000], [5000, 40], [5000, 1e6]]) {
      const vals = Int32Array.from({ length: n }, () => Math.floor(rand() * range));
      const sorted = vals.slice().sort();
      expect(percentiles(vals.slice(), [50, 95, 99, 1, 100])).toEqual([50, 95, 99, 1, 100].map((p) => percentile(sorted, p)));
    }
    expect(percentiles(new Int32Array(0), [50])).toEqual([NaN]);
  });

  it('by count, errors and p95', () => {
    const byCount = topUris(ix);
    expect(byCount.map((u) => [u.stem, u.count])).toEqual([['/svc', 4], ['/a', 3], ['/b', 1]]);
    const svc = byCount[0];
    expect(svc).toMatchObject({ errors: 4, serverErrors: 4, p50: 1, p95: 6000, p99: 6000 });
    const a = byCount[1];
    expect([a.p50, a.p95]).toEqual([100, 300]);
    expect(topUris(ix, { by: 'errors' }).map((u) => u.stem)).toEqual(['/svc', '/a', '/b']);
    expect(topUris(ix, { by: 'p95' }).map((u) => u.stem)).toEqual(['/svc', '/b', '/a']);
    expect(topUris(ix, { limit: 1 })).toHaveLength(1);
  });
});

describe('slow requests, servers, sorting and pages', () => {
  it('slow requests ≥ 5 s, slowest first', () => {
    const s = slowRequests(ix);
    expect(s.count).toBe(2);
    expect(s.rows).toEqual([{ file: 0, row: 3 }, { file: 0, row: 4 }]);
    expect(slowRequests(ix, { thresholdMs: 200 }).count).toBe(3);
  });

  it('per-server breakdown', () => {
    const ps = perServer(ix);
    expect(ps.map((s) => [s.server, s.requests, s.s503, s.slow])).toEqual([['WEB01', 5, 3, 2], ['WEB02', 3, 1, 0]]);
    expect(ps[1].series).toEqual({ '2xx': 0, '3xx': 1, '4xx': 0, '503': 1, '5xx': 1, none: 0 });
  });

  it('sorts across files by time (stable) and by other keys, both directions', () => {
    const all = filterRows(ix);
    const byTime = Array.from(sortRows(ix, all, 'time'), (g) => ix.ref(g));
    expect(byTime.map((r) => `${r.file}:${r.row}`)).toEqual(['0:0', '0:1', '1:0', '1:1', '1:2', '0:2', '0:3', '0:4']);
    const desc = Array.from(sortRows(ix, all, 'time', true), (g) => ix.ref(g));
    expect(desc[0]).toEqual({ file: 0, row: 4 });
    const byStatus = Array.from(sortRows(ix, all, 'status'), (g) => ix.ref(g));
    expect(byStatus[0]).toEqual({ file: 0, row: 0 });
    expect(byStatus.at(-1)).toEqual({ file: 0, row: 3 }); // 503.3 after the 503.2s
    const byStem = Array.from(sortRows(ix, all, 'stem'), (g) => ix.tables[ix.ref(g).file].str('stem', ix.ref(g).row));
    expect(byStem).toEqual(['/a', '/a', '/a', '/b', '/svc', '/svc', '/svc', '/svc']);
  });

  it('filtered, sorted pages', () => {
    const p = pageRows(ix, { filter: { series: ['503'] }, sort: 'time', desc: true, offset: 1, limit: 2 });
    expect(p.total).toBe(4);
    expect(p.rows).toEqual([{ file: 0, row: 2 }, { file: 1, row: 0 }]);
    expect(pageRows(ix, { filter: { stems: ['/a'], methods: ['GET'], minTimeTaken: 50 } }).total).toBe(2);
    expect(pageRows(ix, { filter: { status: 503, substatus: 3 } }).rows).toEqual([{ file: 0, row: 3 }]);
    expect(pageRows(ix, { filter: { files: [1] } }).total).toBe(3);
  });

  it('radix sort is stable and handles high halves', () => {
    const rows = Uint32Array.of(10, 11, 12, 13);
    const hi = Uint32Array.of(1, 0, 1, 0);
    const lo = Uint32Array.of(5, 9, 5, 1);
    expect(Array.from(radixSort(rows, hi, lo))).toEqual([13, 11, 10, 12]);
    expect(Array.from(radixSort(new Uint32Array(0), null, new Uint32Array(0)))).toEqual([]);
  });

  it('radix sort matches a stable comparator sort for keys of any width', () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    for (const [loBits, hiBits] of [[1, 0], [9, 0], [17, 0], [23, 0], [32, 0], [32, 5], [4, 32]]) {
      const n = 5000;
      const rows = Uint32Array.from({ length: n }, (_, k) => k * 3);
      const lo = Uint32Array.from({ length: n }, () => Math.floor(rand() * 2 ** loBits) >>> 0);
      const hi = hiBits ? Uint32Array.from({ length: n }, () => Math.floor(rand() * 2 ** hiBits) >>> 0) : null;
      const want = Array.from(rows.keys()).sort((a, b) => (hi ? hi[a] - hi[b] : 0) || lo[a] - lo[b] || a - b).map((k) => rows[k]);
      expect(Array.from(radixSort(rows, hi && hi.slice(), lo.slice()))).toEqual(want);
      expect(Array.from(sortByKeys(rows, hi && hi.slice(), lo.slice()))).toEqual(want);
    }
  });

  it('keys already in order or in reverse order sort without a radix pass, ties stable', () => {
    const rows = Uint32Array.of(10, 11, 12, 13, 14, 15);
    expect(Array.from(sortByKeys(rows, null, Uint32Array.of(1, 1, 2, 3, 3, 3)))).toEqual([10, 11, 12, 13, 14, 15]);
    expect(Array.from(sortByKeys(rows, null, Uint32Array.of(3, 3, 2, 1, 1, 0)))).toEqual([15, 13, 14, 12, 10, 11]);
    expect(Array.from(sortByKeys(rows, null, Uint32Array.of(5, 5, 5, 5, 5, 5)))).toEqual([10, 11, 12, 13, 14, 15]);
  });
});

describe('links', () => {
  const end = T0 + 60_000;
  const act = (id: string, over: Partial<WcfActivityCandidate>): WcfActivityCandidate => ({
    activityId: id,
    computer: 'WEB01',
    endpoints: [],
    toAddresses: ['http://web01.contoso.com/svc'],
    startUs: (end - 3000) * 1000,
    endUs: (end - 1000) * 1000,
    ...over,
  });

  it('WCF activities: same machine, address matching the stem, time within the request span', () => {
    const span = requestSpan(ix, { file: 0, row: 3 }); // /svc on WEB01, ended at T0+60 s, took 6 s
    expect(span).toMatchObject({ server: 'WEB01', stem: '/svc', endUs: end * 1000, timeTakenMs: 6000 });
    const cands = [
      act('to-match', {}),
      act('endpoint-match', { computer: 'web01.contoso.com', toAddresses: [], endpoints: ['http://web01:8080/svc/basic'] }),
      act('other-machine', { computer: 'WEB02' }),
      act('other-path', { toAddresses: ['http://web01/other.svc'] }),
      act('too-early', { startUs: (end - 8000) * 1000, endUs: (end - 7500) * 1000 }),
      act('in-resolution', { startUs: (end + 200) * 1000, endUs: (end + 900) * 1000 }),
    ];
    const links = linkRequestToWcf(span, cands);
    expect(links.map((l) => l.activity.activityId).sort()).toEqual(['endpoint-match', 'in-resolution', 'to-match']);
    const to = links.find((l) => l.activity.activityId === 'to-match')!;
    expect(to.reason).toMatch(/same machine \(WEB01\); To header http:\/\/web01.contoso.com\/svc matches \/svc/);
    expect(links.find((l) => l.activity.activityId === 'endpoint-match')!.reason).toMatch(/endpoint address/);
    expect(linkRequestToWcf(span, cands, { resolutionUs: 0 }).map((l) => l.activity.activityId)).not.toContain('in-resolution');
  });

  it('a FREB file links to its IIS row by URL, status and time', async () => {
    const quirks = (await load(resolve(__dirname, '../../fixtures/iis/quirks.log'))).file as IisLogFile;
    const freb = (await load(resolve(__dirname, '../../fixtures/iis/fr000001.xml'))).file as FrebFile;
    const fix = new IisIndex([a.table, quirks.table]);
    const span = freb.span()!;
    const info = { ...freb.request, subStatus: freb.parsed.attributes.subStatus, ...span };
    const links = linkFrebToIis(info, fix);
    expect(links.map((l) => l.ref)).toEqual([{ file: 1, row: 1 }]);
    expect(links[0].reason).toMatch(/URI stem \/OrderService.svc and status 503.2 match; logged at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z, within/);
    // The reason prints its times in the user's zone, offset written out.
    const shown = linkFrebToIis(info, fix, { zone: 'Asia/Kolkata' })[0].reason;
    expect(shown).toMatch(/logged at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:30, within the FREB events \S+\+05:30–\S+\+05:30/);
    expect(linkFrebToIis({ ...info, statusCode: 500 }, fix)).toEqual([]);
    expect(linkFrebToIis({ ...info, startUs: span.startUs + 3600e6, endUs: span.endUs + 3600e6 }, fix)).toEqual([]);
  });
});
