/**
 * The machines of a session: every name a computer goes by in the loaded files, resolved through
 * the automatic rule and the user's joins. `machines(session).identity()` is the one function
 * views and filters call to tell whether two names are the same machine.
 */
import type { Machine, MachineNameSource, MachinesReport } from '../../../shared/channels/machines';
import { MachineJoiner, addressHost, machineKey } from '../../../shared/machines';
import { EvtxFile } from '../../engine/evtx';
import { FrebFile, IisLogFile } from '../../engine/iis';
import { SvclogFile } from '../../engine/svclog';
import type { LoadedFile } from '../../engine/types';
import type { Session } from '../session';
import { MachineState } from './machine-state';

/** Names with their sources, in the order first seen. */
type NameSources = Map<string, Set<MachineNameSource>>;

/** Distinct names taken from one source of one file: cs-host is whatever clients sent. */
const NAMES_PER_SOURCE = 200;
/** Sources that name the computer a record was written on (not a name a client or an address used). */
const RECORD_SOURCES = new Set<MachineNameSource>(['svclog Computer', 'IIS s-computername', 'FREB computerName', 'event log Computer']);
/** Rows of an IIS log read for the s-computername / s-ip pairs that are one machine. */
const PAIR_ROWS = 2000;

interface FileNames {
  names: [string, MachineNameSource][];
  together: [string, string][];
}

/** A loaded file's names (files do not change once loaded: computed once per file object). */
const perFile = new WeakMap<LoadedFile, FileNames>();

function namesOf(file: LoadedFile): FileNames {
  let r = perFile.get(file);
  if (r) return r;
  const names: [string, MachineNameSource][] = [];
  const together: [string, string][] = [];
  const addAll = (values: Iterable<string>, source: MachineNameSource, map: (v: string) => string = (v) => v) => {
    let n = 0;
    for (const v of values) {
      if (n++ >= NAMES_PER_SOURCE) break;
      names.push([map(v), source]);
    }
  };
  if (file instanceof SvclogFile) {
    const ev = file.data.events;
    addAll([...new Set(ev.computer.subarray(0, file.recordCount))].map((id) => file.str(id)), 'svclog Computer');
    const mc = file.data.messages;
    addAll(new Set([...new Set(mc.to.subarray(0, file.data.messageCount))].map((id) => addressHost(file.str(id)))), 'address host');
  } else if (file instanceof IisLogFile) {
    const t = file.table;
    addAll(t.data.str.computer?.values ?? [], 'IIS s-computername');
    addAll(t.data.str.sIp?.values ?? [], 'IIS s-ip');
    addAll(t.data.str.host?.values ?? [], 'IIS cs-host', (v) => v.replace(/:\d+$/, ''));
    const seen = new Set<string>();
    for (let i = 0; i < Math.min(t.rows, PAIR_ROWS); i++) {
      const [c, ip] = [t.str('computer', i), t.str('sIp', i)];
      if (!c || !ip || c === '-' || ip === '-' || seen.has(`${c} ${ip}`)) continue;
      seen.add(`${c} ${ip}`);
      together.push([c, ip]);
    }
  } else if (file instanceof FrebFile) {
    addAll(new Set(file.parsed.events.map((e) => e.computer)), 'FREB computerName');
  } else if (file instanceof EvtxFile) {
    const d = file.data;
    addAll([...new Set(d.computer.subarray(0, d.count))].map((id) => d.strings[id] ?? ''), 'event log Computer');
  }
  perFile.set(file, (r = { names, together }));
  return r;
}

/**
 * Every machine name of the visible files (distinct values only: string tables, not rows), and the
 * names a log's rows put together: a row's s-computername and s-ip are the same machine.
 */
export function namesSeen(session: Session): { names: NameSources; together: string[][] } {
  const out: NameSources = new Map();
  const together: string[][] = [];
  for (const { file } of session.visible()) {
    const r = namesOf(file);
    for (const [name, source] of r.names) {
      const n = name.trim();
      if (!n || n === '-' || n.length > 256) continue;
      let s = out.get(n);
      if (!s) out.set(n, (s = new Set()));
      s.add(source);
    }
    together.push(...r.together);
  }
  return { names: out, together };
}

export interface MachineIdentity {
  version: number;
  /** The machine a name belongs to (same string for every name of one machine). */
  machineOf(name: string): string;
  same(a: string, b: string): boolean;
  /** The machine's name as the views show it (its svclog Computer name where there is one). */
  displayName(name: string): string;
  /** The svclog Computer names of the machine a name belongs to (clock offsets are kept by them). */
  traceComputers(name: string): string[];
}

export class Machines {
  readonly state = new MachineState();
  private cached?: { version: number; session: number; identity: MachineIdentity; seen: NameSources };

  constructor(private readonly session: Session) {}

  get version(): number {
    return this.state.version;
  }

  private build(): { identity: MachineIdentity; seen: NameSources } {
    if (this.cached && this.cached.version === this.state.version && this.cached.session === this.session.version) return this.cached;
    const { names: seen, together } = namesSeen(this.session);
    const joiner = new MachineJoiner([...together, ...this.state.groups]);
    const computers = new Map<string, string[]>();
    for (const [name, sources] of seen) {
      if (!sources.has('svclog Computer')) continue;
      const m = joiner.machineOf(name);
      computers.set(m, [...(computers.get(m) ?? []), name]);
    }
    const identity: MachineIdentity = {
      version: this.state.version,
      machineOf: (n) => joiner.machineOf(n),
      same: (a, b) => joiner.same(a, b),
      displayName: (n) => computers.get(joiner.machineOf(n))?.[0] ?? n,
      traceComputers: (n) => computers.get(joiner.machineOf(n)) ?? [],
    };
    this.cached = { version: this.state.version, session: this.session.version, identity, seen };
    return this.cached;
  }

  identity(): MachineIdentity {
    return this.build().identity;
  }

  /**
   * The filter bar's hosts: one entry per machine that records were written on (trace, IIS,
   * FREB and event-log computers, plus `more`), by the name the views show it by. Picking one keeps
   * the records of every name joined to it (record-query.ts, svclog-views/filter.ts).
   */
  recordHosts(more: readonly string[] = []): string[] {
    const { identity, seen } = this.build();
    const byMachine = new Map<string, string>();
    const add = (name: string) => {
      const m = identity.machineOf(name);
      if (!byMachine.has(m)) byMachine.set(m, identity.displayName(name));
    };
    for (const name of more) if (name) add(name);
    for (const [name, sources] of seen) if ([...sources].some((s) => RECORD_SOURCES.has(s))) add(name);
    return [...byMachine.values()].sort((a, b) => a.localeCompare(b));
  }

  report(): MachinesReport {
    const { identity, seen } = this.build();
    const userKeys = new Set(this.state.groups.flat().map(machineKey));
    const byMachine = new Map<string, Machine>();
    for (const [name, sources] of seen) {
      const m = identity.machineOf(name);
      let machine = byMachine.get(m);
      if (!machine) byMachine.set(m, (machine = { name: identity.displayName(name), names: [] }));
      machine.names.push({ name, sources: [...sources], joinedByUser: userKeys.has(machineKey(name)) });
    }
    const machines = [...byMachine.values()].sort((a, b) => a.name.localeCompare(b.name)).slice(0, 2000);
    return { version: this.state.version, machines, groups: this.state.groups.map((g) => [...g]) };
  }
}

const bySession = new WeakMap<Session, Machines>();

/** The machines of a session (one per window or browser host). */
export function machines(session: Session): Machines {
  let m = bySession.get(session);
  if (!m) bySession.set(session, (m = new Machines(session)));
  return m;
}
