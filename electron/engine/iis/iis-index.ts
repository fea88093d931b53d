/**
 * An index over several loaded IIS files at once: each file keeps its own columns, and this maps
 * their per-file string ids (URI stems, servers, sites, methods) to shared global ids, so queries
 * run over all rows as if they were one table, without copying any column.
 */
import type { StrCol } from './fields';
import { LAZY_ID, type IdArray, type IisFileData } from './store';
import type { IisTable } from './table';
import { lastAtMost } from './sorted';

/** A row of the index: which file (position in `tables`) and which row in it. */
export interface RowRef {
  file: number;
  row: number;
}

/** Global id of values that were not interned (too many distinct values); shown as "(other)". */
export const OTHER = 0xffffffff;

/** One string dictionary shared by all files, and each file's local → global id map. */
export class GlobalDict {
  readonly values: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);
  readonly maps: Uint32Array[] = [];

  constructor(tables: readonly IisTable[], col: StrCol) {
    for (const t of tables) {
      const c = t.data.str[col];
      const local = c?.values ?? [''];
      const map = new Uint32Array(local.length);
      for (let k = 0; k < local.length; k++) map[k] = this.idOf(local[k]);
      this.maps.push(map);
    }
  }

  idOf(v: string): number {
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(v);
      this.ids.set(v, id);
    }
    return id;
  }

  /** Global id of file f's local id. */
  global(f: number, local: number): number {
    return local === LAZY_ID ? OTHER : this.maps[f][local];
  }

  name(g: number): string {
    return g === OTHER ? '(other)' : this.values[g];
  }
}

const EMPTY_IDS = new Uint16Array(0);

export class IisIndex {
  readonly datas: IisFileData[];
  /** Row number where each file starts in the index's row numbering. */
  readonly bases: number[] = [];
  readonly total: number;
  readonly stems: GlobalDict;
  readonly methods: GlobalDict;
  readonly sites: GlobalDict;
  /** Servers: s-computername where given, else s-ip, in one dictionary. */
  readonly servers: GlobalDict;
  private readonly ipServerMaps: Uint32Array[];

  constructor(readonly tables: readonly IisTable[]) {
    this.datas = tables.map((t) => t.data);
    let n = 0;
    for (const d of this.datas) {
      this.bases.push(n);
      n += d.rows;
    }
    this.total = n;
    this.stems = new GlobalDict(tables, 'stem');
    this.methods = new GlobalDict(tables, 'method');
    this.sites = new GlobalDict(tables, 'site');
    this.servers = new GlobalDict(tables, 'computer');
    this.ipServerMaps = tables.map((t) => {
      const vals = t.data.str.sIp?.values ?? [''];
      return Uint32Array.from(vals, (v) => this.servers.idOf(v));
    });
  }

  ids(f: number, col: StrCol): IdArray {
    return this.datas[f].str[col]?.ids ?? EMPTY_IDS;
  }

  /** Global server id of row i of file f (0 when the row names no server). */
  server(f: number, i: number): number {
    const comp = this.datas[f].str.computer?.ids;
    const c = comp ? comp[i] : 0;
    if (c !== 0) return this.servers.global(f, c);
    const ip = this.datas[f].str.sIp?.ids;
    const s = ip ? ip[i] : 0;
    return s === LAZY_ID ? OTHER : this.ipServerMaps[f][s];
  }

  /** Row number in the index → its file's position. */
  fileOf(g: number): number {
    return lastAtMost(this.bases, g);
  }

  /** Row number in the index → file and row. */
  ref(g: number): RowRef {
    const file = this.fileOf(g);
    return { file, row: g - this.bases[file] };
  }
}
